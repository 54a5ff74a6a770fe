/**
 * POST_ORDER_ACKNOWLEDGEMENT_DATA on the emulator: Failure cancels the listed items (restocking them
 * unless the reason is NoInventory) or, with no item listed, the whole order; sent after a unit shipped it
 * refunds the whole order; an unknown order is a Result with an error; the XML processing report carries
 * the summary counts.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startAmazonTestEmulator,
  type AmazonTestKit,
  type Json,
} from '../../../../test/support/amazonEmulatorTestKit.ts';
import {
  download,
  QUICK_PROCESSING,
  submitFeed,
  untilProcessed,
  US,
  XML_TYPE,
} from '../../../../test/support/amazonFeedsKit.ts';

let kit: AmazonTestKit;
afterEach(() => {
  kit?.expectNoViolations();
  kit?.close();
});

interface Ack {
  orderId: string;
  items?: { orderItemId: string; reason?: string }[];
}

function acknowledgements(acks: Ack[]): string {
  return new XMLBuilder({ ignoreAttributes: false }).build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    AmazonEnvelope: {
      Header: { DocumentVersion: '1.01', MerchantIdentifier: 'DEMO-MERCHANT' },
      MessageType: 'OrderAcknowledgement',
      Message: acks.map((ack, i) => ({
        MessageID: i + 1,
        OrderAcknowledgement: {
          AmazonOrderID: ack.orderId,
          StatusCode: 'Failure',
          ...(ack.items && {
            Item: ack.items.map((item) => ({
              AmazonOrderItemCode: item.orderItemId,
              ...(item.reason && { CancelReason: item.reason }),
            })),
          }),
        },
      })),
    },
  }) as string;
}

async function send(acks: Ack[]): Promise<Json> {
  const feed = await untilProcessed(
    kit,
    await submitFeed(kit, 'POST_ORDER_ACKNOWLEDGEMENT_DATA', XML_TYPE, acknowledgements(acks)),
  );
  expect(feed.processingStatus).toBe('DONE');
  const { plain, res } = await download(kit, `/feeds/2021-06-30/documents/${feed.resultFeedDocumentId}`);
  expect(res.headers.get('content-type')).toBe('text/xml');
  const parsed = new XMLParser({ isArray: (name) => name === 'Result' }).parse(plain.toString('utf8'));
  return parsed.AmazonEnvelope.Message.ProcessingReport;
}

const order = async (items: { sku: string; quantity?: number }[]) =>
  (await kit.sim('POST', '/_sim/orders', { items })).body.order as Json;
const quantity = async (sku: string) =>
  ((await kit.sim('GET', `/_sim/listings?marketplaceId=${US}`)).body.listings as Json[]).find(
    (l) => l.sku === sku,
  ).quantity as number;

describe('POST_ORDER_ACKNOWLEDGEMENT_DATA', () => {
  it('cancels listed items, restocking all but NoInventory ones, and the order once nothing is left', async () => {
    kit = startAmazonTestEmulator({ seed: 'none', processing: QUICK_PROCESSING });
    const placed = await order([{ sku: 'DEMO-HP', quantity: 2 }, { sku: 'DEMO-CHG' }]);
    const [hp, chg] = placed.items as Json[];
    const before = { hp: await quantity('DEMO-HP'), chg: await quantity('DEMO-CHG') };

    const first = await send([
      { orderId: placed.orderId, items: [{ orderItemId: hp.orderItemId, reason: 'BuyerCanceled' }] },
    ]);
    expect(first.ProcessingSummary).toEqual({
      MessagesProcessed: 1,
      MessagesSuccessful: 1,
      MessagesWithError: 0,
      MessagesWithWarning: 0,
    });
    expect(await quantity('DEMO-HP')).toBe(before.hp + 2);
    let view = (await kit.sim('GET', `/_sim/orders/${placed.orderId}`)).body;
    expect(view.status).toBe('UNSHIPPED');
    expect(view.items[0].cancelled).toMatchObject({ quantity: 2, reason: 'BuyerCanceled' });

    await send([
      { orderId: placed.orderId, items: [{ orderItemId: chg.orderItemId, reason: 'NoInventory' }] },
    ]);
    expect(await quantity('DEMO-CHG')).toBe(before.chg);
    view = (await kit.sim('GET', `/_sim/orders/${placed.orderId}`)).body;
    expect(view.status).toBe('CANCELLED');
    expect(view.cancellation).toMatchObject({ cancelledBy: 'MERCHANT', reason: 'NoInventory' });
    const path = `/orders/2026-01-01/orders/${placed.orderId}?includedData=CANCELLATION`;
    const api = (await (await kit.spApi(path)).json()) as Json;
    expect(api.order.orderItems[0].cancellation.cancellationExecution.cancelledBy).toBe('MERCHANT');
  });

  it('cancels the whole order when no item is listed, and reports an unknown order', async () => {
    kit = startAmazonTestEmulator({ seed: 'none', processing: QUICK_PROCESSING });
    const placed = await order([{ sku: 'DEMO-HP' }]);
    const report = await send([{ orderId: placed.orderId }, { orderId: '111-0000000-0000000' }]);
    expect(report.ProcessingSummary).toMatchObject({
      MessagesProcessed: 2,
      MessagesSuccessful: 1,
      MessagesWithError: 1,
    });
    expect(report.Result).toEqual([
      expect.objectContaining({
        MessageID: 2,
        ResultCode: 'Error',
        AdditionalInfo: { AmazonOrderID: '111-0000000-0000000' },
      }),
    ]);
    expect((await kit.sim('GET', `/_sim/orders/${placed.orderId}`)).body.status).toBe('CANCELLED');
  });

  it('refunds the whole order when sent after part of it shipped', async () => {
    kit = startAmazonTestEmulator({ seed: 'none', processing: QUICK_PROCESSING });
    const placed = await order([{ sku: 'DEMO-HP', quantity: 2 }]);
    const item = placed.items[0] as Json;
    const shipped = await kit.spApi(`/orders/v0/orders/${placed.orderId}/shipmentConfirmation`, {
      method: 'POST',
      body: {
        marketplaceId: US,
        packageDetail: {
          packageReferenceId: '1',
          carrierCode: 'UPS',
          trackingNumber: '1Z999',
          shipDate: new Date(kit.clock.now()).toISOString(),
          orderItems: [{ orderItemId: item.orderItemId, quantity: 1 }],
        },
      },
    });
    expect(shipped.status).toBe(204);
    const before = await quantity('DEMO-HP');
    await send([
      { orderId: placed.orderId, items: [{ orderItemId: item.orderItemId, reason: 'BuyerCanceled' }] },
    ]);
    const view = (await kit.sim('GET', `/_sim/orders/${placed.orderId}`)).body;
    expect(view.refund).toMatchObject({ amount: view.grandTotal, reason: 'BuyerCanceled' });
    expect(view.status).toBe('PARTIALLY_SHIPPED');
    expect(await quantity('DEMO-HP')).toBe(before);
  });
});
