/**
 * Reads GET_MERCHANT_LISTINGS_ALL_DATA — every listing of the seller, active or not — row by row: a
 * tab-separated flat file with a header line naming its columns (item-name, listing-id, seller-sku,
 * price, quantity, asin1, fulfillment-channel, status, …; reference sp-api §7). Columns are found by
 * name, not position: Amazon adds and reorders columns by marketplace. Served as `text/plain;
 * charset=Cp1252` (decoded by that charset, documentStream.ts) and read as a stream, so 100,000 listings
 * need no more memory than one chunk and one row.
 *
 * A row that cannot be read (too few columns, no SKU) is yielded as a problem with its line number, and
 * the rest goes on: one bad row must not hide every other listing.
 */
import { textLines, type StreamOptions } from '../documentStream.ts';

export interface MerchantListing {
  sku: string;
  /** asin1; empty for a listing that has no ASIN yet. */
  asin?: string;
  /** A decimal string as Amazon wrote it ("19.99"); absent when empty. */
  price?: string;
  /** Absent for listings Amazon fulfils (FBA rows leave it empty). */
  quantity?: number;
  /** DEFAULT for the seller's own fulfilment, AMAZON_NA, AMAZON_EU, … for Amazon's. */
  fulfillmentChannel?: string;
  /** Active, Inactive, Incomplete, … as written. */
  status?: string;
  itemName?: string;
  listingId?: string;
  openDate?: string;
  productId?: string;
  productIdType?: string;
  itemCondition?: string;
  merchantShippingGroup?: string;
}

export type MerchantListingRow =
  { ok: true; line: number; listing: MerchantListing } | { ok: false; line: number; reason: string };

const COLUMNS = {
  sku: 'seller-sku',
  asin: 'asin1',
  price: 'price',
  quantity: 'quantity',
  fulfillmentChannel: 'fulfillment-channel',
  status: 'status',
  itemName: 'item-name',
  listingId: 'listing-id',
  openDate: 'open-date',
  productId: 'product-id',
  productIdType: 'product-id-type',
  itemCondition: 'item-condition',
  merchantShippingGroup: 'merchant-shipping-group',
} as const satisfies Record<keyof MerchantListing, string>;

type Positions = Partial<Record<keyof MerchantListing, number>>;

function positions(header: string): Positions {
  // A UTF-8 byte order mark read as Cp1252 would glue "ï»¿" to the first column's name.
  const names = header
    .replace(/^(\uFEFF|ï»¿)/, '')
    .split('\t')
    .map((n) => n.trim().toLowerCase());
  const found: Positions = {};
  for (const [field, column] of Object.entries(COLUMNS) as [keyof MerchantListing, string][]) {
    const at = names.indexOf(column);
    if (at !== -1) found[field] = at;
  }
  return found;
}

function readRow(cells: string[], at: Positions, line: number): MerchantListingRow {
  const cell = (field: keyof MerchantListing) => {
    const i = at[field];
    const value = i === undefined ? undefined : cells[i]?.trim();
    return value === '' ? undefined : value;
  };
  const sku = cell('sku');
  if (!sku) return { ok: false, line, reason: 'the row has no seller-sku' };
  const listing: MerchantListing = { sku };
  for (const field of Object.keys(COLUMNS) as (keyof MerchantListing)[]) {
    if (field === 'sku' || field === 'quantity') continue;
    const value = cell(field);
    if (value !== undefined) listing[field] = value;
  }
  const quantity = cell('quantity');
  if (quantity !== undefined) {
    const n = Number(quantity);
    if (!Number.isInteger(n) || n < 0)
      return { ok: false, line, reason: `quantity "${quantity}" is not a count` };
    listing.quantity = n;
  }
  return { ok: true, line, listing };
}

/** Rows of the report from its lines (the first line is the header). */
export async function* merchantListingsFromLines(
  lines: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<MerchantListingRow> {
  let at: Positions | undefined;
  let columns = 0;
  let line = 0;
  for await (const text of lines) {
    line++;
    if (at === undefined) {
      at = positions(text);
      columns = text.split('\t').length;
      if (at.sku === undefined) {
        yield {
          ok: false,
          line,
          reason: 'the header names no seller-sku column: not a merchant listings report',
        };
        return;
      }
      continue;
    }
    if (text === '') continue;
    const cells = text.split('\t');
    // Trailing empty cells may be cut; a row missing the SKU's column is broken.
    if (cells.length <= (at.sku ?? 0) || cells.length > columns) {
      yield { ok: false, line, reason: `the row has ${cells.length} columns, the header ${columns}` };
      continue;
    }
    yield readRow(cells, at, line);
  }
}

/** Rows of a downloaded report document (openReportDocument's answer). */
export function merchantListings(
  response: Response,
  options: StreamOptions = {},
): AsyncGenerator<MerchantListingRow> {
  return merchantListingsFromLines(textLines(response, options));
}
