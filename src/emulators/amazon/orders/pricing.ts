// What a checkout charges, line by line: the listing price (the B2B offer's price, tiered by quantity, on
// Amazon Business orders),
// shipping by service level (free with Prime), gift wrap per unit, a promotion's discount spread over the
// lines, and the sales tax Amazon collects as marketplace facilitator on all of them. The numbers are
// computed once, at checkout, and stored with the order, as Amazon fixes an order's charges when it is
// placed.
import { percentOf, toMinor } from './money.ts';
import type { ServiceLevel, StoredItem } from './orderTypes.ts';

/** Sales tax rate Amazon collects per marketplace, and the party that remits it. */
const TAX: Record<string, { rate: number; responsibleParty: string }> = {
  ATVPDKIKX0DER: { rate: 0.08, responsibleParty: 'Amazon Services, Inc.' },
  A2EUQ1WTGCTBG2: { rate: 0.13, responsibleParty: 'Amazon.com.ca ULC' },
};

export function taxCollector(marketplaceId: string): { rate: number; responsibleParty: string } | undefined {
  return TAX[marketplaceId];
}

/** Shipping charged per order by service level, in major units. */
const SHIPPING: Record<ServiceLevel, number> = {
  FREE_ECONOMY: 0,
  STANDARD: 4.99,
  SCHEDULED: 9.99,
  EXPEDITED: 9.99,
  SECOND_DAY: 14.99,
  NEXT_DAY: 19.99,
  PRIORITY: 24.99,
  SAME_DAY: 29.99,
};
const PRIME_FREE: ServiceLevel[] = ['FREE_ECONOMY', 'STANDARD', 'SECOND_DAY'];
const GIFT_WRAP_PER_UNIT = 3.99;
/** A line's prices from the listing: consumer, and business for the line's quantity (major units). */
export interface LineListing {
  price: number;
  businessPrice: number;
}

export interface PricingInput {
  marketplaceId: string;
  currency: string;
  serviceLevel: ServiceLevel;
  prime: boolean;
  business: boolean;
  giftWrap: boolean;
  /** Promotion discount for the whole order, major units. */
  discount?: number;
  lines: { listing: LineListing; quantity: number }[];
}

/** What checkout fixes of a line: the charge fields of the item it is stored as. */
export type LinePrice = Pick<
  StoredItem,
  | 'unitPrice'
  | 'businessPrice'
  | 'shipping'
  | 'giftWrap'
  | 'discount'
  | 'itemTax'
  | 'shippingTax'
  | 'giftWrapTax'
>;

export function priceLines(input: PricingInput): LinePrice[] {
  const { currency } = input;
  const rate = taxCollector(input.marketplaceId)?.rate ?? 0;
  const free = input.prime && PRIME_FREE.includes(input.serviceLevel);
  const orderShipping = free ? 0 : toMinor(SHIPPING[input.serviceLevel], currency);
  let discountLeft = toMinor(input.discount ?? 0, currency);

  return input.lines.map(({ listing, quantity }, index) => {
    const unitPrice = toMinor(input.business ? listing.businessPrice : listing.price, currency);
    const lineTotal = unitPrice * quantity;
    // A promotion never takes a line below zero; what one line cannot absorb goes to the next.
    const discount = Math.min(discountLeft, lineTotal);
    discountLeft -= discount;
    const shipping = index === 0 ? orderShipping : 0;
    const giftWrap = input.giftWrap ? toMinor(GIFT_WRAP_PER_UNIT, currency) * quantity : 0;
    return {
      unitPrice,
      businessPrice: input.business,
      shipping,
      giftWrap,
      discount,
      itemTax: percentOf(lineTotal - discount, rate),
      shippingTax: percentOf(shipping, rate),
      giftWrapTax: percentOf(giftWrap, rate),
    };
  });
}
