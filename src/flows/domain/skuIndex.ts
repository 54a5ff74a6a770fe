/**
 * Both directions between a marketplace's seller SKUs and D365 products, over the SKUs the resolver
 * resolved: SKU → product for what comes from Amazon (an order line), product → SKUs for what goes to
 * Amazon (a quantity or a price computed per D365 item must reach every SKU that sells it — a product can
 * be listed under several SKUs, e.g. a new and a renewed condition). SKUs no strategy found are listed
 * apart, so an outbound flow can say which of the seller's SKUs it cannot serve.
 */
import { productKey, type ProductRef, type ResolvedItem } from './items.ts';

export interface SkuIndex {
  product(sku: string): ResolvedItem | undefined;
  /** The SKUs of this product in the marketplace, in the order they were given. */
  skus(product: ProductRef): string[];
  /** The SKUs no strategy found. */
  unresolved: string[];
}

/** Indexes one marketplace's answers: `resolved` maps each SKU asked to its product (or undefined). */
export function skuIndex(resolved: ReadonlyMap<string, ResolvedItem | undefined>): SkuIndex {
  const byProduct = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const [sku, item] of resolved) {
    if (!item) {
      unresolved.push(sku);
      continue;
    }
    const key = productKey(item);
    byProduct.set(key, [...(byProduct.get(key) ?? []), sku]);
  }
  return {
    product: (sku) => resolved.get(sku),
    skus: (product) => [...(byProduct.get(productKey(product)) ?? [])],
    unresolved,
  };
}
