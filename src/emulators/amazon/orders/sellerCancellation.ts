// A seller's cancellation, as an order acknowledgement with StatusCode Failure makes it (reference §7.1):
// while nothing has shipped it cancels the listed items — or, with no items listed, the whole order — and
// the order is Canceled once no unit is left; for every CancelReason except NoInventory the cancelled units
// go back to the listing's quantity. Sent after a unit shipped it does what Amazon warns of: the WHOLE
// order is refunded to the buyer (recorded on the order, seen in `/_sim/orders/:id`), shipments stand.
// Joins the caller's change set.
import { orderCharges } from './charges.ts';
import { touched } from './lifecycle.ts';
import { toSecond, type OrderStore } from './orderStore.ts';
import type { StoredItem, StoredOrder } from './orderTypes.ts';

export interface CancelLine {
  orderItemId: string;
  reason?: string;
}

export type CancelOutcome =
  | { kind: 'cancelled'; order: StoredOrder; restocked: { sku: string; quantity: number }[] }
  | { kind: 'refunded'; order: StoredOrder }
  | { kind: 'refused'; reason: 'no-order' | 'no-item' | 'already-cancelled'; detail: string };

const NO_RESTOCK = 'NoInventory';

export function cancelBySeller(
  orders: OrderStore,
  orderId: string,
  lines: CancelLine[],
  now: number,
): CancelOutcome {
  const order = orders.get(orderId);
  if (!order) return { kind: 'refused', reason: 'no-order', detail: `No order ${orderId} was found.` };
  const unknown = lines.filter((l) => !order.items.some((i) => i.orderItemId === l.orderItemId));
  if (unknown.length > 0)
    return {
      kind: 'refused',
      reason: 'no-item',
      detail: `Order ${orderId} has no item ${unknown.map((l) => l.orderItemId).join(', ')}.`,
    };
  if (order.status === 'CANCELLED' || order.refund)
    return { kind: 'refused', reason: 'already-cancelled', detail: `Order ${orderId} is already cancelled.` };

  const reason = lines.find((l) => l.reason)?.reason;
  if (order.items.some((i) => i.quantityShipped > 0)) {
    const refunded = touched(
      {
        ...order,
        refund: { amount: orderCharges(order.items).total, ...(reason && { reason }), time: toSecond(now) },
      },
      now,
    );
    orders.put(refunded);
    return { kind: 'refunded', order: refunded };
  }

  const chosen = (item: StoredItem) =>
    lines.length === 0 || lines.some((l) => l.orderItemId === item.orderItemId);
  const restocked: { sku: string; quantity: number }[] = [];
  const items = order.items.map((item) => {
    const open = item.quantityOrdered - (item.cancelled?.quantity ?? 0);
    if (!chosen(item) || open === 0) return item;
    const lineReason = lines.find((l) => l.orderItemId === item.orderItemId)?.reason;
    if (lineReason !== NO_RESTOCK) restocked.push({ sku: item.sku, quantity: open });
    const { cancelRequest: _answered, ...rest } = item;
    return {
      ...rest,
      cancelled: {
        quantity: item.quantityOrdered,
        ...(lineReason && { reason: lineReason }),
        time: toSecond(now),
      },
    };
  });
  const allGone = items.every((i) => i.cancelled?.quantity === i.quantityOrdered);
  const updated = touched(
    {
      ...order,
      items,
      ...(allGone && {
        status: 'CANCELLED' as const,
        cancellation: { by: 'MERCHANT' as const, reason: reason ?? '', time: toSecond(now) },
      }),
    },
    now,
  );
  orders.put(updated);
  return { kind: 'cancelled', order: updated, restocked };
}
