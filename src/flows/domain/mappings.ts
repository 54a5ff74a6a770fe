/**
 * The mapping tables (`mappings.skus`, `.bundles`, `.deliveryModes`, `.paymentMethods` in the
 * configuration or a mapping file), checked and typed, and the look-ups the flows use. Every problem names the cell it is about (`mappings.skus[3].itemNumber: missing …`)
 * and all of them are reported at once. A row with a problem is left out (a bundle with one bad row is
 * left out whole: a bundle missing a component would be sold below its price), so the caller should
 * hold the import while problems remain.
 *
 * A row with `marketplaceId` applies to that marketplace only and wins over a row without one.
 * Amazon service levels and payment methods are matched regardless of case (STANDARD = Standard);
 * SKUs exactly, as Amazon keeps them.
 */
import { productKey, type ProductRef } from './items.ts';
import { readRow, type MappingRow, type RowReader } from './mappingRow.ts';

type Tables = Record<string, MappingRow[]>;
type Item = ProductRef;

/** Columns of a product's variant dimensions, in the order the tables list them. */
const DIMENSIONS = ['color', 'size', 'style', 'configuration'] as const;

/**
 * The mapping tables, validated and typed. A row with `marketplaceId` applies to that marketplace only
 * and wins over a row without one.
 */
export interface Mappings {
  /** `skus`: seller SKU → D365 item (+ variant dimensions). */
  skus: { sku: string; marketplaceId?: string; item: ProductRef }[];
  /** `bundles`: one row per component; `share` (percent of the bundle price) optional on all or none. */
  bundles: {
    sku: string;
    marketplaceId?: string;
    components: { item: ProductRef; quantity: number; share?: number }[];
  }[];
  /** `deliveryModes`: Amazon fulfillmentServiceLevel → D365 mode of delivery. */
  deliveryModes: { marketplaceId?: string; serviceLevel: string; mode: string }[];
  /** `paymentMethods`: Amazon paymentMethod (CreditCard, GiftCard, Invoice, CashOnDelivery…) → D365 method of payment. */
  paymentMethods: { marketplaceId?: string; amazon: string; d365: string }[];
}

export function readMappings(tables: Tables): { mappings: Mappings; problems: string[] } {
  const problems: string[] = [];
  const mappings: Mappings = {
    skus: readSkus(tables.skus ?? [], problems),
    bundles: readBundles(tables.bundles ?? [], problems),
    deliveryModes: readKeyed(tables.deliveryModes ?? [], problems, {
      table: 'deliveryModes',
      key: 'serviceLevel',
      value: 'mode',
      hint: 'the D365 mode of delivery (DeliveryModeCode)',
    }).map((r) => ({ marketplaceId: r.marketplaceId, serviceLevel: r.key, mode: r.value })),
    paymentMethods: readKeyed(tables.paymentMethods ?? [], problems, {
      table: 'paymentMethods',
      key: 'amazon',
      value: 'd365',
      hint: 'the D365 method of payment (CustomerPaymentMethodName)',
    }).map((r) => ({ marketplaceId: r.marketplaceId, amazon: r.key, d365: r.value })),
  };
  return { mappings, problems };
}

function readSkus(rows: MappingRow[], problems: string[]): Mappings['skus'] {
  const seen = new Map<string, number>();
  const out: Mappings['skus'] = [];
  rows.forEach((row, index) => {
    const r = readRow(row, `mappings.skus[${index}]`, problems);
    r.only(['sku', 'itemNumber', ...DIMENSIONS, 'marketplaceId']);
    const sku = r.text('sku', { required: 'the Amazon seller SKU' });
    const marketplaceId = r.marketplaceId();
    const item = readItem(r);
    if (!r.ok || !sku || !item) return;
    const key = scopedKey(marketplaceId, sku);
    const first = seen.get(key);
    if (first !== undefined)
      return r.problem(
        'sku',
        `SKU ${sku} is mapped twice${forMarketplace(marketplaceId)} (rows ${first} and ${index}): keep one`,
      );
    seen.set(key, index);
    out.push({ sku, marketplaceId, item });
  });
  return out;
}

/** One row per component; the rows of one bundle are those with the same SKU and marketplace. */
function readBundles(rows: MappingRow[], problems: string[]): Mappings['bundles'] {
  type Component = { item: Item; quantity: number; share?: number; index: number };
  const bundles = new Map<
    string,
    { sku: string; marketplaceId?: string; rows: number[]; parts: Component[]; bad: boolean }
  >();
  rows.forEach((row, index) => {
    const r = readRow(row, `mappings.bundles[${index}]`, problems);
    r.only(['sku', 'itemNumber', 'quantity', ...DIMENSIONS, 'share', 'marketplaceId']);
    const sku = r.text('sku', { required: 'the Amazon seller SKU of the bundle' });
    const marketplaceId = r.marketplaceId();
    const item = readItem(r);
    const quantity = r.positive('quantity', { required: 'how many of this component one bundle holds' });
    const share = r.positive('share', { max: 100 });
    if (!sku) return;
    const key = scopedKey(marketplaceId, sku);
    const bundle = bundles.get(key) ?? { sku, marketplaceId, rows: [], parts: [], bad: false };
    bundles.set(key, bundle);
    bundle.rows.push(index);
    if (!r.ok || !item || quantity === undefined) {
      bundle.bad = true;
      return;
    }
    const twice = bundle.parts.find((p) => sameItem(p.item, item));
    if (twice) {
      bundle.bad = true;
      return r.problem(
        'itemNumber',
        `item ${item.itemNumber} is listed twice in bundle ${sku} (rows ${twice.index} and ${index}): give it once, with the total quantity`,
      );
    }
    bundle.parts.push({ item, quantity, share, index });
  });

  const out: Mappings['bundles'] = [];
  for (const b of bundles.values()) {
    // A bundle with a bad row is reported by that row; its shares are checked once every row reads.
    if (b.bad) continue;
    const rowsText = `rows ${b.rows.join(', ')}`;
    const withShare = b.parts.filter((p) => p.share !== undefined);
    const first = `mappings.bundles[${b.rows[0]}].share`;
    if (withShare.length > 0 && withShare.length < b.parts.length) {
      problems.push(
        `${first}: bundle ${b.sku} gives a share on some components only (${rowsText}): give every component its share of the bundle price, or none`,
      );
      continue;
    }
    const total = withShare.reduce((sum, p) => sum + (p.share ?? 0), 0);
    if (withShare.length > 0 && Math.abs(total - 100) > 0.0001) {
      problems.push(
        `${first}: the shares of bundle ${b.sku} add up to ${Number(total.toFixed(4))}, not 100 (${rowsText}): correct them so they add up to 100`,
      );
      continue;
    }
    out.push({
      sku: b.sku,
      marketplaceId: b.marketplaceId,
      components: b.parts.map(({ item, quantity, share }) => ({
        item,
        quantity,
        ...(share !== undefined && { share }),
      })),
    });
  }
  return out;
}

/** A two-column table (key → D365 code), optionally per marketplace; keys unique per marketplace. */
function readKeyed(
  rows: MappingRow[],
  problems: string[],
  spec: { table: string; key: string; value: string; hint: string },
): { marketplaceId?: string; key: string; value: string }[] {
  const seen = new Map<string, number>();
  const out: { marketplaceId?: string; key: string; value: string }[] = [];
  rows.forEach((row, index) => {
    const r = readRow(row, `mappings.${spec.table}[${index}]`, problems);
    r.only([spec.key, spec.value, 'marketplaceId']);
    const key = r.text(spec.key, { required: `the Amazon value (${spec.key})` });
    const value = r.text(spec.value, { required: spec.hint, max: 10 });
    const marketplaceId = r.marketplaceId();
    if (!r.ok || !key || !value) return;
    const scoped = scopedKey(marketplaceId, key.toUpperCase());
    const first = seen.get(scoped);
    if (first !== undefined)
      return r.problem(
        spec.key,
        `${key} is given twice${forMarketplace(marketplaceId)} (rows ${first} and ${index}): keep one`,
      );
    seen.set(scoped, index);
    out.push({ marketplaceId, key, value });
  });
  return out;
}

function readItem(r: RowReader): Item | undefined {
  const itemNumber = r.text('itemNumber', { required: 'the D365 item number (ItemNumber)', max: 20 });
  const item: Item = { itemNumber: itemNumber ?? '' };
  for (const d of DIMENSIONS) {
    const value = r.text(d, { max: 10 });
    if (value) item[d] = value;
  }
  return itemNumber ? item : undefined;
}

const sameItem = (a: Item, b: Item) => productKey(a) === productKey(b);
const scopedKey = (marketplaceId: string | undefined, key: string) => `${marketplaceId ?? '*'}\u0000${key}`;
const forMarketplace = (marketplaceId: string | undefined) =>
  marketplaceId ? ` for marketplace ${marketplaceId}` : ' for all marketplaces';

/** The row for `marketplaceId` among those matching, else the general one (no marketplaceId). */
function pick<T extends { marketplaceId?: string }>(
  rows: T[],
  marketplaceId: string,
  matches: (row: T) => boolean,
) {
  let general: T | undefined;
  for (const row of rows) {
    if (!matches(row)) continue;
    if (row.marketplaceId === marketplaceId) return row;
    if (row.marketplaceId === undefined) general ??= row;
  }
  return general;
}

export function skuMappingFor(m: Mappings, marketplaceId: string, sku: string): Item | undefined {
  return pick(m.skus, marketplaceId, (r) => r.sku === sku)?.item;
}

export function bundleFor(
  m: Mappings,
  marketplaceId: string,
  sku: string,
): Mappings['bundles'][number] | undefined {
  return pick(m.bundles, marketplaceId, (r) => r.sku === sku);
}

export function deliveryModeFor(
  m: Mappings,
  marketplaceId: string,
  serviceLevel: string,
): string | undefined {
  const wanted = serviceLevel.toUpperCase();
  return pick(m.deliveryModes, marketplaceId, (r) => r.serviceLevel.toUpperCase() === wanted)?.mode;
}

export function paymentMethodFor(
  m: Mappings,
  marketplaceId: string,
  amazonMethod: string,
): string | undefined {
  const wanted = amazonMethod.toUpperCase();
  return pick(m.paymentMethods, marketplaceId, (r) => r.amazon.toUpperCase() === wanted)?.d365;
}
