// Item lookups shared by order lines, receipts, trade agreements and seeding: the released product, a
// master's released variant (five product dimensions), names, and whether an item + dimensions is
// something F&O lets you sell, receive or price.
import type { EntityStore, Row } from '../engine/behaviour.ts';
import { mustBeFilled, notInRelatedTable, type Problem } from './faults.ts';
import { str } from './values.ts';

export interface Dims {
  ProductConfigurationId: string;
  ProductSizeId: string;
  ProductColorId: string;
  ProductStyleId: string;
  ProductVersionId: string;
}

export const noDims: Dims = {
  ProductConfigurationId: '',
  ProductSizeId: '',
  ProductColorId: '',
  ProductStyleId: '',
  ProductVersionId: '',
};

/** The product dimensions a row carries ('' where absent). */
export function dimsOf(row: Row): Dims {
  return {
    ProductConfigurationId: str(row.ProductConfigurationId),
    ProductSizeId: str(row.ProductSizeId),
    ProductColorId: str(row.ProductColorId),
    ProductStyleId: str(row.ProductStyleId),
    ProductVersionId: str(row.ProductVersionId),
  };
}

const dimLabels: [keyof Dims, string][] = [
  ['ProductConfigurationId', 'Configuration'],
  ['ProductSizeId', 'Size'],
  ['ProductColorId', 'Color'],
  ['ProductStyleId', 'Style'],
  ['ProductVersionId', 'Version'],
];

export function describeDims(d: Dims): string {
  return dimLabels
    .filter(([k]) => d[k])
    .map(([k, label]) => `${label} '${d[k]}'`)
    .join(', ');
}

const hasDims = (d: Dims) => dimLabels.some(([k]) => d[k] !== '');

export function releasedItem(store: EntityStore, company: string, itemNumber: string): Row | undefined {
  return store.get('ReleasedProductsV2', { dataAreaId: company, ItemNumber: itemNumber });
}

export function releasedVariant(
  store: EntityStore,
  company: string,
  master: string,
  d: Dims,
): Row | undefined {
  return store.get('ReleasedProductVariantsV2', { dataAreaId: company, ProductMasterNumber: master, ...d });
}

/** The product name F&O shows for an item or variant. */
export function productName(store: EntityStore, company: string, itemNumber: string, d: Dims): string {
  if (hasDims(d)) {
    const v = releasedVariant(store, company, itemNumber, d);
    if (v) return str(v.ProductName);
  }
  const item = releasedItem(store, company, itemNumber);
  const product = item && store.get('ProductsV2', { ProductNumber: str(item.ProductNumber) });
  return str(product?.ProductName) || itemNumber;
}

export interface ResolvedItem {
  item?: Row;
  variant?: Row;
  problems: Problem[];
}

/**
 * Resolves an item + dimensions to a stocked, released product or product variant. `allowMaster` lets a
 * master-level row through (trade agreements may be defined for all variants of a master).
 */
export function resolveItem(
  store: EntityStore,
  company: string,
  itemNumber: string,
  d: Dims,
  opts: { allowMaster?: boolean; field?: string } = {},
): ResolvedItem {
  const field = opts.field ?? 'ItemNumber';
  if (!itemNumber) return { problems: [mustBeFilled('Item number', field)] };
  const item = releasedItem(store, company, itemNumber);
  if (!item) return { problems: [notInRelatedTable(itemNumber, 'Item number', 'Released products', field)] };
  if (item.ProductSubType !== 'ProductMaster') {
    const extra = dimLabels.filter(([k]) => d[k] !== '');
    return {
      item,
      problems: extra.map(([, label]) => ({
        message: `Product dimension ${label} is not active for item ${itemNumber}.`,
      })),
    };
  }
  if (!hasDims(d)) {
    if (opts.allowMaster) return { item, problems: [] };
    const master = store
      .list('ReleasedProductVariantsV2', company)
      .find((v) => v.ProductMasterNumber === itemNumber);
    const required = dimLabels.filter(([k]) => master && str(master[k]) !== '').map(([, l]) => l);
    return {
      item,
      problems: (required.length ? required : ['Size']).map((label) => ({
        message: `Inventory dimension ${label} is mandatory and must consequently be specified.`,
      })),
    };
  }
  const variant = releasedVariant(store, company, itemNumber, d);
  if (!variant)
    return {
      item,
      problems: [
        {
          message: `The product variant with ${describeDims(d)} does not exist for the product master ${itemNumber} in company ${company}.`,
        },
      ],
    };
  return { item, variant, problems: [] };
}
