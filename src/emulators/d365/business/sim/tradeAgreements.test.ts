// Trade-agreement journals through /_sim: new agreements, changed agreements, posting a journal
// prepared over OData, the price search using the result, and SalesPriceAgreements staying read-only.
import { describe, expect, it } from 'vitest';
import { business } from '../index.ts';
import { faultOf, postJson, TestEngine } from '../../../../../test/support/d365TestStore.ts';

describe('POST /_sim/trade-agreements', () => {
  it('creates and posts a journal: new agreements, and a changed one', async () => {
    const e = new TestEngine(business).seed();
    const app = e.app();
    const before = e.store.list('SalesPriceAgreements', 'usmf').length;
    const res = await postJson(app, '/_sim/trade-agreements', {
      description: 'Spring prices',
      lines: [
        {
          itemNumber: 'A0002',
          customerAccount: 'AMZ-US',
          price: 79,
          fromDate: '2026-03-01',
          toDate: '2026-03-31',
        },
        { itemNumber: 'T0100', size: 'L', color: 'Black', currency: 'CAD', price: 29.5 },
        { itemNumber: 'A0005', currency: 'USD', fromQuantity: 1, price: 11.99, unit: 'ea' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ journalNumber: 'TAJ-000002' });
    expect(res.body.created).toHaveLength(1);
    expect(res.body.changed).toHaveLength(2);
    expect(e.store.list('SalesPriceAgreements', 'usmf')).toHaveLength(before + 1);
    const changed = e.store
      .list('SalesPriceAgreements', 'usmf')
      .find(
        (a) =>
          a.ItemNumber === 'T0100' &&
          a.ProductSizeId === 'L' &&
          a.ProductColorId === 'Black' &&
          a.PriceCurrencyCode === 'CAD',
      );
    expect(changed).toMatchObject({ Price: 29.5, ProductNumber: 'T0100 : L : Black' });
    const added = e.store.get('SalesPriceAgreements', { dataAreaId: 'usmf', RecordId: res.body.created[0] });
    expect(added).toMatchObject({
      CustomerAccountNumber: 'AMZ-US',
      QuantityUnitySymbol: 'ea',
      PriceApplicableFromDate: '2026-03-01T12:00:00Z',
      WillSearchContinue: 'Yes',
    });
    expect(
      e.store.get('TradeAgreementJournalHeaders', { dataAreaId: 'usmf', JournalNumber: 'TAJ-000002' }),
    ).toMatchObject({
      Posted: 'Yes',
      JournalDescription: 'Spring prices',
      DefaultTradeAgreementType: 'PriceSales',
    });

    const { line } = e.salesOrder({ DefaultShippingWarehouseId: '11' });
    expect(line({ ItemNumber: 'A0002' }).SalesPrice).toBe(79);
    expect(line({ ItemNumber: 'A0005' }).SalesPrice).toBe(11.99);
  });

  it('posts an open journal prepared over OData', async () => {
    const e = new TestEngine(business).seed();
    const journal = e.create('OpenTradeAgreementJournalHeadersV2', {
      TradeAgreementJournalNameId: 'SalesPrice',
    });
    expect(journal).toMatchObject({
      JournalNumber: 'TAJ-000002',
      DefaultTradeAgreementType: 'PriceSales',
      JournalDescription: 'Sales prices',
    });
    const line = e.create('OpenSalesPriceJournalLinesV2', {
      TradeAgreementJournalNumber: journal.JournalNumber,
      ItemNumber: 'A0004',
      Price: 42,
      PriceCustomerGroupCode: 'AMAZON',
    });
    expect(line).toMatchObject({
      LineNumber: 1,
      PriceCurrencyCode: 'USD',
      QuantityUnitSymbol: 'ea',
      WillSearchContinue: 'Yes',
    });
    expect(
      e.store.get('TradeAgreementJournalHeaders', { dataAreaId: 'usmf', JournalNumber: 'TAJ-000002' }),
    ).toMatchObject({ Posted: 'No' });
    const res = await postJson(e.app(), '/_sim/trade-agreements', { journalNumber: journal.JournalNumber });
    expect(res.status).toBe(201);
    expect(
      e.store.get('SalesPriceAgreements', { dataAreaId: 'usmf', RecordId: res.body.created[0] }),
    ).toMatchObject({ ItemNumber: 'A0004', PriceCustomerGroupCode: 'AMAZON', Price: 42 });
    expect(e.store.list('OpenSalesPriceJournalLinesV2', 'usmf')).toEqual([]);
    expect(e.store.list('OpenTradeAgreementJournalHeadersV2', 'usmf')).toEqual([]);
    expect(
      e.store.get('TradeAgreementJournalHeaders', { dataAreaId: 'usmf', JournalNumber: 'TAJ-000002' }),
    ).toMatchObject({ Posted: 'Yes' });
  });

  it('refuses invalid lines all at once and posts nothing', async () => {
    const e = new TestEngine(business).seed();
    const before = e.store.list('SalesPriceAgreements', 'usmf').length;
    const res = await postJson(e.app(), '/_sim/trade-agreements', {
      lines: [
        { itemNumber: 'NOPE', price: 1 },
        {
          itemNumber: 'A0001',
          price: 1,
          customerAccount: 'AMZ-US',
          priceGroup: 'AMAZON',
          fromQuantity: 5,
          toQuantity: 2,
        },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.problems).toEqual([
      "lines.0: The value 'NOPE' in field 'Item number' is not found in the related table 'Released products'.",
      'lines.1: Account code Table (one customer) and Group (price group) cannot both be given on one line.',
      'lines.1: To quantity 2 is lower than From quantity 5.',
    ]);
    expect(e.store.list('SalesPriceAgreements', 'usmf')).toHaveLength(before);
    expect((await postJson(e.app(), '/_sim/trade-agreements', {})).status).toBe(400);
  });

  it('keeps SalesPriceAgreements read-only over OData', () => {
    const e = new TestEngine(business).seed();
    expect(business.behaviours.find((b) => b.entitySet === 'SalesPriceAgreements')?.readOnly).toBe(true);
    expect(
      faultOf(() => e.create('SalesPriceAgreements', { ItemNumber: 'A0001', Price: 1, RecordId: 1 })).status,
    ).toBe(400);
    const [first] = e.store.list('SalesPriceAgreements', 'usmf');
    expect(
      faultOf(() =>
        e.update('SalesPriceAgreements', { dataAreaId: 'usmf', RecordId: first!.RecordId }, { Price: 1 }),
      ).status,
    ).toBe(400);
    expect(
      faultOf(() => e.remove('SalesPriceAgreements', { dataAreaId: 'usmf', RecordId: first!.RecordId }))
        .status,
    ).toBe(400);
    expect(business.behaviours.find((b) => b.entitySet === 'WarehousesOnHandV2')?.readOnly).toBe(true);
  });
});
