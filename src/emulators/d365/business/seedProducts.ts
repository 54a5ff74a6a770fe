// The catalogue's products as released F&O items: simple products A0001…, the size × colour master with
// its released variants, UPC/EAN barcodes per item or variant, and opening on-hand per warehouse
// (posted as if counted in, so site totals and status rows agree). Purchase price and unit cost are
// half the sales price: the catalogue has no cost, and the product receipt simulation needs one.
// Also the charge items (S0100 shipping, S0101 gift wrap): service products, never stocked, with no
// barcode, price or Amazon offer — sales order lines carry Amazon's per-order charges on them.
import { demoCatalogue, type DemoProduct } from '../../../demo/demoCatalogue.ts';
import type { BehaviourContext, EntityStore } from '../engine/behaviour.ts';
import { moveStock, onHandRow } from './inventory.ts';
import { releaseProduct, releaseVariant } from './productRelease.ts';
import { noDims, type Dims } from './products.ts';
import { ensureRow } from './rows.ts';
import { round } from './values.ts';

type Barcode = { setupId: string; barcode: string };

function seedBarcodes(
  store: EntityStore,
  company: string,
  itemNumber: string,
  d: Dims,
  name: string,
  codes: Barcode[],
) {
  codes.forEach((b, i) =>
    ensureRow(store, 'ProductBarcodesV3', {
      dataAreaId: company,
      ItemNumber: itemNumber,
      ...d,
      ProductQuantityUnitSymbol: 'ea',
      BarcodeSetupId: b.setupId,
      Barcode: b.barcode,
      ProductQuantity: 1,
      ProductDescription: name,
      IsDefaultScannedBarcode: i === 0 ? 'Yes' : 'No',
      IsDefaultPrintedBarcode: i === 0 ? 'Yes' : 'No',
      IsDefaultDisplayedBarcode: i === 0 ? 'Yes' : 'No',
    }),
  );
}

/** Opening stock, only where none was recorded yet (a re-seed must not double it). */
function seedOnHand(
  store: EntityStore,
  company: string,
  itemNumber: string,
  d: Dims,
  name: string,
  onHand: Record<string, number>,
) {
  for (const [warehouseId, qty] of Object.entries(onHand)) {
    if (onHandRow(store, company, itemNumber, d, warehouseId)) continue;
    moveStock(store, company, itemNumber, d, warehouseId, { onHand: qty }, name);
  }
}

function seedProduct(store: EntityStore, ctx: BehaviourContext, company: string, p: DemoProduct): void {
  const master = p.kind === 'master';
  const barcodes = master ? p.variants.flatMap((v) => v.barcodes) : p.barcodes;
  releaseProduct(store, ctx, {
    company,
    itemNumber: p.itemNumber,
    name: p.name,
    subType: master ? 'ProductMaster' : 'Product',
    fields: {
      SalesPrice: p.salesPrice,
      PurchasePrice: round(p.salesPrice / 2),
      UnitCost: round(p.salesPrice / 2),
      NetProductWeight: p.netWeightKg,
      TareProductWeight: p.tareWeightKg,
      BarcodeSetupId: barcodes[0]?.setupId ?? '',
    },
  });
  if (!master) {
    seedBarcodes(store, company, p.itemNumber, noDims, p.name, p.barcodes);
    seedOnHand(store, company, p.itemNumber, noDims, p.name, p.onHand);
    return;
  }
  const sizes = [...new Set(p.variants.map((v) => v.size))];
  const colors = [...new Set(p.variants.map((v) => v.color))];
  for (const v of p.variants) {
    const d: Dims = { ...noDims, ProductSizeId: v.size, ProductColorId: v.color };
    releaseVariant(store, {
      company,
      masterNumber: p.itemNumber,
      dims: d,
      name: v.name,
      sizeSequence: sizes.indexOf(v.size) + 1,
      colorSequence: colors.indexOf(v.color) + 1,
    });
    seedBarcodes(store, company, p.itemNumber, d, v.name, v.barcodes);
    seedOnHand(store, company, p.itemNumber, d, v.name, v.onHand);
  }
}

/** A service product, as F&O's non-stock item model group makes it: order lines, but no inventory. */
function seedChargeItem(
  store: EntityStore,
  ctx: BehaviourContext,
  company: string,
  itemNumber: string,
  name: string,
) {
  releaseProduct(store, ctx, {
    company,
    itemNumber,
    name,
    subType: 'Product',
    fields: {
      ProductType: 'Service',
      ItemModelGroupId: 'SERVICE',
      ProductGroupId: 'Charges',
      SalesPrice: 0,
      PurchasePrice: 0,
      UnitCost: 0,
      NetProductWeight: 0,
      TareProductWeight: 0,
    },
  });
}

export function seedProducts(store: EntityStore, ctx: BehaviourContext, company: string): void {
  const released = (itemNumber: string) =>
    store.get('ReleasedProductsV2', { dataAreaId: company, ItemNumber: itemNumber }) !== undefined;
  for (const p of demoCatalogue().products) {
    if (!released(p.itemNumber)) seedProduct(store, ctx, company, p);
  }
  for (const charge of Object.values(demoCatalogue().codes.chargeItems)) {
    if (!released(charge.itemNumber)) seedChargeItem(store, ctx, company, charge.itemNumber, charge.name);
  }
}
