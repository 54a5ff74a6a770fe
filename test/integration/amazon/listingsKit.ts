/**
 * Listing helpers for the client ↔ emulator tests: the emulator's time steps (at the kit's time scale an
 * ACCEPTED submission applies after 3 s of emulator time and a new ASIN takes 18 s more; tests move the
 * emulator's clock, never sleep), offer-only and full-product attribute sets built like a connector
 * would, and the `/_sim/listings` view of one SKU.
 */
import { TIME_SCALE, US, type AmazonIntegration, type Json } from './kit.ts';

/** Emulator time for an ACCEPTED submission to apply (Amazon's 5 minutes, scaled). */
export const APPLY = (5 * 60_000) / TIME_SCALE + 1;
/** Emulator time for a new ASIN (Amazon's 30 minutes, scaled). */
export const ASIN_CREATION = (30 * 60_000) / TIME_SCALE + 1;

export const text = (value: string, marketplaceId = US) => [
  { value, language_tag: 'en_US', marketplace_id: marketplaceId },
];
export const price = (value: number) => [{ schedule: [{ value_with_tax: value }] }];

/** An offer-only listing on an existing ASIN (reference §1.3). */
export function offerOnly(asin: string, our: number, quantity = 5) {
  return {
    merchant_suggested_asin: [{ value: asin, marketplace_id: US }],
    condition_type: [{ value: 'new_new', marketplace_id: US }],
    purchasable_offer: [{ marketplace_id: US, currency: 'USD', audience: 'ALL', our_price: price(our) }],
    fulfillment_availability: [
      { fulfillment_channel_code: 'DEFAULT', quantity, lead_time_to_ship_max_days: 2 },
    ],
  };
}

/** A full product listing (LISTING) with an external id, facts and an offer. */
export function fullProduct(name: string, brand: string, upc: string | undefined, our = 49) {
  return {
    item_name: text(name),
    brand: text(brand),
    product_description: text(`${name}, described`),
    item_package_weight: [{ value: 0.6, unit: 'kilograms', marketplace_id: US }],
    ...(upc && { externally_assigned_product_identifier: [{ type: 'upc', value: upc, marketplace_id: US }] }),
    condition_type: [{ value: 'new_new', marketplace_id: US }],
    purchasable_offer: [{ marketplace_id: US, currency: 'USD', audience: 'ALL', our_price: price(our) }],
    fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 10 }],
  };
}

/** The emulator's view of a SKU in a marketplace. */
export async function simListing(env: AmazonIntegration, sku: string, marketplaceId = US): Promise<Json> {
  const all = (await env.sim('GET', `/_sim/listings?marketplaceId=${marketplaceId}`)).listings as Json[];
  return all.find((l) => l.sku === sku);
}
