// The benchmark's order generator (`POST /_sim/orders/bulk`): N varied orders in one change set — one
// journal write however many — cycling deterministically through SKUs, quantities, service levels,
// marketplaces and the special cases (business, gift wrap, promotion, FBA), so a benchmark run is
// repeatable and exercises every mapping.
import { placeOrder, type CheckoutDeps } from '../orders/checkout.ts';
import { SERVICE_LEVELS } from '../orders/orderTypes.ts';
import { checkoutSchema, type bulkSchema } from './checkoutSchema.ts';
import type { z } from 'zod';

export function bulkOrders(deps: CheckoutDeps, spec: z.infer<typeof bulkSchema>): string[] {
  const marketplaces = deps.ctx.catalogue.marketplaces.map((m) => m.id);
  const skus = new Map(marketplaces.map((id) => [id, deps.listings.skus(id)]));
  const ids: string[] = [];
  for (let i = 0; i < spec.count; i++) {
    // Four in five orders go to the first marketplace, as a seller's home market dominates.
    const marketplaceId =
      spec.marketplaceId ?? (i % 5 === 4 && marketplaces[1] ? marketplaces[1] : marketplaces[0]!);
    const pool = skus.get(marketplaceId) ?? [];
    const lines = 1 + (i % 3);
    const items = Array.from({ length: lines }, (_, k) => ({
      sku: pool[(i * 7 + k * 3) % pool.length]!,
      quantity: 1 + ((i + k) % 3),
    })).filter((item, k, all) => all.findIndex((o) => o.sku === item.sku) === k);
    const order = placeOrder(
      deps,
      checkoutSchema.parse({
        marketplaceId,
        items,
        serviceLevel: SERVICE_LEVELS[i % SERVICE_LEVELS.length],
        fulfilledBy: i % 9 === 8 ? 'AMAZON' : 'MERCHANT',
        paid: spec.paid,
        ...(i % 5 === 2 && { giftWrap: true }),
        ...(i % 6 === 3 && { promotion: { id: `BULK-PROMO-${i % 4}`, discount: 5 } }),
        ...(i % 7 === 5 && {
          business: { companyName: `Business Buyer ${i % 11} Inc.`, purchaseOrderNumber: `PO-${100000 + i}` },
        }),
        ...(spec.createdAt && { createdAt: spec.createdAt }),
      }),
    );
    ids.push(order.orderId);
  }
  return ids;
}
