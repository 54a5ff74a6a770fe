// Reads through the real client against the emulator's demo seed, beyond products (productReads): the
// customers and setup codes a mapping points at, company scoping (default company, one named company,
// crossCompany, keyed reads in another company), on-hand and sales prices, and sales order headers with
// their lines ($expand with a nested $select, enum filters, $count, $top/$skip).
import { describe, expect, it } from 'vitest';
import { demoCatalogue } from '../../../src/demo/demoCatalogue.ts';
import {
  barcodeSetups,
  customerGroups,
  customers,
  deliveryModes,
  iterateOnHand,
  iterateSalesPrices,
  paymentMethods,
  paymentTerms,
  salesOrderHeaders,
  salesOrderLines,
  sites,
  warehouseOnHand,
  warehouses,
} from '../../../src/d365/index.ts';
import { all, COMPANY, useHarness } from './kit.ts';

const catalogue = demoCatalogue();
const us = catalogue.marketplaces.find((m) => m.countryCode === 'US')!;

const d365 = useHarness('all', {}, ({ harness }) => {
  // A second legal entity, to see company scoping at work (the demo seed has only usmf).
  harness.emulator.store.insert('CustomerGroups', {
    dataAreaId: 'demf',
    CustomerGroupId: 'AMZ',
    Description: 'Amazon customers (DE)',
    PaymentTermId: 'Net10',
  });
  harness.emulator.store.insert('CustomerGroups', {
    dataAreaId: 'demf',
    CustomerGroupId: 'AMZ-B2B',
    Description: 'Amazon business customers (DE)',
  });
});

describe('customers and setup data', () => {
  it('reads the marketplace customers and the codes a mapping points at', async () => {
    const amz = await d365.client.get(customers, { CustomerAccount: 'AMZ-US' });
    expect(amz).toMatchObject({
      CustomerGroupId: catalogue.codes.customerGroup.id,
      SalesCurrencyCode: 'USD',
      PartyType: 'Organization',
      OrganizationName: us.name,
      OnHoldStatus: 'No',
    });
    const modes = await d365.client.list(deliveryModes, { orderBy: ['ModeDisplayOrder'] });
    expect(modes.rows.map((m) => m.ModeCode)).toEqual(catalogue.codes.modesOfDelivery.map((m) => m.id));
    const methods = await d365.client.list(paymentMethods);
    expect(methods.rows.map((m) => m.Name).sort()).toEqual(
      catalogue.codes.methodsOfPayment.map((m) => m.id).sort(),
    );
    expect((await d365.client.list(paymentTerms)).rows).toEqual([
      expect.objectContaining({ Name: catalogue.codes.termsOfPayment, NumberOfDays: 10 }),
    ]);
    const setups = await d365.client.list(barcodeSetups, { filter: (w) => w.eq('BarcodeType', 'UPCA') });
    expect(setups.rows.map((s) => s.BarcodeSetupId)).toEqual(['UPC']);
    const wh = await d365.client.list(warehouses, { filter: (w) => w.eq('OperationalSiteId', '1') });
    expect(wh.rows.map((w) => w.WarehouseId).sort()).toEqual(['11', '13']);
    expect(await d365.client.count(sites)).toBe(2);
  });

  it('scopes reads to the default company, a named company or every company', async () => {
    const own = await d365.client.list(customerGroups);
    expect(own.rows.map((g) => `${g.dataAreaId}/${g.CustomerGroupId}`)).toEqual([`${COMPANY}/AMZ`]);
    const demf = await d365.client.list(customerGroups, { company: 'demf', orderBy: ['CustomerGroupId'] });
    expect(demf.rows.map((g) => g.CustomerGroupId)).toEqual(['AMZ', 'AMZ-B2B']);
    const every = await d365.client.list(customerGroups, {
      crossCompany: true,
      orderBy: ['dataAreaId', 'CustomerGroupId'],
    });
    expect(every.rows.map((g) => `${g.dataAreaId}/${g.CustomerGroupId}`)).toEqual([
      'demf/AMZ',
      'demf/AMZ-B2B',
      `${COMPANY}/AMZ`,
    ]);
    expect(await d365.client.count(customerGroups, { crossCompany: true })).toBe(3);
    expect(await d365.client.count(customerGroups, { company: 'demf' })).toBe(2);
    // A keyed read in another company: dataAreaId in the key, cross-company=true on the URL.
    const german = await d365.client.get(customerGroups, { dataAreaId: 'demf', CustomerGroupId: 'AMZ' });
    expect(german).toMatchObject({ Description: 'Amazon customers (DE)' });
    const viaCompany = await d365.client.get(
      customerGroups,
      { CustomerGroupId: 'AMZ-B2B' },
      { company: 'demf' },
    );
    expect(viaCompany).toMatchObject({ dataAreaId: 'demf' });
  });

  it('without a default company reads what F&O gives the mapped user: its default company', async () => {
    const bare = d365.harness.newClient({ defaultCompany: undefined }).client;
    const groups = await bare.list(customerGroups);
    expect(groups.rows.map((g) => g.dataAreaId)).toEqual([COMPANY]);
    const request = d365.harness.dataRequests().at(-1)!;
    expect(request.search).not.toContain('cross-company');
  });
});

describe('stock and prices', () => {
  it('iterates on-hand per warehouse', async () => {
    const rows = await all(iterateOnHand(d365.client, { warehouseIds: ['21'] }));
    const expected = catalogue.products.flatMap((p) =>
      p.kind === 'simple'
        ? p.onHand['21'] !== undefined
          ? [[p.itemNumber, '', '', p.onHand['21']]]
          : []
        : p.variants.flatMap((v) =>
            v.onHand['21'] !== undefined ? [[p.itemNumber, v.size, v.color, v.onHand['21']]] : [],
          ),
    );
    expect(
      rows.map((r) => [r.ItemNumber, r.ProductSizeId, r.ProductColorId, r.AvailableOnHandQuantity]),
    ).toEqual(expect.arrayContaining(expected));
    expect(rows).toHaveLength(expected.length);
    expect(rows.every((r) => r.InventoryWarehouseId === '21' && r.InventorySiteId === '2')).toBe(true);
    // In a total order (the whole key): the variants of one master do not tie.
    const sortKey = (r: (typeof rows)[number]) =>
      [
        r.ItemNumber,
        r.ProductColorId,
        r.ProductConfigurationId,
        r.ProductSizeId,
        r.ProductStyleId,
        r.ProductVersionId,
        r.InventorySiteId,
        r.InventoryWarehouseId,
      ].join('\u0000');
    const keys = (await all(iterateOnHand(d365.client))).map(sortKey);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(keys.length);
    const filtered = await d365.client.count(warehouseOnHand, {
      filter: (w) => w.and(w.eq('ItemNumber', 'A0003'), w.gt('OnHandQuantity', 100)),
    });
    expect(filtered).toBe(2);
  });

  it('iterates the sales price agreements of one currency', async () => {
    const cad = await all(iterateSalesPrices(d365.client, { currency: 'CAD' }));
    const ca = catalogue.marketplaces.find((m) => m.currency === 'CAD')!;
    const offers = catalogue.products.flatMap((p) =>
      p.kind === 'simple' ? p.offers : p.variants.flatMap((v) => v.offers),
    );
    expect(cad).toHaveLength(offers.filter((o) => o.marketplaceId === ca.id).length);
    expect(cad.every((a) => a.PriceCurrencyCode === 'CAD' && a.QuantityUnitySymbol === 'ea')).toBe(true);
    const ids = cad.map((a) => a.RecordId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(cad.find((a) => a.ItemNumber === 'A0001')).toMatchObject({ Price: 79.99, FromQuantity: 1 });
  });
});

describe('sales orders', () => {
  it('reads headers with their lines ($expand with a nested $select), by enum and by page', async () => {
    const order = await d365.client.create(salesOrderHeaders, {
      OrderingCustomerAccountNumber: 'AMZ-US',
      CustomersOrderReference: '113-READS-0001',
      DefaultShippingWarehouseId: '11',
    });
    for (const item of ['A0001', 'A0005'])
      await d365.client.create(salesOrderLines, {
        SalesOrderNumber: order.SalesOrderNumber,
        ItemNumber: item,
        OrderedSalesQuantity: 2,
      });
    const page = await d365.client.list(salesOrderHeaders, {
      filter: (w) =>
        w.and(w.eq('CustomersOrderReference', '113-READS-0001'), w.eq('SalesOrderStatus', 'Backorder')),
      select: ['SalesOrderNumber', 'SalesOrderStatus', 'CurrencyCode'],
      expand: { navigation: 'SalesOrderLines', select: ['InventoryLotId', 'ItemNumber', 'LineAmount'] },
      count: true,
    });
    expect(page.count).toBe(1);
    const [header] = page.rows;
    expect(header).toMatchObject({ SalesOrderNumber: order.SalesOrderNumber, CurrencyCode: 'USD' });
    expect(header!.SalesOrderLines.map((l) => [l.ItemNumber, l.LineAmount])).toEqual([
      ['A0001', 119.98],
      ['A0005', 25.98],
    ]);
    expect(Object.keys(header!.SalesOrderLines[0]!).sort()).toEqual(
      ['@odata.etag', 'InventoryLotId', 'ItemNumber', 'LineAmount'].sort(),
    );
    const lines = await d365.client.list(salesOrderLines, {
      filter: (w) => w.eq('SalesOrderNumber', order.SalesOrderNumber),
      orderBy: ['LineNumber'],
      top: 1,
      skip: 1,
    });
    expect(lines.rows.map((l) => l.ItemNumber)).toEqual(['A0005']);
  });
});
