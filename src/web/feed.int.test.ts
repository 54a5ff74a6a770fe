import { beforeEach, describe, expect, it } from 'vitest';
import { appendFeed, type NewFeedEntry } from '../store/repos/feed.ts';
import { bearer, useTestWeb, jsonOf } from '../../test/support/webTestKit.ts';

const testWeb = useTestWeb();

async function get(path: string) {
  const res = await testWeb().app.request(path, { headers: bearer });
  return { status: res.status, body: await jsonOf(res) };
}

const seed: NewFeedEntry[] = [
  { level: 'info', connectionId: 'eu1', flow: 'import-test', runId: 'r1', message: 'Imported order 1' },
  { level: 'debug', connectionId: 'eu1', flow: 'import-test', runId: 'r1', message: 'run started' },
  { level: 'warn', connectionId: 'us1', flow: 'import-test', runId: 'r2', message: 'SKU ABC is not mapped' },
  { level: 'error', connectionId: 'us1', flow: 'import-test', runId: 'r2', message: 'D365 refused order 2' },
  { level: 'info', flow: 'heartbeat', message: 'Heartbeat #1', fields: { beat: 1 } },
];
let ids: number[];
beforeEach(async () => {
  ids = [];
  for (const entry of seed) ids.push(await appendFeed(testWeb().store.db, entry));
});

const messages = (body: { entries: Array<{ message: string }> }) => body.entries.map((e) => e.message);

describe('GET /api/feed', () => {
  it('returns entries newest first, in the documented shape with ISO dates', async () => {
    const { status, body } = await get('/api/feed');
    expect(status).toBe(200);
    expect(body.entries.map((e: { id: number }) => e.id)).toEqual([...ids].reverse());
    expect(body.nextBefore).toBeNull();
    expect(body.entries[0]).toEqual({
      id: ids[4],
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      connectionId: null,
      flow: 'heartbeat',
      runId: null,
      level: 'info',
      message: 'Heartbeat #1',
      fields: { beat: 1 },
    });
  });

  it('pages backwards with before = nextBefore until a short page', async () => {
    const first = await get('/api/feed?limit=2');
    expect(first.body.entries.map((e: { id: number }) => e.id)).toEqual([ids[4], ids[3]]);
    expect(first.body.nextBefore).toBe(ids[3]);
    const second = await get(`/api/feed?limit=2&before=${first.body.nextBefore}`);
    expect(second.body.entries.map((e: { id: number }) => e.id)).toEqual([ids[2], ids[1]]);
    const third = await get(`/api/feed?limit=2&before=${second.body.nextBefore}`);
    expect(third.body.entries.map((e: { id: number }) => e.id)).toEqual([ids[0]]);
    expect(third.body.nextBefore).toBeNull();
  });

  it.each([
    ['connection=us1', ['D365 refused order 2', 'SKU ABC is not mapped']],
    ['flow=heartbeat', ['Heartbeat #1']],
    ['run=r1', ['run started', 'Imported order 1']],
    ['level=warn', ['D365 refused order 2', 'SKU ABC is not mapped']],
    ['level=info', ['Heartbeat #1', 'D365 refused order 2', 'SKU ABC is not mapped', 'Imported order 1']],
    ['text=ORDER', ['D365 refused order 2', 'Imported order 1']],
    ['connection=eu1&level=info', ['Imported order 1']],
    ['flow=no-such-flow', []],
  ])('filters by %s', async (query, expected) => {
    const { status, body } = await get(`/api/feed?${query}`);
    expect(status).toBe(200);
    expect(messages(body)).toEqual(expected);
  });

  it('bad parameters → 400 listing every problem', async () => {
    const { status, body } = await get('/api/feed?limit=0&level=loud&before=abc&colour=red');
    expect(status).toBe(400);
    expect(body.error).toBe('bad_request');
    const paths = body.problems.map((p: string) => p.split(':')[0]).sort();
    expect(paths).toEqual(['before', 'colour', 'level', 'limit']);
  });
});
