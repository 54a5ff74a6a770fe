// The released-product entity sets (ReleasedProductsV2, the distinct-product and master views,
// ReleasedProductCreationsV2) are views of one item: a write through any of them shows in all, and in
// InventTableBiEntities (the change-detection timestamp). Price and weight changes are plain PATCHes;
// what identifies the product (number, type, subtype, dimension groups) cannot change once released.
// A new price moves its price date, as the item form does.
import type { BehaviourContext, EntityBehaviour, Row } from '../engine/behaviour.ts';
import { deleteFailed, mustBeFilled, refuseIfAny, type Problem } from './faults.ts';
import { projectRow } from './metadata.ts';
import { releaseProduct } from './productRelease.ts';
import { checkRef, references } from './references.ts';
import { deleteIfExists, patchRow } from './rows.ts';
import { companyOf, isSet, nowUtc, num, str, today } from './values.ts';

const VIEWS = [
  'ReleasedProductsV2',
  'ReleasedDistinctProductsV2',
  'ReleasedProductMastersV2',
  'ReleasedProductCreationsV2',
];
const SHARED_VIEWS = ['ProductsV2', 'DistinctProducts', 'ProductMasters'];

/** Fields that identify the released product: set when it is created, fixed afterwards. */
export const releaseIdentity = [
  'ProductNumber',
  'ProductType',
  'ProductSubType',
  'ProductDimensionGroupName',
  'StorageDimensionGroupName',
  'TrackingDimensionGroupName',
];

function checkUnits(ctx: BehaviourContext, company: string, row: Row, problems: Problem[]): void {
  for (const f of ['SalesUnitSymbol', 'InventoryUnitSymbol', 'PurchaseUnitSymbol'])
    checkRef(ctx.store, problems, references.unit, company, row[f], f);
}

/** Keeps the item's other views, its shared product's name and its BI row in step with `row`. */
function syncViews(ctx: BehaviourContext, set: string, row: Row): void {
  const key = { dataAreaId: row.dataAreaId, ItemNumber: row.ItemNumber };
  for (const view of VIEWS) if (view !== set) patchRow(ctx.store, view, key, projectRow(view, row));
  if (set === 'ReleasedProductCreationsV2') {
    const product = { ProductNumber: row.ProductNumber };
    for (const view of SHARED_VIEWS)
      patchRow(ctx.store, view, product, {
        ProductName: row.ProductName,
        ProductDescription: row.ProductDescription,
        ProductSearchName: row.ProductSearchName,
      });
  }
  const bi = ctx.store.get('InventTableBiEntities', { dataAreaId: row.dataAreaId, ItemId: row.ItemNumber });
  const all = ctx.store.get('ReleasedProductsV2', key) ?? {};
  const merged = { ...all, ...row };
  patchRow(
    ctx.store,
    'InventTableBiEntities',
    { dataAreaId: row.dataAreaId, ItemId: row.ItemNumber },
    {
      NameAlias: merged.SearchName,
      NetWeight: merged.NetProductWeight,
      TaraWeight: merged.TareProductWeight,
      grossDepth: merged.GrossDepth,
      grossHeight: merged.GrossProductHeight,
      grossWidth: merged.GrossProductWidth,
      UnitVolume: merged.ProductVolume,
      PrimaryVendorId: merged.PrimaryVendorAccountNumber,
      ProductLifecycleStateId: merged.ProductLifecycleStateId,
      SysModifiedDateTime: nowUtc(ctx),
      SysRecVersion: num(bi?.SysRecVersion) + 1,
    },
  );
}

function update(set: string, before: Row, after: Row, ctx: BehaviourContext): Row {
  const problems: Problem[] = [];
  for (const f of releaseIdentity)
    if (f in before && str(after[f]) !== str(before[f]))
      problems.push({
        message: `Field '${f}' cannot be changed once the product has been released.`,
        field: f,
      });
  checkUnits(ctx, companyOf(before, ctx), after, problems);
  refuseIfAny(set, problems);
  const row: Row = { ...after };
  const dated: [string, string][] = [
    ['SalesPrice', 'SalesPriceDate'],
    ['PurchasePrice', 'PurchasePriceDate'],
    ['UnitCost', 'UnitCostDate'],
  ];
  for (const [price, date] of dated)
    if (price in before && num(after[price]) !== num(before[price]) && after[date] === before[date])
      row[date] = today(ctx);
  syncViews(ctx, set, row);
  return row;
}

function create(set: string, input: Row, ctx: BehaviourContext): Row {
  const company = companyOf(input, ctx);
  const problems: Problem[] = [];
  if (!isSet(input.ItemNumber)) problems.push(mustBeFilled('Item number', 'ItemNumber'));
  const creation = set === 'ReleasedProductCreationsV2';
  const product = creation
    ? undefined
    : ctx.store.get('ProductsV2', { ProductNumber: str(input.ProductNumber) || str(input.ItemNumber) });
  if (creation && !isSet(input.ProductName)) problems.push(mustBeFilled('Product name', 'ProductName'));
  if (!creation && !product)
    problems.push({
      message: `Product ${str(input.ProductNumber) || str(input.ItemNumber)} does not exist; create it first (ReleasedProductCreationsV2 creates and releases in one call).`,
      field: 'ProductNumber',
    });
  const subType = str(input.ProductSubType) || str(product?.ProductSubType) || 'Product';
  if (subType === 'ProductVariant')
    problems.push({
      message: 'A product variant is released with its product master.',
      field: 'ProductSubType',
    });
  checkUnits(ctx, company, input, problems);
  refuseIfAny(set, problems);
  const all = releaseProduct(
    ctx.store,
    ctx,
    {
      company,
      itemNumber: str(input.ItemNumber),
      productNumber: str(input.ProductNumber) || str(product?.ProductNumber) || undefined,
      name: str(input.ProductName) || str(product?.ProductName),
      description: str(input.ProductDescription) || str(product?.ProductDescription),
      subType: subType as 'Product' | 'ProductMaster',
      fields: Object.fromEntries(Object.entries(input).filter(([, v]) => isSet(v))),
    },
    set,
  );
  return projectRow(set, all);
}

function remove(set: string, row: Row, ctx: BehaviourContext): void {
  const company = companyOf(row, ctx);
  const used =
    ctx.store.list('SalesOrderLines', company).some((l) => l.ItemNumber === row.ItemNumber) ||
    ctx.store.list('PurchaseOrderLinesV2', company).some((l) => l.ItemNumber === row.ItemNumber) ||
    ctx.store
      .list('WarehousesOnHandV2', company)
      .some((r) => r.ItemNumber === row.ItemNumber && num(r.OnHandQuantity) !== 0);
  if (used)
    throw deleteFailed(
      set,
      `Item ${str(row.ItemNumber)} cannot be deleted while dependent inventory transactions exist.`,
    );
  for (const view of VIEWS) if (view !== set) deleteIfExists(ctx.store, view, row);
  deleteIfExists(ctx.store, 'InventTableBiEntities', { dataAreaId: company, ItemId: row.ItemNumber });
}

export const releasedProductBehaviours: EntityBehaviour[] = VIEWS.map((set) => ({
  entitySet: set,
  onCreate: (row, ctx) => create(set, row, ctx),
  onUpdate: (before, after, ctx) => update(set, before, after, ctx),
  onDelete: (row, ctx) => remove(set, row, ctx),
}));
