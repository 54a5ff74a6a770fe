// The buyer's and Amazon's side of orders, under `/_sim/orders`: checkout, bulk generation, payment, a
// buyer's cancellation request, Amazon's cancellation, an address change, Amazon shipping an FBA order,
// and a look at any order. Every change is saved before it is answered.
import type { Context, Hono } from 'hono';
import type { EmulatorState } from '../emulatorState.ts';
import { placeOrder } from '../orders/checkout.ts';
import {
  cancel,
  changeAddress,
  pay,
  requestCancellation,
  requireOrder,
  shipByAmazon,
} from '../orders/lifecycle.ts';
import type { StoredOrder } from '../orders/orderTypes.ts';
import {
  addressSchema,
  bulkSchema,
  cancelRequestSchema,
  cancelSchema,
  checkoutSchema,
} from './checkoutSchema.ts';
import { bulkOrders } from './bulk.ts';
import { parseSim, SimError } from './simError.ts';
import { simView } from './simView.ts';

/** The JSON body, `{}` when there is none. */
export async function readBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new SimError(400, 'the body is not valid JSON');
  }
}

export function mountOrderSimRoutes(app: Hono, state: EmulatorState): void {
  const deps = state.checkoutDeps;
  const { ctx, orders } = deps;
  const change = (fn: () => StoredOrder) => simView(ctx.tables.atomically(fn));

  app.post('/_sim/orders', async (c) => {
    const spec = parseSim(checkoutSchema, await readBody(c), 'checkout');
    const order = ctx.tables.atomically(() => placeOrder(deps, spec));
    return c.json({ orderId: order.orderId, order: simView(order) }, 201);
  });

  app.post('/_sim/orders/bulk', async (c) => {
    const spec = parseSim(bulkSchema, await readBody(c), 'bulk request');
    const orderIds = ctx.tables.atomically(() => bulkOrders(deps, spec));
    return c.json({ count: orderIds.length, orderIds }, 201);
  });

  app.get('/_sim/orders', (c) => {
    const all = orders.all();
    return c.json({
      count: all.length,
      orders: all.map((o) => ({
        orderId: o.orderId,
        status: o.status,
        fulfilledBy: o.fulfilledBy,
        marketplaceId: o.marketplaceId,
      })),
    });
  });

  app.get('/_sim/orders/:id', (c) => c.json(simView(requireOrder(orders, c.req.param('id')))));

  app.post('/_sim/orders/:id/pay', (c) => c.json(change(() => pay(orders, c.req.param('id'), ctx.now()))));

  app.post('/_sim/orders/:id/cancel-request', async (c) => {
    const request = parseSim(cancelRequestSchema, await readBody(c), 'cancellation request');
    return c.json(change(() => requestCancellation(orders, c.req.param('id'), request, ctx.now())));
  });

  app.post('/_sim/orders/:id/cancel', async (c) => {
    const { reason } = parseSim(cancelSchema, await readBody(c), 'cancellation');
    return c.json(change(() => cancel(orders, c.req.param('id'), 'AMAZON', reason, ctx.now())));
  });

  app.post('/_sim/orders/:id/address', async (c) => {
    const address = parseSim(addressSchema, await readBody(c), 'address');
    return c.json(change(() => changeAddress(orders, c.req.param('id'), address, ctx.now())));
  });

  app.post('/_sim/orders/:id/ship', (c) =>
    c.json(change(() => shipByAmazon(orders, c.req.param('id'), ctx.now()))),
  );
}
