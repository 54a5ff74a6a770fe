// What happens to an order after checkout, on the buyer's and Amazon's side: payment (Pending →
// Unshipped), a buyer's cancellation request (open on the items until the seller ships or the order is
// cancelled), cancellation, a changed delivery address, and Amazon shipping its own (FBA) orders. Every
// change moves `lastUpdatedTime`, which is what an incremental sync (`lastUpdatedAfter`) keys on.
// Functions join the caller's change set; the caller commits before answering.
import { SimError } from '../sim/simError.ts';
import { toSecond, type OrderStore } from './orderStore.ts';
import type { Address, StoredOrder } from './orderTypes.ts';

export type CancelledBy = 'AMAZON' | 'BUYER' | 'MERCHANT';

/** The order with `lastUpdatedTime` moved to `now` (never backwards). */
export function touched(order: StoredOrder, now: number): StoredOrder {
  return { ...order, lastUpdatedTime: Math.max(order.lastUpdatedTime, toSecond(now)) };
}

export function requireOrder(orders: OrderStore, orderId: string): StoredOrder {
  const order = orders.get(orderId);
  if (!order) throw new SimError(404, `no order ${orderId}`);
  return order;
}

function refuse(order: StoredOrder, action: string): never {
  throw new SimError(409, `order ${order.orderId} is ${order.status}: cannot ${action}`);
}

export function pay(orders: OrderStore, orderId: string, now: number): StoredOrder {
  const order = requireOrder(orders, orderId);
  if (order.status !== 'PENDING') refuse(order, 'pay');
  const paid = touched({ ...order, status: 'UNSHIPPED', paidTime: toSecond(now) }, now);
  orders.put(paid);
  return paid;
}

/**
 * The buyer asks to cancel. A Pending order is simply cancelled (nothing is owed yet); otherwise the
 * request stays open on the items until the seller answers (cancels or ships) or Amazon cancels.
 */
export function requestCancellation(
  orders: OrderStore,
  orderId: string,
  request: { reason: string; orderItemIds?: string[] },
  now: number,
): StoredOrder {
  const order = requireOrder(orders, orderId);
  if (order.status === 'PENDING') return cancel(orders, orderId, 'BUYER', request.reason, now);
  if (order.status !== 'UNSHIPPED' && order.status !== 'PARTIALLY_SHIPPED')
    refuse(order, 'request a cancellation');
  const unknown = (request.orderItemIds ?? []).filter((id) => !order.items.some((i) => i.orderItemId === id));
  if (unknown.length > 0)
    throw new SimError(
      400,
      'invalid cancellation request',
      unknown.map((id) => `orderItemIds: no item ${id}`),
    );
  const wanted = (id: string) => !request.orderItemIds || request.orderItemIds.includes(id);
  const time = toSecond(now);
  const items = order.items.map((item) =>
    wanted(item.orderItemId) && item.quantityShipped < item.quantityOrdered
      ? { ...item, cancelRequest: { reason: request.reason, time } }
      : item,
  );
  const updated = touched({ ...order, items }, now);
  orders.put(updated);
  return updated;
}

/** Cancels the whole order; only possible before anything has shipped. Open requests are closed. */
export function cancel(
  orders: OrderStore,
  orderId: string,
  by: CancelledBy,
  reason: string,
  now: number,
): StoredOrder {
  const order = requireOrder(orders, orderId);
  if (order.status !== 'PENDING' && order.status !== 'UNSHIPPED') refuse(order, 'cancel');
  const cancelled = touched(
    {
      ...order,
      status: 'CANCELLED',
      cancellation: { by, reason, time: toSecond(now) },
      items: order.items.map(({ cancelRequest: _closed, ...item }) => item),
    },
    now,
  );
  orders.put(cancelled);
  return cancelled;
}

/** The buyer changes the delivery address; Amazon allows it only until the order ships. */
export function changeAddress(
  orders: OrderStore,
  orderId: string,
  address: Address,
  now: number,
): StoredOrder {
  const order = requireOrder(orders, orderId);
  if (order.status !== 'PENDING' && order.status !== 'UNSHIPPED')
    refuse(order, 'change the delivery address');
  const updated = touched({ ...order, deliveryAddress: address }, now);
  orders.put(updated);
  return updated;
}

/** Amazon ships one of its own (FBA) orders: every unit at once, no packages for the seller to see. */
export function shipByAmazon(orders: OrderStore, orderId: string, now: number): StoredOrder {
  const order = requireOrder(orders, orderId);
  if (order.fulfilledBy !== 'AMAZON')
    throw new SimError(409, `order ${orderId} is merchant-fulfilled: the seller confirms its shipment`);
  if (order.status !== 'UNSHIPPED') refuse(order, 'ship');
  const shipped = touched(
    {
      ...order,
      status: 'SHIPPED',
      items: order.items.map(({ cancelRequest: _closed, ...item }) => ({
        ...item,
        quantityShipped: item.quantityOrdered,
      })),
    },
    now,
  );
  orders.put(shipped);
  return shipped;
}
