import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres, TEST_DATABASE_URL } from '../../test/support/testDb.ts';
import type { Db } from '../store/db.ts';
import { openPostgres } from '../store/postgresDb.ts';
import { appendFeed, type FeedEntry } from '../store/repos/feed.ts';
import { startWebServer, type WebServer } from './server.ts';
import { nextEntries, sseEvents } from './sseEvents.ts';
import { bearer, TEST_TOKENS, useTestWeb } from '../../test/support/webTestKit.ts';

const testWeb = useTestWeb();

/**
 * Where the tests write feed entries: on PostgreSQL a separate connection pool, standing in for another
 * process; the embedded database has only the one connection.
 */
let writer: Db | undefined;
beforeAll(async () => {
  if (onPostgres)
    writer = await openPostgres({ url: TEST_DATABASE_URL!, schema: testWeb().store.schema, max: 1 });
});
afterAll(async () => writer?.close());
const append = (message: string, level: FeedEntry['level'] = 'info') =>
  appendFeed(writer ?? testWeb().store.db, { level, flow: 'import-test', connectionId: 'eu1', message });

let server: WebServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<WebServer> {
  server = await startWebServer(testWeb().runtime, { apiTokens: TEST_TOKENS, host: '127.0.0.1', port: 0 });
  return server;
}

/** Opens the stream; the timeout keeps a broken stream from hanging the test. */
async function openStream(url: string, options: { query?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${url}/api/feed/stream${options.query ?? ''}`, {
    headers: { ...bearer, ...options.headers },
    signal: AbortSignal.timeout(20_000),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events = sseEvents(res.body!);
  // The first frame says the stream is open: entries appended from now on are new to it.
  expect((await events.next()).value?.comments).toContain('connected');
  return events;
}

describe('startWebServer', () => {
  it('serves on the port it was given, 0 meaning a free one reported in url', async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(url).port)).toBeGreaterThan(0);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/api/services`)).status).toBe(401);
    expect((await fetch(`${url}/api/services`, { headers: bearer })).status).toBe(200);
  });

  it('a port in use is a config error naming it', async () => {
    const { url } = await start();
    const port = Number(new URL(url).port);
    await expect(
      startWebServer(testWeb().runtime, { apiTokens: TEST_TOKENS, host: '127.0.0.1', port }),
    ).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('in use') });
  });
});

describe('GET /api/feed/stream', () => {
  it('delivers an entry appended after the client connected', async () => {
    await append('written before the client connected');
    const events = await openStream((await start()).url);
    const id = await append('Imported order 7');
    const [event] = await nextEntries(events, 1);
    expect(event!.id).toBe(String(id));
    expect(JSON.parse(event!.data!)).toEqual({
      id,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      connectionId: 'eu1',
      flow: 'import-test',
      runId: null,
      level: 'info',
      message: 'Imported order 7',
      fields: {},
    });
  });

  it('resumes right after Last-Event-ID', async () => {
    const first = await append('one');
    await append('two');
    await append('three');
    const events = await openStream((await start()).url, { headers: { 'last-event-id': String(first) } });
    const received = await nextEntries(events, 2);
    expect(received.map((e) => JSON.parse(e.data!).message)).toEqual(['two', 'three']);
    expect(received.map((e) => Number(e.id))).toEqual([first + 1, first + 2]);
  });

  it('applies the same filters as the feed', async () => {
    const events = await openStream((await start()).url, { query: '?level=error' });
    await append('all fine');
    await append('D365 refused order 8', 'error');
    const [event] = await nextEntries(events, 1);
    expect(JSON.parse(event!.data!)).toMatchObject({ level: 'error', message: 'D365 refused order 8' });
  });

  it('refuses a malformed Last-Event-ID or filter with 400', async () => {
    const { url } = await start();
    const badId = await fetch(`${url}/api/feed/stream`, { headers: { ...bearer, 'last-event-id': 'abc' } });
    expect(badId.status).toBe(400);
    const badLevel = await fetch(`${url}/api/feed/stream?level=loud`, { headers: bearer });
    expect(badLevel.status).toBe(400);
  });

  it('close() ends open streams cleanly and stops the server', async () => {
    const { url } = await start();
    const events = await openStream(url);
    await server!.close();
    server = undefined;
    // The stream ends as a finished response, not a cut connection (which would throw here).
    expect(await events.next()).toEqual({ done: true, value: undefined });
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
