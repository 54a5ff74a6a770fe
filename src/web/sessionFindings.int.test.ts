import { describe, expect, it } from 'vitest';
import { readFeed } from '../store/repos/feed.ts';
import { sseEvents } from './sseEvents.ts';
import { jsonOf, TEST_TOKEN, useTestWeb } from '../../test/support/webTestKit.ts';

/**
 * Regression tests of the security findings about sessions and sign-in, through HTTP alone: sign-out
 * ends a session on the server; sessions expire idle and absolutely; the Host header is no proof of
 * origin; `Sec-Fetch-Site: none` is not same-origin; the cookie is compared canonically; wrong tokens
 * are slowed down per client address. The clock is the test's: nothing waits in real time.
 */
let clock = Date.parse('2026-03-01T10:00:00Z');
const minutes = (n: number) => (clock += n * 60_000);
const seconds = (n: number) => (clock += n * 1000);
const testWeb = useTestWeb({ now: () => new Date(clock), streamSessionCheckMs: 10 });

/** A request from the client at `address`, as the Node server would hand it over. */
async function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
  address = '127.0.0.1',
) {
  const res = await testWeb().app.request(
    path,
    {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    { incoming: { socket: { remoteAddress: address } } },
  );
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel();
  return res;
}

const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';
async function signIn(token = TEST_TOKEN, address?: string) {
  const res = await call('POST', '/api/login', {}, { token }, address);
  expect(res.status).toBe(204);
  return cookieOf(res);
}
const same = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };

describe('sign-out (finding 5)', () => {
  it('ends the session on the server: the cookie no longer works, even if it was kept', async () => {
    const cookie = await signIn();
    expect((await call('GET', '/api/services', { cookie })).status).toBe(200);
    expect((await call('POST', '/api/logout', { cookie, ...same })).status).toBe(204);
    const after = await call('GET', '/api/services', { cookie });
    expect(after.status).toBe(401);
    expect((await jsonOf(after)).message).toMatch(/ended/);
  });

  it("ends the session's open live-feed stream too", async () => {
    const cookie = await signIn();
    const res = await testWeb().app.request('/api/feed/stream', { headers: { cookie } });
    expect(res.status).toBe(200);
    const events = sseEvents(res.body!);
    expect((await events.next()).value?.comments).toContain('connected');
    expect((await call('POST', '/api/logout', { cookie, ...same })).status).toBe(204);
    // The stream finishes by itself (a stream that went on would hang here until the test's timeout).
    for await (const _event of events) {
      /* keep-alives, if any */
    }
  });
});

describe('session lifetime (finding 5)', () => {
  it('ends after 60 minutes unused, and is kept alive by use', async () => {
    const cookie = await signIn();
    minutes(50);
    expect((await call('GET', '/api/services', { cookie })).status).toBe(200);
    minutes(50);
    expect((await call('GET', '/api/services', { cookie })).status).toBe(200);
    minutes(61);
    const res = await call('GET', '/api/services', { cookie });
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).message).toMatch(/expired \(unused for 60 min\)/);
  });

  it('ends 12 hours after sign-in, however much it is used', async () => {
    const cookie = await signIn();
    for (let i = 0; i < 23; i++) {
      minutes(30);
      expect((await call('GET', '/api/services', { cookie })).status).toBe(200);
    }
    minutes(30);
    const res = await call('GET', '/api/services', { cookie });
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).message).toMatch(/expired \(12 h after sign-in\)/);
  });
});

describe('origins (findings 6 and 7)', () => {
  const run = '/api/services/import-test/run';

  it('a Host that is not a name of this connector is refused, whatever Origin agrees with it', async () => {
    const cookie = await signIn();
    const forged = await call('POST', `http://evil.example${run}`, {
      cookie,
      host: 'evil.example',
      origin: 'http://evil.example',
      'sec-fetch-site': 'same-origin',
    });
    expect(forged.status).toBe(403);
    expect(await jsonOf(forged)).toMatchObject({ error: 'forbidden' });
    // DNS rebinding reaches every route, bearer ones included.
    const rebound = await call('GET', 'http://evil.example/api/services', {
      host: 'evil.example',
      authorization: `Bearer ${TEST_TOKEN}`,
    });
    expect(rebound.status).toBe(403);
  });

  it('a cookie write with Sec-Fetch-Site: none (or no Origin) is refused; same-origin is accepted', async () => {
    const cookie = await signIn();
    expect(
      (await call('POST', run, { cookie, origin: 'http://localhost', 'sec-fetch-site': 'none' })).status,
    ).toBe(403);
    expect((await call('POST', run, { cookie, 'sec-fetch-site': 'same-origin' })).status).toBe(403);
    expect((await call('POST', run, { cookie, ...same })).status).toBe(202);
  });
});

describe('the session cookie (finding 8)', () => {
  it.each([
    ['"=" appended', (v: string) => `${v}=`],
    ['"==" appended', (v: string) => `${v}==`],
    ['one character changed', (v: string) => `${v.slice(0, -1)}${v.endsWith('A') ? 'B' : 'A'}`],
    ['a character cut', (v: string) => v.slice(0, -1)],
  ])('is refused with %s', async (_name, change) => {
    const cookie = await signIn();
    const [name, value] = cookie.split(/=(.*)/s) as [string, string];
    expect((await call('GET', '/api/services', { cookie })).status).toBe(200);
    expect((await call('GET', '/api/services', { cookie: `${name}=${change(value)}` })).status).toBe(401);
  });
});

describe('wrong tokens (finding 4)', () => {
  it('after five, each wrong token from an address makes it wait longer: 429 with Retry-After', async () => {
    const address = '10.0.0.7';
    for (let i = 0; i < 6; i++) {
      expect((await call('POST', '/api/login', {}, { token: `wrong-${i}` }, address)).status).toBe(401);
    }
    // Now it waits 1 s; during the wait even the right token is not checked.
    const waiting = await call('POST', '/api/login', {}, { token: TEST_TOKEN }, address);
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('1');
    expect(await jsonOf(waiting)).toMatchObject({ error: 'too_many_requests' });
    const asBearer = await call(
      'GET',
      '/api/services',
      { authorization: `Bearer ${TEST_TOKEN}` },
      undefined,
      address,
    );
    expect(asBearer.status).toBe(429);
    // Another address is not held back.
    expect((await call('GET', '/api/services', { authorization: `Bearer ${TEST_TOKEN}` })).status).toBe(200);

    seconds(1);
    expect(
      (await call('GET', '/api/services', { authorization: 'Bearer wrong' }, undefined, address)).status,
    ).toBe(401);
    const longer = await call('POST', '/api/login', {}, { token: TEST_TOKEN }, address);
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('2');

    seconds(2);
    expect((await call('POST', '/api/login', {}, { token: TEST_TOKEN }, address)).status).toBe(204);
  });

  it('are reported in the live feed, naming the address but never the tokens', async () => {
    for (let i = 0; i < 6; i++) await call('POST', '/api/login', {}, { token: `guess-${i}` }, '10.0.0.8');
    const entries = await readFeed(testWeb().store.db, { level: 'warn', limit: 10 });
    expect(entries.map((e) => e.message)).toEqual([
      expect.stringMatching(/6 wrong API tokens .* from 10\.0\.0\.8/),
    ]);
    expect(JSON.stringify(entries)).not.toContain('guess-');
  });
});
