// Acceptance scenario 4, "Sales Order Shipment / Status Update", on both emulators with the demo
// configuration: a packing slip posted in D365 for an imported Amazon order ships that order on Amazon
// — carrier, tracking number, ship date, exactly the units shipped — a partial slip makes it
// PartiallyShipped and the rest Shipped with two packages; bundles, charge lines, several lines.
import { describe, expect, it } from 'vitest';
import { harnessPerTest, type OrdersHarness } from '../orders/harness.ts';
import { readImportedOrder, recordImportedOrder } from '../../../src/flows/domain/importedOrders.ts';
import {
  importOrder,
  onAmazon,
  postSlip,
  runShipments,
  shipmentFeed,
  shipmentRecord,
} from './shipmentKit.ts';

const harness = harnessPerTest();

describe('scenario 4: a packing slip posted in D365 ships the Amazon order', () => {
  it('a multi-line order with a shipping charge: partial slip → PartiallyShipped, the rest → Shipped with two packages', async () => {
    const h = await harness();
    const order = await importOrder(h, { items: [{ sku: 'DEMO-HP', quantity: 3 }, { sku: 'DEMO-KB' }] });
    const hp = order.items.get('DEMO-HP')!;
    const kb = order.items.get('DEMO-KB')!;
    expect(order.lines.has('SHIPPING')).toBe(true);

    await postSlip(h, order, {
      carrier: 'UPS',
      trackingNumbers: ['1ZPART0001'],
      lines: { [hp.orderItemId]: 2 },
    });
    await runShipments(h);
    let amazon = await onAmazon(h, order.orderId);
    expect(amazon.status).toBe('PARTIALLY_SHIPPED');
    expect(amazon.packages).toEqual([
      expect.objectContaining({
        packageReferenceId: '1',
        carrierCode: 'UPS',
        shippingMethod: 'UPS Ground',
        trackingNumber: '1ZPART0001',
        items: [{ orderItemId: hp.orderItemId, quantity: 2 }],
      }),
    ]);

    // The rest — and the shipping charge line, which is not an Amazon item — in a second slip.
    await postSlip(h, order, { carrier: 'FEDEX', trackingNumbers: ['7712345', '7712346'] });
    await runShipments(h);
    amazon = await onAmazon(h, order.orderId);
    expect(amazon.status).toBe('SHIPPED');
    expect(amazon.items.map((i: { quantityShipped: number }) => i.quantityShipped)).toEqual([3, 1]);
    expect(amazon.packages).toHaveLength(2);
    expect(amazon.packages[1]).toMatchObject({
      packageReferenceId: '2',
      carrierCode: 'FedEx',
      trackingNumber: '7712345',
      items: expect.arrayContaining([
        { orderItemId: hp.orderItemId, quantity: 1 },
        { orderItemId: kb.orderItemId, quantity: 1 },
      ]),
    });

    // The record of the Amazon order shows both packages; the slip's second tracking number is kept.
    const record = await shipmentRecord(h, order.orderId);
    expect(record).toMatchObject({ state: 'synced' });
    const packages = record!.summary.packages as { state: string; moreTracking?: string[] }[];
    expect(packages.map((p) => p.state)).toEqual(['confirmed', 'confirmed']);
    expect(packages[1]!.moreTracking).toEqual(['7712346']);
    expect(await shipmentFeed(h)).toEqual(
      expect.arrayContaining([
        `Order ${order.orderId} partly shipped: package 1 of 1, UPS 1ZPART0001`,
        `Order ${order.orderId} shipped: package 2 of 2, FedEx 7712345`,
      ]),
    );

    // A second run finds nothing new and sends nothing.
    await runShipments(h);
    expect((await onAmazon(h, order.orderId)).packages).toHaveLength(2);
  });

  it('a bundle: its units are confirmed with the slip that completes them', async () => {
    const h = await harness();
    const order = await importOrder(h, { items: [{ sku: 'DEMO-DESK-BUNDLE', quantity: 2 }] });
    const bundle = order.items.get('DEMO-DESK-BUNDLE')!;
    const id = bundle.orderItemId;
    // Components per bundle: A0004 ×1 (#1), A0006 ×1 (#2), A0005 ×2 (#3).
    await postSlip(h, order, {
      carrier: 'UPS',
      trackingNumbers: ['1ZB1'],
      lines: { [`${id}#1`]: 2, [`${id}#2`]: 1 },
    });
    await runShipments(h);
    expect((await onAmazon(h, order.orderId)).packages).toEqual([]);
    let record = await shipmentRecord(h, order.orderId);
    expect(record!.summary.packages).toEqual([
      expect.objectContaining({ state: 'not_sent', note: expect.stringMatching(/parts of a bundle/) }),
    ]);

    // The cables for one bundle complete the first unit; the rest completes the second.
    await postSlip(h, order, { carrier: 'UPS', trackingNumbers: ['1ZB2'], lines: { [`${id}#3`]: 2 } });
    await runShipments(h);
    let amazon = await onAmazon(h, order.orderId);
    expect(amazon.status).toBe('PARTIALLY_SHIPPED');
    expect(amazon.packages).toEqual([
      expect.objectContaining({
        packageReferenceId: '2',
        trackingNumber: '1ZB2',
        items: [{ orderItemId: id, quantity: 1 }],
      }),
    ]);

    await postSlip(h, order, { carrier: 'UPS', trackingNumbers: ['1ZB3'] });
    await runShipments(h);
    amazon = await onAmazon(h, order.orderId);
    expect(amazon.status).toBe('SHIPPED');
    expect(amazon.packages[1]).toMatchObject({
      packageReferenceId: '3',
      items: [{ orderItemId: id, quantity: 1 }],
    });
    record = await shipmentRecord(h, order.orderId);
    expect(record).toMatchObject({ state: 'synced' });
  });

  it('a carrier without a mapping row goes as Other with its name', async () => {
    const h = await harness();
    const order = await importOrder(h, { items: [{ sku: 'DEMO-STAND' }] });
    await postSlip(h, order, { carrier: 'ACMEFREIGHT', trackingNumbers: ['AF-991'] });
    await runShipments(h);
    const amazon = await onAmazon(h, order.orderId);
    expect(amazon.status).toBe('SHIPPED');
    expect(amazon.packages[0]).toMatchObject({
      carrierCode: 'Other',
      carrierName: 'ACMEFREIGHT',
      trackingNumber: 'AF-991',
    });
    const record = await shipmentRecord(h, order.orderId);
    expect((record!.summary.packages as { note: string }[])[0]!.note).toMatch(
      /no row in mappings.carriers: sent as Other/,
    );
  });

  it('a slip without tracking waits for it, and is confirmed once D365 has a tracking number', async () => {
    const h = await harness();
    const order = await importOrder(h, { items: [{ sku: 'DEMO-STAND' }] });
    const slip = await postSlip(h, order, { carrier: 'UPS' });
    await runShipments(h);
    expect((await onAmazon(h, order.orderId)).status).toBe('UNSHIPPED');
    let record = await shipmentRecord(h, order.orderId);
    expect(record).toMatchObject({ state: 'pending' });
    expect(record!.summary.packages).toEqual([
      expect.objectContaining({ state: 'waiting', note: expect.stringMatching(/no tracking number yet/) }),
    ]);

    await addTracking(h, order.salesOrderNumber, slip.packingSlipId, '1ZLATE0001');
    await runShipments(h);
    expect((await onAmazon(h, order.orderId)).packages[0]).toMatchObject({ trackingNumber: '1ZLATE0001' });
    record = await shipmentRecord(h, order.orderId);
    expect(record).toMatchObject({ state: 'synced' });
  });

  it('more slips than a page: one run goes through every new and every waiting one, none held up', async () => {
    const h = await harness({ shipmentSettings: { pageSize: 2 } });
    const orders = [];
    for (let i = 0; i < 5; i++) orders.push(await importOrder(h, { items: [{ sku: 'DEMO-STAND' }] }));
    const slips = [];
    for (const order of orders) slips.push(await postSlip(h, order, { carrier: 'UPS' }));
    await runShipments(h);
    const states = async () => (await h.shipmentRecords()).map((r) => r.state).sort();
    expect(await states()).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    // Tracking arrives for the last two only: the first three stay waiting and must not hold up the rest.
    for (const i of [3, 4])
      await addTracking(h, orders[i]!.salesOrderNumber, slips[i].packingSlipId, `1ZPAGE${i}`);
    await runShipments(h);
    expect(await states()).toEqual(['pending', 'pending', 'pending', 'synced', 'synced']);
    for (const i of [3, 4]) expect((await onAmazon(h, orders[i]!.orderId)).status).toBe('SHIPPED');
  });

  it('while a page is confirmed the next one loads, leaving alone orders still being confirmed: one run ships all, each package once', async () => {
    // Confirmations are held until the next page's load has read the slips' lines (or 2 s passed), so
    // that load surely runs while the orders of this page are still being confirmed.
    let opened = false;
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve)).then(() => void (opened = true));
    const fetchFn: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/shipmentConfirmation') && !opened)
        await Promise.race([gate, new Promise((resolve) => setTimeout(resolve, 2000))]);
      const response = await fetch(input, init);
      if (url.includes('CustPackingSlipTransBiEntities')) open();
      return response;
    };
    const h = await harness({ shipmentSettings: { pageSize: 2 }, fetch: fetchFn });
    const [a, b, c] = [
      await importOrder(h, { items: [{ sku: 'DEMO-HP', quantity: 2 }] }),
      await importOrder(h, { items: [{ sku: 'DEMO-HP', quantity: 2 }] }),
      await importOrder(h, { items: [{ sku: 'DEMO-STAND' }] }),
    ];
    const half = (o: typeof a) => ({ [o!.items.get('DEMO-HP')!.orderItemId]: 1 });
    // Page 1 is a's and b's first halves; the next page starts with their second halves — of orders
    // being confirmed while it loads — then c.
    for (const [order, n] of [
      [a, 1],
      [b, 1],
      [a, 2],
      [b, 2],
    ] as const)
      await postSlip(h, order!, { carrier: 'UPS', trackingNumbers: [`1ZHALF${n}`], lines: half(order) });
    await postSlip(h, c!, { carrier: 'UPS', trackingNumbers: ['1ZWHOLE'] });

    const run = await runShipments(h);
    expect(run).toMatchObject({ pages: 3, items: 5 });
    // Each package confirmed and told once: a page that read a record while its order was still being
    // confirmed would take its first package up again (the intent keeps Amazon from a second one).
    const shipped = (await shipmentFeed(h)).filter((line) => / shipped: package /.test(line));
    expect(shipped).toHaveLength(5);
    for (const order of [a, b]) {
      const amazon = await onAmazon(h, order!.orderId);
      expect(amazon.status).toBe('SHIPPED');
      expect(amazon.packages.map((p: { packageReferenceId: string }) => p.packageReferenceId)).toEqual([
        '1',
        '2',
      ]);
    }
    expect((await onAmazon(h, c!.orderId)).packages).toHaveLength(1);
    expect((await h.shipmentRecords()).map((r) => r.state)).toEqual(['synced', 'synced', 'synced']);
  });

  it('a slip posted before its order reached the read model (an import that needed a person) is still confirmed', async () => {
    const h = await harness({ shipmentSettings: { overlapMinutes: 0 } });
    const order = await importOrder(h, { items: [{ sku: 'DEMO-STAND' }] });
    const key = { connectionId: 'demo', amazonOrderId: order.orderId };
    const imported = (await readImportedOrder(h.store.db, key))!;
    await h.store.db.query('DELETE FROM imported_orders WHERE amazon_order_id = $1', [order.orderId]);
    await postSlip(h, order, { carrier: 'UPS', trackingNumbers: ['1ZLATE'] });
    await runShipments(h); // the slip's order is not known yet: passed over, and the scan moves past it
    expect(await shipmentRecord(h, order.orderId)).toBeUndefined();

    await recordImportedOrder(h.store.db, imported); // the person fixed the import
    await runShipments(h);
    expect((await onAmazon(h, order.orderId)).packages).toEqual([
      expect.objectContaining({ packageReferenceId: '1', trackingNumber: '1ZLATE' }),
    ]);
  });
});

/** Adds a tracking number to a posted packing slip through the D365 emulator's OData endpoint. */
async function addTracking(
  h: OrdersHarness,
  salesOrderNumber: string,
  packingSlipId: string,
  trackingNumber: string,
) {
  const d365 = h.deps.remotes!(h.config.connections[0]!).d365;
  const { packingSlipTracking } = await import('../../../src/d365/index.ts');
  await d365.create(
    packingSlipTracking,
    { SalesOrderNumber: salesOrderNumber, PackingSlipNumber: packingSlipId, TrackingNumber: trackingNumber },
    { company: 'usmf' },
  );
}
