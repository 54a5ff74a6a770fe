import { describe, expect, it } from 'vitest';
import { assertLimit, reserveToken, type BucketState } from './tokenBucket.ts';
import { createMemoryBucketStore } from './memoryBucketStore.ts';
import { latencyCushionMs, waitForToken } from './rateLimiter.ts';

const limit = { rate: 2, burst: 3 };

describe('reserveToken', () => {
  // [name, state before, now ms, drain, tokens after, wait ms]
  const table: Array<[string, BucketState | undefined, number, boolean, number, number]> = [
    ['a new bucket starts full', undefined, 1000, false, 2, 0],
    ['the last token in the bucket', { tokens: 1, updatedAt: 1000 }, 1000, false, 0, 0],
    ['an empty bucket queues one refill interval', { tokens: 0, updatedAt: 1000 }, 1000, false, -1, 500],
    ['queued reservations wait in line', { tokens: -2, updatedAt: 1000 }, 1000, false, -3, 1500],
    ['refill over time', { tokens: -1, updatedAt: 1000 }, 2000, false, 0, 0],
    ['refill is capped at burst', { tokens: 0, updatedAt: 0 }, 60_000, false, 2, 0],
    ['a partial refill shortens the wait', { tokens: 0, updatedAt: 1000 }, 1250, false, -0.5, 250],
    ['a clock that steps back mints nothing', { tokens: 0, updatedAt: 5000 }, 4000, false, -1, 500],
    ['drain empties a full bucket', { tokens: 3, updatedAt: 1000 }, 1000, true, -1, 500],
    ['drain keeps the queue', { tokens: -2, updatedAt: 1000 }, 1000, true, -3, 1500],
    ['drain on a new bucket', undefined, 0, true, -1, 500],
  ];

  it.each(table)('%s', (_name, state, now, drain, tokens, waitMs) => {
    const result = reserveToken(state, limit, now, drain);
    expect(result.state.tokens).toBeCloseTo(tokens, 9);
    expect(result.waitMs).toBeCloseTo(waitMs, 6);
    expect(result.readyAt).toBeCloseTo(result.state.updatedAt + waitMs, 6);
    expect(result.state.updatedAt).toBe(Math.max(now, state?.updatedAt ?? now));
  });

  it('lets N simultaneous callers leave at burst, then one per 1/rate', () => {
    let state: BucketState | undefined;
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = reserveToken(state, limit, 0);
      state = r.state;
      waits.push(r.waitMs);
    }
    expect(waits).toEqual([0, 0, 0, 500, 1000, 1500, 2000]);
  });

  it.each([
    [{ rate: 0, burst: 1 }],
    [{ rate: -1, burst: 1 }],
    [{ rate: 1, burst: 0 }],
    [{ rate: Number.NaN, burst: 1 }],
    [{ rate: Number.POSITIVE_INFINITY, burst: 1 }],
  ])('refuses a nonsense limit %j', (bad) => {
    expect(() => assertLimit(bad)).toThrow(RangeError);
  });
});

describe('memory bucket store and waitForToken', () => {
  it('shares one bucket per key and keeps keys apart', async () => {
    let now = 0;
    const store = createMemoryBucketStore(() => now);
    const waits = async (key: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await store.reserve(key, limit)).waitMs);
      return out;
    };
    expect(await waits('a', 4)).toEqual([0, 0, 0, 500]);
    expect(await waits('b', 1)).toEqual([0]);
    now = 1000; // two tokens refilled, one of which pays back the queued reservation
    expect(await waits('a', 2)).toEqual([0, 500]);
  });

  it('sleeps for the reservation and reports the wait', async () => {
    const store = createMemoryBucketStore(() => 0);
    const slept: number[] = [];
    const sleep = async (ms: number) => void slept.push(ms);
    const waited = [];
    for (let i = 0; i < 5; i++) waited.push(await waitForToken(store, 'k', limit, { sleep }));
    expect(waited).toEqual([0, 0, 0, 500, 1000]);
    expect(slept).toEqual(waited);
  });

  it('adds the latency cushion to a wait, never to a token that is there', async () => {
    const store = createMemoryBucketStore(() => 0);
    const slept: number[] = [];
    const sleep = async (ms: number) => void slept.push(ms);
    const cushionMs = latencyCushionMs(limit);
    for (let i = 0; i < 5; i++) await waitForToken(store, 'k', limit, { sleep, cushionMs });
    expect(slept).toEqual([0, 0, 0, 750, 1250]);
  });

  it('cushions one refill interval, at most 250 ms', () => {
    expect(latencyCushionMs({ rate: 50, burst: 30 })).toBe(20);
    expect(latencyCushionMs({ rate: 0.5, burst: 30 })).toBe(250);
    expect(latencyCushionMs({ rate: 0.0056, burst: 20 })).toBe(250);
  });

  it('stops waiting when the signal aborts', async () => {
    const store = createMemoryBucketStore(() => 0);
    const controller = new AbortController();
    await store.reserve('k', { rate: 0.001, burst: 1 });
    const waiting = waitForToken(store, 'k', { rate: 0.001, burst: 1 }, { signal: controller.signal });
    controller.abort(new Error('run over'));
    await expect(waiting).rejects.toThrow('run over');
  });

  it('gives an abandoned place back, so runs that give up never push the queue further back', async () => {
    const slow = { rate: 0.001, burst: 1 }; // one token per 1,000 s
    const store = createMemoryBucketStore(() => 0);
    await store.reserve('k', slow); // the burst is spent
    for (let run = 0; run < 3; run++) {
      const controller = new AbortController();
      const waiting = waitForToken(store, 'k', slow, { signal: controller.signal });
      controller.abort(new Error('run over'));
      await expect(waiting).rejects.toThrow('run over');
    }
    // Without the releases this caller would queue behind three abandoned places (4,000 s).
    expect((await store.reserve('k', slow)).waitMs).toBe(1_000_000);
  });

  it('refuses a wait longer than maxWaitMs with when to come back, and keeps the place free', async () => {
    const slow = { rate: 0.01, burst: 1 }; // one token per 100 s
    const store = createMemoryBucketStore(() => 0);
    await store.reserve('k', slow);
    const error = await waitForToken(store, 'k', slow, { maxWaitMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient', context: { retryAfterMs: 100_000 } });
    expect((await store.reserve('k', slow)).waitMs).toBe(100_000);
  });
});
