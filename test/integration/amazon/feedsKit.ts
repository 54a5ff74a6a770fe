/**
 * Feed helpers for the client ↔ emulator tests: an emulator whose feeds and reports take seconds of
 * Amazon time instead of minutes, the whole client path of a listings feed (build, createFeedDocument,
 * upload, createFeed), and waiting for a feed or report by polling through the client while the
 * emulator's clock is moved forward — tests never sleep and never assert wall-clock times.
 */
import { createFeed, getFeed } from '../../../src/amazon/feeds/feeds.ts';
import {
  CONTENT_TYPES,
  downloadFeedDocument,
  uploadFeedContent,
} from '../../../src/amazon/feeds/feedDocuments.ts';
import type { ListingsFeedDocument } from '../../../src/amazon/feeds/listingsFeedBuilder.ts';
import { readListingsFeedReport } from '../../../src/amazon/feeds/listingsFeedReport.ts';
import type { Feed } from '../../../src/amazon/feeds/schemasFeeds.ts';
import { getReport } from '../../../src/amazon/reports/reports.ts';
import type { Report } from '../../../src/amazon/reports/schemasReports.ts';
import type { CallOptions } from '../../../src/amazon/client.ts';
import { startAmazonIntegration, type AmazonIntegration, type IntegrationOptions } from './kit.ts';

/** Amazon milliseconds (scaled by the kit's time scale): a feed starts after 1 s and takes 2 s + 1 ms a message. */
export const QUICK_PROCESSING = {
  feedQueueMs: 1_000,
  feedBaseMs: 2_000,
  feedPerMessageMs: 1,
  reportQueueMs: 1_000,
  reportBaseMs: 2_000,
  reportPerThousandRowsMs: 10,
};

export function startFeedsIntegration(options: IntegrationOptions = {}): Promise<AmazonIntegration> {
  return startAmazonIntegration({
    ...options,
    emulator: { ...options.emulator, processing: { ...QUICK_PROCESSING, ...options.emulator?.processing } },
  });
}

const TERMINAL = ['DONE', 'FATAL', 'CANCELLED'];

/** Polls getFeed through the client, moving the emulator's clock 500 ms between polls, until it ends. */
export async function untilFeedEnds(env: AmazonIntegration, feedId: string, maxPolls = 2_000): Promise<Feed> {
  for (let i = 0; i < maxPolls; i++) {
    const feed = await getFeed(env.client, feedId);
    if (TERMINAL.includes(feed.processingStatus)) return feed;
    env.advanceEmulatorClock(500);
  }
  throw new Error(`feed ${feedId} did not end after ${maxPolls} polls`);
}

export async function untilReportEnds(
  env: AmazonIntegration,
  reportId: string,
  maxPolls = 2_000,
): Promise<Report> {
  for (let i = 0; i < maxPolls; i++) {
    const report = await getReport(env.client, reportId);
    if (TERMINAL.includes(report.processingStatus)) return report;
    env.advanceEmulatorClock(500);
  }
  throw new Error(`report ${reportId} did not end after ${maxPolls} polls`);
}

/** The client's whole path for one listings feed document: upload, submit; answers the feed id. */
export async function submitListingsFeed<R>(
  env: AmazonIntegration,
  document: ListingsFeedDocument<R>,
  options: CallOptions & { marketplaceIds?: string[] } = {},
): Promise<string> {
  // The slot and the cap are createFeed's: the document's upload has its own, ample plan.
  const { slot: _slot, maxWaitMs: _cap, ...uploadOptions } = options;
  const feedDocumentId = await uploadFeedContent(
    env.client,
    document.content,
    CONTENT_TYPES.json,
    uploadOptions,
  );
  return createFeed(
    env.client,
    {
      feedType: 'JSON_LISTINGS_FEED',
      inputFeedDocumentId: feedDocumentId,
      marketplaceIds: options.marketplaceIds,
    },
    options,
  );
}

/** Submits, waits, downloads and reads the report back onto the document's messages. */
export async function roundTrip<R>(env: AmazonIntegration, document: ListingsFeedDocument<R>) {
  const feedId = await submitListingsFeed(env, document, { marketplaceIds: ['ATVPDKIKX0DER'] });
  const feed = await untilFeedEnds(env, feedId);
  if (!feed.resultFeedDocumentId)
    throw new Error(`feed ${feedId} ended ${feed.processingStatus} with no report`);
  const text = await downloadFeedDocument(env.client, feed.resultFeedDocumentId);
  return { feed, text, outcome: readListingsFeedReport(text, document) };
}
