// What a listing's attributes mean for buyers, derived as Amazon derives it (reference §3, §4): the offer
// of each audience from `purchasable_offer` (our_price, a discounted_price inside its start/end dates, the
// offer's own start/end, the B2B offer's quantity tiers), the checks that deactivate an offer — our_price
// outside the seller's own minimum / maximum allowed price, or far from the item's usual price (Amazon's
// pricing-error protection: the listing is accepted, the offer suppressed with an enforcement) — and the
// fulfilment channel and quantity from `fulfillment_availability`.
import type { AttrValue, Attributes, ListingIssue } from './listingTypes.ts';
import { FULFILLMENT } from './listingTypes.ts';

/** Below this share or above this multiple of the reference price an our_price is a "pricing error". */
export const PRICING_ERROR_BELOW = 0.35;
export const PRICING_ERROR_ABOVE = 3;

type Schedule = { value_with_tax?: number; start_at?: string; end_at?: string };

const scheduleOf = (offer: AttrValue | undefined, key: string): Schedule | undefined =>
  (offer?.[key] as { schedule?: Schedule[] }[] | undefined)?.[0]?.schedule?.[0];

const dayStart = (value: string) => Date.parse(/T/.test(value) ? value : `${value}T00:00:00Z`);

export function offerFor(
  attributes: Attributes,
  marketplaceId: string,
  audience: 'ALL' | 'B2B',
): AttrValue | undefined {
  return attributes.purchasable_offer?.find(
    (o) =>
      (o.marketplace_id === undefined || o.marketplace_id === marketplaceId) &&
      ((o.audience as string | undefined) ?? 'ALL') === audience,
  );
}

export interface DerivedOffer {
  audience: 'ALL' | 'B2B';
  currency: string;
  /** The standard price (our_price). */
  ourPrice: number;
  /** A sale price in force now. */
  salePrice?: number;
  /** What a buyer pays now for one unit. */
  price: number;
  tiers?: { discountType: 'fixed' | 'percent'; levels: { lowerBound: number; value: number }[] };
  active: boolean;
}

export function deriveOffer(
  attributes: Attributes,
  marketplaceId: string,
  audience: 'ALL' | 'B2B',
  currency: string,
  now: number,
  issues: ListingIssue[],
): DerivedOffer | undefined {
  const offer = offerFor(attributes, marketplaceId, audience);
  const ourPrice = scheduleOf(offer, 'our_price')?.value_with_tax;
  if (!offer || ourPrice === undefined) return undefined;
  const sale = scheduleOf(offer, 'discounted_price');
  const saleOn =
    sale?.value_with_tax !== undefined &&
    sale.start_at !== undefined &&
    sale.end_at !== undefined &&
    dayStart(sale.start_at) <= now &&
    now < dayStart(sale.end_at);
  const start = (offer.start_at as { value?: string } | undefined)?.value;
  const end = (offer.end_at as { value?: string } | undefined)?.value;
  const inWindow = (!start || dayStart(start) <= now) && (!end || now < dayStart(end));
  const plan = scheduleOf(offer, 'quantity_discount_plan') as
    { discount_type?: 'fixed' | 'percent'; levels?: { lower_bound: number; value: number }[] } | undefined;
  const suppressed = issues.some(
    (i) =>
      i.enforcements?.actions.some(
        (a) => a.action === 'ATTRIBUTE_SUPPRESSED' || a.action === 'LISTING_SUPPRESSED',
      ) && i.attributeNames?.includes('purchasable_offer'),
  );
  return {
    audience,
    currency: (offer.currency as string | undefined) ?? currency,
    ourPrice,
    ...(saleOn && { salePrice: sale!.value_with_tax }),
    price: saleOn ? sale!.value_with_tax! : ourPrice,
    ...(plan?.discount_type &&
      plan.levels && {
        tiers: {
          discountType: plan.discount_type,
          levels: plan.levels.map((l) => ({ lowerBound: l.lower_bound, value: l.value })),
        },
      }),
    active: inWindow && !suppressed,
  };
}

/** The unit price of a B2B offer for a quantity: the highest tier reached, fixed or percent off. */
export function tierPrice(offer: DerivedOffer, quantity: number): number {
  const level = offer.tiers?.levels
    .filter((l) => l.lowerBound <= quantity)
    .sort((a, b) => b.lowerBound - a.lowerBound)[0];
  if (!level) return offer.price;
  if (offer.tiers!.discountType === 'fixed') return level.value;
  return Math.round(offer.price * (100 - level.value)) / 100;
}

/** The issues the price checks raise for a marketplace (recomputed whenever the listing changes). */
export function priceIssues(
  attributes: Attributes,
  marketplaceId: string,
  referencePrice: number | undefined,
): ListingIssue[] {
  const issues: ListingIssue[] = [];
  const offer = offerFor(attributes, marketplaceId, 'ALL');
  const price = scheduleOf(offer, 'our_price')?.value_with_tax;
  if (price === undefined) return issues;
  const min = scheduleOf(offer, 'minimum_seller_allowed_price')?.value_with_tax;
  const max = scheduleOf(offer, 'maximum_seller_allowed_price')?.value_with_tax;
  const suppress = {
    actions: [{ action: 'ATTRIBUTE_SUPPRESSED' }],
    exemption: { status: 'NOT_EXEMPT' as const },
  };
  if ((min !== undefined && price < min) || (max !== undefined && price > max))
    issues.push({
      code: 'SELLER_PRICE_BOUNDS',
      message: `Your price ${price} is outside the minimum (${min ?? '—'}) and maximum (${max ?? '—'}) prices you allowed: the offer is inactive until the price is within them.`,
      severity: 'ERROR',
      attributeNames: ['purchasable_offer'],
      categories: ['INVALID_PRICE'],
      enforcements: suppress,
    });
  if (
    referencePrice !== undefined &&
    (price < referencePrice * PRICING_ERROR_BELOW || price > referencePrice * PRICING_ERROR_ABOVE)
  )
    issues.push({
      code: 'POTENTIAL_PRICING_ERROR',
      message: `Potential pricing error: your price ${price} is far from the price this item usually sells for. The offer is inactive until you confirm or correct it.`,
      severity: 'ERROR',
      attributeNames: ['purchasable_offer'],
      categories: ['INVALID_PRICE'],
      enforcements: suppress,
    });
  return issues;
}

export interface Availability {
  channel: string;
  quantity?: number;
  alwaysAvailable: boolean;
  leadTimeDays?: number;
}

export function availability(fulfillment: AttrValue[]): Availability | undefined {
  const record = fulfillment[0];
  if (!record) return undefined;
  return {
    channel: String(record.fulfillment_channel_code),
    ...(typeof record.quantity === 'number' && { quantity: record.quantity }),
    alwaysAvailable: record.is_inventory_available === true,
    ...(typeof record.lead_time_to_ship_max_days === 'number' && {
      leadTimeDays: record.lead_time_to_ship_max_days,
    }),
  };
}

export { FULFILLMENT };
