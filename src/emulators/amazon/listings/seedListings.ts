// The seller's existing listings, seeded *through the engine* as if listed long ago: every SKU the demo
// catalogue offers today — the simple items, the T-shirt family (parent DEMO-TEE with its children) and
// the bundle — with product facts, a consumer offer at the catalogue price, an Amazon Business offer 5 %
// below it, merchant-fulfilled stock of the catalogue's on-hand total (a bundle: as many as its scarcest
// component allows) and the catalogue's ASINs. The hoodie T0200 and item A0009 are left unlisted, for the
// publishing flow to create.
import type { DemoCatalogue, DemoListing } from '../../../demo/demoCatalogue.ts';
import { demoListings } from '../../../demo/demoCatalogue.ts';
import { toMinor } from '../orders/money.ts';
import type { ListingsEngine } from './listingsEngine.ts';
import type { AttrValue, Attributes } from './listingTypes.ts';

const LANGUAGE: Record<string, string> = { ATVPDKIKX0DER: 'en_US', A2EUQ1WTGCTBG2: 'en_CA' };
export const SEED_THEME = 'SIZE_NAME/COLOR_NAME';

const price = (value: number) => [{ schedule: [{ value_with_tax: value }] }];

/** `check: true` runs the schema checks too (the test does; an emulator's start skips them). */
export function seedListings(
  engine: ListingsEngine,
  catalogue: DemoCatalogue,
  options: { check?: boolean } = {},
): void {
  const sellerId = catalogue.seller.sellingPartnerId;
  const brand = catalogue.seller.brands[0]!;
  const onHand = onHandByItem(catalogue);
  const currency = new Map(catalogue.marketplaces.map((m) => [m.id, m.currency]));
  const submit = (sku: string, marketplaceId: string, productType: string, attributes: Attributes) => {
    const result = engine.submit(
      sellerId,
      sku,
      [marketplaceId],
      { kind: 'put', productType, requirements: 'LISTING', attributes },
      { immediate: true, trusted: !options.check },
    );
    if (result.status !== 'ACCEPTED')
      throw new Error(`seed listing ${sku} (${marketplaceId}) refused: ${JSON.stringify(result.issues)}`);
  };

  for (const p of catalogue.products) {
    if (p.kind !== 'master' || p.parentOffers.length === 0) continue;
    for (const o of p.parentOffers) {
      const mp = o.marketplaceId;
      const text = (value: string): AttrValue[] => [
        { value, language_tag: LANGUAGE[mp] ?? 'en_US', marketplace_id: mp },
      ];
      submit(o.sku, mp, p.productType, {
        item_name: text(p.name),
        brand: text(p.brand),
        product_description: text(p.name),
        item_package_weight: [
          { value: p.netWeightKg + p.tareWeightKg, unit: 'kilograms', marketplace_id: mp },
        ],
        department: text('Unisex'),
        parentage_level: [{ value: 'parent', marketplace_id: mp }],
        child_parent_sku_relationship: [{ child_relationship_type: 'variation', marketplace_id: mp }],
        variation_theme: [{ name: SEED_THEME }],
      });
      // The parent ASIN Amazon assigned when the family was created long ago.
      const listing = engine.get(sellerId, o.sku)!;
      const { pendingAsin: _pending, ...rest } = listing;
      engine.save({
        ...rest,
        marketplaces: { ...rest.marketplaces, [mp]: { ...rest.marketplaces[mp]!, asin: o.asin } },
      });
    }
  }

  for (const l of demoListings(catalogue)) {
    const mp = l.marketplaceId;
    const text = (value: string): AttrValue[] => [
      { value, language_tag: LANGUAGE[mp] ?? 'en_US', marketplace_id: mp },
    ];
    const cur = currency.get(mp) ?? 'USD';
    const product = l.itemNumber ? catalogue.products.find((p) => p.itemNumber === l.itemNumber) : undefined;
    const productType = product?.productType ?? catalogue.bundles.find((b) => b.sku === l.sku)!.productType;
    const weight = product ? product.netWeightKg + product.tareWeightKg : 1;
    const attributes: Attributes = {
      item_name: text(l.title),
      brand: text(product?.brand ?? brand),
      product_description: text(l.title),
      item_package_weight: [{ value: weight, unit: 'kilograms', marketplace_id: mp }],
      merchant_suggested_asin: [{ value: l.asin, marketplace_id: mp }],
      condition_type: [{ value: 'new_new', marketplace_id: mp }],
      purchasable_offer: [
        { marketplace_id: mp, currency: cur, audience: 'ALL', our_price: price(l.price) },
        { marketplace_id: mp, currency: cur, audience: 'B2B', our_price: price(businessPrice(l.price, cur)) },
      ],
      fulfillment_availability: [
        {
          fulfillment_channel_code: 'DEFAULT',
          quantity: quantityOf(l, onHand),
          lead_time_to_ship_max_days: 2,
        },
      ],
    };
    if (l.size || l.color) {
      const parent = catalogue.products.find((p) => p.itemNumber === l.itemNumber);
      const parentSku =
        parent?.kind === 'master' ? parent.parentOffers.find((o) => o.marketplaceId === mp)?.sku : undefined;
      Object.assign(attributes, {
        department: text('Unisex'),
        color: text(l.color!),
        size: text(l.size!),
        parentage_level: [{ value: 'child', marketplace_id: mp }],
        child_parent_sku_relationship: [
          { child_relationship_type: 'variation', parent_sku: parentSku, marketplace_id: mp },
        ],
        variation_theme: [{ name: SEED_THEME }],
      });
    }
    submit(l.sku, mp, productType, attributes);
  }
}

/** Amazon Business price of the demo: 5 % under the consumer price, in whole minor units. */
export function businessPrice(price: number, currency: string): number {
  const minor = toMinor(price, currency);
  const places = toMinor(1, currency) === 1 ? 0 : 2;
  return Math.round(minor * 0.95) / 10 ** places;
}

function quantityOf(l: DemoListing, onHand: Map<string, number>): number {
  if (l.components)
    return Math.min(...l.components.map((c) => Math.floor((onHand.get(c.itemNumber) ?? 0) / c.quantity)));
  return onHand.get(variantKey(l.itemNumber!, l.size, l.color)) ?? 0;
}

const variantKey = (itemNumber: string, size?: string, color?: string) =>
  size || color ? `${itemNumber}|${size ?? ''}|${color ?? ''}` : itemNumber;

/** On-hand totals over all warehouses, per item and per variant. */
function onHandByItem(catalogue: DemoCatalogue): Map<string, number> {
  const totals = new Map<string, number>();
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  for (const p of catalogue.products) {
    if (p.kind === 'simple') totals.set(p.itemNumber, sum(p.onHand));
    else for (const v of p.variants) totals.set(variantKey(p.itemNumber, v.size, v.color), sum(v.onHand));
  }
  return totals;
}
