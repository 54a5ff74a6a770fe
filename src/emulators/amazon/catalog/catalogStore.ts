// Amazon's catalogue as the emulator knows it: an item per ASIN with its identifiers (UPC / EAN kept as
// GTIN-14, as Amazon's index is GTIN-based), summary facts, product type and variation relationships.
// Seeded with the demo catalogue's ASINs — what the seller already sells, plus the unlisted item A0009,
// which Amazon already has from another seller — and a few products of other brands, so matching by
// barcode has something to find and something to miss. The listings engine adds the ASINs it creates.
import type { DemoCatalogue } from '../../../demo/demoCatalogue.ts';
import type { DurableTables } from '../../shared/durableTables.ts';

export interface CatalogIdentifier {
  identifierType: 'UPC' | 'EAN' | 'GTIN' | 'ISBN' | 'JAN';
  identifier: string;
}

export interface CatalogRecord {
  asin: string;
  productType: string;
  itemName: string;
  brand: string;
  manufacturer?: string;
  color?: string;
  size?: string;
  classification: 'BASE_PRODUCT' | 'VARIATION_PARENT' | 'PRODUCT_BUNDLE' | 'OTHER';
  identifiers: CatalogIdentifier[];
  marketplaceIds: string[];
  parentAsin?: string;
  variationTheme?: string;
  /** What the item usually sells for, per marketplace: the pricing-error protection's reference. */
  referencePrice: Record<string, number>;
  /** The seller whose listing created the ASIN (absent: in the catalogue from the start). */
  createdBy?: string;
}

const TABLE = 'catalogItems';

/** A barcode as GTIN-14 (what Amazon's index compares). */
export const gtin14 = (code: string) => code.replace(/\D/g, '').padStart(14, '0');

/** Whether a GTIN/UPC/EAN carries a valid GS1 check digit. */
export function validCheckDigit(code: string): boolean {
  if (!/^\d{8,14}$/.test(code)) return false;
  const digits = [...code].map(Number);
  const check = digits.pop()!;
  const sum = digits.reverse().reduce((s, d, i) => s + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/** Other brands' products: found by barcode, never the demo seller's own. */
const OTHER_SELLERS: CatalogRecord[] = [
  {
    asin: 'B0ACME0001',
    productType: 'HEADPHONES',
    itemName: 'Acme Noise Cancelling Headphones',
    brand: 'Acme',
    classification: 'BASE_PRODUCT',
    identifiers: [{ identifierType: 'UPC', identifier: '012345678905' }],
    marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'],
    referencePrice: { ATVPDKIKX0DER: 129, A2EUQ1WTGCTBG2: 169 },
  },
  {
    asin: 'B0ACME0002',
    productType: 'CHARGING_ADAPTER',
    itemName: 'Acme Travel Charger 30W',
    brand: 'Acme',
    classification: 'BASE_PRODUCT',
    identifiers: [{ identifierType: 'EAN', identifier: '4006381333931' }],
    marketplaceIds: ['ATVPDKIKX0DER'],
    referencePrice: { ATVPDKIKX0DER: 24.99 },
  },
  {
    asin: 'B0GENR0003',
    productType: 'ELECTRONIC_CABLE',
    itemName: 'Generic HDMI Cable 1 m',
    brand: 'Generic',
    classification: 'BASE_PRODUCT',
    identifiers: [{ identifierType: 'UPC', identifier: '036000291452' }],
    marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'],
    referencePrice: { ATVPDKIKX0DER: 6.99, A2EUQ1WTGCTBG2: 8.99 },
  },
];

/** The unlisted simple item A0009 is on Amazon already (another seller listed it): an offer-only match. */
const ALREADY_ON_AMAZON: Record<string, string> = { A0009: 'B0DEMO0020' };

export class CatalogStore {
  constructor(private readonly tables: DurableTables) {}

  get(asin: string): CatalogRecord | undefined {
    return this.tables.get(TABLE, asin) as CatalogRecord | undefined;
  }

  all(): CatalogRecord[] {
    return this.tables.rows(TABLE) as CatalogRecord[];
  }

  put(record: CatalogRecord): void {
    this.tables.put(TABLE, record.asin, record);
  }

  deleteAll(): void {
    for (const r of this.all()) this.tables.delete(TABLE, r.asin);
  }

  /** Items carrying this barcode (any GTIN-compatible form). */
  byIdentifier(code: string): CatalogRecord[] {
    const wanted = gtin14(code);
    return this.all().filter((r) => r.identifiers.some((i) => gtin14(i.identifier) === wanted));
  }

  children(asin: string): CatalogRecord[] {
    return this.all().filter((r) => r.parentAsin === asin);
  }

  seed(catalogue: DemoCatalogue): void {
    for (const record of [...demoRecords(catalogue), ...OTHER_SELLERS]) this.put(record);
  }
}

function demoRecords(catalogue: DemoCatalogue): CatalogRecord[] {
  const records: CatalogRecord[] = [];
  const ids = (barcodes: { setupId: string; barcode: string }[]): CatalogIdentifier[] =>
    barcodes.map((b) => ({ identifierType: b.setupId === 'UPC' ? 'UPC' : 'EAN', identifier: b.barcode }));
  const prices = (offers: { marketplaceId: string; price: number }[]) =>
    Object.fromEntries(offers.map((o) => [o.marketplaceId, o.price]));
  for (const p of catalogue.products) {
    if (p.kind === 'simple') {
      const asin = p.offers[0]?.asin ?? ALREADY_ON_AMAZON[p.itemNumber];
      if (!asin) continue;
      const marketplaceIds =
        p.offers.length > 0 ? p.offers.map((o) => o.marketplaceId) : catalogue.marketplaces.map((m) => m.id);
      const referencePrice =
        p.offers.length > 0
          ? prices(p.offers)
          : Object.fromEntries(marketplaceIds.map((m) => [m, p.salesPrice]));
      records.push({
        asin,
        productType: p.productType,
        itemName: p.name,
        brand: p.brand,
        manufacturer: p.brand,
        classification: 'BASE_PRODUCT',
        identifiers: ids(p.barcodes),
        marketplaceIds,
        referencePrice,
      });
      continue;
    }
    const parentAsin = p.parentOffers[0]?.asin;
    if (!parentAsin) continue; // a product master Amazon has never seen
    records.push({
      asin: parentAsin,
      productType: p.productType,
      itemName: p.name,
      brand: p.brand,
      manufacturer: p.brand,
      classification: 'VARIATION_PARENT',
      identifiers: [],
      marketplaceIds: p.parentOffers.map((o) => o.marketplaceId),
      variationTheme: 'SIZE_NAME/COLOR_NAME',
      referencePrice: {},
    });
    for (const v of p.variants) {
      if (!v.offers[0]) continue;
      records.push({
        asin: v.offers[0].asin,
        productType: p.productType,
        itemName: v.name,
        brand: p.brand,
        manufacturer: p.brand,
        color: v.color,
        size: v.size,
        classification: 'BASE_PRODUCT',
        identifiers: ids(v.barcodes),
        marketplaceIds: v.offers.map((o) => o.marketplaceId),
        parentAsin,
        variationTheme: 'SIZE_NAME/COLOR_NAME',
        referencePrice: prices(v.offers),
      });
    }
  }
  for (const b of catalogue.bundles)
    records.push({
      asin: b.asin,
      productType: b.productType,
      itemName: b.name,
      brand: catalogue.seller.brands[0] ?? 'Generic',
      classification: 'PRODUCT_BUNDLE',
      identifiers: [],
      marketplaceIds: b.marketplaceIds,
      referencePrice: Object.fromEntries(b.marketplaceIds.map((m) => [m, b.price])),
    });
  return records;
}
