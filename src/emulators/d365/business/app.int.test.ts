// The business rules inside the real emulator: a sales order header and lines created over OData, a
// packing slip posted through /_sim, and the packing slip, tracking and order status read back over
// OData — plus F&O's refusals rendered as F&O error bodies.
import { afterEach, describe, expect, it } from 'vitest';
import {
  startD365TestEmulator,
  type D365TestEmulator,
} from '../../../../test/support/d365EmulatorTestKit.ts';
import { ORDER_SPECIFIC_ADDRESS } from '../../../../test/support/d365TestStore.ts';

let emu: D365TestEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function json(res: Response) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked with toMatchObject
  return (await res.json()) as Record<string, any>;
}

const send = (method: string, body: unknown) => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe('D365 emulator with the business rules', () => {
  it('creates an order over OData, posts a packing slip via /_sim and reads it back over OData', async () => {
    emu = await startD365TestEmulator();
    const created = await emu.request(
      '/data/SalesOrderHeadersV2',
      send('POST', {
        dataAreaId: 'usmf',
        OrderingCustomerAccountNumber: 'AMZ-US',
        CustomersOrderReference: '113-0000001-0000001',
        DefaultShippingWarehouseId: '11',
        ...ORDER_SPECIFIC_ADDRESS,
      }),
    );
    expect(created.status).toBe(201);
    const header = await json(created);
    expect(header).toMatchObject({
      SalesOrderNumber: '000001',
      CurrencyCode: 'USD',
      SalesOrderStatus: 'Backorder',
      DefaultShippingSiteId: '1',
    });
    const number = header.SalesOrderNumber as string;

    const lineRes = await emu.request(
      '/data/SalesOrderLines',
      send('POST', {
        dataAreaId: 'usmf',
        SalesOrderNumber: number,
        ItemNumber: 'A0003',
        OrderedSalesQuantity: 2,
      }),
    );
    expect(lineRes.status).toBe(201);
    const line = await json(lineRes);
    expect(line).toMatchObject({
      InventoryLotId: '000001',
      LineCreationSequenceNumber: 1,
      SalesPrice: 29.5,
      LineAmount: 59,
      ShippingSiteId: '1',
      SalesOrderLineStatus: 'Backorder',
    });

    const slip = await emu.request(
      '/_sim/packing-slips',
      send('POST', {
        salesOrderNumber: number,
        carrier: 'USPS',
        trackingNumbers: ['9400100000000000000000'],
      }),
    );
    expect(slip.status).toBe(201);
    const { packingSlipId } = await json(slip);

    const jour = await json(
      await emu.request(`/data/CustPackingSlipJourBiEntities?$filter=SalesId eq '${number}'`),
    );
    expect(jour.value).toEqual([
      expect.objectContaining({
        PackingSlipId: packingSlipId,
        CustomerRef: '113-0000001-0000001',
        ShipCarrierId: 'USPS',
        Qty: 2,
      }),
    ]);
    const trans = await json(
      await emu.request(`/data/CustPackingSlipTransBiEntities?$filter=PackingSlipId eq '${packingSlipId}'`),
    );
    expect(trans.value).toEqual([
      expect.objectContaining({ InventTransId: line.InventoryLotId, Qty: 2, Remain: 0 }),
    ]);
    const tracking = await json(
      await emu.request(`/data/PackingSlipTrackingInformation?$filter=SalesOrderNumber eq '${number}'`),
    );
    expect(tracking.value).toEqual([
      expect.objectContaining({
        PackingSlipNumber: packingSlipId,
        TrackingNumber: '9400100000000000000000',
        TrackingURL: expect.stringContaining('usps.com'),
      }),
    ]);
    const order = await json(
      await emu.request(
        `/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='${number}')?$expand=SalesOrderLines`,
      ),
    );
    expect(order).toMatchObject({
      SalesOrderStatus: 'Delivered',
      SalesOrderLines: [{ SalesOrderLineStatus: 'Delivered' }],
    });
    const stock = await json(
      await emu.request(
        "/data/WarehousesOnHandV2?$filter=ItemNumber eq 'A0003' and InventoryWarehouseId eq '11'",
      ),
    );
    expect(stock.value[0]).toMatchObject({ OnHandQuantity: 398, OnOrderQuantity: 0 });

    const del = await emu.request(
      `/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='${number}')`,
      { method: 'DELETE' },
    );
    expect(del.status).toBe(400);
    expect((await json(del)).error.innererror.message).toContain(
      'cannot be deleted because it has been physically updated',
    );
  });

  it('renders the business refusals as F&O write errors', async () => {
    emu = await startD365TestEmulator();
    const header = await json(
      await emu.request(
        '/data/SalesOrderHeadersV2',
        send('POST', { dataAreaId: 'usmf', OrderingCustomerAccountNumber: 'AMZ-US' }),
      ),
    );
    const noSite = await emu.request(
      '/data/SalesOrderLines',
      send('POST', { dataAreaId: 'usmf', SalesOrderNumber: header.SalesOrderNumber, ItemNumber: 'A0001' }),
    );
    expect(noSite.status).toBe(400);
    const body = await json(noSite);
    expect(body.error.message).toBe('An error has occurred.');
    expect(body.error.innererror.message).toContain(
      'Inventory dimension Site is mandatory and must consequently be specified.',
    );
    const status = await emu.request(
      `/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='${header.SalesOrderNumber}')`,
      send('PATCH', { SalesOrderStatus: 'Canceled' }),
    );
    expect(status.status).toBe(400);
    const agreement = await emu.request(
      '/data/SalesPriceAgreements',
      send('POST', { dataAreaId: 'usmf', RecordId: 1, ItemNumber: 'A0001', Price: 1 }),
    );
    expect(agreement.status).toBe(400);
    const price = await emu.request(
      "/data/ReleasedProductsV2(dataAreaId='usmf',ItemNumber='A0001')",
      send('PATCH', { SalesPrice: 62.5 }),
    );
    expect(price.status).toBe(204);
    expect(
      await json(await emu.request("/data/ReleasedDistinctProductsV2(dataAreaId='usmf',ItemNumber='A0001')")),
    ).toMatchObject({ SalesPrice: 62.5 });
  });
});
