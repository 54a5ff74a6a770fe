/**
 * The feed budget: how many feeds of a type Amazon takes, kept before sending and never learnt from
 * 429s. Two quotas bind a feed submission: createFeed's usage plan (one token per 120 s, burst 15: in the
 * rate table) and, per feed type, a count per window per selling partner and region — JSON_LISTINGS_FEED:
 * 5 submissions per 5 minutes, shared by all the region's marketplaces (reference outbound §5,
 * changelog 2025-05-06).
 *
 * A window count is kept in the same shared token buckets as the usage plans, as a bucket that can never
 * let more than the count through in any window: a bucket of `burst` tokens refilled at `rate` passes at
 * most `burst + rate × window` requests in a window, so burst 1 and rate (count − 1) / window pass at
 * most `count` — 5 per 5 minutes as one submission every 75 s, never 5 at once and 5 more a moment later
 * as a naive bucket of 5 would (which Amazon's window answers with 429s). Slow by design: a flow that
 * wants to send asks `nextFeedSlot` or reserves with `reserveFeedSlot`, and reschedules its run.
 */
import type { AmazonClient, ExtraQuota, Slot } from '../client.ts';

export interface WindowQuota {
  submissions: number;
  windowSeconds: number;
}

/** The feed types with a submission quota of their own (others are bound by createFeed's plan only). */
export const FEED_TYPE_QUOTAS: Readonly<Record<string, WindowQuota>> = {
  JSON_LISTINGS_FEED: { submissions: 5, windowSeconds: 300 },
};

/** The bucket that keeps a window quota: burst 1, rate (count − 1) per window. */
export function windowBucket(quota: WindowQuota): ExtraQuota['limit'] {
  return { burst: 1, rate: (quota.submissions - 1) / quota.windowSeconds };
}

/** The quotas a submission of `feedType` counts against besides createFeed's own plan. */
export function feedTypeQuotas(feedType: string): ExtraQuota[] {
  const quota = FEED_TYPE_QUOTAS[feedType];
  return quota ? [{ name: `feedType:${feedType}`, limit: windowBucket(quota) }] : [];
}

/** When a feed of `feedType` reserved now could be submitted (reserves nothing). */
export function nextFeedSlot(client: AmazonClient, feedType: string): Promise<Date> {
  return client.nextFreeSlot('feeds.createFeed', feedTypeQuotas(feedType));
}

/**
 * Reserves the next submission of `feedType`: the flow reschedules its run for `slot.readyAt` and passes
 * the slot to `createFeed` then (or `releaseFeedSlot` when it has nothing to send after all).
 */
export function reserveFeedSlot(client: AmazonClient, feedType: string): Promise<Slot> {
  return client.reserveSlot('feeds.createFeed', feedTypeQuotas(feedType));
}

export function releaseFeedSlot(client: AmazonClient, slot: Slot, feedType: string): Promise<void> {
  return client.releaseSlot(slot, feedTypeQuotas(feedType));
}
