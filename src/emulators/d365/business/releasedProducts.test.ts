// Released products: a price or weight change is a plain PATCH that every released-product view and the
// item's BI row show, moving the price date; identity fields are fixed; creation through
// ReleasedProductCreationsV2 releases a new product in all views.
import { describe, expect, it } from 'vitest';
import { business } from './index.ts';
import { faultOf, TestEngine } from '../../../../test/support/d365TestStore.ts';

const item = (n: string) => ({ dataAreaId: 'usmf', ItemNumber: n });

describe('released products', () => {
  it('applies a price and weight PATCH to every view and the BI row', () => {
    const e = new TestEngine(business, new Date('2026-04-01T08:00:00Z')).seed();
    const updated = e.update('ReleasedProductsV2', item('A0001'), {
      SalesPrice: 64.5,
      NetProductWeight: 0.4,
    });
    expect(updated).toMatchObject({ SalesPrice: 64.5, SalesPriceDate: '2026-04-01T12:00:00Z' });
    expect(e.store.get('ReleasedDistinctProductsV2', item('A0001'))).toMatchObject({
      SalesPrice: 64.5,
      NetProductWeight: 0.4,
    });
    expect(e.store.get('InventTableBiEntities', { dataAreaId: 'usmf', ItemId: 'A0001' })).toMatchObject({
      NetWeight: 0.4,
      TaraWeight: 0.05,
      SysModifiedDateTime: '2026-04-01T08:00:00Z',
      SysRecVersion: 2,
    });
    e.update('ReleasedProductMastersV2', item('T0100'), { TareProductWeight: 0.02 });
    expect(e.store.get('ReleasedProductsV2', item('T0100'))).toMatchObject({ TareProductWeight: 0.02 });
  });

  it('refuses changes of what identifies the product, and unknown units', () => {
    const e = new TestEngine(business).seed();
    const fault = faultOf(() =>
      e.update('ReleasedProductsV2', item('A0001'), {
        ProductSubType: 'ProductMaster',
        SalesUnitSymbol: 'box',
      }),
    );
    expect(fault.details).toEqual([
      "Field 'ProductSubType' cannot be changed once the product has been released.",
      "The value 'box' in field 'Unit' is not found in the related table 'Units'.",
    ]);
  });

  it('creates and releases a product through ReleasedProductCreationsV2', () => {
    const e = new TestEngine(business).seed();
    e.create('ReleasedProductCreationsV2', {
      ItemNumber: 'N0001',
      ProductName: 'New thing',
      ProductSubType: 'Product',
      SalesUnitSymbol: 'ea',
    });
    expect(e.store.get('ProductsV2', { ProductNumber: 'N0001' })).toMatchObject({
      ProductName: 'New thing',
      ProductType: 'Item',
    });
    expect(e.store.get('ReleasedProductsV2', item('N0001'))).toMatchObject({
      ProductNumber: 'N0001',
      StorageDimensionGroupName: 'SiteWH',
    });
    expect(e.store.get('ReleasedDistinctProductsV2', item('N0001'))).toBeDefined();
    expect(faultOf(() => e.create('ReleasedProductCreationsV2', { ItemNumber: 'N0002' })).details).toEqual([
      "Field 'Product name' must be filled in.",
    ]);
  });

  it('refuses to delete an item with stock or orders', () => {
    const e = new TestEngine(business).seed();
    expect(faultOf(() => e.remove('ReleasedProductsV2', item('A0001'))).message).toContain(
      'cannot be deleted while dependent inventory transactions exist',
    );
  });
});
