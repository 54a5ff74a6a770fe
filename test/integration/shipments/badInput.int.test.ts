// Bad input on the way from a packing slip to Amazon: each case puts that one Amazon order's record in
// needs_attention with a reason that says what to do — or records that there is nothing to send — while
// the other orders of the same run are confirmed.
import { describe, expect, it } from 'vitest';
import { salesOrderLines } from '../../../src/d365/index.ts';
import { confirmShipment } from '../../../src/amazon/orders/confirmShipment.ts';
import { harnessPerTest, type OrdersHarness } from '../orders/harness.ts';
import {
  importOrder,
  onAmazon,
  postSlip,
  runShipments,
  shipmentRecord,
  type ImportedTestOrder,
} from './shipmentKit.ts';

const harness = harnessPerTest();

/** The package notes of an order's shipment record. */
async function packagesOf(h: OrdersHarness, orderId: string) {
  const record = await shipmentRecord(h, orderId);
  return { record, packages: (record?.summary.packages ?? []) as { state: string; note?: string }[] };
}

/** Confirms units of the order in "Seller Central" (the seller's own call, package 77). */
async function shipByHand(h: OrdersHarness, order: ImportedTestOrder, sku: string, quantity: number) {
  const item = order.items.get(sku)!;
  await confirmShipment(h.deps.remotes!(h.config.connections[0]!).amazon, order.orderId, {
    marketplaceId: 'ATVPDKIKX0DER',
    packageDetail: {
      packageReferenceId: '77',
      carrierCode: 'USPS',
      trackingNumber: '9400BYHAND',
      shipDate: new Date().toISOString(),
      orderItems: [{ orderItemId: item.orderItemId, quantity }],
    },
  });
}

describe('confirm-shipments with bad input', () => {
  it('gives each bad case a reason a person can act on, and confirms the good order of the same run', async () => {
    let d365Offset = 0;
    const h = await harness({
      d365: { now: () => Date.now() + d365Offset },
      shipmentSettings: { trackingDeadlineMinutes: 1 },
    });
    const good = await importOrder(h, { items: [{ sku: 'DEMO-HP' }] });
    const noCarrier = await importOrder(h, { items: [{ sku: 'DEMO-HP' }] });
    const handLine = await importOrder(h, { items: [{ sku: 'DEMO-HP' }] });
    const over = await importOrder(h, { items: [{ sku: 'DEMO-HP', quantity: 2 }] });
    const cancelled = await importOrder(h, { items: [{ sku: 'DEMO-HP' }] });
    const noTracking = await importOrder(h, { items: [{ sku: 'DEMO-HP' }] });
    const byHand = await importOrder(h, { items: [{ sku: 'DEMO-HP' }] });

    // A line added to the sales order by hand in D365 (no Amazon order item behind it).
    const d365 = h.deps.remotes!(h.config.connections[0]!).d365;
    const first = handLine.lines.get(handLine.items.get('DEMO-HP')!.orderItemId)!;
    await d365.create(
      salesOrderLines,
      {
        SalesOrderNumber: handLine.salesOrderNumber,
        ItemNumber: first.ItemNumber,
        OrderedSalesQuantity: 1,
        ShippingWarehouseId: first.ShippingWarehouseId,
        ShippingSiteId: first.ShippingSiteId,
        SalesPrice: 1,
      },
      { company: 'usmf' },
    );
    const handLines = await h.salesOrderLines(handLine.salesOrderNumber);
    const extra = handLines.find((l: { OrderLineReference?: string }) => !l.OrderLineReference);
    expect(extra, 'the line added by hand').toBeDefined();
    await h.d365Sim('POST', '/product-receipts', {
      lines: [{ itemNumber: extra.ItemNumber, quantity: 1, warehouseId: extra.ShippingWarehouseId }],
    });

    await shipByHand(h, over, 'DEMO-HP', 1); // one of two units confirmed in Seller Central
    await shipByHand(h, byHand, 'DEMO-HP', 1); // all of it
    expect((await h.amazonSim('POST', `/orders/${cancelled.orderId}/cancel`, {})).status).toBe(200);

    await postSlip(h, good, { carrier: 'UPS', trackingNumbers: ['1ZGOOD'] });
    await postSlip(h, noCarrier, { trackingNumbers: ['NOCARRIER1'] });
    await postSlip(h, handLine, { carrier: 'UPS', trackingNumbers: ['1ZHAND'] });
    await postSlip(h, over, { carrier: 'UPS', trackingNumbers: ['1ZOVER'] });
    await postSlip(h, cancelled, { carrier: 'UPS', trackingNumbers: ['1ZCANCEL'] });
    await postSlip(h, byHand, { carrier: 'UPS', trackingNumbers: ['1ZBYHAND'] });
    d365Offset = -5 * 60_000; // posted five minutes ago, past the one-minute deadline, without tracking
    await postSlip(h, noTracking, { carrier: 'UPS' });
    d365Offset = 0;

    await runShipments(h);

    expect((await onAmazon(h, good.orderId)).packages).toEqual([
      expect.objectContaining({ trackingNumber: '1ZGOOD' }),
    ]);
    expect((await packagesOf(h, good.orderId)).record).toMatchObject({ state: 'synced' });

    const reasons = async (order: ImportedTestOrder) => {
      const { record, packages } = await packagesOf(h, order.orderId);
      expect(record?.state, `${order.orderId}: ${record?.reason}`).toBe('needs_attention');
      expect(record?.reason).toContain(packages[0]!.note);
      return packages[0]!.note;
    };
    expect(await reasons(noCarrier)).toMatch(
      /D365 names no carrier for it and mode of delivery \S+ has no row in mappings.carriers: add a row for mode/,
    );
    expect(await reasons(handLine)).toMatch(
      /is not a line the connector created for Amazon order .*ship that item under its own order/,
    );
    expect(await reasons(over)).toMatch(
      /Amazon refused the package: it would ship more than Amazon still expects \(order item \d+: 2 in this package, 1 still unshipped on Amazon\)/,
    );
    expect(await reasons(cancelled)).toMatch(/Amazon cancelled the order after this packing slip was posted/);
    expect(await reasons(noTracking)).toMatch(
      /no tracking number 1 minutes after it was posted, and Amazon requires one/,
    );
    for (const order of [noCarrier, handLine, cancelled, noTracking])
      expect((await onAmazon(h, order.orderId)).packages, order.orderId).toEqual([]);

    const shipped = await packagesOf(h, byHand.orderId);
    expect(shipped.record).toMatchObject({ state: 'synced' });
    expect(shipped.packages[0]).toMatchObject({
      state: 'not_sent',
      note: expect.stringMatching(/Amazon already shows the order shipped/),
    });
    expect((await onAmazon(h, byHand.orderId)).packages).toHaveLength(1); // only the one shipped by hand
  });

  it('refuses to start with a carrier mapping row Amazon would refuse, naming the cell', async () => {
    const h = await harness({ mappings: { carriers: [{ carrier: 'UPS', carrierCode: 'ups' }] } });
    const run = await h.runShipments();
    expect(run.outcome).toBe('failed');
    expect(run.message).toMatch(
      /mappings.carriers\[0\].carrierCode: 'ups' is not one of Amazon's carrier codes .*did you mean 'UPS'/,
    );
  });

  it('a retry after the fix confirms the package', async () => {
    const h = await harness();
    const order = await importOrder(h, { items: [{ sku: 'DEMO-HP' }] });
    await postSlip(h, order, { trackingNumbers: ['MODE1'] });
    await runShipments(h);
    const { record } = await packagesOf(h, order.orderId);
    expect(record).toMatchObject({ state: 'needs_attention' });
    const mode = (record!.summary.packages as { mode: string }[])[0]!.mode;

    h.reconfigure({ mappings: { carriers: [{ mode, carrierCode: 'Other', carrierName: 'Own fleet' }] } });
    await h.ops().retry(record!.id);
    await runShipments(h);
    expect((await onAmazon(h, order.orderId)).packages).toEqual([
      expect.objectContaining({ carrierCode: 'Other', carrierName: 'Own fleet', trackingNumber: 'MODE1' }),
    ]);
    expect((await packagesOf(h, order.orderId)).record).toMatchObject({ state: 'synced' });
  });

  it('a record resolved by a person stays settled when a later slip of the order arrives', async () => {
    const h = await harness();
    const order = await importOrder(h, { items: [{ sku: 'DEMO-HP', quantity: 2 }] });
    const hp = order.items.get('DEMO-HP')!.orderItemId;
    await postSlip(h, order, { trackingNumbers: ['BYHAND1'], lines: { [hp]: 1 } }); // no carrier: a person
    await runShipments(h);
    const { record } = await packagesOf(h, order.orderId);
    expect(record).toMatchObject({ state: 'needs_attention' });
    await shipByHand(h, order, 'DEMO-HP', 1);
    await h.ops().resolve(record!.id, 'alice', 'confirmed in Seller Central');

    await postSlip(h, order, { carrier: 'UPS', trackingNumbers: ['1ZREST'] });
    await runShipments(h);
    const after = await packagesOf(h, order.orderId);
    expect(after.record).toMatchObject({ state: 'synced' });
    expect(after.packages.map((p) => p.state)).toEqual(['not_sent', 'confirmed']);
    expect(after.packages[0]!.note).toMatch(/resolved by alice: confirmed in Seller Central$/);
    expect((await onAmazon(h, order.orderId)).status).toBe('SHIPPED');
  });
});
