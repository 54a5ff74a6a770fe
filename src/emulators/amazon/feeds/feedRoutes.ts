// Feeds API 2021-06-30: createFeedDocument (an upload URL on the emulator itself, 5 minutes), createFeed
// (the usage plan is metered by the gate; JSON_LISTINGS_FEED also by its 5-per-5-minutes quota), getFeed,
// getFeeds, cancelFeed (only while IN_QUEUE) and getFeedDocument (a download URL; GZIP when stored
// compressed). Requests are checked against the model first. Processing itself is feedProcessor.ts's.
import type { Context, Hono } from 'hono';
import type { DocumentStore } from '../documents/documentStore.ts';
import { downloadLink } from '../documents/downloadLink.ts';
import { listPage } from '../documents/processingList.ts';
import { URL_LIFE_MS, type UrlSigner } from '../documents/presignedUrls.ts';
import { checkAgainstModel } from '../model/checkAgainstModel.ts';
import type { EmulatorContext } from '../options.ts';
import { invalidInput, INVALID_INPUT_MESSAGE, notFound, quotaExceeded, SpApiError } from '../spApiErrors.ts';
import type { FeedStore } from './feedStore.ts';
import type { FeedLane, StoredFeed } from './feedTypes.ts';
import { feedView } from './feedView.ts';
import type { ListingsFeedQuota } from './listingsFeedQuota.ts';
import type { EmulatorStats } from '../stats.ts';

const MODEL = 'feeds_2021-06-30';

export interface FeedRouteDeps {
  ctx: EmulatorContext;
  feeds: FeedStore;
  documents: DocumentStore;
  signer: UrlSigner;
  quota: ListingsFeedQuota;
  /** A quota refusal is a throttled call like a usage plan's, for `/_sim/stats`. */
  stats: EmulatorStats;
}

/** Order feeds run in their own lane: they do not wait behind product feeds. */
const laneOf = (feedType: string): FeedLane =>
  /^POST_(FLAT_FILE_)?(ORDER|PAYMENT|INVOICE|EXPECTED_SHIP)/.test(feedType) ? 'orders' : 'listings';

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw invalidInput({ message: INVALID_INPUT_MESSAGE, details: 'The body is not valid JSON.' });
  }
}

export function mountFeedRoutes(app: Hono, deps: FeedRouteDeps): void {
  const { ctx, feeds, documents, signer } = deps;
  const base = '/feeds/2021-06-30';
  const origin = (c: Context) => new URL(c.req.url).origin;
  const ownFeed = (feedId: string): StoredFeed => {
    const feed = feeds.get(feedId);
    if (!feed || feed.sellerId !== ctx.sellerId) throw notFound('Feed not found.', `feedId ${feedId}`);
    return feed;
  };

  app.post(`${base}/documents`, async (c) => {
    const body = await readJson(c);
    checkAgainstModel(c, `${MODEL}:createFeedDocument`, {}, body);
    const { contentType } = body as { contentType: string };
    const now = ctx.now();
    const doc = ctx.tables.atomically(() => documents.createSlot(contentType, now, now + URL_LIFE_MS));
    const url = signer.sign(
      origin(c),
      { method: 'PUT', kind: 'feeds', documentId: doc.documentId },
      doc.uploadUntil!,
    );
    return c.json({ feedDocumentId: doc.documentId, url }, 201);
  });

  app.post(`${base}/feeds`, async (c) => {
    const body = await readJson(c);
    checkAgainstModel(c, `${MODEL}:createFeed`, {}, body);
    const spec = body as {
      feedType: string;
      marketplaceIds: string[];
      inputFeedDocumentId: string;
      feedOptions?: Record<string, string>;
    };
    const known = ctx.catalogue.marketplaces.map((m) => m.id);
    const problems = spec.marketplaceIds
      .filter((m) => !known.includes(m))
      .map((m) => `Invalid marketplaceId: ${m}.`);
    const input = documents.get(spec.inputFeedDocumentId);
    if (!input || input.kind !== 'feeds' || input.uploadUntil === undefined)
      problems.push(`Invalid inputFeedDocumentId: ${spec.inputFeedDocumentId}.`);
    if (problems.length > 0)
      throw invalidInput(...problems.map((details) => ({ message: INVALID_INPUT_MESSAGE, details })));
    if (
      spec.feedType === 'JSON_LISTINGS_FEED' &&
      !deps.quota.take(ctx.sellerId, ctx.catalogue.seller.region)
    ) {
      deps.stats.throttle('createFeed');
      return quotaExceeded(c);
    }
    const feed = ctx.tables.atomically(() => {
      const seq = feeds.nextSeq();
      const created: StoredFeed = {
        feedId: String(50_000_000_000 + seq),
        seq,
        sellerId: ctx.sellerId,
        feedType: spec.feedType,
        marketplaceIds: spec.marketplaceIds,
        inputFeedDocumentId: spec.inputFeedDocumentId,
        ...(spec.feedOptions && { feedOptions: spec.feedOptions }),
        lane: laneOf(spec.feedType),
        status: 'IN_QUEUE',
        createdTime: ctx.now(),
      };
      feeds.put(created);
      return created;
    });
    return c.json({ feedId: feed.feedId }, 202);
  });

  app.get(`${base}/feeds`, (c) => {
    checkAgainstModel(c, `${MODEL}:getFeeds`, {});
    const mine = feeds
      .all()
      .filter((f) => f.sellerId === ctx.sellerId)
      .map((f) => ({ ...f, type: f.feedType }));
    const { page, nextToken } = listPage(new URL(c.req.url).searchParams, 'feedTypes', mine, ctx.now());
    return c.json({ feeds: page.map(feedView), ...(nextToken && { nextToken }) });
  });

  app.get(`${base}/feeds/:feedId`, (c) => {
    const feedId = c.req.param('feedId');
    checkAgainstModel(c, `${MODEL}:getFeed`, { feedId });
    return c.json(feedView(ownFeed(feedId)));
  });

  app.delete(`${base}/feeds/:feedId`, (c) => {
    const feedId = c.req.param('feedId');
    checkAgainstModel(c, `${MODEL}:cancelFeed`, { feedId });
    const feed = ownFeed(feedId);
    if (feed.status !== 'IN_QUEUE')
      throw new SpApiError(400, {
        code: 'InvalidInput',
        message: INVALID_INPUT_MESSAGE,
        details: `Feed ${feedId} is ${feed.status}: only feeds with processingStatus IN_QUEUE can be cancelled.`,
      });
    ctx.tables.atomically(() => feeds.put({ ...feed, status: 'CANCELLED' }));
    return c.body(null, 200);
  });

  app.get(`${base}/documents/:feedDocumentId`, (c) => {
    const feedDocumentId = c.req.param('feedDocumentId');
    checkAgainstModel(c, `${MODEL}:getFeedDocument`, { feedDocumentId });
    const doc = documents.get(feedDocumentId);
    if (!doc || doc.kind !== 'feeds')
      throw notFound('Feed document not found.', `feedDocumentId ${feedDocumentId}`);
    return c.json({ feedDocumentId: doc.documentId, ...downloadLink(c, signer, doc, ctx.now()) });
  });
}
