// A buyer's checkout: turns a checkout spec into a stored order — priced from the listings engine's offers
// (consumer price now, business price from the B2B offer and its tiers), with demo
// defaults for whoever and wherever the spec leaves out — and draws the sold units from the
// merchant-fulfilled quantity. Used by `/_sim/orders`, the bulk generator and the demo seed alike, so
// every order, however made, has the same shape.
import type { SellerOffers } from '../listings/sellerOffers.ts';
import type { EmulatorContext } from '../options.ts';
import type { CheckoutSpec } from '../sim/checkoutSchema.ts';
import { demoPerson, relayEmail } from '../sim/demoPeople.ts';
import { SimError } from '../sim/simError.ts';
import { newOrderId, newOrderItemIds } from './ids.ts';
import { toSecond, type OrderStore } from './orderStore.ts';
import type { StoredOrder } from './orderTypes.ts';
import { priceLines } from './pricing.ts';

export interface CheckoutDeps {
  ctx: EmulatorContext;
  orders: OrderStore;
  listings: SellerOffers;
}

/** Places the order (joining the caller's change set; the caller commits). */
export function placeOrder({ ctx, orders, listings }: CheckoutDeps, spec: CheckoutSpec): StoredOrder {
  const marketplaceId = spec.marketplaceId ?? ctx.catalogue.marketplaces[0]!.id;
  const marketplace = ctx.catalogue.marketplaces.find((m) => m.id === marketplaceId);
  if (!marketplace)
    throw new SimError(400, 'invalid checkout', [
      `marketplaceId: ${marketplaceId} is not one of the seller's marketplaces (${ctx.catalogue.marketplaces.map((m) => m.id).join(', ')})`,
    ]);
  const lines = spec.items.map((item) => ({ item, listing: listings.get(marketplaceId, item.sku) }));
  const unknown = lines.filter((l) => !l.listing).map((l) => l.item.sku);
  if (unknown.length > 0)
    throw new SimError(
      400,
      'invalid checkout',
      unknown.map((sku) => `items: unknown SKU ${sku} in marketplace ${marketplaceId}`),
    );

  const now = ctx.now();
  const createdTime = toSecond(spec.createdAt ? Date.parse(spec.createdAt) : now);
  if (createdTime > now)
    throw new SimError(400, 'invalid checkout', ['createdAt: must not be in the future']);
  const seq = orders.nextSeq();
  const person = demoPerson(marketplace.countryCode, seq);
  const prime = spec.prime ?? spec.fulfilledBy === 'AMAZON';
  const giftWrap = spec.giftWrap
    ? {
        level: (typeof spec.giftWrap === 'object' && spec.giftWrap.level) || 'Classic',
        message: (typeof spec.giftWrap === 'object' && spec.giftWrap.message) || 'Enjoy your gift!',
      }
    : undefined;
  const prices = priceLines({
    marketplaceId,
    currency: marketplace.currency,
    serviceLevel: spec.serviceLevel,
    prime,
    business: !!spec.business,
    giftWrap: !!giftWrap,
    discount: spec.promotion?.discount,
    lines: lines.map((l) => ({
      listing: { price: l.listing!.price, businessPrice: l.listing!.businessPrice(l.item.quantity) },
      quantity: l.item.quantity,
    })),
  });
  const itemIds = newOrderItemIds(lines.length);

  const order: StoredOrder = {
    orderId: newOrderId(marketplaceId, (id) => !!orders.get(id)),
    seq,
    sellerId: ctx.sellerId,
    marketplaceId,
    currency: marketplace.currency,
    createdTime,
    lastUpdatedTime: createdTime,
    status: spec.paid ? 'UNSHIPPED' : 'PENDING',
    fulfilledBy: spec.fulfilledBy,
    serviceLevel: spec.serviceLevel,
    prime,
    sellerOrderId: spec.sellerOrderId,
    buyer: {
      name: spec.buyer?.name ?? person.name,
      email: spec.buyer?.email ?? relayEmail(marketplace.name, seq),
    },
    deliveryAddress: spec.deliveryAddress ?? { ...person.address, name: spec.buyer?.name ?? person.name },
    business: spec.business,
    paymentMethod: spec.paymentMethod ?? (spec.business ? 'Invoice' : 'CreditCard'),
    paidTime: spec.paid ? createdTime : undefined,
    promotionId: spec.promotion?.id,
    giftWrap,
    items: lines.map(({ item, listing }, i) => ({
      orderItemId: itemIds[i]!,
      sku: item.sku,
      asin: listing!.asin,
      title: listing!.title,
      quantityOrdered: item.quantity,
      quantityShipped: 0,
      ...prices[i]!,
    })),
    packages: [],
  };
  orders.put(order);
  // Amazon sells Amazon-fulfilled units from its own stock; only merchant-fulfilled sales draw the offer.
  if (order.fulfilledBy === 'MERCHANT')
    for (const { item } of lines) listings.drawDown(item.sku, item.quantity);
  return order;
}
