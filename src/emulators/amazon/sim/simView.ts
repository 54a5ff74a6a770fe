// `GET /_sim/orders/:id`: the emulator's own view of an order — its state, what was shipped in which
// package, the cancellation state — in plain terms, for tests and for people rehearsing a setup. It is
// not Amazon's API shape (that is getOrder) and shows everything, withheld or not.
import { orderCharges } from '../orders/charges.ts';
import { formatAmount } from '../orders/money.ts';
import { iso } from '../orders/orderStore.ts';
import type { StoredOrder } from '../orders/orderTypes.ts';

export function simView(order: StoredOrder): Record<string, unknown> {
  const amount = (minor: number) => formatAmount(minor, order.currency);
  const openRequests = order.items.filter((i) => i.cancelRequest);
  return {
    orderId: order.orderId,
    status: order.status,
    fulfilledBy: order.fulfilledBy,
    marketplaceId: order.marketplaceId,
    createdTime: iso(order.createdTime),
    lastUpdatedTime: iso(order.lastUpdatedTime),
    paid: order.paidTime !== undefined,
    serviceLevel: order.serviceLevel,
    prime: order.prime,
    buyer: order.buyer,
    deliveryAddress: order.deliveryAddress,
    business: order.business,
    paymentMethod: order.paymentMethod,
    promotionId: order.promotionId,
    giftWrap: order.giftWrap,
    currency: order.currency,
    grandTotal: amount(orderCharges(order.items).total),
    items: order.items.map((i) => ({
      orderItemId: i.orderItemId,
      sku: i.sku,
      asin: i.asin,
      title: i.title,
      quantityOrdered: i.quantityOrdered,
      quantityShipped: i.quantityShipped,
      unitPrice: amount(i.unitPrice),
      ...(i.cancelled && {
        cancelled: {
          quantity: i.cancelled.quantity,
          reason: i.cancelled.reason ?? null,
          time: iso(i.cancelled.time),
        },
      }),
      ...(i.cancelRequest && {
        cancellationRequest: { reason: i.cancelRequest.reason, time: iso(i.cancelRequest.time) },
      }),
    })),
    packages: order.packages.map((p) => ({
      packageReferenceId: p.packageReferenceId,
      carrierCode: p.carrierCode,
      carrierName: p.carrierName,
      shippingMethod: p.shippingMethod,
      trackingNumber: p.trackingNumber,
      shipTime: iso(p.shipTime),
      items: p.items,
    })),
    refund: order.refund
      ? {
          amount: amount(order.refund.amount),
          reason: order.refund.reason ?? null,
          time: iso(order.refund.time),
        }
      : null,
    cancellation: {
      requested: openRequests.length > 0,
      requestedItems: openRequests.map((i) => i.orderItemId),
      ...(order.cancellation && {
        cancelledBy: order.cancellation.by,
        reason: order.cancellation.reason,
        time: iso(order.cancellation.time),
      }),
    },
  };
}
