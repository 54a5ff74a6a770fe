// One order item as Orders API 2026-01-01 returns it. Identity and product are always there; the other
// sections only when their `includedData` dataset was asked for, and prices, proceeds, promotions, tax
// and gift options only once the order is paid — Amazon withholds them while an order is Pending.
import { lineCharges, PROCEEDS_ORDER } from './charges.ts';
import { money } from './money.ts';
import type { StoredItem, StoredOrder } from './orderTypes.ts';
import { taxCollector } from './pricing.ts';
import type { ViewOptions } from './orderView.ts';

type Json = Record<string, unknown>;

export function itemView(order: StoredOrder, item: StoredItem, opts: ViewOptions): Json {
  const priced = order.paidTime !== undefined;
  const m = (minor: number) => money(minor, order.currency);
  const body: Json = {
    orderItemId: item.orderItemId,
    quantityOrdered: item.quantityOrdered,
    product: {
      asin: item.asin,
      title: item.title,
      sellerSku: item.sku,
      condition: { conditionType: 'NEW', conditionSubtype: 'NEW' },
      ...(priced && {
        price: {
          unitPrice: m(item.unitPrice),
          ...(item.businessPrice && { priceDesignation: 'BUSINESS_PRICE' }),
        },
      }),
    },
  };

  if (opts.include.has('PROCEEDS') && priced) {
    const charges = lineCharges(item);
    body.proceeds = {
      proceedsTotal: m(charges.total),
      breakdowns: PROCEEDS_ORDER.filter((t) => t === 'ITEM' || charges.byType[t] !== 0).map((type) => ({
        type,
        subtotal: m(charges.byType[type]),
        ...(type === 'TAX' && {
          detailedBreakdowns: (['ITEM', 'SHIPPING', 'GIFT_WRAP'] as const)
            .filter((s) => charges.tax[s] !== 0)
            .map((subtype) => ({ subtype, value: m(charges.tax[subtype]) })),
        }),
        ...(type === 'DISCOUNT' && { detailedBreakdowns: [{ subtype: 'ITEM', value: m(-item.discount) }] }),
      })),
    };
  }

  if (opts.include.has('PROMOTION') && priced && item.discount > 0 && order.promotionId)
    body.promotion = { breakdowns: [{ promotionId: order.promotionId }] };

  if (opts.include.has('CANCELLATION')) {
    if (order.cancellation)
      body.cancellation = {
        cancellationExecution: {
          cancelledBy: order.cancellation.by,
          ...(order.cancellation.reason && { cancelReason: order.cancellation.reason }),
        },
      };
    else if (item.cancelled)
      body.cancellation = {
        cancellationExecution: {
          cancelledBy: 'MERCHANT',
          ...(item.cancelled.reason && { cancelReason: item.cancelled.reason }),
        },
      };
    else if (item.cancelRequest)
      body.cancellation = {
        cancellationRequest: { requester: 'BUYER', cancelReason: item.cancelRequest.reason },
      };
  }

  if (opts.include.has('FULFILLMENT'))
    body.fulfillment = {
      quantityFulfilled: item.quantityShipped,
      quantityUnfulfilled:
        order.status === 'CANCELLED'
          ? 0
          : item.quantityOrdered - item.quantityShipped - (item.cancelled?.quantity ?? 0),
      ...(priced &&
        order.giftWrap && {
          packing: {
            giftOption: { giftMessage: order.giftWrap.message, giftWrapLevel: order.giftWrap.level },
          },
        }),
    };

  const collector = taxCollector(order.marketplaceId);
  if (opts.include.has('TAX') && priced && collector)
    body.tax = {
      taxCollections: [{ model: 'MARKETPLACE_FACILITATOR', responsibleParty: collector.responsibleParty }],
    };

  return body;
}
