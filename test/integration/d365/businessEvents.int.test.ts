// What people do in F&O (posted through the emulator's `/_sim/` business simulation) as the client reads
// it back: packing slips with tracking and the order's Delivered status, product receipts raising on-hand
// (and the purchase order they create), trade agreements changing prices, cancellations.
import { describe, expect, it } from 'vitest';
import {
  createSalesOrderWithLines,
  iterateOnHand,
  iteratePackingSlipsSince,
  iterateSalesPrices,
  packingSlipLines,
  packingSlipTracking,
  purchaseOrderHeaders,
  salesOrderHeaders,
  salesOrderLinesApi,
} from '../../../src/d365/index.ts';
import { all, connectorErrorOf, START, useHarness } from './kit.ts';

const d365 = useHarness('each');

async function newOrder(reference: string) {
  return createSalesOrderWithLines(d365.client, {
    header: {
      OrderingCustomerAccountNumber: 'AMZ-US',
      CustomersOrderReference: reference,
      DefaultShippingWarehouseId: '11',
      ShippingCarrierId: 'UPS',
    },
    lines: [
      { ItemNumber: 'A0001', OrderedSalesQuantity: 3 },
      { ItemNumber: 'T0100', ProductSizeId: 'S', ProductColorId: 'Black', OrderedSalesQuantity: 1 },
    ],
  });
}

const onHandOf = async (item: string, warehouse: string, size = '', color = '') =>
  (await all(iterateOnHand(d365.client, { warehouseIds: [warehouse] }))).find(
    (r) => r.ItemNumber === item && r.ProductSizeId === size && r.ProductColorId === color,
  );

describe('packing slips', () => {
  it('reads posted packing slips, their lines and tracking, and sees the order Delivered', async () => {
    const order = await newOrder('113-0000002-0000001');
    const number = order.header.SalesOrderNumber;
    const [hp, tee] = order.lines;
    const since = new Date(START).toISOString();

    d365.harness.clock.advance(60_000);
    const partial = await d365.harness.sim<{ packingSlipId: string }>('/_sim/packing-slips', {
      salesOrderNumber: number,
      trackingNumbers: ['1Z999AA10000000001'],
      lines: [{ inventoryLotId: hp!.InventoryLotId, quantity: 2 }],
    });
    d365.harness.clock.advance(3_600_000);
    const rest = await d365.harness.sim<{ packingSlipId: string }>('/_sim/packing-slips', {
      salesOrderNumber: number,
      carrier: 'USPS',
      trackingNumbers: ['9400100000000000000001', '9400100000000000000002'],
      deliveryDate: '2026-03-03',
    });

    const slips = await all(iteratePackingSlipsSince(d365.client, since));
    expect(slips.map((s) => [s.PackingSlipId, s.SalesId, s.CustomerRef, s.ShipCarrierId, s.Qty])).toEqual([
      [partial.packingSlipId, number, '113-0000002-0000001', 'UPS', 2],
      [rest.packingSlipId, number, '113-0000002-0000001', 'USPS', 2],
    ]);
    expect(slips[1]!.DeliveryDate).toBe('2026-03-03');
    expect(Date.parse(slips[1]!.CreatedOn!)).toBeGreaterThan(Date.parse(slips[0]!.CreatedOn!));
    // Polling with a later watermark sees only the newer slip.
    const later = await all(iteratePackingSlipsSince(d365.client, slips[1]!.CreatedOn!));
    expect(later.map((s) => s.PackingSlipId)).toEqual([rest.packingSlipId]);

    const lines = await all(
      d365.client.iterate(packingSlipLines, {
        filter: (w) => w.eq('SalesId', number),
        orderBy: ['PackingSlipId', 'LineNum'],
      }),
    );
    expect(lines.map((l) => [l.PackingSlipId, l.InventTransId, l.Qty, l.Remain])).toEqual([
      [partial.packingSlipId, hp!.InventoryLotId, 2, 1],
      [rest.packingSlipId, hp!.InventoryLotId, 1, 0],
      [rest.packingSlipId, tee!.InventoryLotId, 1, 0],
    ]);
    const tracking = await all(
      d365.client.iterate(packingSlipTracking, {
        filter: (w) => w.eq('SalesOrderNumber', number),
        orderBy: ['TrackingNumber'],
      }),
    );
    expect(tracking.map((t) => [t.PackingSlipNumber, t.TrackingNumber])).toEqual([
      [partial.packingSlipId, '1Z999AA10000000001'],
      [rest.packingSlipId, '9400100000000000000001'],
      [rest.packingSlipId, '9400100000000000000002'],
    ]);
    expect(tracking[1]!.TrackingURL).toContain('9400100000000000000001');

    const header = await d365.client.get(salesOrderHeaders, { SalesOrderNumber: number });
    expect(header).toMatchObject({ SalesOrderStatus: 'Delivered', SalesOrderProcessingStatus: 'Delivered' });
    // Stock left the warehouse.
    expect(await onHandOf('A0001', '11')).toMatchObject({ OnHandQuantity: 120 - 3 });

    // A delivered line can no longer be deleted: F&O's refusal, as a data error.
    const refused = await connectorErrorOf(
      salesOrderLinesApi.remove(d365.client, { InventoryLotId: hp!.InventoryLotId }),
    );
    expect(refused.kind).toBe('data');
    expect(refused.message).toContain('cannot be deleted because it has been physically updated');
  });
});

describe('product receipts', () => {
  it('raises on-hand as iterateOnHand reads it, and leaves a received purchase order', async () => {
    const before = await onHandOf('A0006', '11');
    const variantBefore = await onHandOf('T0100', '21', 'M', 'White');
    expect(before).toMatchObject({ OnHandQuantity: 0, AvailableOnHandQuantity: 0 });
    expect(variantBefore).toBeUndefined(); // never stocked there

    const receipt = await d365.harness.sim<{ purchaseOrderNumber: string }>('/_sim/product-receipts', {
      vendorAccount: 'V-1',
      lines: [
        { itemNumber: 'A0006', quantity: 10, warehouseId: '11', purchasePrice: 60 },
        { itemNumber: 'T0100', size: 'M', color: 'White', quantity: 4, warehouseId: '21' },
      ],
    });
    expect(await onHandOf('A0006', '11')).toMatchObject({ OnHandQuantity: 10, AvailableOnHandQuantity: 10 });
    expect(await onHandOf('T0100', '21', 'M', 'White')).toMatchObject({
      OnHandQuantity: 4,
      InventorySiteId: '2',
    });

    const po = await d365.client.list(purchaseOrderHeaders, {
      filter: (w) => w.eq('PurchaseOrderNumber', receipt.purchaseOrderNumber),
      expand: {
        navigation: 'PurchaseOrderLinesV2',
        select: ['LineNumber', 'ItemNumber', 'OrderedPurchaseQuantity', 'PurchaseOrderLineStatus'],
      },
    });
    expect(po.rows[0]).toMatchObject({ OrderVendorAccountNumber: 'V-1', PurchaseOrderStatus: 'Received' });
    expect(
      po.rows[0]!.PurchaseOrderLinesV2.map((l) => [
        l.ItemNumber,
        l.OrderedPurchaseQuantity,
        l.PurchaseOrderLineStatus,
      ]),
    ).toEqual([
      ['A0006', 10, 'Received'],
      ['T0100', 4, 'Received'],
    ]);
  });
});

describe('trade agreements', () => {
  it('shows a posted price change and a new agreement through iterateSalesPrices', async () => {
    const before = await all(iterateSalesPrices(d365.client, { currency: 'USD' }));
    const a2 = before.find((a) => a.ItemNumber === 'A0002' && a.FromQuantity === 1)!;
    expect(a2.Price).toBe(89);

    const posted = await d365.harness.sim<{ changed: number[]; created: number[] }>(
      '/_sim/trade-agreements',
      {
        description: 'Spring prices',
        lines: [
          { itemNumber: 'A0002', price: 84, recordId: a2.RecordId },
          { itemNumber: 'A0002', customerAccount: 'AMZ-US', price: 79, fromDate: '2026-03-01' },
        ],
      },
    );
    expect(posted.changed).toEqual([a2.RecordId]);

    const after = await all(iterateSalesPrices(d365.client, { currency: 'USD' }));
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((a) => a.RecordId === a2.RecordId)).toMatchObject({ Price: 84 });
    expect(after.find((a) => a.RecordId === posted.created[0])).toMatchObject({
      ItemNumber: 'A0002',
      CustomerAccountNumber: 'AMZ-US',
      Price: 79,
      PriceApplicableFromDate: '2026-03-01',
    });
  });
});

describe('cancellations', () => {
  it('shows the order Canceled after a cancellation in F&O, and the line status with it', async () => {
    const order = await newOrder('113-0000003-0000001');
    const number = order.header.SalesOrderNumber;
    const cancel = await d365.harness.sim<{ salesOrderStatus: string }>('/_sim/sales-orders/cancel', {
      salesOrderNumber: number,
    });
    expect(cancel.salesOrderStatus).toBe('Canceled');
    const [header] = (
      await d365.client.list(salesOrderHeaders, {
        filter: (w) => w.and(w.eq('SalesOrderNumber', number), w.eq('SalesOrderStatus', 'Canceled')),
        expand: { navigation: 'SalesOrderLines', select: ['InventoryLotId', 'SalesOrderLineStatus'] },
      })
    ).rows;
    expect(header).toMatchObject({ SalesOrderStatus: 'Canceled' });
    expect(header!.SalesOrderLines.map((l) => l.SalesOrderLineStatus)).toEqual(['Canceled', 'Canceled']);
  });
});
