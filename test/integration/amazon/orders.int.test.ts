/**
 * getOrder and confirmShipment through the real client against the emulator: includedData, full and
 * partial shipments, a package confirmed again with corrected tracking — each checked at the emulator
 * (`/_sim/orders/:id`) and through the client (getOrder with PACKAGES).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmShipment } from '../../../src/amazon/orders/confirmShipment.ts';
import { getOrder } from '../../../src/amazon/orders/getOrder.ts';
import { searchOrders } from '../../../src/amazon/orders/searchOrders.ts';
import {
  CA,
  HOUR,
  ago,
  confirmPath,
  confirmation,
  orderPath,
  placeOrder,
  placeTwoLineOrder,
  startAmazonIntegration,
  type AmazonIntegration,
  type Json,
} from './kit.ts';

let env: AmazonIntegration;
beforeEach(async () => {
  env = await startAmazonIntegration();
});
afterEach(async () => env.finish());

/** Two lines: two headphones and one keyboard. */
const twoLineOrder = () => placeTwoLineOrder(env);

describe('getOrder', () => {
  it('returns the order with its items, and the datasets includedData asks for', async () => {
    const order = await placeOrder(env, {
      marketplaceId: CA,
      items: [{ sku: 'DEMO-SPK', quantity: 2 }],
      buyer: { name: 'Ada Tremblay', email: 'ada@example.ca' },
      business: {
        companyName: 'Tremblay Ltée',
        purchaseOrderNumber: 'PO-9',
        taxRegistration: { type: 'BUSINESS', number: '123456789RT0001' },
      },
    });
    const bare = await getOrder(env.client, order.orderId);
    expect(bare).toMatchObject({
      orderId: order.orderId,
      salesChannel: { channelName: 'AMAZON', marketplaceId: CA },
      orderItems: [
        { orderItemId: order.items[0].orderItemId, quantityOrdered: 2, product: { sellerSku: 'DEMO-SPK' } },
      ],
    });
    for (const section of ['buyer', 'recipient', 'proceeds', 'payment', 'tax', 'fulfillment', 'packages'])
      expect(bare).not.toHaveProperty(section);

    const full = await getOrder(env.client, order.orderId, {
      includedData: ['BUYER', 'RECIPIENT', 'PROCEEDS', 'PAYMENT', 'TAX', 'FULFILLMENT'],
    });
    expect(full.buyer).toMatchObject({
      buyerName: 'Ada Tremblay',
      buyerCompanyName: 'Tremblay Ltée',
      buyerPurchaseOrderNumber: 'PO-9',
    });
    expect(full.recipient?.deliveryAddress?.countryCode).toBe('CA');
    expect(full.proceeds?.grandTotal).toEqual({ amount: order.grandTotal, currencyCode: 'CAD' });
    expect(full.payment?.paymentExecutions?.[0]?.paymentAmount).toEqual({
      amount: order.grandTotal,
      currencyCode: 'CAD',
    });
    expect(full.tax?.taxRegistrations?.[0]?.taxRegistrationNumber).toBe('123456789RT0001');
    expect(full.fulfillment).toMatchObject({ fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'MERCHANT' });
    expect(env.arrived(orderPath(order.orderId)).map((r) => r.query.get('includedData'))).toEqual([
      null,
      'BUYER,RECIPIENT,PROCEEDS,PAYMENT,TAX,FULFILLMENT',
    ]);
  });

  it('agrees with searchOrders on the same order', async () => {
    const order = await placeOrder(env, { createdAt: ago(HOUR), giftWrap: true });
    const includedData = ['BUYER', 'RECIPIENT', 'PROCEEDS', 'PROMOTION', 'FULFILLMENT'] as const;
    const one = await getOrder(env.client, order.orderId, { includedData: [...includedData] });
    const page = await searchOrders(env.client, {
      createdAfter: ago(2 * HOUR),
      includedData: [...includedData],
    });
    expect(page.orders).toEqual([one]);
  });
});

describe('confirmShipment', () => {
  it('confirms a whole order in one package: Shipped, the package visible at the emulator and in getOrder', async () => {
    const order = await twoLineOrder();
    await confirmShipment(
      env.client,
      order.orderId,
      confirmation(order, '1', [
        [0, 2],
        [1, 1],
      ]),
    );
    const view = await env.sim('GET', `/_sim/orders/${order.orderId}`);
    expect(view.status).toBe('SHIPPED');
    expect(view.items.map((i: Json) => i.quantityShipped)).toEqual([2, 1]);
    expect(view.packages).toHaveLength(1);
    expect(view.packages[0]).toMatchObject({
      packageReferenceId: '1',
      carrierCode: 'UPS',
      trackingNumber: '1Z-1',
    });

    const read = await getOrder(env.client, order.orderId, { includedData: ['PACKAGES', 'FULFILLMENT'] });
    expect(read.fulfillment?.fulfillmentStatus).toBe('SHIPPED');
    expect(read.packages).toEqual([
      expect.objectContaining({
        packageReferenceId: '1',
        carrier: 'UPS',
        shippingService: 'UPS Ground',
        trackingNumber: '1Z-1',
        packageItems: [
          { orderItemId: order.items[0].orderItemId, quantity: 2 },
          { orderItemId: order.items[1].orderItemId, quantity: 1 },
        ],
      }),
    ]);
    // What went on the wire: the string packageReferenceId Amazon requires, an ISO shipDate.
    const sent = JSON.parse(env.arrived(confirmPath(order.orderId))[0]!.text);
    expect(sent.packageDetail.packageReferenceId).toBe('1');
    expect(sent.packageDetail.shipDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('confirms partial shipments package by package: PartiallyShipped, then Shipped', async () => {
    const order = await twoLineOrder();
    await confirmShipment(env.client, order.orderId, confirmation(order, '1', [[0, 1]]));
    let view = await env.sim('GET', `/_sim/orders/${order.orderId}`);
    expect(view.status).toBe('PARTIALLY_SHIPPED');
    expect(view.items.map((i: Json) => i.quantityShipped)).toEqual([1, 0]);

    // A number for packageReferenceId is sent as the string Amazon requires.
    await confirmShipment(
      env.client,
      order.orderId,
      confirmation(order, 2, [
        [0, 1],
        [1, 1],
      ]),
    );
    expect(
      JSON.parse(env.arrived(confirmPath(order.orderId))[1]!.text).packageDetail.packageReferenceId,
    ).toBe('2');
    view = await env.sim('GET', `/_sim/orders/${order.orderId}`);
    expect(view.status).toBe('SHIPPED');
    expect(view.packages.map((p: Json) => p.packageReferenceId)).toEqual(['1', '2']);
    const read = await getOrder(env.client, order.orderId, { includedData: ['PACKAGES'] });
    expect(read.packages?.map((p) => [p.packageReferenceId, p.packageItems?.length])).toEqual([
      ['1', 1],
      ['2', 2],
    ]);
  });

  it('a packageReferenceId sent again with the same units updates the tracking, not the quantities', async () => {
    const order = await twoLineOrder();
    await confirmShipment(env.client, order.orderId, confirmation(order, '1', [[0, 1]], 'WRONG-TRACKING'));
    await confirmShipment(env.client, order.orderId, confirmation(order, '1', [[0, 1]], '1Z-CORRECTED'));
    const view = await env.sim('GET', `/_sim/orders/${order.orderId}`);
    expect(view.status).toBe('PARTIALLY_SHIPPED');
    expect(view.items.map((i: Json) => i.quantityShipped)).toEqual([1, 0]);
    expect(view.packages).toHaveLength(1);
    expect(view.packages[0].trackingNumber).toBe('1Z-CORRECTED');
    const read = await getOrder(env.client, order.orderId, { includedData: ['PACKAGES'] });
    expect(read.packages).toHaveLength(1);
    expect(read.packages?.[0]?.trackingNumber).toBe('1Z-CORRECTED');
    expect(env.arrived(confirmPath(order.orderId)).map((r) => r.status)).toEqual([204, 204]);
  });
});
