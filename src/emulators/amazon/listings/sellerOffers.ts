// The listings as checkout and the order generators need them: a SKU's offer in a marketplace (ASIN,
// title, consumer price now, the business price for a quantity from the B2B offer's tiers), the SKUs a
// marketplace sells, and the merchant-fulfilled quantity an order draws down — one quantity per SKU for
// the whole region, as Amazon keeps it. Prices come from the listings engine, so an order placed after a
// price change is charged the new price.
import type { EmulatorContext } from '../options.ts';
import { marketplaceState } from './listingState.ts';
import type { ListingsEngine } from './listingsEngine.ts';
import { tierPrice } from './offerState.ts';

export interface SellableOffer {
  marketplaceId: string;
  sku: string;
  asin: string;
  title: string;
  /** Major units. */
  price: number;
  currency: string;
  /** The business unit price for `quantity` units (consumer price when there is no B2B offer). */
  businessPrice(quantity: number): number;
  quantity: number;
  channel: string;
}

export class SellerOffers {
  constructor(
    private readonly ctx: EmulatorContext,
    private readonly engine: ListingsEngine,
  ) {}

  get(marketplaceId: string, sku: string): SellableOffer | undefined {
    const listing = this.engine.get(this.ctx.sellerId, sku);
    const state = listing && marketplaceState(this.ctx, listing, marketplaceId);
    if (!listing || !state?.asin || !state.consumer || state.parent) return undefined;
    const slice = listing.marketplaces[marketplaceId]!;
    const title = slice.attributes.item_name?.[0]?.value;
    const consumer = state.consumer;
    const business = state.business?.active ? state.business : undefined;
    return {
      marketplaceId,
      sku,
      asin: state.asin,
      title: typeof title === 'string' ? title : (this.engine.catalog.get(state.asin)?.itemName ?? sku),
      price: consumer.price,
      currency: consumer.currency,
      businessPrice: (quantity) => (business ? tierPrice(business, quantity) : consumer.price),
      quantity: state.availability?.quantity ?? 0,
      channel: state.availability?.channel ?? 'DEFAULT',
    };
  }

  /** The SKUs a marketplace sells (parents excluded), in listing order. */
  skus(marketplaceId: string): string[] {
    return this.engine
      .all(this.ctx.sellerId)
      .filter((l) => this.get(marketplaceId, l.sku))
      .map((l) => l.sku);
  }

  /** Takes sold merchant-fulfilled units off the SKU's regional quantity (joins the caller's change set). */
  drawDown(sku: string, quantity: number): void {
    this.adjust(sku, -quantity);
  }

  /** Puts units a seller cancelled back on the SKU's regional quantity (joins the caller's change set). */
  restock(sku: string, quantity: number): void {
    this.adjust(sku, quantity);
  }

  private adjust(sku: string, delta: number): void {
    const listing = this.engine.get(this.ctx.sellerId, sku);
    const record = listing?.fulfillment[0];
    if (
      !listing ||
      !record ||
      record.fulfillment_channel_code !== 'DEFAULT' ||
      typeof record.quantity !== 'number'
    )
      return;
    this.engine.save({
      ...listing,
      fulfillment: [
        { ...record, quantity: Math.max(0, record.quantity + delta) },
        ...listing.fulfillment.slice(1),
      ],
    });
  }
}
