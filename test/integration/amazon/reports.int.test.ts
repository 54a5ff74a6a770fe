/**
 * Reports through the client against the emulator: 100,000 listings (created by the client's own
 * listings feeds) come back in one GET_MERCHANT_LISTINGS_ALL_DATA report, read row by row in bounded
 * memory — the reader never holds more than a chunk ahead of the row it yields, measured in bytes pulled
 * from the wire against bytes consumed as rows — and decoded from Cp1252. Also getReports' filters and
 * a cancelled report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildListingsFeeds,
  type ListingsFeedMessage,
} from '../../../src/amazon/feeds/listingsFeedBuilder.ts';
import { textLines } from '../../../src/amazon/documentStream.ts';
import { merchantListings, merchantListingsFromLines } from '../../../src/amazon/reports/merchantListings.ts';
import {
  cancelReport,
  createReport,
  getReport,
  getReports,
  openReportDocument,
} from '../../../src/amazon/reports/reports.ts';
import { startFeedsIntegration, submitListingsFeed, untilFeedEnds, untilReportEnds } from './feedsKit.ts';
import { US, type AmazonIntegration } from './kit.ts';
import { APPLY, offerOnly } from './listingsKit.ts';

let env: AmazonIntegration | undefined;
afterEach(async () => {
  await env?.finish();
  env = undefined;
});

const LISTINGS = 100_000;
const MiB = 1024 * 1024;

async function createListings(count: number): Promise<void> {
  const entries = Array.from({ length: count }, (_, i) => ({
    record: i,
    message: {
      operationType: 'UPDATE',
      sku: `LIST-${i}`,
      productType: 'KEYBOARDS',
      requirements: 'LISTING_OFFER_ONLY',
      attributes: offerOnly('B0DEMO0020', 10 + (i % 90), i % 7),
    } as ListingsFeedMessage,
  }));
  const { documents } = buildListingsFeeds({ sellerId: env!.client.sellingPartnerId }, entries);
  const feedIds: string[] = [];
  for (const document of documents)
    feedIds.push(await submitListingsFeed(env!, document, { marketplaceIds: [US] }));
  for (const feedId of feedIds) expect((await untilFeedEnds(env!, feedId)).processingStatus).toBe('DONE');
  env!.advanceEmulatorClock(APPLY);
}

describe('reports through the client', () => {
  it('100,000 listings in one merchant listings report, read row by row in bounded memory', async () => {
    // Not gzipped, so the bytes pulled from the wire are the report's own bytes.
    env = await startFeedsIntegration({ emulator: { processing: { gzipAboveBytes: 1024 * MiB } } });
    await createListings(LISTINGS);
    const reportId = await createReport(env.client, {
      reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA',
      marketplaceIds: [US],
    });
    const done = await untilReportEnds(env, reportId);
    expect(done.processingStatus).toBe('DONE');
    const { response } = await openReportDocument(env.client, done.reportDocumentId!);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=Cp1252');

    let pulled = 0;
    let consumed = 0;
    let mostAhead = 0;
    const counting = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const counted = new Response(response.body!.pipeThrough(counting), { headers: response.headers });
    async function* measured(lines: AsyncIterable<string>) {
      for await (const line of lines) {
        consumed += line.length + 1; // Cp1252: a byte a character, and the LF
        mostAhead = Math.max(mostAhead, pulled - consumed);
        yield line;
      }
    }
    let rows = 0;
    let bad = 0;
    const skus = new Set<string>();
    for await (const row of merchantListingsFromLines(measured(textLines(counted)))) {
      if (!row.ok) bad++;
      else if (row.listing.sku.startsWith('LIST-')) {
        rows++;
        if (rows % 10_000 === 1) skus.add(row.listing.sku);
        expect(row.listing).toMatchObject({ asin: 'B0DEMO0020', fulfillmentChannel: 'DEFAULT' });
      }
    }
    expect(bad).toBe(0);
    expect(rows).toBe(LISTINGS);
    expect(pulled).toBeGreaterThan(10 * MiB);
    expect(mostAhead).toBeLessThan(MiB); // never more than a chunk or so ahead of the rows
    expect(skus.size).toBe(10);
  });

  it('a listing’s price, quantity and status as the report states them, decoded from Cp1252', async () => {
    env = await startFeedsIntegration();
    await createListings(3);
    const reportId = await createReport(env.client, {
      reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA',
      marketplaceIds: [US],
    });
    const done = await untilReportEnds(env, reportId);
    const { document, response } = await openReportDocument(env.client, done.reportDocumentId!);
    const found = new Map<string, object>();
    for await (const row of merchantListings(response, {
      compressionAlgorithm: document.compressionAlgorithm,
    }))
      if (row.ok) found.set(row.listing.sku, row.listing);
    expect(found.get('LIST-1')).toMatchObject({
      sku: 'LIST-1',
      asin: 'B0DEMO0020',
      price: expect.stringMatching(/^11(\.00?)?$/),
      quantity: 1,
    });
    expect(found.get('LIST-2')).toMatchObject({ quantity: 2, fulfillmentChannel: 'DEFAULT' });
  });

  it('lists reports by type and status, and cancels one still IN_QUEUE', async () => {
    // Queued for an hour of the emulator's clock, which the test moves on itself: on a loaded machine
    // the kit's 100-fold Amazon time would start a 1-second queue before the cancel reached it.
    env = await startFeedsIntegration({ emulator: { processing: { reportQueueMs: 3_600_000 } } });
    const first = await createReport(env.client, {
      reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA',
      marketplaceIds: [US],
    });
    await cancelReport(env.client, first);
    expect((await getReport(env.client, first)).processingStatus).toBe('CANCELLED');
    const second = await createReport(env.client, {
      reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA',
      marketplaceIds: [US],
    });
    env.advanceEmulatorClock(3_600_000);
    await untilReportEnds(env, second);
    const cancelled = await getReports(env.client, {
      reportTypes: ['GET_MERCHANT_LISTINGS_ALL_DATA'],
      processingStatuses: ['CANCELLED'],
    });
    expect(cancelled.reports.map((r) => r.reportId)).toEqual([first]);
    const done = await getReports(env.client, {
      reportTypes: ['GET_MERCHANT_LISTINGS_ALL_DATA'],
      processingStatuses: ['DONE'],
    });
    expect(done.reports.map((r) => r.reportId)).toEqual([second]);
  });
});
