// A stored feed as the Feeds API 2021-06-30 `Feed` shows it: times in ISO 8601 with milliseconds, as
// Amazon's examples have them; start and end times only once they happened.
import type { StoredFeed } from './feedTypes.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function feedView(feed: StoredFeed): Record<string, unknown> {
  return {
    feedId: feed.feedId,
    feedType: feed.feedType,
    marketplaceIds: feed.marketplaceIds,
    createdTime: iso(feed.createdTime),
    processingStatus: feed.status,
    ...(feed.processingStartTime !== undefined && { processingStartTime: iso(feed.processingStartTime) }),
    ...(feed.processingEndTime !== undefined && { processingEndTime: iso(feed.processingEndTime) }),
    ...(feed.resultFeedDocumentId && { resultFeedDocumentId: feed.resultFeedDocumentId }),
  };
}
