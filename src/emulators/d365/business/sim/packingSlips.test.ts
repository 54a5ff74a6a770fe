// Posting packing slips through /_sim: partial then full delivery, tracking rows, on-hand, statuses,
// F&O's refusals, and what a posted packing slip does to deleting the order and its lines.
import { describe, expect, it } from 'vitest';
import { business } from '../index.ts';
import { faultOf, postJson, TestEngine } from '../../../../../test/support/d365TestStore.ts';

function orderWithLines() {
  const e = new TestEngine(business).seed();
  const { number, line } = e.salesOrder({
    DefaultShippingWarehouseId: '11',
    CustomersOrderReference: '111-2233445-6677889',
  });
  const hp = line({ ItemNumber: 'A0001', OrderedSalesQuantity: 3 });
  const tee = line({
    ItemNumber: 'T0100',
    ProductSizeId: 'S',
    ProductColorId: 'Black',
    OrderedSalesQuantity: 1,
  });
  return { e, app: e.app(), number, hp, tee };
}

const stock = (e: TestEngine, item: string, size = '', color = '') =>
  e.store
    .list('WarehousesOnHandV2', 'usmf')
    .find(
      (r) =>
        r.ItemNumber === item &&
        r.InventoryWarehouseId === '11' &&
        r.ProductSizeId === size &&
        r.ProductColorId === color,
    )!;

describe('POST /_sim/packing-slips', () => {
  it('posts a partial then a full delivery: journals, tracking, on-hand and statuses', async () => {
    const { e, app, number, hp, tee } = orderWithLines();
    const first = await postJson(app, '/_sim/packing-slips', {
      salesOrderNumber: number,
      carrier: 'ups',
      trackingNumbers: ['1Z0001', '1Z0002'],
      deliveryDate: '2026-03-03',
      lines: [{ inventoryLotId: hp.InventoryLotId, quantity: 2 }],
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      packingSlipId: 'PS-000001',
      carrier: 'UPS',
      salesOrderStatus: 'Backorder',
      lines: [{ quantity: 2, remaining: 1, status: 'Backorder' }],
    });
    const jour = e.store.list('CustPackingSlipJourBiEntities', 'usmf');
    expect(jour).toEqual([
      expect.objectContaining({
        PackingSlipId: 'PS-000001',
        SalesId: number,
        OrderAccount: 'AMZ-US',
        CustomerRef: '111-2233445-6677889',
        DeliveryDate: '2026-03-03T12:00:00Z',
        CreatedOn: '2026-03-02T10:00:00Z',
        ShipCarrierId: 'UPS',
        DlvMode: 'AMZ-STD',
        inventLocationId: '11',
        Qty: 2,
        Weight: 0.8,
      }),
    ]);
    expect(e.store.list('CustPackingSlipTransBiEntities', 'usmf')).toEqual([
      expect.objectContaining({
        PackingSlipId: 'PS-000001',
        InventTransId: hp.InventoryLotId,
        ItemId: 'A0001',
        ExternalItemId: 'DEMO-HP',
        Qty: 2,
        Ordered: 3,
        Remain: 1,
        SalesUnit: 'ea',
        AmountCur: 119.98,
      }),
    ]);
    expect(
      e.store
        .list('PackingSlipTrackingInformation', 'usmf')
        .map((t) => [t.PackingSlipNumber, t.TrackingNumber, t.TrackingURL]),
    ).toEqual([
      ['PS-000001', '1Z0001', 'https://www.ups.com/track?tracknum=1Z0001'],
      ['PS-000001', '1Z0002', 'https://www.ups.com/track?tracknum=1Z0002'],
    ]);
    expect(stock(e, 'A0001')).toMatchObject({
      OnHandQuantity: 118,
      OnOrderQuantity: 1,
      TotalAvailableQuantity: 117,
    });
    expect(
      e.store.get('SalesOrderHeadersV2', { dataAreaId: 'usmf', SalesOrderNumber: number }),
    ).toMatchObject({ SalesOrderStatus: 'Backorder', SalesOrderProcessingStatus: 'PartiallyDelivered' });

    const second = await postJson(app, '/_sim/packing-slips', {
      salesOrderNumber: number,
      carrier: 'FEDEX',
      trackingNumbers: ['7700'],
    });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({
      packingSlipId: 'PS-000002',
      salesOrderStatus: 'Delivered',
      lines: [
        { inventoryLotId: hp.InventoryLotId, quantity: 1, remaining: 0, status: 'Delivered' },
        { inventoryLotId: tee.InventoryLotId, quantity: 1, status: 'Delivered' },
      ],
    });
    expect(
      e.store.get('SalesOrderHeadersV2', { dataAreaId: 'usmf', SalesOrderNumber: number }),
    ).toMatchObject({ SalesOrderStatus: 'Delivered', SalesOrderProcessingStatus: 'Delivered' });
    expect(
      e.store.get('SalesOrderHeadersV4', { dataAreaId: 'usmf', SalesOrderNumber: number }),
    ).toMatchObject({ SalesOrderStatus: 'Delivered' });
    expect(
      e.store.get('SalesOrderLines', { dataAreaId: 'usmf', InventoryLotId: hp.InventoryLotId }),
    ).toMatchObject({ SalesOrderLineStatus: 'Delivered' });
    expect(e.store.get('SalesTableBiEntities', { dataAreaId: 'usmf', SalesId: number })).toMatchObject({
      SalesStatus: 'Delivered',
      DocumentStatus: 'PackingSlip',
    });
    expect(
      e.store.get('SalesLineBiEntities', {
        dataAreaId: 'usmf',
        SalesId: number,
        LineCreationSequenceNumber: 1,
      }),
    ).toMatchObject({ RemainSalesPhysical: 0, SalesStatus: 'Delivered' });
    expect(stock(e, 'T0100', 'S', 'Black')).toMatchObject({ OnHandQuantity: 39, OnOrderQuantity: 0 });
    const view = await (await app.request(`/_sim/sales-orders/${number}`)).json();
    expect(view).toMatchObject({
      salesOrderStatus: 'Delivered',
      lines: [{ ordered: 3, delivered: 3, remaining: 0, canceled: 0 }, { delivered: 1 }],
      packingSlips: [
        { trackingNumbers: ['1Z0001', '1Z0002'] },
        { carrier: 'FEDEX', trackingNumbers: ['7700'] },
      ],
    });
  });

  it('refuses over-delivery, unknown lines and carriers, and negative physical inventory, listing every problem', async () => {
    const { e, app, number, hp } = orderWithLines();
    const bad = await postJson(app, '/_sim/packing-slips', {
      salesOrderNumber: number,
      lines: [
        { inventoryLotId: hp.InventoryLotId, quantity: 4 },
        { inventoryLotId: 'NOPE', quantity: 1 },
      ],
    });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        error: {
          problems: [
            `Line ${hp.InventoryLotId}: quantity 4 exceeds the deliver remainder 3 (over-delivery tolerance 0 %).`,
            `Line NOPE does not belong to sales order ${number}.`,
          ],
        },
      },
    });
    expect(
      (await postJson(app, '/_sim/packing-slips', { salesOrderNumber: number, carrier: 'PIGEON' })).status,
    ).toBe(400);
    expect((await postJson(app, '/_sim/packing-slips', { salesOrderNumber: '999999' })).status).toBe(404);
    expect(
      (await postJson(app, '/_sim/packing-slips', { salesOrderNumber: number, lines: [] })).body.error
        .problems,
    ).toEqual(['lines: Too small: expected array to have >=1 items']);
    const scarce = e.create('SalesOrderLines', {
      SalesOrderNumber: number,
      ItemNumber: 'A0008',
      OrderedSalesQuantity: 5,
    });
    const short = await postJson(app, '/_sim/packing-slips', {
      salesOrderNumber: number,
      lines: [{ inventoryLotId: scarce.InventoryLotId, quantity: 5 }],
    });
    expect(short).toMatchObject({
      status: 409,
      body: {
        error: {
          problems: [
            'Item A0008 in warehouse 11: physical inventory 3 is less than 5; inventory cannot become negative.',
          ],
        },
      },
    });
    expect(e.store.list('CustPackingSlipJourBiEntities', 'usmf')).toEqual([]);
  });

  it('accepts a carrier of the catalogue that Amazon does not list (ACMEFREIGHT), and still refuses an unknown one', async () => {
    const { e, app, number } = orderWithLines();
    const refused = await postJson(app, '/_sim/packing-slips', { salesOrderNumber: number, carrier: 'NOPE' });
    expect(refused).toMatchObject({
      status: 400,
      body: {
        error: {
          message:
            "The value 'NOPE' in field 'Carrier' is not found in the related table 'Shipping carriers'.",
        },
      },
    });
    const posted = await postJson(app, '/_sim/packing-slips', {
      salesOrderNumber: number,
      carrier: 'AcmeFreight',
      trackingNumbers: ['ACME-0042'],
    });
    expect(posted).toMatchObject({
      status: 201,
      body: { carrier: 'ACMEFREIGHT', salesOrderStatus: 'Delivered' },
    });
    expect(e.store.list('CustPackingSlipJourBiEntities', 'usmf')).toEqual([
      expect.objectContaining({ ShipCarrierId: 'ACMEFREIGHT' }),
    ]);
    // F&O's carrier setup holds no tracking page for it, so the tracking row has no URL.
    expect(
      e.store.list('PackingSlipTrackingInformation', 'usmf').map((t) => [t.TrackingNumber, t.TrackingURL]),
    ).toEqual([['ACME-0042', '']]);
  });

  it('lets an unprocessed order or line be deleted, and refuses it once a packing slip is posted', async () => {
    const { e, app, number, hp, tee } = orderWithLines();
    await postJson(app, '/_sim/packing-slips', {
      salesOrderNumber: number,
      lines: [{ inventoryLotId: hp.InventoryLotId, quantity: 1 }],
    });
    const order = { dataAreaId: 'usmf', SalesOrderNumber: number };
    expect(faultOf(() => e.remove('SalesOrderHeadersV2', order)).message).toBe(
      `Delete failed for table row of type 'SalesOrderHeaderV2Entity'. Infolog: Error: Sales order ${number} cannot be deleted because it has been physically updated (packing slips have been posted). Cancel the remaining quantity instead.`,
    );
    expect(
      faultOf(() => e.remove('SalesOrderLines', { dataAreaId: 'usmf', InventoryLotId: hp.InventoryLotId }))
        .message,
    ).toContain('has been physically updated');
    e.remove('SalesOrderLines', { dataAreaId: 'usmf', InventoryLotId: tee.InventoryLotId });
    expect(e.store.list('SalesOrderLines', 'usmf')).toHaveLength(1);
  });

  it('takes a charge line (a service item) through order and packing slip without any inventory', async () => {
    const { e, app, number, hp } = orderWithLines();
    const freight = e.create('SalesOrderLines', {
      SalesOrderNumber: number,
      ItemNumber: 'S0100',
      OrderedSalesQuantity: 1,
      SalesPrice: 4.99,
    });
    expect(freight).toMatchObject({ ShippingSiteId: '1', ShippingWarehouseId: '11', LineAmount: 4.99 });
    const serviceStock = () =>
      e.store.list('WarehousesOnHandV2', 'usmf').filter((r) => r.ItemNumber === 'S0100');
    expect(serviceStock()).toEqual([]);
    const posted = await postJson(app, '/_sim/packing-slips', {
      salesOrderNumber: number,
      lines: [
        { inventoryLotId: hp.InventoryLotId, quantity: 3 },
        { inventoryLotId: freight.InventoryLotId, quantity: 1 },
      ],
    });
    expect(posted.status).toBe(201);
    expect(posted.body.lines[1]).toMatchObject({ itemNumber: 'S0100', remaining: 0, status: 'Delivered' });
    expect(
      e.store.list('CustPackingSlipTransBiEntities', 'usmf').find((t) => t.ItemId === 'S0100'),
    ).toMatchObject({ Qty: 1, StockedProduct: 'No' });
    expect(serviceStock()).toEqual([]);
  });
});
