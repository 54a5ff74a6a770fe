// The Orders routes of the stateful emulator: searchOrders and getOrder (Orders API 2026-01-01) and
// confirmShipment (Orders v0, the write path that has no 2026 successor). The SP-API gate in front of
// them has already authorised and metered the call; refusals are thrown as SpApiError.
import type { Context, Hono } from 'hono';
import type { EmulatorContext } from '../options.ts';
import { invalidInput, INVALID_INPUT_MESSAGE } from '../spApiErrors.ts';
import { confirmShipment } from './confirmShipment.ts';
import { getOrder } from './getOrder.ts';
import type { OrderStore } from './orderStore.ts';
import type { Paginator } from './pagination.ts';
import { searchOrders } from './searchOrders.ts';

export interface OrderRouteDeps {
  ctx: EmulatorContext;
  orders: OrderStore;
  paginator: Paginator;
}

const queryOf = (c: Context) => new URL(c.req.url).searchParams;

export function mountOrderRoutes(app: Hono, { ctx, orders, paginator }: OrderRouteDeps): void {
  // One seller per emulator: the gate has checked the token is this seller's.
  const sellerId = ctx.sellerId;
  app.get('/orders/2026-01-01/orders', (c) =>
    c.json(searchOrders(queryOf(c), { ctx, orders, paginator, sellerId })),
  );
  app.get('/orders/2026-01-01/orders/:orderId', (c) =>
    c.json(getOrder(c.req.param('orderId'), queryOf(c), { ctx, orders, sellerId })),
  );
  app.post('/orders/v0/orders/:orderId/shipmentConfirmation', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw invalidInput({ message: INVALID_INPUT_MESSAGE, details: 'The body is not valid JSON.' });
    }
    confirmShipment(c.req.param('orderId'), body, { ctx, orders, sellerId });
    return c.body(null, 204);
  });
}
