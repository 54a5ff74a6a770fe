/**
 * The feed budget on a simulated clock: JSON_LISTINGS_FEED's window never lets more than 5 submissions
 * through in any 5 minutes together with createFeed's plan; a caller is never parked past its cap but
 * refused with a RateLimitDeferral naming the next free slot (its places given back); a reserved slot
 * holds its place, is waited for when it comes, and refuses again, still reserved, while it is further
 * off than the cap.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryBucketStore } from '../../http/memoryBucketStore.ts';
import { RateLimitDeferral } from '../amazonErrors.ts';
import { nextFreeSlot, reserveSlot, waitForQuotas, waitForSlot, type Quota } from '../quotaSlots.ts';
import { RATE_TABLE } from '../rateTable.ts';
import { feedTypeQuotas, FEED_TYPE_QUOTAS, windowBucket } from './feedBudget.ts';

function world() {
  let now = 1_700_000_000_000;
  const clock = () => now;
  const store = createMemoryBucketStore(clock);
  const deps = {
    store,
    now: clock,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
  const quotas: Quota[] = [
    {
      key: 'createFeed',
      limit: { rate: RATE_TABLE['feeds.createFeed'].rate, burst: RATE_TABLE['feeds.createFeed'].burst },
    },
    ...feedTypeQuotas('JSON_LISTINGS_FEED').map((q) => ({ key: q.name, limit: q.limit })),
  ];
  return { deps, quotas, clock, advance: (ms: number) => (now += ms) };
}

const HOUR = 3_600_000;

describe('the JSON_LISTINGS_FEED budget', () => {
  it('is a bucket of 1 refilled at 4 per 300 s: at most 5 in any window of 5 minutes', () => {
    expect(FEED_TYPE_QUOTAS.JSON_LISTINGS_FEED).toEqual({ submissions: 5, windowSeconds: 300 });
    expect(windowBucket({ submissions: 5, windowSeconds: 300 })).toEqual({ burst: 1, rate: 4 / 300 });
  });

  it('submitted back to back for two hours: never 6 in 5 minutes, and createFeed’s plan kept too', async () => {
    const { deps, quotas, clock } = world();
    const sent: number[] = [];
    const start = clock();
    while (clock() - start < 2 * HOUR) {
      await waitForQuotas(deps, quotas, { operation: 'feeds.createFeed', maxWaitMs: Infinity });
      sent.push(clock());
    }
    for (let i = 0; i < sent.length; i++) {
      const inWindow = sent.filter((t) => t >= sent[i]! && t <= sent[i]! + 300_000).length;
      expect(inWindow).toBeLessThanOrEqual(5);
    }
    // createFeed refills one token per 120 s after its burst of 15: the binding limit in the long run.
    const plan = RATE_TABLE['feeds.createFeed'];
    expect(sent.length).toBeLessThanOrEqual(plan.burst + 2 * 3600 * plan.rate + 1);
    expect(sent.length).toBeGreaterThan(60);
  });

  it('a caller is not parked past its cap: refused with the next free slot, its places given back', async () => {
    const { deps, quotas, clock } = world();
    await waitForQuotas(deps, quotas, { operation: 'feeds.createFeed', maxWaitMs: 10_000 });
    const next = await nextFreeSlot(deps, quotas);
    expect(next - clock()).toBeGreaterThan(70_000); // 75 s plus the latency cushion
    const refusal = await waitForQuotas(deps, quotas, {
      operation: 'feeds.createFeed',
      maxWaitMs: 10_000,
    }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(RateLimitDeferral);
    const deferral = refusal as RateLimitDeferral;
    expect(deferral.nextSlotAt.getTime()).toBe(next);
    expect(deferral.kind).toBe('transient');
    expect(deferral.context).toMatchObject({ retryAfterMs: next - clock(), deferred: true });
    // Nothing was taken: the next free slot is where it was.
    expect(await nextFreeSlot(deps, quotas)).toBe(next);
  });

  it('a reserved slot keeps its place; the call waits for it within the cap, refuses beyond it', async () => {
    const { deps, quotas, clock, advance } = world();
    await waitForQuotas(deps, quotas, { operation: 'feeds.createFeed', maxWaitMs: 0 });
    const slot = await reserveSlot(deps, 'feeds.createFeed', quotas);
    expect(slot.readyAt).toBeGreaterThan(clock());
    // Someone else asking now queues behind the reservation.
    expect(await nextFreeSlot(deps, quotas)).toBeGreaterThan(slot.readyAt + 70_000);
    const early = await waitForSlot(deps, slot, quotas, {
      operation: 'feeds.createFeed',
      maxWaitMs: 1_000,
    }).catch((e: unknown) => e);
    expect((early as RateLimitDeferral).nextSlotAt.getTime()).toBe(slot.readyAt);
    advance(slot.readyAt - clock() - 500); // the rescheduled run starts half a second early
    expect(await waitForSlot(deps, slot, quotas, { operation: 'feeds.createFeed', maxWaitMs: 1_000 })).toBe(
      500,
    );
  });

  it('a slot is only good for the quotas it was reserved in', async () => {
    const { deps, quotas } = world();
    const slot = await reserveSlot(deps, 'feeds.createFeed', quotas.slice(0, 1));
    await expect(
      waitForSlot(deps, slot, quotas, { operation: 'feeds.createFeed', maxWaitMs: 0 }),
    ).rejects.toThrow(/other quotas/);
  });

  it('feed types without a quota of their own count against createFeed’s plan only', () => {
    expect(feedTypeQuotas('POST_ORDER_ACKNOWLEDGEMENT_DATA')).toEqual([]);
  });
});
