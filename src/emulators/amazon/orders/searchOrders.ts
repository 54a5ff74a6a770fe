// searchOrders — `GET /orders/2026-01-01/orders`: the orders of the seller's marketplaces created or
// updated in a window, filtered by fulfillment status and channel, oldest first (by the window's own
// time, then creation order), paginated over a fixed result (see pagination.ts).
import type { EmulatorContext } from '../options.ts';
import { parseIncludedData } from './includedData.ts';
import { iso, type OrderStore } from './orderStore.ts';
import type { StoredOrder } from './orderTypes.ts';
import { orderView } from './orderView.ts';
import type { Paginator } from './pagination.ts';
import { parseSearchQuery, type SearchFilters } from './searchQuery.ts';

export function searchOrders(
  query: URLSearchParams,
  deps: { ctx: EmulatorContext; orders: OrderStore; paginator: Paginator; sellerId: string },
): Record<string, unknown> {
  const { ctx, orders, paginator } = deps;
  const include = parseIncludedData(query);
  const { filters, maxResultsPerPage, paginationToken } = parseSearchQuery(query, ctx);
  const page = paginationToken
    ? paginator.next(paginationToken, filters.fingerprint, maxResultsPerPage)
    : paginator.first(
        matching(orders.all(), filters, deps.sellerId).map((o) => o.orderId),
        filters.fingerprint,
        filters.before,
        maxResultsPerPage,
      );
  ctx.tables.commit();
  const view = { include, roles: ctx.roles, catalogue: ctx.catalogue, now: ctx.now() };
  return {
    orders: page.ids.flatMap((id) => {
      const order = orders.get(id);
      return order ? [orderView(order, view)] : [];
    }),
    ...(page.nextToken && { pagination: { nextToken: page.nextToken } }),
    [filters.mode === 'created' ? 'createdBefore' : 'lastUpdatedBefore']: iso(page.before),
  };
}

function matching(all: StoredOrder[], f: SearchFilters, sellerId: string): StoredOrder[] {
  const time = (o: StoredOrder) => (f.mode === 'created' ? o.createdTime : o.lastUpdatedTime);
  return all
    .filter(
      (o) =>
        o.sellerId === sellerId &&
        f.marketplaceIds.includes(o.marketplaceId) &&
        time(o) >= f.after &&
        time(o) <= f.before &&
        (!f.fulfillmentStatuses || f.fulfillmentStatuses.includes(o.status)) &&
        (!f.fulfilledBy || f.fulfilledBy.includes(o.fulfilledBy)),
    )
    .sort((a, b) => time(a) - time(b) || a.seq - b.seq);
}
