// The demo catalogue: the one fixture both emulators and the demo configuration read (DESIGN §2.9), so
// the demo's Amazon SKUs, D365 items, variants, barcodes, marketplaces → legal entities and mapping codes
// agree on both sides. It is data, not connector logic: any module may import it.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const money = z.number().nonnegative();
const barcode = z.object({ setupId: z.enum(['UPC', 'EAN13']), barcode: z.string().regex(/^\d{12,13}$/) });
const offer = z.object({ marketplaceId: z.string(), sku: z.string(), asin: z.string(), price: money });
const onHand = z.record(z.string(), z.number().int().nonnegative());
/** A non-stock service item whose order lines carry one of Amazon's per-order charges. */
const chargeItem = z.object({ itemNumber: z.string(), name: z.string() });

/** What every released product has, simple or master. */
const productFields = {
  itemNumber: z.string(),
  name: z.string(),
  /** Amazon's product type and brand for the item (what a listing of it sends). */
  productType: z.string(),
  brand: z.string(),
  netWeightKg: z.number().nonnegative(),
  tareWeightKg: z.number().nonnegative(),
  salesPrice: money,
};
/** What is sold and stocked: a simple product, or one variant of a master. */
const stockedFields = { barcodes: z.array(barcode), offers: z.array(offer), onHand };

const simpleProduct = z.object({ kind: z.literal('simple'), ...productFields, ...stockedFields });

const variant = z.object({ size: z.string(), color: z.string(), name: z.string(), ...stockedFields });

const masterProduct = z.object({
  kind: z.literal('master'),
  ...productFields,
  dimensions: z.array(z.enum(['size', 'color'])),
  variationTheme: z.string(),
  parentOffers: z.array(offer.omit({ price: true })),
  variants: z.array(variant),
});

const catalogueSchema = z.object({
  seller: z.object({
    sellingPartnerId: z.string(),
    region: z.enum(['na', 'eu', 'fe']),
    merchantName: z.string(),
    /** Brands the seller owns in Amazon's Brand Registry (eligible for new ASINs). */
    brands: z.array(z.string()),
    lwa: z.object({ clientId: z.string(), clientSecret: z.string(), refreshToken: z.string() }),
  }),
  d365: z.object({
    environmentUrl: z.string().url(),
    tenantId: z.string(),
    clientId: z.string(),
    clientSecret: z.string(),
    defaultCompany: z.string(),
  }),
  marketplaces: z.array(
    z.object({
      id: z.string(),
      countryCode: z.string().length(2),
      name: z.string(),
      currency: z.string().length(3),
      legalEntity: z.string(),
    }),
  ),
  legalEntities: z.array(
    z.object({
      dataAreaId: z.string(),
      name: z.string(),
      currency: z.string().length(3),
      countryRegionId: z.string(),
      languageId: z.string(),
      sites: z.array(
        z.object({
          siteId: z.string(),
          name: z.string(),
          warehouses: z.array(z.object({ warehouseId: z.string(), name: z.string() })),
        }),
      ),
      defaultSiteId: z.string(),
      defaultWarehouseId: z.string(),
    }),
  ),
  codes: z.object({
    customerGroup: z.object({ id: z.string(), description: z.string() }),
    termsOfPayment: z.string(),
    methodsOfPayment: z.array(z.object({ id: z.string(), description: z.string() })),
    modesOfDelivery: z.array(
      z.object({ id: z.string(), description: z.string(), serviceLevel: z.string().nullable() }),
    ),
    /**
     * F&O shipping carriers. A carrier Amazon lists has its code and service; one it does not (a regional
     * freight carrier) has neither and goes to Amazon as `Other` with its name — so a demo mapping built
     * from these rows must skip those without `amazonCarrierCode`.
     */
    carriers: z.array(
      z.object({
        d365: z.string(),
        name: z.string().optional(),
        amazonCarrierCode: z.string().optional(),
        shippingMethod: z.string().optional(),
      }),
    ),
    charges: z.object({ shipping: z.string(), giftWrap: z.string() }),
    chargeItems: z.object({ shipping: chargeItem, giftWrap: chargeItem }),
    salesTaxGroup: z.string(),
  }),
  bundles: z.array(
    z.object({
      marketplaceIds: z.array(z.string()),
      sku: z.string(),
      asin: z.string(),
      name: z.string(),
      productType: z.string(),
      price: money,
      components: z.array(z.object({ itemNumber: z.string(), quantity: z.number().int().positive() })),
    }),
  ),
  products: z.array(z.discriminatedUnion('kind', [simpleProduct, masterProduct])),
});

export type DemoCatalogue = z.infer<typeof catalogueSchema>;
export type DemoProduct = DemoCatalogue['products'][number];
export type DemoOffer = z.infer<typeof offer>;

/** One sellable Amazon SKU of the catalogue, flattened: a simple item, a variant or a bundle. */
export interface DemoListing {
  marketplaceId: string;
  sku: string;
  asin: string;
  title: string;
  price: number;
  /** D365 item (and variant dimensions) behind the SKU; a bundle lists its components instead. */
  itemNumber?: string;
  size?: string;
  color?: string;
  components?: { itemNumber: string; quantity: number }[];
}

let cached: DemoCatalogue | undefined;

/** The parsed catalogue (read once; the file ships with the code). */
export function demoCatalogue(): DemoCatalogue {
  cached ??= catalogueSchema.parse(
    JSON.parse(readFileSync(new URL('./demoCatalogue.json', import.meta.url), 'utf8')),
  );
  return cached;
}

/** Every sellable SKU per marketplace, in catalogue order. */
export function demoListings(catalogue: DemoCatalogue = demoCatalogue()): DemoListing[] {
  const listings: DemoListing[] = [];
  for (const product of catalogue.products) {
    if (product.kind === 'simple') {
      for (const o of product.offers)
        listings.push({ ...pick(o), title: product.name, itemNumber: product.itemNumber });
    } else {
      for (const v of product.variants) {
        for (const o of v.offers) {
          listings.push({
            ...pick(o),
            title: v.name,
            itemNumber: product.itemNumber,
            size: v.size,
            color: v.color,
          });
        }
      }
    }
  }
  for (const b of catalogue.bundles) {
    for (const marketplaceId of b.marketplaceIds) {
      listings.push({
        marketplaceId,
        sku: b.sku,
        asin: b.asin,
        title: b.name,
        price: b.price,
        components: b.components,
      });
    }
  }
  return listings;
}

function pick(o: DemoOffer) {
  return { marketplaceId: o.marketplaceId, sku: o.sku, asin: o.asin, price: o.price };
}
