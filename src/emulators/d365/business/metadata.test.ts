// Every entity set, key and field the business side uses must exist in the metadata extract: the seed
// and a full scenario (customers, addresses, orders, packing slips, cancellations, receipts, price
// journals, product changes) run against the checking test store, which refuses unknown sets, fields
// and enum members on write and throws on reads of fields an entity set lacks; then every stored row
// and every behaviour declaration is walked once more.
import { describe, expect, it } from 'vitest';
import { business } from './index.ts';
import { enumMembers, enumTypeOf, hasEntitySet, hasField, keysOf } from './metadata.ts';
import { ORDER_SPECIFIC_ADDRESS, TestEngine } from '../../../../test/support/d365TestStore.ts';

async function scenario(e: TestEngine) {
  const app = e.app();
  const post = async (path: string, body: unknown) => {
    const res = await app.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201);
  };
  const customer = e.create('CustomersV3', {
    PartyType: 'Person',
    PersonFirstName: 'Ada',
    PersonLastName: 'Buyer',
    CustomerGroupId: 'AMZ',
    SalesCurrencyCode: 'USD',
    AddressStreet: '1 Main St',
    AddressCity: 'Springfield',
    AddressState: 'IL',
    AddressZipCode: '62701',
  });
  e.create('CustomerPostalAddresses', {
    CustomerAccountNumber: customer.CustomerAccount,
    AddressStreet: '9 Side Rd',
    AddressCity: 'Springfield',
    AddressCountryRegionId: 'USA',
    AddressLocationRoles: 'Delivery',
  });
  const { order, line: addLine } = e.salesOrder({
    CustomersOrderReference: '111-0000000-0000001',
    DefaultShippingWarehouseId: '11',
    ...ORDER_SPECIFIC_ADDRESS,
  });
  const line = addLine({ ItemNumber: 'A0001', OrderedSalesQuantity: 3 });
  addLine({ ItemNumber: 'T0100', ProductSizeId: 'M', ProductColorId: 'Black', OrderedSalesQuantity: 2 });
  e.update(
    'SalesOrderLines',
    { dataAreaId: 'usmf', InventoryLotId: line.InventoryLotId },
    { OrderedSalesQuantity: 4 },
  );
  await post('/_sim/packing-slips', {
    salesOrderNumber: order.SalesOrderNumber,
    carrier: 'UPS',
    trackingNumbers: ['1Z999'],
    lines: [{ inventoryLotId: line.InventoryLotId, quantity: 1 }],
  });
  await post('/_sim/sales-orders/cancel', {
    salesOrderNumber: order.SalesOrderNumber,
    inventoryLotId: line.InventoryLotId,
    quantity: 1,
  });
  await post('/_sim/packing-slips', { salesOrderNumber: order.SalesOrderNumber, carrier: 'FEDEX' });
  e.create('PackingSlipTrackingInformation', {
    SalesOrderNumber: order.SalesOrderNumber,
    PackingSlipNumber: e.store.list('CustPackingSlipJourBiEntities', 'usmf')[0]!.PackingSlipId,
    TrackingNumber: 'EXTRA-1',
  });
  await post('/_sim/product-receipts', {
    lines: [
      { itemNumber: 'A0002', quantity: 5, warehouseId: '21' },
      { itemNumber: 'T0100', size: 'L', color: 'White', quantity: 2, warehouseId: '11' },
    ],
  });
  await post('/_sim/trade-agreements', {
    lines: [{ itemNumber: 'A0001', price: 55, currency: 'USD', customerAccount: 'AMZ-US' }],
  });
  const journal = e.create('OpenTradeAgreementJournalHeadersV2', {
    TradeAgreementJournalNameId: 'SalesPrice',
  });
  e.create('OpenSalesPriceJournalLinesV2', {
    TradeAgreementJournalNumber: journal.JournalNumber,
    ItemNumber: 'A0003',
    Price: 27,
  });
  await post('/_sim/trade-agreements', { journalNumber: journal.JournalNumber });
  e.update(
    'ReleasedProductsV2',
    { dataAreaId: 'usmf', ItemNumber: 'A0001' },
    { SalesPrice: 61, NetProductWeight: 0.4 },
  );
  e.create('ReleasedProductCreationsV2', {
    ItemNumber: 'N0001',
    ProductName: 'New thing',
    ProductSubType: 'Product',
  });
  const second = e.create('SalesOrderHeadersV4', { OrderingCustomerAccountNumber: customer.CustomerAccount });
  e.create('SalesOrderLinesV3', {
    SalesOrderNumber: second.SalesOrderNumber,
    ItemNumber: 'A0005',
    ShippingWarehouseId: '11',
  });
  e.remove('SalesOrderHeadersV2', { dataAreaId: 'usmf', SalesOrderNumber: second.SalesOrderNumber });
}

describe('metadata conformance', () => {
  it('seeds and runs a full scenario with metadata names only, then every stored row checks out', async () => {
    const e = new TestEngine(business).seed();
    await scenario(e);
    expect(e.store.touched.size).toBeGreaterThan(40);
    for (const [set, rows] of e.store.all()) {
      expect(hasEntitySet(set), set).toBe(true);
      for (const row of rows) {
        for (const k of keysOf(set)) expect(row[k], `${set} key ${k}`).not.toBeUndefined();
        for (const [field, value] of Object.entries(row)) {
          expect(hasField(set, field), `${set}.${field}`).toBe(true);
          const enumType = enumTypeOf(set, field);
          if (enumType) expect(enumMembers(enumType), `${set}.${field}`).toContain(value);
        }
      }
    }
  });

  it('declares behaviours only for entity sets and fields of the extract', () => {
    const sets = new Set<string>();
    for (const b of business.behaviours) {
      expect(hasEntitySet(b.entitySet), b.entitySet).toBe(true);
      expect(sets.has(b.entitySet), `two behaviours for ${b.entitySet}`).toBe(false);
      sets.add(b.entitySet);
      for (const f of b.computed?.fields ?? [])
        expect(hasField(b.entitySet, f), `${b.entitySet}.${f}`).toBe(true);
    }
  });

  it('seeds the demo catalogue: company, sites, warehouses, products, variants, barcodes, codes, prices', () => {
    const { store } = new TestEngine(business).seed();
    const count = (set: string) => store.list(set).length;
    expect(store.get('LegalEntities', { LegalEntityId: 'usmf' })).toBeDefined();
    expect(store.list('Warehouses', 'usmf').map((w) => [w.WarehouseId, w.OperationalSiteId])).toEqual([
      ['11', '1'],
      ['13', '1'],
      ['21', '2'],
    ]);
    expect(count('ReleasedProductsV2')).toBe(13); // 11 products and the 2 charge items
    expect(store.get('ReleasedProductsV2', { dataAreaId: 'usmf', ItemNumber: 'S0100' })).toMatchObject({
      ProductType: 'Service',
      ProductSubType: 'Product',
    });
    for (const set of ['ProductBarcodesV3', 'WarehousesOnHandV2'])
      expect(store.list(set, 'usmf').filter((r) => r.ItemNumber === 'S0100')).toEqual([]);
    expect(store.get('ReleasedProductsV2', { dataAreaId: 'usmf', ItemNumber: 'A0001' })).toMatchObject({
      SalesPrice: 59.99,
      NetProductWeight: 0.35,
      TareProductWeight: 0.05,
      ProductSubType: 'Product',
      SalesUnitSymbol: 'ea',
    });
    expect(store.get('ReleasedProductMastersV2', { dataAreaId: 'usmf', ItemNumber: 'T0100' })).toBeDefined();
    expect(count('ReleasedProductVariantsV2')).toBe(12); // T-shirt and hoodie, 6 each
    expect(
      store
        .list('ProductMasterSizes')
        .filter((s) => s.ProductMasterNumber === 'T0100')
        .map((s) => s.ProductSizeId),
    ).toEqual(['S', 'M', 'L']);
    expect(store.list('ProductBarcodesV3', 'usmf').find((b) => b.Barcode === '086000200114')).toMatchObject({
      ItemNumber: 'T0100',
      ProductSizeId: 'M',
      ProductColorId: 'Black',
      BarcodeSetupId: 'UPC',
    });
    expect(
      store.get('WarehousesOnHandV2', {
        dataAreaId: 'usmf',
        ItemNumber: 'T0100',
        ProductColorId: 'Black',
        ProductConfigurationId: '',
        ProductSizeId: 'M',
        ProductStyleId: '',
        ProductVersionId: '',
        InventorySiteId: '2',
        InventoryWarehouseId: '21',
      }),
    ).toMatchObject({ OnHandQuantity: 10, AvailableOnHandQuantity: 10 });
    expect(store.get('CustomerGroups', { dataAreaId: 'usmf', CustomerGroupId: 'AMZ' })).toMatchObject({
      PaymentTermId: 'Net10',
    });
    expect(store.list('DeliveryModesV2', 'usmf').map((m) => m.ModeCode)).toContain('AMZ-STD');
    expect(store.list('CustomerPaymentMethods', 'usmf').map((m) => m.Name)).toEqual(['AMAZON', 'AMZ-COD']);
    expect(store.list('SalesCharge', 'usmf').map((m) => m.ChargeCode)).toEqual(['FREIGHT', 'GIFTWRAP']);
    expect(store.get('CustomersV3', { dataAreaId: 'usmf', CustomerAccount: 'AMZ-CA' })).toMatchObject({
      SalesCurrencyCode: 'CAD',
      CustomerGroupId: 'AMZ',
    });
    const a1 = store.list('SalesPriceAgreements', 'usmf').filter((a) => a.ItemNumber === 'A0001');
    expect(a1.map((a) => [a.PriceCurrencyCode, a.FromQuantity, a.Price])).toEqual([
      ['USD', 1, 59.99],
      ['USD', 10, 53.99],
      ['CAD', 1, 79.99],
    ]);
  });

  it('seeding twice changes nothing', () => {
    const e = new TestEngine(business).seed();
    const before = e.store.all().map(([s, rows]) => [s, rows.length]);
    e.seed();
    expect(e.store.all().map(([s, rows]) => [s, rows.length])).toEqual(before);
  });
});
