/**
 * JSON_LISTINGS_FEED through the client against the emulator: a 25,000-message feed built, uploaded,
 * processed and its report read back per message onto the caller's records; a feed split by size at
 * 10 MiB; the two unconfirmed shapes (4002006 FATAL for a wrong header version, 4002008 per message for
 * a message breaking its schema); a cancelled feed and one too late to cancel. Every request and answer
 * is checked against Amazon's models by the kit, and no 429 may occur.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cancelFeed, createFeed, getFeed, getFeeds } from '../../../src/amazon/feeds/feeds.ts';
import {
  CONTENT_TYPES,
  downloadFeedDocument,
  uploadFeedContent,
} from '../../../src/amazon/feeds/feedDocuments.ts';
import {
  buildListingsFeeds,
  MAX_BYTES,
  type ListingsFeedEntry,
  type ListingsFeedMessage,
} from '../../../src/amazon/feeds/listingsFeedBuilder.ts';
import { notProcessed, readListingsFeedReport } from '../../../src/amazon/feeds/listingsFeedReport.ts';
import { roundTrip, startFeedsIntegration, submitListingsFeed, untilFeedEnds } from './feedsKit.ts';
import { failure, US, type AmazonIntegration, type Json } from './kit.ts';
import { offerOnly } from './listingsKit.ts';

let env: AmazonIntegration | undefined;
afterEach(async () => {
  await env?.finish();
  env = undefined;
});

const offer = (sku: string, productType = 'KEYBOARDS'): ListingsFeedMessage => ({
  operationType: 'UPDATE',
  sku,
  productType,
  requirements: 'LISTING_OFFER_ONLY',
  attributes: offerOnly('B0DEMO0020', 19.99),
});

const quantityPatch = (
  sku: string,
  quantity: number,
): Extract<ListingsFeedMessage, { operationType: 'PATCH' }> => ({
  operationType: 'PATCH',
  sku,
  productType: 'HEADPHONES',
  patches: [
    {
      op: 'replace',
      path: '/attributes/fulfillment_availability',
      value: [{ fulfillment_channel_code: 'DEFAULT', quantity }],
    },
  ],
});

describe('JSON_LISTINGS_FEED through the client', () => {
  it('25,000 messages: built, uploaded, processed, and every message read back onto its record', async () => {
    env = await startFeedsIntegration();
    // A clean-up feed as a connector sends one: discontinued SKUs deleted, every 100th message a stock
    // update of a live listing, every 1,000th naming a product type Amazon does not know (INVALID,
    // 4000003). SKUs are distinct, as in a real feed.
    const entries: ListingsFeedEntry<{ row: number }>[] = Array.from({ length: 25_000 }, (_, i) => {
      let message: ListingsFeedMessage = { operationType: 'DELETE', sku: `GONE-${i}` };
      if (i % 100 === 0) message = quantityPatch(i % 200 ? 'DEMO-HP' : 'DEMO-KB', i % 50);
      if (i % 1000 === 999) message = { ...quantityPatch(`ODD-${i}`, 1), productType: 'NO_SUCH_TYPE' };
      return { record: { row: i }, message };
    });
    const { documents, refused } = buildListingsFeeds({ sellerId: env.client.sellingPartnerId }, entries);
    expect(refused).toEqual([]);
    expect(documents).toHaveLength(1);

    const { feed, outcome } = await roundTrip(env, documents[0]!);
    expect(feed.processingStatus).toBe('DONE');
    expect(outcome.feedId).toBe(feed.feedId);
    expect(outcome.messages).toHaveLength(25_000);
    const invalid = outcome.messages.filter((m) => m.status === 'INVALID');
    expect(invalid.map((m) => m.record.row)).toEqual(Array.from({ length: 25 }, (_, k) => k * 1000 + 999));
    expect(invalid.every((m) => m.issues.some((i) => i.code === '4000003'))).toBe(true);
    expect(outcome.messages.filter((m) => m.status === 'ACCEPTED')).toHaveLength(24_975);
    expect(outcome.summaryAgrees).toBe(true);
    expect(outcome.feedIssues).toEqual([]);
    // What the emulator made of each message is what the client derived from the report.
    const sim = await env.sim('GET', `/_sim/feeds/${feed.feedId}`);
    expect(sim.results.map((r: Json) => r.status)).toEqual(outcome.messages.map((m) => m.status));
  });

  it('splits a feed of more than 10 MiB in two, each within the limit, every message read back', async () => {
    env = await startFeedsIntegration();
    const note = 'Keyboard, described at length. '.repeat(60); // ~1.9 KB a message
    const entries = Array.from({ length: 6_000 }, (_, i) => ({
      record: `rec-${i}`,
      message: {
        ...offer(`BIG-${i}`),
        attributes: {
          ...offerOnly('B0DEMO0020', 19.99),
          product_description: [{ value: note, marketplace_id: US }],
        },
      } as ListingsFeedMessage,
    }));
    const { documents } = buildListingsFeeds({ sellerId: env.client.sellingPartnerId }, entries);
    expect(documents).toHaveLength(2);
    expect(documents.every((d) => d.bytes <= MAX_BYTES)).toBe(true);
    expect(documents[0]!.bytes).toBeGreaterThan(MAX_BYTES - 4096);
    const records: string[] = [];
    for (const document of documents) {
      const { feed, outcome } = await roundTrip(env, document);
      expect(feed.processingStatus).toBe('DONE');
      expect(outcome.summaryAgrees).toBe(true);
      records.push(...outcome.messages.map((m) => m.record));
    }
    expect(records).toEqual(entries.map((e) => e.record));
  });

  it('a wrong header version (4002006): FATAL, no message applied — every message NOT_PROCESSED', async () => {
    env = await startFeedsIntegration();
    const { documents } = buildListingsFeeds({ sellerId: env.client.sellingPartnerId }, [
      { record: 'a', message: quantityPatch('DEMO-HP', 3) },
      { record: 'b', message: quantityPatch('DEMO-KB', 4) },
    ]);
    const document = documents[0]!;
    const wrong = document.content.replace('"version":"2.0"', '"version":"1.0"');
    const feedDocumentId = await uploadFeedContent(env.client, wrong, CONTENT_TYPES.json);
    const feedId = await createFeed(env.client, {
      feedType: 'JSON_LISTINGS_FEED',
      inputFeedDocumentId: feedDocumentId,
      marketplaceIds: [US],
    });
    const feed = await untilFeedEnds(env, feedId);
    expect(feed.processingStatus).toBe('FATAL');
    // Amazon may or may not leave a report for a FATAL feed: the client reads both.
    const outcome = feed.resultFeedDocumentId
      ? readListingsFeedReport(await downloadFeedDocument(env.client, feed.resultFeedDocumentId), document)
      : notProcessed(document, 'the feed ended FATAL');
    expect(outcome.messages.map((m) => [m.record, m.status])).toEqual([
      ['a', 'NOT_PROCESSED'],
      ['b', 'NOT_PROCESSED'],
    ]);
    if (feed.resultFeedDocumentId) expect(outcome.feedIssues.map((i) => i.code)).toEqual(['4002006']);
  });

  it('a message breaking the message schema (4002008): that message INVALID, the others ACCEPTED', async () => {
    env = await startFeedsIntegration();
    const { documents } = buildListingsFeeds({ sellerId: env.client.sellingPartnerId }, [
      { record: 'a', message: quantityPatch('DEMO-HP', 3) },
      { record: 'b', message: quantityPatch('DEMO-KB', 4) },
    ]);
    const document = documents[0]!;
    // The second message loses its patches, as a hand-edited document might.
    const parsed = JSON.parse(document.content) as Json;
    delete parsed.messages[1].patches;
    const feedDocumentId = await uploadFeedContent(env.client, JSON.stringify(parsed), CONTENT_TYPES.json);
    const feedId = await createFeed(env.client, {
      feedType: 'JSON_LISTINGS_FEED',
      inputFeedDocumentId: feedDocumentId,
      marketplaceIds: [US],
    });
    const feed = await untilFeedEnds(env, feedId);
    expect(feed.processingStatus).toBe('DONE');
    const outcome = readListingsFeedReport(
      await downloadFeedDocument(env.client, feed.resultFeedDocumentId!),
      document,
    );
    expect(outcome.messages.map((m) => [m.record, m.status, m.issues.map((i) => i.code)])).toEqual([
      ['a', 'ACCEPTED', []],
      ['b', 'INVALID', ['4002008']],
    ]);
  });

  it('a report that asked for items, gzipped by Amazon, is gunzipped and its items attached', async () => {
    env = await startFeedsIntegration({ emulator: { processing: { gzipAboveBytes: 0 } } });
    const { documents } = buildListingsFeeds(
      {
        sellerId: env.client.sellingPartnerId,
        report: { includedData: ['issues', 'fulfillmentAvailability'] },
      },
      [{ record: 'hp', message: quantityPatch('DEMO-HP', 6) }],
    );
    const { outcome } = await roundTrip(env, documents[0]!);
    expect(outcome.messages[0]).toMatchObject({ record: 'hp', status: 'ACCEPTED', item: { sku: 'DEMO-HP' } });
  });

  it('cancels a feed still IN_QUEUE; a feed already processing cannot be cancelled', async () => {
    // Queued for an hour of the emulator's clock, which only the test moves on in big steps: a loaded
    // machine (the emulator's clock also runs with real time) cannot start the first feed before the
    // cancel reaches it.
    env = await startFeedsIntegration({ emulator: { processing: { feedQueueMs: 3_600_000 } } });
    const one = (sku: string) =>
      buildListingsFeeds({ sellerId: env!.client.sellingPartnerId }, [
        { record: sku, message: quantityPatch(sku, 1) },
      ]).documents[0]!;
    const first = await submitListingsFeed(env, one('DEMO-HP'), { marketplaceIds: [US] });
    await cancelFeed(env.client, first);
    expect((await getFeed(env.client, first)).processingStatus).toBe('CANCELLED');
    await cancelFeed(env.client, first).catch(() => undefined); // repeating it is harmless either way

    const second = await submitListingsFeed(env, one('DEMO-KB'), { marketplaceIds: [US] });
    for (let i = 0; i < 200 && (await getFeed(env.client, second)).processingStatus === 'IN_QUEUE'; i++)
      env.advanceEmulatorClock(60_000);
    expect((await getFeed(env.client, second)).processingStatus).not.toBe('IN_QUEUE');
    const refusal = await failure(cancelFeed(env.client, second));
    expect(refusal).toMatchObject({ kind: 'remote', context: { status: 400 } });
    expect((await untilFeedEnds(env, second)).processingStatus).toBe('DONE');

    const cancelled = await getFeeds(env.client, {
      feedTypes: ['JSON_LISTINGS_FEED'],
      processingStatuses: ['CANCELLED'],
    });
    expect(cancelled.feeds.map((f) => f.feedId)).toEqual([first]);
  });
});
