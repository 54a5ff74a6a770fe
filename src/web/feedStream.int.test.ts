import { describe, expect, it } from 'vitest';
import type { Operations } from '../ops/operations.ts';
import { createWebApp } from './app.ts';
import { appendFeed } from '../store/repos/feed.ts';
import { nextEntries, sseEvents } from './sseEvents.ts';
import { bearer, TEST_TOKENS, useTestWeb } from '../../test/support/webTestKit.ts';

const testWeb = useTestWeb();

/** The test store's operations, counting how often the feed is read. */
function countingOps() {
  const reads = { count: 0 };
  const real = testWeb().ops;
  const ops = new Proxy(real, {
    get(target, prop) {
      if (prop === 'feed') {
        return (filter: Parameters<Operations['feed']>[0]) => {
          reads.count++;
          return target.feed(filter);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { ops, reads };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the live-feed stream, in process', () => {
  it('sends a keep-alive comment while there is nothing to send', async () => {
    const app = createWebApp({
      ops: testWeb().ops,
      db: testWeb().store.db,
      apiTokens: TEST_TOKENS,
      streamPollMs: 5,
      streamKeepAliveMs: 1,
    });
    const res = await app.request('/api/feed/stream', { headers: bearer });
    const events = sseEvents(res.body!);
    try {
      for (;;) {
        const { value, done } = await events.next();
        expect(done).toBe(false);
        if (value!.comments.includes('keep-alive')) break;
      }
    } finally {
      await events.return(undefined);
    }
  });

  it('a Last-Event-ID beyond the newest entry (another database) starts from the newest', async () => {
    const app = createWebApp({
      ops: testWeb().ops,
      db: testWeb().store.db,
      apiTokens: TEST_TOKENS,
      streamPollMs: 5,
    });
    await appendFeed(testWeb().store.db, { level: 'info', message: 'old' });
    const res = await app.request('/api/feed/stream', { headers: { ...bearer, 'last-event-id': '999999' } });
    const events = sseEvents(res.body!);
    try {
      await appendFeed(testWeb().store.db, { level: 'info', message: 'new' });
      const [event] = await nextEntries(events, 1);
      expect(JSON.parse(event!.data!).message).toBe('new');
    } finally {
      await events.return(undefined);
    }
  });

  it('stops polling the feed once the client has gone', async () => {
    const { ops, reads } = countingOps();
    const app = createWebApp({ ops, db: testWeb().store.db, apiTokens: TEST_TOKENS, streamPollMs: 5 });
    const res = await app.request('/api/feed/stream', { headers: bearer });
    // Polling is under way: wait for a few reads.
    while (reads.count < 3) await pause(5);
    await res.body!.cancel();
    // At most a read already in flight completes; then the count must stay put over many intervals.
    await pause(50);
    const settled = reads.count;
    await pause(200);
    expect(reads.count).toBe(settled);
  });
});
