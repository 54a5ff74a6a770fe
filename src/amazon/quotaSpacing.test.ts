/**
 * Requests that waited for an empty bucket leave this process at least one refill interval apart, even
 * when the one before was held up and left late — the gap the remote sees is what it counts tokens by.
 * A simulated clock and timers: the store, the sleeps and the spacing all run on it.
 */
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createMemoryBucketStore } from '../http/memoryBucketStore.ts';
import { waitForQuotas, type Quota } from './quotaSlots.ts';

function world(limit = { rate: 50, burst: 3 }) {
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
  // By default 50 a second (a refill every 20 ms, the latency cushion), burst 3.
  const quotas: Quota[] = [{ key: 'confirmShipment', limit }];
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
  it('leaves the burst alone: tokens that are there are used at once, but the last a cushion later', async () => {
    const w = world();
    const [a, b, c] = [await w.run(w.send()), await w.run(w.send()), await w.run(w.send())];
    expect([a.waited, b.waited]).toEqual([0, 0]);
    expect(b.leftAt - a.leftAt).toBe(0);
    // The bucket's last token: Amazon's bucket may be a fraction short of ours (its first request of
    // the burst arrived later than it left here), so this one goes a cushion later.
    expect(c.waited).toBe(20);
  });

  it('takes the token of a full bucket at once, even its only one', async () => {
    const w = world({ rate: 0.5, burst: 1 });
    expect((await w.run(w.send())).waited).toBe(0);
  });

  it('keeps an interval after a request that left late, so the remote never sees two too close', async () => {
    const w = world();
    for (let i = 0; i < 3; i++) await w.run(w.send()); // the burst is spent
    // Two requests in flight, reserved one interval apart; the first one's timer fires 15 ms late.
    w.lateBy(15);
    const first = w.send();
    const second = w.send();
    const [a, b] = await w.run(Promise.all([first, second]));
    expect(a.waited).toBeGreaterThan(0);
    expect(b.leftAt - a.leftAt).toBeGreaterThanOrEqual(20);
  });

  it('spaces the request after one that left late even when its own token is there by then', async () => {
    const w = world();
    for (let i = 0; i < 3; i++) await w.run(w.send()); // the burst is spent
    // This one's timer fires 60 ms late: by the bucket's clock, three tokens' worth came meanwhile.
    w.lateBy(60);
    const late = await w.run(w.send());
    expect(late.waited).toBeGreaterThan(0);
    const next = await w.run(w.send());
    expect(next.leftAt - late.leftAt).toBeGreaterThanOrEqual(20);
    // After that, tokens that are there go at once again (a burst stays a burst).
    w.advance(200);
    const [a, b] = [await w.run(w.send()), await w.run(w.send())];
    expect(b.leftAt - a.leftAt).toBe(0);
  });

  it('costs nothing when requests already leave an interval apart', async () => {
    const w = world();
    for (let i = 0; i < 3; i++) await w.run(w.send());
    const left: number[] = [];
    for (let i = 0; i < 5; i++) left.push((await w.run(w.send())).leftAt);
    // One after another: each waits for its token plus the latency cushion (20 ms), never more.
    for (let i = 1; i < left.length; i++) expect(left[i]! - left[i - 1]!).toBeLessThanOrEqual(20 + 20);
  });
});
