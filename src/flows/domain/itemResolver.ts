/**
 * Seller SKU → D365 product, for a page of orders at once. The configured strategies are tried in
 * order and the first that finds a SKU wins:
 * - `mapping`: the `mappings.skus` table (a row for the marketplace wins over a general one), no D365 call;
 * - `itemNumber`: a released product whose item number is the SKU (a product master is not a hit: an
 *   order line needs its variant), else a released variant whose product variant number is the SKU
 *   (a variant's `ItemNumber` is its master's, so only the variant number can name one variant);
 * - `externalItemNumber`: the marketplace customer's external item number (CustomerProductDescriptionsV2);
 * - `barcode`: a UPC/EAN/GTIN in ProductBarcodesV3 (pack barcodes, quantity > 1, do not count).
 *
 * Each strategy asks D365 once per company (and customer) for a group of SKUs (`readWhereIn`: an `or` of
 * `eq`s, as many per request as the URL allows), so a page of orders costs a handful of reads, not one
 * per SKU. F&O compares strings
 * case-insensitively, so rows are matched back the same way; rows that name two different products for
 * one SKU are not a hit (importing the wrong product is worse than asking a person). A SKU containing
 * `*` is never sent to D365: F&O reads `*` in `eq` as a wildcard, so it cannot match it literally (such
 * SKUs resolve through the mapping table only).
 *
 * Answers are cached so that polling does not ask again for the same SKUs: a hit for `ttlMs`, a miss
 * only for `missTtlMs` (30 s) — the operator fixing the item in D365 and retrying the order must not
 * meet a stale "not found" — and nothing after `forget()`.
 */
import {
  customerProductDescriptions,
  productBarcodes,
  releasedProducts,
  releasedProductVariants,
  type D365Client,
} from '../../d365/index.ts';
import type { ResolvedItem, SkuStrategy } from './items.ts';
import type { Mappings } from './mappings.ts';

export interface ItemRequest {
  sku: string;
  marketplaceId: string;
  /** The legal entity (dataAreaId) the marketplace's orders go to. */
  company: string;
  /** The marketplace customer whose external item numbers are searched (`externalItemNumber`). */
  customerAccount?: string | undefined;
}

export interface ItemResolverOptions {
  strategies: readonly SkuStrategy[];
  mappings: Mappings;
  /** How long an answer (found or not) is reused. Default 5 minutes. */
  ttlMs?: number;
  /** How long a "not found" is kept (default 30 s). */
  missTtlMs?: number;
  now?: () => number;
}

export interface ItemResolver {
  /** Answers keyed by `itemKey(marketplaceId, sku)`; undefined: no strategy found the SKU. */
  resolve(
    requests: readonly ItemRequest[],
    signal?: AbortSignal,
  ): Promise<Map<string, ResolvedItem | undefined>>;
  /** Drops every cached answer. */
  forget(): void;
}

const DEFAULT_TTL_MS = 5 * 60_000;

export const itemKey = (marketplaceId: string, sku: string) => `${marketplaceId}|${sku}`;

/** SKU → D365 product per marketplace, over what `resolve` answered. */
export type ItemLookup = (sku: string, marketplaceId: string) => ResolvedItem | undefined;

export function itemLookup(found: ReadonlyMap<string, ResolvedItem | undefined>): ItemLookup {
  return (sku, marketplaceId) => found.get(itemKey(marketplaceId, sku));
}

/** What one D365 strategy found, by the SKU as asked. */
type Found = Map<string, ResolvedItem>;

interface Pending {
  request: ItemRequest;
  cacheKey: string;
}

export function createItemResolver(d365: D365Client, options: ItemResolverOptions): ItemResolver {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const missTtlMs = Math.min(options.missTtlMs ?? 30_000, ttlMs);
  const now = options.now ?? Date.now;
  const cache = new Map<string, { item: ResolvedItem | undefined; until: number }>();

  const d365Strategies: Record<Exclude<SkuStrategy, 'mapping'>, Lookup> = {
    itemNumber: byItemNumber,
    externalItemNumber: byExternalItemNumber,
    barcode: byBarcode,
  };

  async function resolve(requests: readonly ItemRequest[], signal?: AbortSignal) {
    const at = now();
    for (const [key, entry] of cache) if (entry.until <= at) cache.delete(key);
    const answers = new Map<string, ResolvedItem | undefined>();
    let pending: Pending[] = [];
    const seen = new Set<string>();
    for (const request of requests) {
      const cacheKey = [
        request.company.toLowerCase(),
        request.customerAccount ?? '',
        request.marketplaceId,
        request.sku,
      ].join('|');
      const cached = cache.get(cacheKey);
      if (cached) answers.set(itemKey(request.marketplaceId, request.sku), cached.item);
      else if (!seen.has(cacheKey)) pending.push({ request, cacheKey });
      seen.add(cacheKey);
    }
    const settle = (p: Pending, item: ResolvedItem | undefined) => {
      answers.set(itemKey(p.request.marketplaceId, p.request.sku), item);
      cache.set(p.cacheKey, { item, until: at + (item ? ttlMs : missTtlMs) });
    };
    for (const strategy of options.strategies) {
      if (pending.length === 0) break;
      const hits =
        strategy === 'mapping'
          ? new Map(pending.map((p) => [p, fromMappings(options.mappings, p.request)] as const))
          : await askD365(d365, d365Strategies[strategy], pending, signal);
      pending = pending.filter((p) => {
        const item = hits.get(p);
        if (item) settle(p, item);
        return !item;
      });
    }
    for (const p of pending) settle(p, undefined);
    return answers;
  }

  return { resolve, forget: () => cache.clear() };
}

function fromMappings(mappings: Mappings, request: ItemRequest): ResolvedItem | undefined {
  const rows = mappings.skus.filter((row) => row.sku === request.sku);
  const row =
    rows.find((r) => r.marketplaceId === request.marketplaceId) ?? rows.find((r) => !r.marketplaceId);
  return row && { ...row.item, via: 'mapping' };
}

/** One D365 strategy: the products it finds for these SKUs (all of one company and customer). */
type Lookup = (
  d365: D365Client,
  group: { company: string; customerAccount?: string | undefined; skus: string[] },
  signal?: AbortSignal,
) => Promise<Found>;

/** Runs a strategy per company (and customer) for the pending SKUs it can look for. */
async function askD365(d365: D365Client, lookup: Lookup, pending: readonly Pending[], signal?: AbortSignal) {
  const groups = new Map<
    string,
    { company: string; customerAccount?: string | undefined; items: Pending[] }
  >();
  for (const p of pending) {
    if (p.request.sku.includes('*') || p.request.sku.trim() === '') continue;
    const { company, customerAccount } = p.request;
    const groupKey = `${company.toLowerCase()}|${customerAccount ?? ''}`;
    const group = groups.get(groupKey) ?? { company, customerAccount, items: [] };
    group.items.push(p);
    groups.set(groupKey, group);
  }
  const hits = new Map<Pending, ResolvedItem>();
  for (const group of groups.values()) {
    const skus = [...new Set(group.items.map((p) => p.request.sku))];
    const found = await lookup(d365, { ...group, skus }, signal);
    for (const p of group.items) {
      const item = found.get(p.request.sku);
      if (item) hits.set(p, item);
    }
  }
  return hits;
}

const fold = (text: string) => text.toUpperCase();

/**
 * Matches rows back to the SKUs asked, the way F&O compared them (ignoring case). A SKU whose rows name
 * more than one product is left out.
 */
function matchBack<R>(
  skus: readonly string[],
  rows: readonly R[],
  codeOf: (row: R) => string,
  itemOf: (row: R) => ResolvedItem,
): Found {
  const byCode = new Map<string, Map<string, ResolvedItem>>();
  for (const row of rows) {
    const item = itemOf(row);
    const code = fold(codeOf(row));
    const items = byCode.get(code) ?? new Map<string, ResolvedItem>();
    items.set(JSON.stringify([item.itemNumber, item.configuration, item.size, item.color, item.style]), item);
    byCode.set(code, items);
  }
  const found: Found = new Map();
  for (const sku of skus) {
    const items = byCode.get(fold(sku));
    if (items?.size === 1) found.set(sku, [...items.values()][0]!);
  }
  return found;
}

type DimRow = Record<(typeof DIMS)[number], string>;
const DIMS = ['ProductConfigurationId', 'ProductSizeId', 'ProductColorId', 'ProductStyleId'] as const;

/** The product a row names, its variant dimensions set only when used. */
function productOf(itemNumber: string, row: Partial<DimRow>, via: SkuStrategy): ResolvedItem {
  return {
    itemNumber,
    ...(row.ProductConfigurationId ? { configuration: row.ProductConfigurationId } : {}),
    ...(row.ProductSizeId ? { size: row.ProductSizeId } : {}),
    ...(row.ProductColorId ? { color: row.ProductColorId } : {}),
    ...(row.ProductStyleId ? { style: row.ProductStyleId } : {}),
    via,
  };
}

const byItemNumber: Lookup = async (d365, { company, skus }, signal) => {
  const products = await d365.readWhereIn(releasedProducts, 'ItemNumber', skus, {
    company,
    select: ['ItemNumber', 'ProductSubType'],
    signal,
  });
  const orderable = products.filter((row) => row.ProductSubType !== 'ProductMaster');
  const found = matchBack(
    skus,
    orderable,
    (r) => r.ItemNumber,
    (r) => productOf(r.ItemNumber, {}, 'itemNumber'),
  );
  const rest = skus.filter((sku) => !found.has(sku));
  const variants = await d365.readWhereIn(releasedProductVariants, 'ProductVariantNumber', rest, {
    company,
    select: ['ProductMasterNumber', 'ProductVariantNumber', ...DIMS],
    signal,
  });
  const variantOf = (r: (typeof variants)[number]) => productOf(r.ProductMasterNumber, r, 'itemNumber');
  return new Map([...found, ...matchBack(rest, variants, (r) => r.ProductVariantNumber, variantOf)]);
};

const byExternalItemNumber: Lookup = async (d365, { company, customerAccount, skus }, signal) => {
  // External item numbers are kept per customer: without the marketplace customer there is nothing to ask.
  if (!customerAccount) return new Map();
  const rows = await d365.readWhereIn(customerProductDescriptions, 'CustomerProductNumber', skus, {
    company,
    filter: (w) => w.eq('CustomerAccountNumber', customerAccount),
    select: ['ItemNumber', 'CustomerProductNumber', ...DIMS],
    signal,
  });
  return matchBack(
    skus,
    rows,
    (r) => r.CustomerProductNumber,
    (r) => productOf(r.ItemNumber, r, 'externalItemNumber'),
  );
};

const byBarcode: Lookup = async (d365, { company, skus }, signal) => {
  const rows = await d365.readWhereIn(productBarcodes, 'Barcode', skus, {
    company,
    select: ['ItemNumber', 'Barcode', 'ProductQuantity', ...DIMS],
    signal,
  });
  // A barcode of a pack (quantity above one) names a multiple of the product, not one unit of it.
  const units = rows.filter((r) => r.ProductQuantity <= 1);
  return matchBack(
    skus,
    units,
    (r) => r.Barcode,
    (r) => productOf(r.ItemNumber, r, 'barcode'),
  );
};
