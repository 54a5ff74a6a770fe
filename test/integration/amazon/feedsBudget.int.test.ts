/**
 * The feed budget against the emulator's quotas (createFeed's plan, and JSON_LISTINGS_FEED's 5 per 5
 * minutes, time-scaled): a dozen listings feeds submitted back to back all go with zero 429s (the kit
 * fails the test on any), no caller parked longer than the configured cap — a call that would be is
 * refused with a RateLimitDeferral naming the next free slot, which a reservation then keeps for it.
 * Parking is measured by what the client asks its sleep for, never by the wall clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isRateLimitDeferral } from '../../../src/amazon/amazonErrors.ts';
import { nextFeedSlot, releaseFeedSlot, reserveFeedSlot } from '../../../src/amazon/feeds/feedBudget.ts';
import { buildListingsFeeds } from '../../../src/amazon/feeds/listingsFeedBuilder.ts';
import { abortableSleep } from '../../../src/http/rateLimiter.ts';
import { startFeedsIntegration, submitListingsFeed } from './feedsKit.ts';
import { US, type AmazonIntegration } from './kit.ts';

let env: AmazonIntegration | undefined;
afterEach(async () => {
  await env?.finish();
  env = undefined;
});

/** The cap on a rate-limit wait, in real ms (at time scale 100 a JSON_LISTINGS_FEED slot is 0.75 s apart). */
const CAP_MS = 2_000;

async function start() {
  const parked: number[] = [];
  env = await startFeedsIntegration({
    client: {
      maxRateLimitWaitMs: CAP_MS,
      sleep: (ms, signal) => {
        parked.push(ms);
        return abortableSleep(ms, signal);
      },
    },
  });
  const doc = (i: number) =>
    buildListingsFeeds({ sellerId: env!.client.sellingPartnerId }, [
      { record: i, message: { operationType: 'DELETE', sku: `GONE-${i}` } },
    ]).documents[0]!;
  return { env, parked, doc };
}

describe('the feed budget', () => {
  it('twelve listings feeds back to back: no 429, nobody parked past the cap', async () => {
    const { env, parked, doc } = await start();
    for (let i = 0; i < 12; i++) await submitListingsFeed(env, doc(i), { marketplaceIds: [US] });
    expect(env.client.stats().throttled).toBe(0);
    expect(Math.max(...parked)).toBeLessThanOrEqual(CAP_MS);
    expect(parked.filter((ms) => ms > 0).length).toBeGreaterThan(5); // the window did make callers wait
    const stats = await env.stats();
    expect(JSON.stringify(stats)).not.toMatch(/"throttled":[1-9]/);
  });

  it('a caller who may not wait is refused with the next free slot; a reserved slot is then kept', async () => {
    const { env, parked, doc } = await start();
    await submitListingsFeed(env, doc(0), { marketplaceIds: [US] });
    const next = await nextFeedSlot(env.client, 'JSON_LISTINGS_FEED');
    const refusal = await submitListingsFeed(env, doc(1), { marketplaceIds: [US], maxWaitMs: 0 }).catch(
      (e: unknown) => e,
    );
    expect(isRateLimitDeferral(refusal)).toBe(true);
    if (!isRateLimitDeferral(refusal)) return;
    expect(refusal.kind).toBe('transient');
    expect(refusal.nextSlotAt.getTime()).toBeGreaterThanOrEqual(next.getTime() - 50);

    // The flow reserves that slot and comes back for it; another caller queues behind it.
    const slot = await reserveFeedSlot(env.client, 'JSON_LISTINGS_FEED');
    const after = await nextFeedSlot(env.client, 'JSON_LISTINGS_FEED');
    expect(after.getTime()).toBeGreaterThan(slot.readyAt);
    await submitListingsFeed(env, doc(2), { marketplaceIds: [US], slot });
    expect(Math.max(...parked)).toBeLessThanOrEqual(CAP_MS);

    // A slot the flow no longer needs goes back.
    const spare = await reserveFeedSlot(env.client, 'JSON_LISTINGS_FEED');
    await releaseFeedSlot(env.client, spare, 'JSON_LISTINGS_FEED');
    expect(env.client.stats().throttled).toBe(0);
  });
});
