/**
 * Feeds API 2021-06-30 for the connection's seller: createFeed, getFeed, getFeeds (filters and paging),
 * cancelFeed. A feed's content is uploaded first (feedDocuments.ts); its result document is read after
 * the feed is DONE (or FATAL: Amazon may still leave a report saying why).
 *
 * createFeed is not repeated once it may have reached Amazon (a second feed would apply the same changes
 * twice and spend the quota twice): a lost answer ends in an "outcome unknown" error, and the caller
 * reads `getFeeds` for a feed of that document before submitting again. It counts against the feed
 * budget (feedBudget.ts), waited for at most the call's cap.
 */
import type { AmazonClient, CallOptions } from '../client.ts';
import { refuse } from '../listings/listingsItems.ts';
import { processingListQuery, type ProcessingListFilters } from '../processingListQuery.ts';
import { feedTypeQuotas } from './feedBudget.ts';
import {
  createFeedResponse,
  createFeedSpecification,
  feed,
  getFeedsResponse,
  type CreateFeedSpecification,
  type Feed,
  type GetFeedsResponse,
} from './schemasFeeds.ts';

const FEEDS = '/feeds/2021-06-30/feeds';
const feedPath = (feedId: string) => `${FEEDS}/${encodeURIComponent(feedId)}`;

function issues(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

/** Submits a feed whose content was uploaded; answers its id. Default marketplaces: the connection's. */
export async function createFeed(
  client: AmazonClient,
  spec: Omit<CreateFeedSpecification, 'marketplaceIds'> & { marketplaceIds?: string[] },
  options: CallOptions = {},
): Promise<string> {
  const parsed = createFeedSpecification.safeParse({
    ...spec,
    marketplaceIds: spec.marketplaceIds ?? [...client.marketplaceIds],
  });
  if (!parsed.success) throw refuse('createFeed', issues(parsed.error));
  const { data } = await client.call(
    {
      operation: 'feeds.createFeed',
      path: FEEDS,
      body: parsed.data,
      schema: createFeedResponse,
      idempotent: false,
      quotas: feedTypeQuotas(parsed.data.feedType),
    },
    options,
  );
  return data.feedId;
}

export async function getFeed(
  client: AmazonClient,
  feedId: string,
  options: CallOptions = {},
): Promise<Feed> {
  const { data } = await client.call(
    { operation: 'feeds.getFeed', path: feedPath(feedId), schema: feed },
    options,
  );
  return data;
}

/** getFeeds' filters: 1–10 feed types (Amazon requires them on a first page) and the shared ones. */
export interface GetFeedsFilters extends ProcessingListFilters {
  feedTypes: string[];
}

/**
 * One page of feeds. A `nextToken` goes alone: Amazon refuses it with any filter (the token carries the
 * first page's filters).
 */
export async function getFeeds(
  client: AmazonClient,
  page: GetFeedsFilters | { nextToken: string },
  options: CallOptions = {},
): Promise<GetFeedsResponse> {
  const query = processingListQuery(
    'getFeeds',
    'feedTypes',
    'nextToken' in page ? page : { ...page, types: page.feedTypes },
  );
  const { data } = await client.call(
    { operation: 'feeds.getFeeds', path: FEEDS, query, schema: getFeedsResponse },
    options,
  );
  return data;
}

/** Every feed matching `filters`, page after page. */
export async function* getAllFeeds(
  client: AmazonClient,
  filters: GetFeedsFilters,
  options: CallOptions = {},
): AsyncGenerator<Feed> {
  let page = await getFeeds(client, filters, options);
  for (;;) {
    yield* page.feeds;
    if (!page.nextToken) return;
    page = await getFeeds(client, { nextToken: page.nextToken }, options);
  }
}

/**
 * Cancels a feed that is still IN_QUEUE (Amazon refuses once processing started). Repeating it is
 * harmless: a cancelled feed stays cancelled.
 */
export async function cancelFeed(
  client: AmazonClient,
  feedId: string,
  options: CallOptions = {},
): Promise<void> {
  await client.call({ operation: 'feeds.cancelFeed', path: feedPath(feedId), idempotent: true }, options);
}
