/**
 * The hostile-request suite's forgeries (see hostileCases.ts): forged session cookies, bearer-token
 * tricks, other origins and hosts on every operation under /api, and paths that try to reach a route
 * by another spelling.
 */
import type { ApiContract } from './apiContract.ts';
import {
  concrete,
  isPublic,
  validBody,
  type Credential,
  type Fixtures,
  type HostileCase,
} from './hostileCases.ts';

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
