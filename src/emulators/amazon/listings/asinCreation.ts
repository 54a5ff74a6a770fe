// A new ASIN for a listing whose product facts matched nothing in the catalogue (asinMatching.ts rules
// 6 and 7), once its creation delay is over: the catalogue gains the item — its name, brand, colour and
// size, identifier, parentage and variation theme from the listing, its reference price from the offer —
// and the listing's pending marketplaces get the ASIN. Returns the listing to save.
import { randomBytes } from 'node:crypto';
import type { CatalogStore } from '../catalog/catalogStore.ts';
import type { StoredListing } from './listingTypes.ts';

export function createAsin(
  listing: StoredListing,
  catalog: CatalogStore,
  raw: (sku: string) => StoredListing | undefined,
): StoredListing {
  const { marketplaceIds } = listing.pendingAsin!;
  const asin = `B0${randomBytes(6).toString('hex').toUpperCase().slice(0, 8)}`;
  const first = marketplaceIds[0]!;
  const attrs = listing.marketplaces[first]?.attributes ?? {};
  const value = (name: string) => attrs[name]?.[0]?.value as string | undefined;
  const parent = value('parentage_level') === 'parent';
  const parentSku = attrs.child_parent_sku_relationship?.[0]?.parent_sku as string | undefined;
  const parentAsin = parentSku
    ? Object.values(raw(parentSku)?.marketplaces ?? {}).find((m) => m.asin)?.asin
    : undefined;
  const externalId = attrs.externally_assigned_product_identifier?.[0];
  const theme = attrs.variation_theme?.[0]?.name as string | undefined;
  catalog.put({
    asin,
    productType: listing.productType,
    itemName: value('item_name') ?? listing.sku,
    brand: value('brand') ?? 'Generic',
    ...(value('color') && { color: value('color') }),
    ...(value('size') && { size: value('size') }),
    classification: parent ? 'VARIATION_PARENT' : 'BASE_PRODUCT',
    identifiers: externalId
      ? [
          {
            identifierType: String(externalId.type).toUpperCase() as 'UPC',
            identifier: String(externalId.value),
          },
        ]
      : [],
    marketplaceIds,
    ...(parentAsin && { parentAsin }),
    ...(theme && { variationTheme: theme }),
    referencePrice: Object.fromEntries(
      marketplaceIds.flatMap((m) => {
        const offer = listing.marketplaces[m]?.attributes.purchasable_offer?.[0] as
          { our_price?: { schedule?: { value_with_tax?: number }[] }[] } | undefined;
        const price = offer?.our_price?.[0]?.schedule?.[0]?.value_with_tax;
        return price === undefined ? [] : [[m, price]];
      }),
    ),
    createdBy: listing.sellerId,
  });
  const next: StoredListing = { ...listing, marketplaces: { ...listing.marketplaces } };
  delete next.pendingAsin;
  for (const m of marketplaceIds)
    if (next.marketplaces[m]) next.marketplaces[m] = { ...next.marketplaces[m]!, asin };
  return next;
}
