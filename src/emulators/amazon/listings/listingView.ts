// A listing as the Listings Items API renders it (`Item` of listingsItems_2021-08-01): the datasets asked
// for in `includedData`, for the marketplaces asked for. Offers show what a buyer pays now (the sale price
// while one is in force), as `amount` decimal strings; relationships list a child's parent SKU, or a
// parent's children, with the variation theme and its attributes.
import type { EmulatorContext } from '../options.ts';
import type { ListingsEngine } from './listingsEngine.ts';
import { formatAmount, toMinor } from '../orders/money.ts';
import { marketplaceState } from './listingState.ts';
import { FULFILLMENT, type StoredListing } from './listingTypes.ts';
import { themeAttributes } from './productTypes/productTypeCatalogue.ts';

type Json = Record<string, unknown>;

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** A stable FBA identifier for an Amazon-fulfilled SKU. */
const fnSkuOf = (sku: string) =>
  `X00${Buffer.from(sku).toString('hex').toUpperCase().padEnd(7, '0').slice(0, 7)}`;

export function renderListing(
  ctx: EmulatorContext,
  listing: StoredListing,
  marketplaceIds: string[],
  included: string[],
  children: (parentSku: string) => string[],
): Json {
  const markets = marketplaceIds.filter((m) => listing.marketplaces[m]);
  const states = markets.map((m) => marketplaceState(ctx, listing, m)!);
  const item: Json = { sku: listing.sku };
  for (const data of included) {
    switch (data) {
      case 'summaries':
        item.summaries = states.map((s) => {
          const slice = listing.marketplaces[s.marketplaceId]!;
          const name = slice.attributes.item_name?.[0]?.value;
          const condition = slice.attributes.condition_type?.[0]?.value;
          return {
            marketplaceId: s.marketplaceId,
            ...(s.asin && { asin: s.asin }),
            productType: listing.productType,
            ...(typeof condition === 'string' && { conditionType: condition }),
            status: s.status,
            ...(s.availability && s.availability.channel !== 'DEFAULT' && { fnSku: fnSkuOf(listing.sku) }),
            ...(typeof name === 'string' && { itemName: name }),
            createdDate: iso(slice.createdAt),
            lastUpdatedDate: iso(slice.updatedAt),
          };
        });
        break;
      case 'attributes': {
        const attributes: Record<string, unknown[]> = {};
        for (const m of markets)
          for (const [name, values] of Object.entries(listing.marketplaces[m]!.attributes))
            (attributes[name] ??= []).push(...values);
        if (listing.fulfillment.length > 0) attributes[FULFILLMENT] = listing.fulfillment;
        item.attributes = attributes;
        break;
      }
      case 'issues':
        item.issues = listing.issues
          .filter((i) => i.marketplaceIds.some((m) => marketplaceIds.includes(m)))
          .map(({ source: _source, ...issue }) => issue);
        break;
      case 'offers':
        item.offers = states.flatMap((s) =>
          [s.consumer, s.business]
            .filter((o) => o?.active)
            .map((o) => ({
              marketplaceId: s.marketplaceId,
              offerType: o!.audience === 'B2B' ? 'B2B' : 'B2C',
              price: {
                currencyCode: o!.currency,
                amount: formatAmount(toMinor(o!.price, o!.currency), o!.currency),
              },
              audience: {
                value: o!.audience,
                displayName: o!.audience === 'B2B' ? 'Amazon Business (B2B)' : 'Sell on Amazon',
              },
            })),
        );
        break;
      case 'fulfillmentAvailability':
        item.fulfillmentAvailability = listing.fulfillment.map((f) => ({
          fulfillmentChannelCode: String(f.fulfillment_channel_code),
          ...(typeof f.quantity === 'number' && { quantity: f.quantity }),
        }));
        break;
      case 'procurement':
        item.procurement = [];
        break;
      case 'relationships':
        item.relationships = states.map((s) => ({
          marketplaceId: s.marketplaceId,
          relationships: relationships(s.parent, s.parentSku, s.variationTheme, listing.sku, children),
        }));
        break;
      case 'productTypes':
        item.productTypes = states.map((s) => ({
          marketplaceId: s.marketplaceId,
          productType: listing.productType,
        }));
        break;
    }
  }
  return item;
}

function relationships(
  parent: boolean,
  parentSku: string | undefined,
  theme: string | undefined,
  sku: string,
  children: (parentSku: string) => string[],
): Json[] {
  const variationTheme = theme ? { variationTheme: { attributes: themeAttributes(theme), theme } } : {};
  if (parent) return [{ type: 'VARIATION', childSkus: children(sku), ...variationTheme }];
  if (parentSku) return [{ type: 'VARIATION', parentSkus: [parentSku], ...variationTheme }];
  return [];
}

/** The SKUs of a parent's children (those naming it in child_parent_sku_relationship). */
export const childrenOf = (engine: ListingsEngine, sellerId: string) => (parentSku: string) =>
  engine
    .all(sellerId)
    .filter((l) =>
      Object.values(l.marketplaces).some(
        (m) => m.attributes.child_parent_sku_relationship?.[0]?.parent_sku === parentSku,
      ),
    )
    .map((l) => l.sku);
