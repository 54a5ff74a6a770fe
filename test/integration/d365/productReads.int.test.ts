// Product reads through the real client against the emulator's demo seed: released products with a
// filter, $select and $orderby; keyed reads with and without dataAreaId; the shared product and creation
// views; masters and their variants; barcodes and the marketplace customer's external item numbers.
import { describe, expect, it } from 'vitest';
import { demoCatalogue } from '../../../src/demo/demoCatalogue.ts';
import {
  customerProductDescriptions,
  productBarcodes,
  products,
  releasedProductCreations,
  releasedProductMasters,
  releasedProducts,
  releasedProductVariants,
} from '../../../src/d365/index.ts';
import { all, COMPANY, useHarness } from './kit.ts';

const catalogue = demoCatalogue();
const simple = catalogue.products.flatMap((p) => (p.kind === 'simple' ? [p] : []));
const master = catalogue.products.find((p) => p.kind === 'master')!;
const us = catalogue.marketplaces.find((m) => m.countryCode === 'US')!;

const d365 = useHarness('all');

describe('products', () => {
  it('reads released products with a filter, $select and $orderby', async () => {
    const page = await d365.client.list(releasedProducts, {
      // Stocked simple products: the charge items (S0100, S0101) are simple products of type Service.
      filter: (w) => w.and(w.eq('ProductSubType', 'Product'), w.eq('ProductType', 'Item')),
      select: ['ItemNumber', 'SalesPrice', 'NetProductWeight', 'TareProductWeight', 'ProductSubType'],
      orderBy: ['ItemNumber desc'],
    });
    expect(page.rows.map((r) => r.ItemNumber)).toEqual(simple.map((p) => p.itemNumber).reverse());
    const a1 = page.rows.find((r) => r.ItemNumber === 'A0001')!;
    expect(a1).toMatchObject({
      SalesPrice: simple[0]!.salesPrice,
      NetProductWeight: simple[0]!.netWeightKg,
      TareProductWeight: simple[0]!.tareWeightKg,
      ProductSubType: 'Product',
    });
    expect(a1['@odata.etag']).toMatch(/^W\/"/);
    // $select really narrowed what F&O sent: the row has only the selected fields and the ETag.
    expect(Object.keys(a1).sort()).toEqual(
      [
        '@odata.etag',
        'ItemNumber',
        'NetProductWeight',
        'ProductSubType',
        'SalesPrice',
        'TareProductWeight',
      ].sort(),
    );
  });

  it('gets one released product by key, with or without dataAreaId in the key', async () => {
    const byDefault = await d365.client.get(releasedProducts, { ItemNumber: 'A0003' });
    const named = await d365.client.get(releasedProducts, { dataAreaId: COMPANY, ItemNumber: 'A0003' });
    expect(byDefault).toMatchObject({ dataAreaId: COMPANY, ItemNumber: 'A0003', SalesPrice: 29.5 });
    expect(named).toEqual(byDefault);
    expect(await d365.client.get(releasedProducts, { ItemNumber: 'NOPE' })).toBeUndefined();
    // The keyed URL carries dataAreaId and cross-company=true.
    const keyed = d365.harness.dataRequests().filter((r) => r.path.includes("ItemNumber='A0003'"));
    expect(keyed[0]!.path).toContain(`ReleasedProductsV2(dataAreaId='${COMPANY}',ItemNumber='A0003')`);
    expect(keyed[0]!.search).toContain('cross-company=true');
  });

  it('reads names from the shared product and the creation view', async () => {
    const released = await d365.client.get(
      releasedProducts,
      { ItemNumber: 'A0002' },
      { select: ['ProductNumber'] },
    );
    const shared = await d365.client.get(products, { ProductNumber: released!.ProductNumber });
    expect(shared).toMatchObject({ ProductName: 'Demo Bluetooth Speaker', ProductSubType: 'Product' });
    const creation = await d365.client.get(releasedProductCreations, { ItemNumber: 'A0002' });
    expect(creation).toMatchObject({ ProductName: 'Demo Bluetooth Speaker', InventoryUnitSymbol: 'ea' });
  });

  it('reads the master and its released variants', async () => {
    const masters = await d365.client.list(releasedProductMasters);
    expect(masters.rows.map((m) => m.ItemNumber)).toEqual(
      demoCatalogue()
        .products.filter((p) => p.kind === 'master')
        .map((p) => p.itemNumber),
    );
    const variants = await all(
      d365.client.iterate(releasedProductVariants, {
        filter: (w) => w.eq('ProductMasterNumber', master.itemNumber),
        orderBy: ['ProductSizeId', 'ProductColorId'],
      }),
    );
    expect(variants.map((v) => `${v.ProductSizeId}/${v.ProductColorId}`).sort()).toEqual(
      master.variants.map((v) => `${v.size}/${v.color}`).sort(),
    );
    const one = await d365.client.get(releasedProductVariants, {
      ProductMasterNumber: master.itemNumber,
      ProductConfigurationId: '',
      ProductSizeId: 'M',
      ProductColorId: 'White',
      ProductStyleId: '',
      ProductVersionId: '',
    });
    const mWhite = master.variants.find((v) => v.size === 'M' && v.color === 'White')!;
    expect(one).toMatchObject({ ItemNumber: master.itemNumber, ProductName: mWhite.name });
  });

  it('reads barcodes and the marketplace customer’s external item numbers', async () => {
    const codes = await all(
      d365.client.iterate(productBarcodes, {
        filter: (w) => w.eq('ItemNumber', 'A0001'),
        orderBy: ['Barcode'],
      }),
    );
    expect(codes.map((b) => [b.BarcodeSetupId, b.Barcode]).sort()).toEqual(
      simple[0]!.barcodes.map((b) => [b.setupId, b.barcode]).sort(),
    );
    const skus = await all(
      d365.client.iterate(customerProductDescriptions, {
        filter: (w) => w.eq('CustomerAccountNumber', `AMZ-${us.countryCode}`),
        select: ['ItemNumber', 'ProductSizeId', 'ProductColorId', 'CustomerProductNumber'],
      }),
    );
    const offers = catalogue.products.flatMap((p) =>
      p.kind === 'simple' ? p.offers : p.variants.flatMap((v) => v.offers),
    );
    expect(skus.map((s) => s.CustomerProductNumber).sort()).toEqual(
      offers
        .filter((o) => o.marketplaceId === us.id)
        .map((o) => o.sku)
        .sort(),
    );
  });
});
