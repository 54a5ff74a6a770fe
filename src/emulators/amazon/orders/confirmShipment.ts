// confirmShipment — `POST /orders/v0/orders/{orderId}/shipmentConfirmation`: the seller reports one
// package (carrier, tracking number, ship date, which units). Units move from unshipped to shipped and
// the order from Unshipped to PartiallyShipped or Shipped. A package reference sent again with the same
// units updates that package's carrier and tracking, as Amazon lets sellers correct a confirmation;
// anything that would ship more than was ordered is refused with Amazon's "Failed to create package"
// message, as is any new package for an order already fully shipped.
import type { EmulatorContext } from '../options.ts';
import { invalidInput, notFound } from '../spApiErrors.ts';
import { parseConfirmShipment, type ConfirmItem } from './confirmShipmentRequest.ts';
import { ORDER_ID_PATTERN } from './ids.ts';
import { touched } from './lifecycle.ts';
import { toSecond, type OrderStore } from './orderStore.ts';
import type { StoredItem, StoredOrder, StoredPackage } from './orderTypes.ts';

const FAILED = 'Failed to create package due to not finding a matching package or order already fulfilled.';
const BAD_ITEM =
  'OrderItemId is invalid, please obtain the value through the getOrderItems API or Manage Orders page';

export function confirmShipment(
  orderId: string,
  body: unknown,
  deps: { ctx: EmulatorContext; orders: OrderStore; sellerId: string },
): void {
  const { ctx, orders } = deps;
  if (!ORDER_ID_PATTERN.test(orderId))
    throw invalidInput({ message: 'Invalid Input', details: `orderId ${orderId} is not in 3-7-7 format.` });
  const order = orders.get(orderId);
  if (!order || order.sellerId !== deps.sellerId) throw notFound('Order not found.', `orderId ${orderId}`);
  const request = parseConfirmShipment(
    body,
    ctx.catalogue.marketplaces.map((m) => m.id),
  );
  const detail = request.packageDetail;
  if (request.marketplaceId !== order.marketplaceId)
    throw invalidInput({
      message: `The marketplaceId ${request.marketplaceId} is not the order's marketplace.`,
    });
  if (order.fulfilledBy === 'AMAZON')
    throw invalidInput({
      message: `Order ${orderId} is fulfilled by Amazon: Amazon confirms its shipments.`,
    });
  if (order.status === 'PENDING')
    throw invalidInput({
      message: `Order ${orderId} is Pending: it can be shipped once Amazon has authorised payment.`,
    });
  if (order.status === 'CANCELLED')
    throw invalidInput({ message: `Order ${orderId} is Canceled: it cannot be shipped.` });
  const unknown = detail.orderItems.filter((i) => !order.items.some((o) => o.orderItemId === i.orderItemId));
  if (unknown.length > 0)
    throw invalidInput(
      ...unknown.map((i) => ({ message: BAD_ITEM, details: `orderItemId ${i.orderItemId}` })),
    );

  const units = sumByItem(detail.orderItems);
  const now = ctx.now();
  const existing = order.packages.find((p) => p.packageReferenceId === detail.packageReferenceId);
  const pkg: StoredPackage = {
    packageReferenceId: detail.packageReferenceId,
    carrierCode: detail.carrierCode,
    carrierName: detail.carrierName,
    shippingMethod: detail.shippingMethod,
    trackingNumber: detail.trackingNumber,
    shipTime: toSecond(detail.shipDate),
    createdTime: existing?.createdTime ?? toSecond(now),
    shipFromSupplySourceId: detail.shipFromSupplySourceId,
    items: [...units].map(([orderItemId, quantity]) => {
      const codes = detail.orderItems.flatMap((i) =>
        i.orderItemId === orderItemId ? (i.transparencyCodes ?? []) : [],
      );
      return { orderItemId, quantity, ...(codes.length > 0 && { transparencyCodes: codes }) };
    }),
  };

  let updated: StoredOrder;
  if (existing) {
    // The same package again: only its carrier, tracking and dates may change, not what it holds.
    if (!sameUnits(existing, units)) throw invalidInput({ message: FAILED });
    updated = { ...order, packages: order.packages.map((p) => (p === existing ? pkg : p)) };
  } else {
    if (order.status === 'SHIPPED') throw invalidInput({ message: FAILED });
    for (const item of order.items)
      if (item.quantityShipped + (units.get(item.orderItemId) ?? 0) > shippable(item))
        throw invalidInput({ message: FAILED, details: `orderItemId ${item.orderItemId}` });
    const items = order.items.map((item) => ({
      ...item,
      quantityShipped: item.quantityShipped + (units.get(item.orderItemId) ?? 0),
    }));
    const done = items.every((i) => i.quantityShipped === shippable(i));
    updated = {
      ...order,
      status: done ? 'SHIPPED' : 'PARTIALLY_SHIPPED',
      // Shipping everything is the seller's answer to an open cancellation request: it is closed.
      items: done ? items.map(({ cancelRequest: _closed, ...i }) => i) : items,
      packages: [...order.packages, pkg],
    };
  }
  orders.put(touched(updated, now));
  ctx.tables.commit();
}

/** Units of the item that may ship: what the seller cancelled never will. */
const shippable = (item: StoredItem) => item.quantityOrdered - (item.cancelled?.quantity ?? 0);

function sumByItem(items: ConfirmItem[]): Map<string, number> {
  const units = new Map<string, number>();
  for (const i of items) units.set(i.orderItemId, (units.get(i.orderItemId) ?? 0) + i.quantity);
  return units;
}

function sameUnits(pkg: StoredPackage, units: Map<string, number>): boolean {
  return pkg.items.length === units.size && pkg.items.every((i) => units.get(i.orderItemId) === i.quantity);
}
