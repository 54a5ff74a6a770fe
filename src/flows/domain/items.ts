/**
 * What a seller SKU is in D365: a released product, and for a configurable product the variant's
 * dimensions — and the ways a SKU is found there (`skuStrategies`), shared by every flow that crosses
 * between Amazon SKUs and D365 items.
 */

/** How a seller SKU is found in D365, tried in the order configured. */
export const SKU_STRATEGIES = ['mapping', 'itemNumber', 'externalItemNumber', 'barcode'] as const;
export type SkuStrategy = (typeof SKU_STRATEGIES)[number];

/** A D365 product: item number, and the variant dimensions of a configurable product (only those used). */
export interface ProductRef {
  itemNumber: string;
  color?: string;
  size?: string;
  style?: string;
  configuration?: string;
}

/** A D365 product a SKU resolved to, with the strategy that found it (shown with the record). */
export interface ResolvedItem extends ProductRef {
  via: SkuStrategy;
}

/** The variant dimensions a ProductRef may carry, in F&O's order of product dimensions. */
export const DIMENSIONS = ['configuration', 'size', 'color', 'style'] as const;

/** One text key per product (item + dimensions), e.g. to group or compare products. */
export const productKey = (p: ProductRef): string =>
  JSON.stringify([p.itemNumber, ...DIMENSIONS.map((d) => p[d] ?? '')]);
