// getOrder — `GET /orders/2026-01-01/orders/{orderId}`: one order with its items (always) and the
// datasets `includedData` asks for, built by the same view as searchOrders.
import type { EmulatorContext } from '../options.ts';
import { invalidInput, notFound } from '../spApiErrors.ts';
import { ORDER_ID_PATTERN } from './ids.ts';
import { parseIncludedData } from './includedData.ts';
import type { OrderStore } from './orderStore.ts';
import { orderView } from './orderView.ts';

export function getOrder(
  orderId: string,
  query: URLSearchParams,
  deps: { ctx: EmulatorContext; orders: OrderStore; sellerId: string },
): Record<string, unknown> {
  const { ctx, orders } = deps;
  if (!ORDER_ID_PATTERN.test(orderId))
    throw invalidInput({ message: 'Invalid Input', details: `orderId ${orderId} is not in 3-7-7 format.` });
  const include = parseIncludedData(query);
  const order = orders.get(orderId);
  if (!order || order.sellerId !== deps.sellerId) throw notFound('Order not found.', `orderId ${orderId}`);
  return { order: orderView(order, { include, roles: ctx.roles, catalogue: ctx.catalogue, now: ctx.now() }) };
}
