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

export const isPublic = (op: Operation) => op.op['x-role'] === 'public';

/** A body the operation accepts, when it takes one. */
export function validBody(op: Operation, f: Fixtures): CaseBody | undefined {
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
