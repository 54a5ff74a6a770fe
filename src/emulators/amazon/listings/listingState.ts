// A listing's state in one marketplace as buyers and Seller Central see it: status (DISCOVERABLE once it
// has an ASIN and nothing suppresses it; BUYABLE when also an active consumer offer and stock — or Amazon's
// fulfilment — stand behind it), the consumer and business offers, the channel and the quantity. Shared
// by getListingsItem, searchListingsItems, checkout and `/_sim/listings`.
import type { EmulatorContext } from '../options.ts';
import type { StoredListing } from './listingTypes.ts';
import { availability, deriveOffer, type Availability, type DerivedOffer } from './offerState.ts';

export interface MarketplaceState {
  marketplaceId: string;
  asin?: string;
  status: ('BUYABLE' | 'DISCOVERABLE')[];
  consumer?: DerivedOffer;
  business?: DerivedOffer;
  availability?: Availability;
  parent: boolean;
  parentSku?: string;
  variationTheme?: string;
}

export function marketplaceState(
  ctx: EmulatorContext,
  listing: StoredListing,
  marketplaceId: string,
): MarketplaceState | undefined {
  const slice = listing.marketplaces[marketplaceId];
  if (!slice) return undefined;
  const currency = ctx.catalogue.marketplaces.find((m) => m.id === marketplaceId)?.currency ?? 'USD';
  const issues = listing.issues.filter((i) => i.marketplaceIds.includes(marketplaceId));
  const now = ctx.now();
  const consumer = deriveOffer(slice.attributes, marketplaceId, 'ALL', currency, now, issues);
  const business = deriveOffer(slice.attributes, marketplaceId, 'B2B', currency, now, issues);
  const stock = availability(listing.fulfillment);
  const parent = slice.attributes.parentage_level?.[0]?.value === 'parent';
  const hidden = issues.some((i) =>
    i.enforcements?.actions.some(
      (a) =>
        a.action === 'LISTING_SUPPRESSED' ||
        a.action === 'SEARCH_SUPPRESSED' ||
        a.action === 'CATALOG_ITEM_REMOVED',
    ),
  );
  const discoverable = !!slice.asin && !slice.suppressed && !hidden;
  const inStock =
    !!stock && (stock.channel !== 'DEFAULT' || stock.alwaysAvailable || (stock.quantity ?? 0) > 0);
  const buyable = discoverable && !parent && !!consumer?.active && inStock;
  const status: MarketplaceState['status'] = [];
  if (buyable) status.push('BUYABLE');
  if (discoverable) status.push('DISCOVERABLE');
  return {
    marketplaceId,
    ...(slice.asin && { asin: slice.asin }),
    status,
    ...(consumer && { consumer }),
    ...(business && { business }),
    ...(stock && { availability: stock }),
    parent,
    ...(typeof slice.attributes.child_parent_sku_relationship?.[0]?.parent_sku === 'string' && {
      parentSku: slice.attributes.child_parent_sku_relationship[0].parent_sku,
    }),
    ...(typeof slice.attributes.variation_theme?.[0]?.name === 'string' && {
      variationTheme: slice.attributes.variation_theme[0].name,
    }),
  };
}
