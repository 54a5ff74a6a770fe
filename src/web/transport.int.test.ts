import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, type RawRequest } from '../../test/support/rawHttp.ts';
import { createLogger } from '../log/logger.ts';
import { createWebApp } from './app.ts';
import { serveWebApp, type WebServer } from './server.ts';
import { seedRecord, TEST_TOKEN, TEST_TOKENS, useTestWeb } from '../../test/support/webTestKit.ts';

/**
 * The web API over a real socket: the Node server builds its own request objects, and bodies arrive
 * the way clients send them (chunked, or empty with methods such as DELETE).
 */
const testWeb = useTestWeb();
const logged: string[] = [];
let server: WebServer;
beforeAll(async () => {
  const log = createLogger({
    level: 'warn',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logged.push(String(chunk));
        done();
      },
    }),
  });
  const app = createWebApp({ ops: testWeb().ops, db: testWeb().store.db, apiTokens: TEST_TOKENS, log });
  server = await serveWebApp(app, { host: '127.0.0.1', port: 0 });
});
afterAll(async () => server?.close());

const send = (r: RawRequest) => rawRequest(server.url, r);
const json = { 'content-type': 'application/json' };
const chunked = { ...json, 'transfer-encoding': 'chunked' };
const bearer = { authorization: `Bearer ${TEST_TOKEN}` };

describe('chunked request bodies', () => {
  it('a chunked login is read like any other: the session cookie is set', async () => {
    const body = JSON.stringify({ token: TEST_TOKEN });
    const res = await send({
      method: 'POST',
      path: '/api/login',
      headers: chunked,
      chunks: [body.slice(0, 5), body.slice(5)],
    });
    expect(res.status).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/^connector_session=/);
  });

  it('a chunked body to an authenticated action is read and validated', async () => {
    await seedRecord(testWeb().store, { externalId: 'o-1', state: 'needs_attention', reason: 'unmapped' });
    const ok = await send({
      method: 'POST',
      path: '/api/records/retry',
      headers: { ...chunked, ...bearer },
      chunks: ['{"reason":', '"unmapped"}'],
    });
    expect({ status: ok.status, body: JSON.parse(ok.body) }).toEqual({ status: 202, body: { retried: 1 } });
    const bad = await send({
      method: 'POST',
      path: '/api/records/retry',
      headers: { ...chunked, ...bearer },
      chunks: ['{"colour":', '1}'],
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).problems).toEqual(['colour: not a known field']);
  });

  it('a chunked body over 64 KiB is refused with 413, before authentication', async () => {
    const res = await send({
      method: 'POST',
      path: '/api/login',
      headers: chunked,
      chunks: ['{"token":"', 'x'.repeat(40 * 1024), 'x'.repeat(40 * 1024), '"}'],
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'bad_request' });
  });
});

describe('wrong tokens over a socket', () => {
  it("are counted by the client's address as the Node server reports it: the 7th try waits", async () => {
    // A server of its own: the address it holds back (127.0.0.1) is every other test's too.
    const app = createWebApp({ ops: testWeb().ops, db: testWeb().store.db, apiTokens: TEST_TOKENS });
    const own = await serveWebApp(app, { host: '127.0.0.1', port: 0 });
    try {
      const wrong = { authorization: 'Bearer not-the-token-0123456789abcdef' };
      for (let i = 0; i < 6; i++) {
        expect(
          (await rawRequest(own.url, { method: 'GET', path: '/api/services', headers: wrong })).status,
        ).toBe(401);
      }
      const waiting = await rawRequest(own.url, { method: 'GET', path: '/api/services', headers: bearer });
      expect(waiting.status).toBe(429);
      expect(waiting.headers['retry-after']).toBe('1');
    } finally {
      await own.close();
    }
  });
});

describe('methods the API does not serve', () => {
  it.each([
    ['DELETE', '/api/records/1'],
    ['OPTIONS', '/api/services'],
    ['PUT', '/api/services'],
    ['PATCH', '/api/records/1'],
    ['DELETE', '/api/nothing-here'],
  ])('%s %s without credentials → 401', async (method, path) => {
    const res = await send({ method, path });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'unauthorized' });
  });

  it.each([
    ['DELETE', '/api/records/1', 'GET'],
    ['OPTIONS', '/api/services', 'GET'],
    ['PUT', '/api/services', 'GET'],
    ['PATCH', '/api/records/1', 'GET'],
    ['GET', '/api/records/1/retry', 'POST'],
    ['DELETE', '/api/services/import-test/run', 'POST'],
  ])('%s %s when authenticated → 405 with Allow: %s', async (method, path, allow) => {
    const res = await send({ method, path, headers: bearer });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'method_not_allowed' });
  });

  it('an unknown path stays 404 for every method', async () => {
    for (const method of ['GET', 'DELETE', 'OPTIONS']) {
      expect((await send({ method, path: '/api/nothing-here', headers: bearer })).status).toBe(404);
    }
  });

  it('none of these wrote an error to the process log', () => {
    expect(logged.filter((line) => line.includes('"level":50'))).toEqual([]);
  });
});
