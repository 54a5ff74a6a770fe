// The order import end to end on the emulators: a buyer checks out on Amazon and the order appears in
// D365 as a sales order with its customer, lines, charges, payment and mode of delivery — once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFeed } from '../../../src/store/repos/feed.ts';
import { COMPANY, startOrdersHarness, US, type OrdersHarness } from './harness.ts';

let h: OrdersHarness;
beforeEach(async () => {
  h = await startOrdersHarness();
});
afterEach(async () => {
  await h.close();
});

describe('import-orders on the emulators', () => {
  it('imports a paid order as one sales order with its lines, charges and mappings, and never twice', async () => {
    const orderId = await h.placeOrder({
      marketplaceId: US,
      items: [
        { sku: 'DEMO-HP', quantity: 2 },
        { sku: 'DEMO-TEE-BLK-M', quantity: 1 },
      ],
      serviceLevel: 'EXPEDITED',
      giftWrap: true,
    });
    h.amazonLater();
    const run = await h.run();
    expect(run.outcome).toBe('succeeded');

    const orders = await h.salesOrders(`CustomersOrderReference eq '${orderId}'`);
    expect(orders).toHaveLength(1);
    const order = orders[0];
    expect(order).toMatchObject({
      dataAreaId: COMPANY,
      OrderingCustomerAccountNumber: 'AMZ-US',
      CurrencyCode: 'USD',
      DeliveryModeCode: 'AMZ-EXP',
      CustomerPaymentMethodName: 'AMAZON',
      IsDeliveryAddressOrderSpecific: 'Yes',
    });
    const lines = await h.salesOrderLines(order.SalesOrderNumber);
    const byRef = Object.fromEntries(
      lines.map((l: { OrderLineReference: string }) => [l.OrderLineReference, l]),
    );
    expect(Object.keys(byRef).sort()).toEqual(expect.arrayContaining(['GIFT_WRAP', 'SHIPPING']));
    const itemLines = lines.filter(
      (l: { OrderLineReference: string }) => !['GIFT_WRAP', 'SHIPPING'].includes(l.OrderLineReference),
    );
    expect(
      itemLines
        .map((l: { ItemNumber: string; OrderedSalesQuantity: number }) => [
          l.ItemNumber,
          l.OrderedSalesQuantity,
        ])
        .sort(),
    ).toEqual([
      ['A0001', 2],
      ['T0100', 1],
    ]);
    expect(itemLines.find((l: { ItemNumber: string }) => l.ItemNumber === 'T0100')).toMatchObject({
      ProductSizeId: 'M',
      ProductColorId: 'Black',
    });

    const records = await h.records();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ externalId: orderId, state: 'synced' });
    expect(records[0]!.summary).toMatchObject({
      d365: { salesOrderNumber: order.SalesOrderNumber, company: COMPANY },
    });

    // Again, and again after Amazon's clock moved: still one order.
    await h.run();
    h.amazonLater();
    await h.run();
    expect(await h.salesOrders(`CustomersOrderReference eq '${orderId}'`)).toHaveLength(1);

    const feed = await readFeed(h.store.db, { flow: 'import-orders', limit: 50 });
    expect(feed.map((e) => e.message).join('\n')).toContain(
      `Order ${orderId} → D365 sales order ${order.SalesOrderNumber}`,
    );
  });
});
