// GET_MERCHANT_LISTINGS_ALL_DATA ("All Listings Report"), built from the listings store: one tab-separated
// row per SKU offered in the report's first marketplace (the report is a one-marketplace flat file; parent
// SKUs, which carry no offer, are left out), with Amazon's header row. Served as `text/plain;
// charset=Cp1252`, encoded in windows-1252 as Amazon does.
import { createHash } from 'node:crypto';
import type { ListingsEngine } from '../listings/listingsEngine.ts';
import { marketplaceState } from '../listings/listingState.ts';
import type { EmulatorContext } from '../options.ts';
import { formatAmount, toMinor } from '../orders/money.ts';
import { encodeWindows1252 } from './windows1252.ts';

export const MERCHANT_LISTINGS_CONTENT_TYPE = 'text/plain; charset=Cp1252';

export const MERCHANT_LISTINGS_COLUMNS = [
  'item-name',
  'item-description',
  'listing-id',
  'seller-sku',
  'price',
  'quantity',
  'open-date',
  'image-url',
  'item-is-marketplace',
  'product-id-type',
  'zshop-shipping-fee',
  'item-note',
  'item-condition',
  'zshop-category1',
  'zshop-browse-path',
  'zshop-storefront-feature',
  'asin1',
  'asin2',
  'asin3',
  'will-ship-internationally',
  'expedited-shipping',
  'zshop-boldface',
  'product-id',
  'bid-for-featured-placement',
  'add-delete',
  'pending-quantity',
  'fulfillment-channel',
  'merchant-shipping-group',
  'status',
] as const;

type Column = (typeof MERCHANT_LISTINGS_COLUMNS)[number];

/** Amazon's item-condition codes of the flat files. */
const CONDITIONS: Record<string, string> = {
  used_like_new: '1',
  used_very_good: '2',
  used_good: '3',
  used_acceptable: '4',
  collectible_like_new: '5',
  collectible_very_good: '6',
  collectible_good: '7',
  collectible_acceptable: '8',
  refurbished: '10',
  new_new: '11',
};

const clean = (value: unknown) => (typeof value === 'string' ? value.replace(/[\t\r\n]+/g, ' ') : '');
const openDate = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
const listingId = (sku: string) =>
  BigInt(`0x${createHash('sha1').update(sku).digest('hex').slice(0, 14)}`)
    .toString(36)
    .toUpperCase()
    .padStart(11, '0')
    .slice(0, 11);

export function merchantListingsRows(ctx: EmulatorContext, engine: ListingsEngine, marketplaceId: string) {
  return engine.all(ctx.sellerId).flatMap((listing) => {
    const state = marketplaceState(ctx, listing, marketplaceId);
    if (!state || state.parent) return [];
    const attributes = listing.marketplaces[marketplaceId]!.attributes;
    const value = (name: string) => attributes[name]?.[0]?.value;
    const mfn = state.availability?.channel === 'DEFAULT';
    const row: Record<Column, string> = Object.fromEntries(
      MERCHANT_LISTINGS_COLUMNS.map((c) => [c, '']),
    ) as never;
    Object.assign(row, {
      'item-name': clean(value('item_name')),
      'item-description': clean(value('product_description')),
      'listing-id': listingId(listing.sku),
      'seller-sku': listing.sku,
      price: state.consumer
        ? formatAmount(toMinor(state.consumer.ourPrice, state.consumer.currency), state.consumer.currency)
        : '',
      quantity: mfn ? String(state.availability?.quantity ?? 0) : '',
      'open-date': openDate(listing.marketplaces[marketplaceId]!.createdAt),
      'item-is-marketplace': 'y',
      'product-id-type': state.asin ? '1' : '',
      'item-condition': CONDITIONS[String(value('condition_type'))] ?? '11',
      asin1: state.asin ?? '',
      'product-id': state.asin ?? '',
      'fulfillment-channel': state.availability?.channel ?? 'DEFAULT',
      'merchant-shipping-group': clean(attributes.merchant_shipping_group?.[0]?.value),
      status: state.status.includes('BUYABLE') ? 'Active' : 'Inactive',
    });
    return [MERCHANT_LISTINGS_COLUMNS.map((c) => row[c]).join('\t')];
  });
}

export function merchantListingsDocument(rows: string[]): Buffer {
  return encodeWindows1252([MERCHANT_LISTINGS_COLUMNS.join('\t'), ...rows].join('\n') + '\n');
}
