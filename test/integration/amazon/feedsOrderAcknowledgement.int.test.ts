/**
 * POST_ORDER_ACKNOWLEDGEMENT_DATA through the client against the emulator: the XML built by the client,
 * uploaded as `text/xml; charset=UTF-8`, processed, and its XML processing report read back onto the
 * orders — a NoInventory cancellation (no restock), a cancellation that puts the units back on the
 * listing, and one sent after a shipment, which refunds the whole order as Amazon warns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFeed, getFeed } from '../../../src/amazon/feeds/feeds.ts';
import {
  CONTENT_TYPES,
  downloadFeedDocument,
  uploadFeedContent,
} from '../../../src/amazon/feeds/feedDocuments.ts';
import {
  buildOrderAcknowledgementFeed,
  type CancelReason,
} from '../../../src/amazon/feeds/orderAcknowledgementFeed.ts';
import { readXmlProcessingReport } from '../../../src/amazon/feeds/xmlProcessingReport.ts';
import { confirmShipment } from '../../../src/amazon/orders/confirmShipment.ts';
import { startFeedsIntegration, untilFeedEnds } from './feedsKit.ts';
import { confirmation, placeTwoLineOrder, US, type AmazonIntegration, type Json } from './kit.ts';
import { APPLY, simListing } from './listingsKit.ts';

let env: AmazonIntegration | undefined;
afterEach(async () => {
  await env?.finish();
  env = undefined;
});

/** Cancels the order's first item (two headphones) for `reason`; answers the report read onto the order. */
async function cancelFirstItem(order: Json, reason: CancelReason) {
  const document = buildOrderAcknowledgementFeed(env!.client.sellingPartnerId, [
    {
      record: order.orderId as string,
      amazonOrderId: order.orderId as string,
      items: [{ amazonOrderItemCode: order.items[0].orderItemId as string, cancelReason: reason }],
    },
  ]);
  const feedDocumentId = await uploadFeedContent(env!.client, document.content, CONTENT_TYPES.xml);
  const feedId = await createFeed(env!.client, {
    feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
    inputFeedDocumentId: feedDocumentId,
    marketplaceIds: [US],
  });
  const feed = await untilFeedEnds(env!, feedId);
  expect(feed.processingStatus).toBe('DONE');
  const xml = await downloadFeedDocument(env!.client, feed.resultFeedDocumentId!);
  return readXmlProcessingReport(xml, document.messages);
}

const quantity = async (sku: string) => {
  env!.advanceEmulatorClock(APPLY);
  return ((await simListing(env!, sku)) as Json).quantity as number;
};

describe('order acknowledgements (seller cancellations) through the client', () => {
  it('NoInventory cancels the item and puts nothing back on the listing', async () => {
    env = await startFeedsIntegration();
    const order = await placeTwoLineOrder(env);
    const before = await quantity('DEMO-HP');
    const read = await cancelFirstItem(order, 'NoInventory');
    expect(read.report.statusCode).toBe('Complete');
    expect(read.messages).toEqual([
      { messageId: 1, record: order.orderId, amazonOrderId: order.orderId, status: 'SUCCESS', results: [] },
    ]);
    const view = await env.sim('GET', `/_sim/orders/${order.orderId}`);
    expect(view.items[0].cancelled).toMatchObject({ quantity: 2 });
    expect(view.refund).toBeNull();
    expect(await quantity('DEMO-HP')).toBe(before);
  });

  it('another reason cancels the item and restocks its units', async () => {
    env = await startFeedsIntegration();
    const order = await placeTwoLineOrder(env);
    const before = await quantity('DEMO-HP');
    const read = await cancelFirstItem(order, 'CustomerExchange');
    expect(read.messages[0]!.status).toBe('SUCCESS');
    expect((await env.sim('GET', `/_sim/orders/${order.orderId}`)).items[0].cancelled).toMatchObject({
      quantity: 2,
    });
    expect(await quantity('DEMO-HP')).toBe(before + 2);
  });

  it('sent after a shipment, it refunds the whole order (what a connector must never do)', async () => {
    env = await startFeedsIntegration();
    const order = await placeTwoLineOrder(env);
    await confirmShipment(env.client, order.orderId, confirmation(order, '1', [[1, 1]]));
    await cancelFirstItem(order, 'NoInventory');
    const view = await env.sim('GET', `/_sim/orders/${order.orderId}`);
    // The whole order — the shipped keyboard too, not just the headphones the feed named.
    expect(view.refund).toMatchObject({ amount: view.grandTotal, reason: 'NoInventory' });
    expect(view.items[0].cancelled).toBeUndefined();
    expect(view.items[1].quantityShipped).toBe(1);
    // The feed itself is no evidence: only the order shows what happened.
    expect(
      (await getFeed(env.client, (await env.sim('GET', '/_sim/feeds')).feeds[0].feedId)).processingStatus,
    ).toBe('DONE');
  });
});
