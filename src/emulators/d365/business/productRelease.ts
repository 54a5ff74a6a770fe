// Creating and releasing a product the way F&O stores it: one shared product (ProductsV2 with its
// DistinctProducts/ProductMasters view), one released item per company seen through every released-
// product entity set (ReleasedProductsV2, the distinct/master view, ReleasedProductCreationsV2), the
// item's BI row, and for masters their released variants with the size/colour values they use.
// The seed and the ReleasedProductCreationsV2 create path both go through here.
import type { BehaviourContext, EntityStore, Row } from '../engine/behaviour.ts';
import { projectRow } from './metadata.ts';
import { nextRecId } from './numberSequences.ts';
import type { Dims } from './products.ts';
import { ensureRow, upsertRow } from './rows.ts';
import { nowUtc, today } from './values.ts';

export interface ProductSpec {
  company: string;
  itemNumber: string;
  productNumber?: string;
  name: string;
  description?: string;
  subType: 'Product' | 'ProductMaster';
  /** Any further ReleasedProductsV2 / ReleasedProductCreationsV2 fields (prices, weights, units…). */
  fields?: Row;
}

/** Values a new released item gets when the creation does not say (USMF-like defaults). */
function releasedDefaults(spec: ProductSpec, ctx: BehaviourContext): Row {
  const master = spec.subType === 'ProductMaster';
  return {
    ProductType: 'Item',
    ProductSubType: spec.subType,
    SearchName: spec.name,
    ProductSearchName: spec.name,
    ItemModelGroupId: 'FIFO',
    ProductGroupId: 'Demo',
    StorageDimensionGroupName: 'SiteWH',
    TrackingDimensionGroupName: 'None',
    ProductDimensionGroupName: master ? 'SizeCol' : '',
    InventoryUnitSymbol: 'ea',
    SalesUnitSymbol: 'ea',
    PurchaseUnitSymbol: 'ea',
    BOMUnitSymbol: 'ea',
    SalesPriceQuantity: 1,
    PurchasePriceQuantity: 1,
    UnitCostQuantity: 1,
    SalesPriceDate: today(ctx),
    SalesSalesTaxItemGroupCode: 'ALL',
    PurchaseSalesTaxItemGroupCode: 'ALL',
    IsSalesPriceAdjustmentAllowed: 'Yes',
    VariantConfigurationTechnology: master ? 'PredefinedVariants' : undefined,
  };
}

/** The rows of one released product; `except` is the entity set the engine itself is storing. */
export function releaseProduct(
  store: EntityStore,
  ctx: BehaviourContext,
  spec: ProductSpec,
  except?: string,
): Row {
  const company = spec.company.toLowerCase();
  const productNumber = spec.productNumber || spec.itemNumber;
  const master = spec.subType === 'ProductMaster';
  const all: Row = {
    ...releasedDefaults(spec, ctx),
    ...spec.fields,
    dataAreaId: company,
    ItemNumber: spec.itemNumber,
    ProductNumber: productNumber,
    ProductName: spec.name,
    ProductDescription: spec.description ?? '',
  };
  const product: Row = {
    ...projectRow('ProductsV2', all),
    ProductSizeGroupId: master ? 'DemoSizes' : '',
    ProductColorGroupId: master ? 'DemoColors' : '',
    IsAutomaticVariantGenerationEnabled: 'No',
  };
  const write = (set: string, row: Row) => {
    if (set !== except) upsertRow(store, set, row);
  };
  write('ProductsV2', product);
  write(
    master ? 'ProductMasters' : 'DistinctProducts',
    projectRow(master ? 'ProductMasters' : 'DistinctProducts', product),
  );
  write('ReleasedProductsV2', projectRow('ReleasedProductsV2', all));
  write(
    master ? 'ReleasedProductMastersV2' : 'ReleasedDistinctProductsV2',
    projectRow(master ? 'ReleasedProductMastersV2' : 'ReleasedDistinctProductsV2', all),
  );
  write('ReleasedProductCreationsV2', projectRow('ReleasedProductCreationsV2', all));
  const recId = nextRecId(ctx, company);
  write('InventTableBiEntities', {
    dataAreaId: company,
    SysDataAreaId: company,
    ItemId: spec.itemNumber,
    NameAlias: all.SearchName,
    ItemType: all.ProductType === 'Service' ? 'Service' : 'Item',
    NetWeight: all.NetProductWeight ?? 0,
    TaraWeight: all.TareProductWeight ?? 0,
    Product: recId,
    SourceKey: recId,
    SysCreatedDateTime: nowUtc(ctx),
    SysModifiedDateTime: nowUtc(ctx),
    SysRecVersion: 1,
  });
  return all;
}

export interface VariantSpec {
  company: string;
  masterNumber: string;
  dims: Dims;
  name: string;
  /** Position of the size and colour in the master's dimension value lists. */
  sizeSequence?: number;
  colorSequence?: number;
}

/** The variant's product number: the master's and its dimension values joined with " : ". */
export function variantNumber(master: string, d: Dims): string {
  const values = [
    d.ProductConfigurationId,
    d.ProductSizeId,
    d.ProductColorId,
    d.ProductStyleId,
    d.ProductVersionId,
  ];
  return [master, ...values.filter(Boolean)].join(' : ');
}

/** The shared and released variant rows, and the master's size/colour values they use. */
export function releaseVariant(store: EntityStore, spec: VariantSpec): void {
  const company = spec.company.toLowerCase();
  const variant: Row = {
    ProductMasterNumber: spec.masterNumber,
    ...spec.dims,
    ProductVariantNumber: variantNumber(spec.masterNumber, spec.dims),
    ProductName: spec.name,
    ProductSearchName: spec.name,
    ProductDescription: '',
  };
  upsertRow(store, 'ProductVariantsV2', variant);
  upsertRow(store, 'ReleasedProductVariantsV2', {
    ...variant,
    dataAreaId: company,
    ItemNumber: spec.masterNumber,
    SalesSalesTaxItemGroupCode: 'ALL',
    PurchaseSalesTaxItemGroupCode: 'ALL',
  });
  if (spec.dims.ProductSizeId)
    ensureRow(store, 'ProductMasterSizes', {
      ProductMasterNumber: spec.masterNumber,
      ProductSizeId: spec.dims.ProductSizeId,
      DisplaySequenceNumber: spec.sizeSequence ?? 0,
    });
  if (spec.dims.ProductColorId)
    ensureRow(store, 'ProductMasterColors', {
      ProductMasterNumber: spec.masterNumber,
      ProductColorId: spec.dims.ProductColorId,
      DisplaySequenceNumber: spec.colorSequence ?? 0,
    });
}
