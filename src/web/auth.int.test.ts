import { beforeEach, describe, expect, it } from 'vitest';
import { createWebApp } from './app.ts';
import { readFeed } from '../store/repos/feed.ts';
import { SESSION_COOKIE } from './sessions.ts';
import {
  bearer,
  jsonOf,
  seedRecord,
  TEST_TOKEN,
  TEST_TOKENS,
  useTestWeb,
  VIEWER_TOKEN,
  viewerBearer,
} from '../../test/support/webTestKit.ts';

const testWeb = useTestWeb();
let recordId: number;
beforeEach(async () => {
  const record = await seedRecord(testWeb().store, {
    externalId: 'order-1',
    state: 'needs_attention',
    reason: 'unmapped SKU',
    payload: { orderId: 'order-1' },
  });
  recordId = record.id;
});

/** Every authenticated route of docs/api.md, with a request that succeeds once authenticated. */
const routes = (): Array<[method: string, path: string, body?: unknown]> => [...reads(), ...writes()];
const reads = (): Array<[method: string, path: string]> => [
  ['GET', '/api/services'],
  ['GET', '/api/services/import-test/plan'],
  ['GET', '/api/feed'],
  ['GET', '/api/feed/stream'],
  ['GET', '/api/records'],
  ['GET', `/api/records/${recordId}`],
  ['GET', '/api/openapi.json'],
];
const writes = (): Array<[method: string, path: string, body?: unknown]> => [
  ['POST', '/api/services/import-test/run'],
  ['POST', '/api/services/import-test/enable'],
  ['POST', '/api/services/import-test/disable'],
  ['POST', `/api/records/${recordId}/retry`],
  ['POST', `/api/records/${recordId}/replay`],
  ['POST', '/api/records/retry', { flow: 'import-test' }],
];

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const res = await testWeb().app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // The live-feed stream never ends by itself: hang up, as a browser closing its tab would.
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel();
  return res;
}

async function login(token: string) {
  return call('POST', '/api/login', {}, { token });
}

const sessionCookie = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';

describe('without authentication', () => {
  it('every /api route answers 401 with a JSON error', async () => {
    for (const [method, path, body] of routes()) {
      const res = await call(method, path, {}, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
      expect(await jsonOf(res)).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
    }
  });

  it('an unknown /api path is 401 too: nothing is revealed before authentication', async () => {
    expect((await call('GET', '/api/nothing-here')).status).toBe(401);
  });

  it('health probes need none', async () => {
    expect((await call('GET', '/healthz')).status).toBe(200);
    expect((await call('GET', '/readyz')).status).toBe(200);
  });
});

describe('with a bearer token', () => {
  it('every /api route answers 2xx', async () => {
    for (const [method, path, body] of routes()) {
      const res = await call(method, path, bearer, body);
      expect({ method, path, ok: res.ok }).toEqual({ method, path, ok: true });
    }
  });

  it.each([
    ['a wrong token', { authorization: 'Bearer not-the-token' }],
    ['another scheme', { authorization: `Basic ${Buffer.from(`x:${TEST_TOKEN}`).toString('base64')}` }],
    ['the bare token', { authorization: TEST_TOKEN }],
  ])('%s is refused with 401', async (_name, headers) => {
    const res = await call('GET', '/api/services', headers);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(TEST_TOKEN);
  });

  it.each(['token', 'access_token'])(
    'a token in the query string (?%s=) is refused with 401',
    async (name) => {
      const res = await call('GET', `/api/services?${name}=${TEST_TOKEN}`);
      expect(res.status).toBe(401);
      const body = await res.text();
      expect(body).toContain('query string');
      expect(body).not.toContain(TEST_TOKEN);
    },
  );
});

describe('roles', () => {
  it('a viewer token reads everything', async () => {
    for (const [method, path] of reads()) {
      const res = await call(method, path, viewerBearer);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 200 });
    }
  });

  it('a viewer token acts on nothing: every action is 403, and nothing happened', async () => {
    for (const [method, path, body] of writes()) {
      const res = await call(method, path, viewerBearer, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
      expect((await jsonOf(res)).message).toContain('"watcher" has the viewer role');
    }
    expect(await testWeb().waitingJobs('import-test')).toEqual([]);
    expect((await call('GET', `/api/records/${recordId}`, bearer).then(jsonOf)).record.state).toBe(
      'needs_attention',
    );
  });

  it('a viewer session is a viewer too', async () => {
    const cookie = sessionCookie(await login(VIEWER_TOKEN));
    const same = { cookie, origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };
    expect((await call('GET', '/api/services', { cookie })).status).toBe(200);
    expect((await call('POST', '/api/services/import-test/run', same)).status).toBe(403);
  });

  it("each action is in the live feed with the token's name", async () => {
    await call('POST', '/api/services/import-test/run', bearer);
    const cookie = sessionCookie(await login(TEST_TOKEN));
    await call('POST', `/api/records/${recordId}/retry`, {
      cookie,
      origin: 'http://localhost',
      'sec-fetch-site': 'same-origin',
    });
    const entries = await readFeed(testWeb().store.db, { limit: 10 });
    expect(entries.map((e) => [e.message, e.fields.actor, e.fields.via])).toEqual(
      expect.arrayContaining([
        [expect.stringMatching(/^Run requested \(by tester, web API\)$/), 'tester', 'bearer'],
        [expect.stringMatching(/^Signed in \(by tester/), 'tester', 'session'],
        [
          expect.stringMatching(/^Retry of record \d+ \(order-1\) requested \(by tester/),
          'tester',
          'session',
        ],
      ]),
    );
    const history = (await call('GET', `/api/records/${recordId}`, bearer).then(jsonOf)).history;
    expect(history.at(-1).message).toBe('retry requested by tester (web API)');
  });
});

describe('browser sessions', () => {
  it('login sets an HttpOnly, SameSite=Strict cookie that then authorises; logout clears it', async () => {
    const res = await login(TEST_TOKEN);
    expect(res.status).toBe(204);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain('Max-Age=43200');
    expect(setCookie).not.toContain(TEST_TOKEN);

    const cookie = sessionCookie(res);
    expect((await call('GET', '/api/services', { cookie })).status).toBe(200);
    const stream = await call('GET', '/api/feed/stream', { cookie });
    expect(stream.status).toBe(200);

    const out = await call('POST', '/api/logout', { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
  });

  it('a session cannot act from another origin (cookies ride along cross-site), but can from its own', async () => {
    const cookie = sessionCookie(await login(TEST_TOKEN));
    const path = '/api/services/import-test/run';
    const foreign = await call('POST', path, { cookie, origin: 'http://127.0.0.1:9999' });
    expect(foreign.status).toBe(403);
    expect(await jsonOf(foreign)).toMatchObject({ error: 'forbidden' });
    expect((await call('POST', path, { cookie, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(
      (await call('POST', path, { cookie, origin: 'http://localhost', 'sec-fetch-site': 'same-origin' }))
        .status,
    ).toBe(202);
    expect((await call('GET', '/api/services', { cookie, origin: 'http://127.0.0.1:9999' })).status).toBe(
      200,
    );
    expect(
      (await call('POST', path, { authorization: `Bearer ${TEST_TOKEN}`, origin: 'http://evil.example' }))
        .status,
    ).toBe(202);
  });

  it('a wrong token → 401 and no cookie', async () => {
    const res = await login('not-the-token');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).not.toContain('not-the-token');
  });

  it('a login without a token → 400 naming the field, without echoing what was sent', async () => {
    const res = await call('POST', '/api/login', {}, { tokn: TEST_TOKEN });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^token: /), 'tokn: not a known field']),
    );
    expect(JSON.stringify(body)).not.toContain(TEST_TOKEN);
  });

  it('a login body larger than 64 KiB → 413 before it is read', async () => {
    const res = await call('POST', '/api/login', {}, { token: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
  });

  it('a tampered cookie is refused', async () => {
    const cookie = sessionCookie(await login(TEST_TOKEN));
    const tampered = cookie.slice(0, -2) + (cookie.endsWith('AA') ? 'BB' : 'AA');
    expect((await call('GET', '/api/services', { cookie: tampered })).status).toBe(401);
  });

  it('survives a restart, and ends when its token gets a new secret or is removed', async () => {
    const cookie = sessionCookie(await login(TEST_TOKEN));
    const restarted = (tokens: typeof TEST_TOKENS) =>
      createWebApp({ ops: testWeb().ops, db: testWeb().store.db, apiTokens: tokens });
    const ask = (app: ReturnType<typeof restarted>) => app.request('/api/services', { headers: { cookie } });
    expect((await ask(restarted(TEST_TOKENS))).status).toBe(200);
    const changed = TEST_TOKENS.map((t) => (t.name === 'tester' ? { ...t, secret: `${t.secret}-new` } : t));
    const res = await ask(restarted(changed));
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).message).toMatch(/token of this session was changed or removed/);
    expect((await ask(restarted(TEST_TOKENS.filter((t) => t.name !== 'tester')))).status).toBe(401);
    // The viewer's sessions are untouched by the operator's token changing.
    const viewer = sessionCookie(await login(VIEWER_TOKEN));
    expect((await restarted(changed).request('/api/services', { headers: { cookie: viewer } })).status).toBe(
      200,
    );
  });
});
