// Runs feeds through their lifecycle on the emulator's clock, lazily: `settle()` (called before every
// request) moves each feed as far as the time allows. A seller's feeds of one lane run one after another,
// as Amazon processes product feeds: a feed starts a queue delay after its creation but never before the
// previous one ended, so a big feed delays the next. At the start the document is read and processed (a
// listings feed's accepted messages then apply the engine's usual delay later); the feed ends after a base
// time plus a time per message — and, when the header asked for listings items in the report, not before
// those messages applied — and its result document is written then.
import type { DocumentStore } from '../documents/documentStore.ts';
import type { ListingsEngine } from '../listings/listingsEngine.ts';
import { childrenOf, renderListing } from '../listings/listingView.ts';
import type { SellerOffers } from '../listings/sellerOffers.ts';
import type { EmulatorContext } from '../options.ts';
import type { OrderStore } from '../orders/orderStore.ts';
import type { FeedStore } from './feedStore.ts';
import type { FeedOutcome, StoredFeed } from './feedTypes.ts';
import { processListingsFeed } from './listingsFeed.ts';
import { listingsProcessingReport } from './listingsFeedReport.ts';
import { processOrderAcknowledgements } from './orderAcknowledgementFeed.ts';
import type { ProcessingSettings } from './processingSettings.ts';
import { xmlProcessingReport } from './xmlProcessingReport.ts';

export interface FeedDeps {
  ctx: EmulatorContext;
  feeds: FeedStore;
  documents: DocumentStore;
  settings: ProcessingSettings;
  engine: ListingsEngine;
  orders: OrderStore;
  offers: SellerOffers;
}

export class FeedProcessor {
  constructor(private readonly deps: FeedDeps) {}

  settle(): void {
    const lanes = new Map<string, StoredFeed[]>();
    for (const feed of this.deps.feeds.all()) {
      const lane = `${feed.sellerId}|${feed.lane}`;
      lanes.set(lane, [...(lanes.get(lane) ?? []), feed]);
    }
    for (const feeds of lanes.values()) this.settleLane(feeds);
  }

  private settleLane(feeds: StoredFeed[]): void {
    const { ctx, settings } = this.deps;
    const now = ctx.now();
    let free = -Infinity;
    for (let feed of feeds) {
      if (feed.status === 'CANCELLED') continue;
      if (feed.status === 'DONE' || feed.status === 'FATAL') {
        free = Math.max(free, feed.processingEndTime ?? feed.createdTime);
        continue;
      }
      if (feed.status === 'IN_QUEUE') {
        const startAt = Math.max(feed.createdTime + ctx.scaled(settings.get().feedQueueMs), free);
        if (now < startAt) return;
        feed = this.start(feed, startAt);
      }
      if (now < feed.plannedEndTime!) return;
      free = this.finish(feed).processingEndTime!;
    }
  }

  private start(feed: StoredFeed, at: number): StoredFeed {
    const { ctx, documents, engine, feeds, settings } = this.deps;
    const input = documents.get(feed.inputFeedDocumentId);
    const content = input && documents.bytes(input);
    let outcome: FeedOutcome;
    if (feed.feedType === 'JSON_LISTINGS_FEED')
      outcome = processListingsFeed(
        { feedId: feed.feedId, sellerId: feed.sellerId, marketplaceIds: feed.marketplaceIds, content, at },
        engine,
      );
    else if (feed.feedType === 'POST_ORDER_ACKNOWLEDGEMENT_DATA')
      outcome = processOrderAcknowledgements(feed.feedId, content, at, this.deps);
    // Legacy listings feeds are FATAL on Amazon since 2025-07-31; other types are not emulated.
    else outcome = { feedId: feed.feedId, fatal: true, feedIssues: [], messages: [] };
    feeds.putOutcome(outcome);
    const timing = settings.get();
    let end = at + ctx.scaled(timing.feedBaseMs + timing.feedPerMessageMs * outcome.messages.length);
    if (outcome.report && outcome.messages.some((m) => m.status === 'ACCEPTED'))
      end = Math.max(end, at + ctx.scaled(engine.timing.applyDelayMs));
    const started: StoredFeed = {
      ...feed,
      status: 'IN_PROGRESS',
      processingStartTime: at,
      plannedEndTime: end,
      messageCount: outcome.messages.length,
    };
    feeds.put(started);
    return started;
  }

  private finish(feed: StoredFeed): StoredFeed {
    const { ctx, documents, engine, feeds, settings } = this.deps;
    const outcome = feeds.outcome(feed.feedId)!;
    const end = feed.plannedEndTime!;
    const gzipAbove = settings.get().gzipAboveBytes;
    let result: string | undefined;
    if (feed.feedType === 'JSON_LISTINGS_FEED') {
      const children = childrenOf(engine, feed.sellerId);
      const report = listingsProcessingReport(feed, outcome, (sku, includedData) => {
        const listing = engine.get(feed.sellerId, sku);
        return listing && renderListing(ctx, listing, feed.marketplaceIds, includedData, children);
      });
      result = documents.write(
        'feeds',
        'application/json',
        Buffer.from(JSON.stringify(report)),
        end,
        gzipAbove,
      ).documentId;
    } else if (feed.feedType === 'POST_ORDER_ACKNOWLEDGEMENT_DATA') {
      const xml = xmlProcessingReport(feed.feedId, outcome, outcome.merchantIdentifier ?? feed.sellerId);
      result = documents.write('feeds', 'text/xml', Buffer.from(xml), end, gzipAbove).documentId;
    }
    const { plannedEndTime: _planned, ...rest } = feed;
    const finished: StoredFeed = {
      ...rest,
      status: outcome.fatal ? 'FATAL' : 'DONE',
      processingEndTime: end,
      ...(result && { resultFeedDocumentId: result }),
    };
    feeds.put(finished);
    return finished;
  }
}
