/**
 * Requests that waited for an empty bucket leave this process at least one refill interval apart, even
 * when the one before was held up and left late — the gap the remote sees is what it counts tokens by.
 * A simulated clock and timers: the store, the sleeps and the spacing all run on it.
 */
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createMemoryBucketStore } from '../http/memoryBucketStore.ts';
import { waitForQuotas, type Quota } from './quotaSlots.ts';

function world() {
  let now = 1_000_000;
  const clock = () => now;
  const timers: { at: number; fire: () => void }[] = [];
  let overshoot = 0; // the next timer fires this much late (the process was busy when it was due)
  const deps = {
    store: createMemoryBucketStore(clock),
    now: clock,
    clock,
    released: new Map<string, number>(),
    sleep: (ms: number) =>
      new Promise<void>((fire) => {
        timers.push({ at: now + ms + overshoot, fire });
        overshoot = 0;
      }),
  };
  // 50 a second (a refill every 20 ms), burst 2.
  const quotas: Quota[] = [{ key: 'confirmShipment', limit: { rate: 50, burst: 2 } }];
  const send = async () => {
    const waited = await waitForQuotas(deps, quotas, { operation: 'confirmShipment', maxWaitMs: 60_000 });
    return { waited, leftAt: now };
  };
  /** Runs every pending timer in time order, letting the code between them run. */
  const run = async <T>(work: Promise<T>): Promise<T> => {
    let done = false;
    void work.finally(() => (done = true));
    while (!done) {
      for (let i = 0; i < 5; i++) await tick();
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) continue;
      now = Math.max(now, next.at);
      next.fire();
    }
    return work;
  };
  return { send, run, lateBy: (ms: number) => (overshoot = ms), advance: (ms: number) => (now += ms) };
}

describe('spacing of requests that waited', () => {
  it('leaves the burst alone: tokens that are there are used at once', async () => {
    const w = world();
    const a = await w.run(w.send());
    const b = await w.run(w.send());
    expect([a.waited, b.waited]).toEqual([0, 0]);
    expect(b.leftAt - a.leftAt).toBe(0);
  });

  it('keeps an interval after a request that left late, so the remote never sees two too close', async () => {
    const w = world();
    await w.run(w.send());
    await w.run(w.send()); // the burst is spent
    // Two requests in flight, reserved one interval apart; the first one's timer fires 15 ms late.
    w.lateBy(15);
    const first = w.send();
    const second = w.send();
    const [a, b] = await w.run(Promise.all([first, second]));
    expect(a.waited).toBeGreaterThan(0);
    expect(b.leftAt - a.leftAt).toBeGreaterThanOrEqual(20);
  });

  it('spaces the first request after a wait even when its token is there: the wait left late', async () => {
    const w = world();
    await w.run(w.send());
    await w.run(w.send());
    const waited = await w.run(w.send()); // empty bucket: waits for its token, plus the cushion
    expect(waited.waited).toBeGreaterThan(0);
    w.advance(12); // enough for the shared bucket to hold a token again by its own clock
    const next = await w.run(w.send());
    expect(next.leftAt - waited.leftAt).toBeGreaterThanOrEqual(20);
    // After that, tokens that are there go at once again (a burst stays a burst).
    w.advance(100);
    const [a, b] = [await w.run(w.send()), await w.run(w.send())];
    expect(b.leftAt - a.leftAt).toBe(0);
  });

  it('costs nothing when requests already leave an interval apart', async () => {
    const w = world();
    await w.run(w.send());
    await w.run(w.send());
    const left: number[] = [];
    for (let i = 0; i < 5; i++) left.push((await w.run(w.send())).leftAt);
    // One after another: each waits for its token plus the latency cushion (10 ms), never more.
    for (let i = 1; i < left.length; i++) expect(left[i]! - left[i - 1]!).toBeLessThanOrEqual(20 + 10);
  });
});
