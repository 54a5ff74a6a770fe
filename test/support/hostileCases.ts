/**
 * The hostile-request suite's cases, generated from the API's OpenAPI document: every path × method ×
 * credential state, then bad input for every documented parameter and body field, forged credentials
 * and origins on every operation, and path tricks. Each case says which statuses are right for it; the
 * runner also checks that the answer is one the document allows. A route added to the API is covered
 * without touching this file.
 */
import type { ApiContract, Operation } from './apiContract.ts';

export type Credential =
  'none' | 'wrong' | 'expired' | 'revoked' | 'viewer' | 'operator' | 'operator-session';
export const CREDENTIALS: Credential[] = [
  'none',
  'wrong',
  'expired',
  'revoked',
  'viewer',
  'operator',
  'operator-session',
];
const UNAUTHENTICATED: Credential[] = ['none', 'wrong', 'expired', 'revoked'];

export interface CaseBody {
  /** Sent as is: a string, bytes, or chunks without a Content-Length (chunked). */
  data: string | Uint8Array;
  chunked?: boolean;
  /** Default `application/json`; null sends none. */
  contentType?: string | null;
}

export interface HostileCase {
  group: string;
  name: string;
  method: string;
  /** Raw path and query. */
  path: string;
  credential: Credential;
  /**
   * Sent besides the credential's own. Session credentials add same-origin browser headers only when
   * a case gives none (an origin case gives exactly the ones it forges).
   */
  headers?: Record<string, string>;
  body?: CaseBody;
  /** The statuses that are right for this case. */
  expect: number[];
}

export interface Fixtures {
  flow: string;
  recordId: number;
  /** The operator's token: the valid sign-in body. */
  operatorToken: string;
}

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const json = (value: unknown): CaseBody => ({ data: JSON.stringify(value) });
const OVERSIZED = `{"token":"${'x'.repeat(70 * 1024)}"}`;

/** A template with its parameters filled with values that exist. */
export function concrete(template: string, f: Fixtures): string {
  return template.replace('{flow}', f.flow).replace('{id}', String(f.recordId));
}

const isPublic = (op: Operation) => op.op['x-role'] === 'public';

/** A body the operation accepts, when it takes one. */
function validBody(op: Operation, f: Fixtures): CaseBody | undefined {
  if (!op.op.requestBody) return undefined;
  if (op.path === '/api/login') return json({ token: f.operatorToken });
  if (op.path.endsWith('/backfill')) return json({ since: '2025-01-31' });
  return json({});
}

/** Statuses a valid request may get: its successes, and the documented ones that depend on state. */
function success(op: Operation): number[] {
  return Object.keys(op.op.responses)
    .map(Number)
    .filter((s) => s < 300 || s === 409 || s === 503);
}

/** What a request of `credential` with valid input must get from `method path`. */
function expected(
  contract: ApiContract,
  template: string,
  method: string,
  path: string,
  credential: Credential,
): number[] {
  const op = contract.operation(method, path);
  if (!path.startsWith('/api/')) return op ? success(op) : [405];
  if (op && isPublic(op)) return success(op);
  if (UNAUTHENTICATED.includes(credential)) return [401];
  if (!op) return [405];
  if (credential === 'viewer' && op.op['x-role'] === 'operator') return [403];
  // GET /api/records/retry is GET /api/records/{id} with the id "retry".
  if (op.path !== template && op.path.includes('{id}')) return [400];
  return success(op);
}

/** Every path × method × credential state, with valid input where there is an operation. */
export function matrixCases(contract: ApiContract, f: Fixtures): HostileCase[] {
  const out: HostileCase[] = [];
  for (const template of Object.keys(contract.document.paths)) {
    const path = concrete(template, f);
    for (const method of METHODS) {
      const op = contract.operation(method, path);
      for (const credential of CREDENTIALS) {
        out.push({
          group: 'route × method × credential',
          name: `${method} ${template} as ${credential}`,
          method,
          path,
          credential,
          body: op ? validBody(op, f) : undefined,
          expect: expected(contract, template, method, path, credential),
        });
      }
    }
  }
  return out;
}

interface Param {
  name: string;
  in: string;
  schema: { type?: string | string[]; enum?: string[]; maxLength?: number };
}

/** Bad values for one query parameter: each is a 400 naming it. */
function badQueryValues(p: Param): Array<[string, string]> {
  const values: Array<[string, string]> = [
    ['NUL', '%00'],
    ['invalid UTF-8', '%FF'],
    ['an encoded lone surrogate', '%ED%A0%80'],
    ['given twice', `a&${p.name}=b`],
  ];
  if (p.schema.type === 'integer' || p.schema.type === 'number')
    values.push(['not a number', 'abc'], ['negative', '-5']);
  if (p.schema.enum) values.push(['not one of its values', 'bogus']);
  if (p.schema.maxLength) values.push(['too long', 'x'.repeat(p.schema.maxLength + 1)]);
  return values;
}

/** Bad values for one string field of a JSON body: each is a 400. */
function badFieldValues(): Array<[string, string]> {
  return [
    ['NUL', '"a\\u0000b"'],
    ['a lone surrogate', '"\\ud800"'],
    ['a number', '42'],
    ['null', 'null'],
    ['empty', '""'],
    ['too long', `"${'x'.repeat(5000)}"`],
  ];
}

/** Bad input for every documented parameter and body field, as the operator. */
export function badInputCases(contract: ApiContract, f: Fixtures): HostileCase[] {
  const out: HostileCase[] = [];
  const add = (op: Operation, name: string, c: Partial<HostileCase> & { expect: number[] }) =>
    out.push({
      group: 'bad input',
      name: `${op.method.toUpperCase()} ${op.path}: ${name}`,
      method: op.method.toUpperCase(),
      path: concrete(op.path, f),
      credential: 'operator',
      body: validBody(op, f),
      ...c,
    });
  for (const op of contract.operations()) {
    if (!op.path.startsWith('/api/')) continue;
    const path = concrete(op.path, f);
    const params = (op.op.parameters ?? []) as Param[];
    for (const p of params.filter((q) => q.in === 'query')) {
      for (const [what, value] of badQueryValues(p))
        add(op, `?${p.name} ${what}`, { path: `${path}?${p.name}=${value}`, expect: [400] });
    }
    if (!isPublic(op)) add(op, 'an unknown parameter', { path: `${path}?colour=red`, expect: [400] });
    if (op.path.includes('{id}')) {
      for (const id of ['abc', '0', '-1', '1.5', '%00', '1e3', '99999999999999999']) {
        add(op, `id ${id}`, { path: concrete(op.path.replace('{id}', id), f), expect: [400] });
      }
      add(op, 'an unknown id', { path: concrete(op.path.replace('{id}', '999999'), f), expect: [404] });
    }
    if (op.path.includes('{flow}')) {
      for (const flow of ['no-such-flow', '%00', 'import-test%2F..', '%FF', 'x'.repeat(300)]) {
        add(op, `flow ${flow.slice(0, 20)}`, {
          path: concrete(op.path.replace('{flow}', flow), f),
          expect: [404],
        });
      }
    }
    for (const h of params.filter((q) => q.in === 'header')) {
      add(op, `header ${h.name} malformed`, { headers: { [h.name]: 'abc' }, expect: [400] });
    }
    const schema = op.op.requestBody?.content?.['application/json']?.schema;
    if (!schema) continue;
    const ok = success(op);
    const valid = validBody(op, f)!.data as string;
    const required = op.op.requestBody.required === true;
    add(op, 'the valid body, chunked', { body: { data: valid, chunked: true }, expect: ok });
    add(op, 'a body over 64 KiB', { body: { data: OVERSIZED }, expect: [413] });
    add(op, 'a body over 64 KiB, chunked', { body: { data: OVERSIZED, chunked: true }, expect: [413] });
    add(op, 'not JSON', { body: { data: '{"since":' }, expect: [400] });
    add(op, 'a JSON array', { body: { data: '[]' }, expect: [400] });
    add(op, 'a JSON string', { body: { data: '"x"' }, expect: [400] });
    add(op, 'an unknown field', {
      body: { data: valid.replace(/^\{/, '{"colour":"red"' + (valid === '{}' ? '' : ',')) },
      expect: [400],
    });
    add(op, 'bytes that are not UTF-8', {
      body: { data: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]) },
      expect: [400],
    });
    add(op, 'text/plain', { body: { data: valid, contentType: 'text/plain' }, expect: [415] });
    add(op, 'no body', { body: undefined, expect: required ? [400] : ok });
    const properties = Object.entries((schema.properties ?? {}) as Record<string, { type?: string }>);
    for (const [field, property] of properties.filter(([, p]) => p.type === 'string')) {
      for (const [what, value] of badFieldValues()) {
        const others = JSON.parse(valid) as Record<string, unknown>;
        delete others[field];
        const rest = JSON.stringify(others).slice(1, -1);
        add(op, `${field} ${what}`, {
          body: { data: `{"${field}":${value}${rest ? `,${rest}` : ''}}` },
          expect: [400],
        });
      }
      void property;
    }
  }
  return out;
}

const SAME_ORIGIN = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };

/** Forged cookies, bearer tricks, other origins and hosts, on every operation under /api. */
export function forgedCases(contract: ApiContract, f: Fixtures): HostileCase[] {
  const out: HostileCase[] = [];
  for (const op of contract.operations()) {
    if (!op.path.startsWith('/api/') || isPublic(op)) continue;
    const method = op.method.toUpperCase();
    const path = concrete(op.path, f);
    const base = { group: 'forged credentials and origins', method, path, body: validBody(op, f) };
    const add = (name: string, credential: Credential, headers: Record<string, string>, expect: number[]) =>
      out.push({ ...base, name: `${method} ${op.path}: ${name}`, credential, headers, expect });
    const cookies: Array<[string, string]> = [
      ['a random session id', 'A'.repeat(43)],
      ['garbage', 'x'],
      ['a huge value', 'y'.repeat(4000)],
      ['a session id with "=" appended', `${'B'.repeat(43)}=`],
      ['the API token itself', f.operatorToken],
    ];
    for (const [name, value] of cookies)
      add(
        `a forged cookie (${name})`,
        'none',
        { cookie: `connector_session=${value}`, ...SAME_ORIGIN },
        [401],
      );
    const bearers: Array<[string, string]> = [
      ['the token with a suffix', `Bearer ${f.operatorToken} x`],
      ['Basic', `Basic ${Buffer.from(`x:${f.operatorToken}`).toString('base64')}`],
      ['the bare token', f.operatorToken],
      ['an empty bearer', 'Bearer '],
    ];
    for (const [name, value] of bearers)
      add(`authorization: ${name}`, 'none', { authorization: value }, [401]);
    add('the token in the query string', 'none', {}, [401]);
    out[out.length - 1]!.path = `${path}?token=${f.operatorToken}`;
    add('Host evil.example (DNS rebinding)', 'operator', { host: 'evil.example' }, [403]);
    add('Host 127.0.0.1.evil.example', 'operator', { host: '127.0.0.1.evil.example' }, [403]);
    if (method === 'GET') continue;
    const origins: Array<[string, Record<string, string>]> = [
      ['Origin evil.example', { origin: 'http://evil.example' }],
      ['Origin evil.example with Host evil.example', { origin: 'http://evil.example', host: 'evil.example' }],
      ['Origin of another local port', { origin: 'http://localhost:9999' }],
      ['Origin null', { origin: 'null' }],
      ['no Origin', {}],
      ['Sec-Fetch-Site none', { origin: 'http://localhost', 'sec-fetch-site': 'none' }],
      ['Sec-Fetch-Site same-site', { origin: 'http://localhost', 'sec-fetch-site': 'same-site' }],
      ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ];
    for (const [name, headers] of origins)
      add(`a session write with ${name}`, 'operator-session', headers, [403]);
  }
  return out;
}

/** Paths that try to reach a route by another spelling. */
export function pathTrickCases(f: Fixtures): HostileCase[] {
  const tricks = [
    '/api/services/',
    '/api//services',
    '/API/services',
    '/api/services/../records',
    '/api/./services',
    '/api/services%2F',
    `/api/records/${f.recordId}%2Fretry`,
    '/api/%2e%2e/healthz',
    `/api/records/${f.recordId}/retry/`,
    '/api/services/import-test/run/../plan',
    '/api/records/%31',
    '/api/records/1;x',
    '/api/feed%00',
    '/api/feed/stream/',
    '/api/login/',
    '/healthz/',
    '/%2e%2e/api/services',
  ];
  return tricks.flatMap((path) =>
    (['none', 'operator'] as const).flatMap((credential) =>
      ['GET', 'POST'].map((method) => ({
        group: 'path tricks',
        name: `${method} ${path} as ${credential}`,
        method,
        path,
        credential,
        // Whatever the spelling reaches, the answer must be a documented one and never a 500.
        expect: credential === 'none' ? [200, 204, 400, 401, 404, 405] : [200, 202, 204, 400, 404, 405, 409],
      })),
    ),
  );
}
