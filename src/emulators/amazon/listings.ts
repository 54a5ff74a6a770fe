// The seller's offers as the emulator knows them: every SKU of the demo catalogue per marketplace, with
// its price and a sellable quantity that starts from the catalogue's on-hand total (a bundle: as many as
// its scarcest component allows). Checkout prices order lines from here and merchant-fulfilled orders draw
// the quantity down; `/_sim/listings` shows and sets both.
import type { DemoCatalogue } from '../../demo/demoCatalogue.ts';
import { demoListings } from '../../demo/demoCatalogue.ts';
import type { DurableTables } from '../shared/durableTables.ts';

export interface Listing {
  marketplaceId: string;
  sku: string;
  asin: string;
  title: string;
  /** Major units of the marketplace's currency, as in the catalogue. */
  price: number;
  currency: string;
  quantity: number;
}

const LISTINGS = 'listings';
const key = (marketplaceId: string, sku: string) => `${marketplaceId}|${sku}`;

export class ListingStore {
  constructor(
    private readonly tables: DurableTables,
    private readonly catalogue: DemoCatalogue,
  ) {}

  get(marketplaceId: string, sku: string): Listing | undefined {
    return this.tables.get(LISTINGS, key(marketplaceId, sku)) as Listing | undefined;
  }

  all(marketplaceId?: string): Listing[] {
    const rows = this.tables.rows(LISTINGS) as Listing[];
    return marketplaceId ? rows.filter((l) => l.marketplaceId === marketplaceId) : rows;
  }

  put(listing: Listing): void {
    this.tables.put(LISTINGS, key(listing.marketplaceId, listing.sku), listing);
  }

  deleteAll(): void {
    for (const l of this.all()) this.tables.delete(LISTINGS, key(l.marketplaceId, l.sku));
  }

  /** Fills the table from the catalogue (seeding and `/_sim/reset`). */
  seed(): void {
    const onHand = onHandByItem(this.catalogue);
    const currency = new Map(this.catalogue.marketplaces.map((m) => [m.id, m.currency]));
    for (const l of demoListings(this.catalogue)) {
      const quantity = l.components
        ? Math.min(...l.components.map((c) => Math.floor((onHand.get(c.itemNumber) ?? 0) / c.quantity)))
        : (onHand.get(variantKey(l.itemNumber!, l.size, l.color)) ?? 0);
      this.put({
        marketplaceId: l.marketplaceId,
        sku: l.sku,
        asin: l.asin,
        title: l.title,
        price: l.price,
        currency: currency.get(l.marketplaceId) ?? 'USD',
        quantity,
      });
    }
  }
}

const variantKey = (itemNumber: string, size?: string, color?: string) =>
  size || color ? `${itemNumber}|${size ?? ''}|${color ?? ''}` : itemNumber;

/** On-hand totals over all warehouses, per item and per variant (a master's total sums its variants). */
function onHandByItem(catalogue: DemoCatalogue): Map<string, number> {
  const totals = new Map<string, number>();
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  for (const p of catalogue.products) {
    if (p.kind === 'simple') totals.set(p.itemNumber, sum(p.onHand));
    else {
      let all = 0;
      for (const v of p.variants) {
        totals.set(variantKey(p.itemNumber, v.size, v.color), sum(v.onHand));
        all += sum(v.onHand);
      }
      totals.set(p.itemNumber, all);
    }
  }
  return totals;
}
