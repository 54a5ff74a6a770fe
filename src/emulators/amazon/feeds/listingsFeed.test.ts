/**
 * JSON_LISTINGS_FEED on the emulator: messages go through the listings engine (same checks and issues as
 * the Listings Items API, same delay before they show), the processing report is valid against Amazon's
 * schema and derives INVALID / ACCEPTED per message, a message breaking the message schema is INVALID
 * with 4002008, a header of another version makes the feed FATAL with 4002006, and
 * `header.report.includedData` adds the items with their issues.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  startAmazonTestEmulator,
  type AmazonTestKit,
  type Json,
} from '../../../../test/support/amazonEmulatorTestKit.ts';
import {
  download,
  JSON_TYPE,
  listingsFeed,
  QUICK_PROCESSING,
  submitFeed,
  untilProcessed,
  US,
} from '../../../../test/support/amazonFeedsKit.ts';
import { reportProblems } from './listingsFeedSchemas.ts';

let kit: AmazonTestKit;
afterEach(() => {
  kit?.expectNoViolations();
  kit?.close();
});

const start = () => {
  kit = startAmazonTestEmulator({ seed: 'none', processing: QUICK_PROCESSING });
  return kit.emulator.context.sellerId;
};

const pricePatch = (messageId: number, sku: string, price: number) => ({
  messageId,
  sku,
  operationType: 'PATCH',
  productType: 'HEADPHONES',
  patches: [
    {
      op: 'replace',
      path: '/attributes/purchasable_offer',
      value: [
        {
          marketplace_id: US,
          currency: 'USD',
          audience: 'ALL',
          our_price: [{ schedule: [{ value_with_tax: price }] }],
        },
      ],
    },
  ],
});

async function report(feed: Json): Promise<Json> {
  const { plain } = await download(kit, `/feeds/2021-06-30/documents/${feed.resultFeedDocumentId}`);
  const body = JSON.parse(plain.toString('utf8'));
  expect(reportProblems(body)).toEqual([]);
  return body;
}

describe('JSON_LISTINGS_FEED', () => {
  it('processes messages through the listings engine and reports each one', async () => {
    const sellerId = start();
    const feedId = await submitFeed(
      kit,
      'JSON_LISTINGS_FEED',
      JSON_TYPE,
      listingsFeed(sellerId, [
        pricePatch(1, 'DEMO-HP', 44.44),
        {
          messageId: 2,
          sku: 'DEMO-HP',
          operationType: 'PARTIAL_UPDATE',
          productType: 'HEADPHONES',
          attributes: { fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }] },
        },
        { ...pricePatch(3, 'NEW-SKU', 10), productType: 'NO_SUCH_TYPE' },
        { messageId: 4, sku: 'DEMO-HP', productType: 'HEADPHONES' },
      ]),
    );
    expect((await kit.sim('GET', `/_sim/feeds/${feedId}`)).body.status).toBe('IN_QUEUE');
    const feed = await untilProcessed(kit, feedId);
    expect(feed).toMatchObject({ processingStatus: 'DONE', feedType: 'JSON_LISTINGS_FEED' });
    expect(feed.processingStartTime).toBeDefined();
    const body = await report(feed);
    expect(body.header).toEqual({ sellerId, version: '2.0', feedId });
    expect(body.summary).toEqual({
      errors: 2,
      warnings: 0,
      messagesProcessed: 4,
      messagesAccepted: 2,
      messagesInvalid: 2,
    });
    expect(body.issues.map((i: Json) => [i.messageId, i.code])).toEqual([
      [3, '4000003'],
      [4, '4002008'],
    ]);

    // Accepted is not yet live: the engine's apply delay (5 minutes) runs from the feed's start.
    kit.clock.advance(5 * 60_000);
    const view = (await kit.sim('GET', `/_sim/listings?marketplaceId=${US}`)).body.listings.find(
      (l: Json) => l.sku === 'DEMO-HP',
    );
    expect(view).toMatchObject({ price: 44.44, quantity: 7 });
    const sim = (await kit.sim('GET', `/_sim/feeds/${feedId}`)).body;
    expect(sim.results.map((r: Json) => r.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'INVALID', 'INVALID']);
    expect(sim.messages).toHaveLength(4);
  });

  it('makes a feed of another header version FATAL with 4002006', async () => {
    const sellerId = start();
    const feedId = await submitFeed(
      kit,
      'JSON_LISTINGS_FEED',
      JSON_TYPE,
      JSON.stringify({ header: { sellerId, version: '1.0' }, messages: [pricePatch(1, 'DEMO-HP', 1)] }),
    );
    const feed = await untilProcessed(kit, feedId);
    expect(feed.processingStatus).toBe('FATAL');
    const body = await report(feed);
    expect(body.issues).toEqual([expect.objectContaining({ code: '4002006', severity: 'ERROR' })]);
    expect(body.summary.messagesProcessed).toBe(0);
  });

  it('makes an unreadable document FATAL', async () => {
    start();
    const feed = await untilProcessed(
      kit,
      await submitFeed(kit, 'JSON_LISTINGS_FEED', JSON_TYPE, 'not json'),
    );
    expect(feed.processingStatus).toBe('FATAL');
  });

  it('adds the changed items with their issues when the header asks for them', async () => {
    const sellerId = start();
    const feedId = await submitFeed(
      kit,
      'JSON_LISTINGS_FEED',
      JSON_TYPE,
      listingsFeed(sellerId, [pricePatch(1, 'DEMO-HP', 45.45)], {
        report: { includedData: ['issues', 'offers'], apiVersion: '2021-08-01' },
      }),
    );
    const body = await report(await untilProcessed(kit, feedId));
    expect(body.items).toHaveLength(1);
    expect(body.items[0].sku).toBe('DEMO-HP');
    expect(body.items[0].offers[0].price.amount).toBe('45.45');
    expect(body.summary.itemSummary).toEqual({ items: 1, errors: 0, warnings: 0 });
  });
});
