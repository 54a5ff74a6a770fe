/**
 * Amazon's refusals as the client surfaces them: a ConnectorError of kind `remote` carrying Amazon's
 * code, message, details and request id — sent once, never retried, nothing applied.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmShipment } from '../../../src/amazon/orders/confirmShipment.ts';
import { getOrder } from '../../../src/amazon/orders/getOrder.ts';
import { searchOrders } from '../../../src/amazon/orders/searchOrders.ts';
import {
  CA,
  HOUR,
  SEARCH_PATH,
  US,
  ago,
  confirmPath,
  confirmation,
  failure,
  orderPath,
  placeTwoLineOrder,
  startAmazonIntegration,
  type AmazonIntegration,
} from './kit.ts';

let env: AmazonIntegration;
beforeEach(async () => {
  env = await startAmazonIntegration();
});
afterEach(async () => env.finish());

/** Two lines: two headphones and one keyboard. */
const twoLineOrder = () => placeTwoLineOrder(env);

describe("Amazon's refusals", () => {
  it('an unknown order: getOrder answers 404 NotFound, a remote error sent once', async () => {
    const missing = '111-0000000-0000000';
    const error = await failure(getOrder(env.client, missing));
    expect(error.kind).toBe('remote');
    expect(error.retryable).toBe(false);
    expect(error.context).toMatchObject({
      operation: 'orders.getOrder',
      status: 404,
      code: 'NotFound',
      attempts: 1,
    });
    expect(error.context.requestId).toBe(env.lastRequestId(orderPath(missing)));
    expect(error.message).toContain(String(error.context.requestId));
    expect(env.arrived(orderPath(missing))).toHaveLength(1);
  });

  it('more units than ordered: 400 InvalidInput "Failed to create package", a remote error sent once', async () => {
    const order = await twoLineOrder();
    const error = await failure(
      confirmShipment(env.client, order.orderId, confirmation(order, '1', [[0, 3]])),
    );
    expect(error.kind).toBe('remote');
    expect(error.retryable).toBe(false);
    expect(error.context).toMatchObject({
      operation: 'ordersV0.confirmShipment',
      status: 400,
      code: 'InvalidInput',
      message: 'Failed to create package due to not finding a matching package or order already fulfilled.',
      details: `orderItemId ${order.items[0].orderItemId}`,
      attempts: 1,
    });
    expect(error.context.requestId).toBe(env.lastRequestId(confirmPath(order.orderId)));
    expect(error.message).toContain('Failed to create package');
    expect(env.arrived(confirmPath(order.orderId))).toHaveLength(1);
    expect((await env.sim('GET', `/_sim/orders/${order.orderId}`)).packages).toEqual([]);
  });

  it('an order item id the order does not have: "OrderItemId is invalid", sent once', async () => {
    const order = await twoLineOrder();
    const input = confirmation(order, '1', [[0, 1]]);
    input.packageDetail.orderItems = [{ orderItemId: '99999999999999', quantity: 1 }];
    const error = await failure(confirmShipment(env.client, order.orderId, input));
    expect(error.kind).toBe('remote');
    expect(error.context).toMatchObject({
      status: 400,
      code: 'InvalidInput',
      message:
        'OrderItemId is invalid, please obtain the value through the getOrderItems API or Manage Orders page',
      details: 'orderItemId 99999999999999',
    });
    expect(error.context.requestId).toBe(env.lastRequestId(confirmPath(order.orderId)));
    expect(env.arrived(confirmPath(order.orderId))).toHaveLength(1);
  });

  it('a confirmation for the wrong marketplace and for a canceled order are refused with the reason', async () => {
    const order = await twoLineOrder();
    const wrong = await failure(
      confirmShipment(env.client, order.orderId, {
        ...confirmation(order, '1', [[0, 1]]),
        marketplaceId: CA,
      }),
    );
    expect(wrong.context).toMatchObject({ status: 400, code: 'InvalidInput' });
    expect(wrong.context.message).toMatch(/not the order's marketplace/);
    await env.sim('POST', `/_sim/orders/${order.orderId}/cancel`, {});
    const canceled = await failure(
      confirmShipment(env.client, order.orderId, confirmation(order, '1', [[0, 1]])),
    );
    expect(canceled.context.message).toMatch(/Canceled/);
    expect(env.arrived(confirmPath(order.orderId))).toHaveLength(2);
  });

  it('searchOrders with createdBefore less than two minutes ago: 400, a remote error not retried', async () => {
    const error = await failure(
      searchOrders(env.client, { createdAfter: ago(HOUR), createdBefore: new Date(), marketplaceIds: [US] }),
    );
    expect(error.kind).toBe('remote');
    expect(error.retryable).toBe(false);
    expect(error.context).toMatchObject({
      operation: 'orders.searchOrders',
      status: 400,
      code: 'InvalidInput',
      message: 'createdBefore must be at least two minutes before the time of the request.',
      attempts: 1,
    });
    expect(error.context.requestId).toBe(env.lastRequestId(SEARCH_PATH));
    expect(env.arrived(SEARCH_PATH)).toHaveLength(1);
  });

  it('a refused request costs no retry and leaves the client usable', async () => {
    await failure(searchOrders(env.client, { createdAfter: ago(HOUR), createdBefore: new Date() }));
    const page = await searchOrders(env.client, { createdAfter: ago(HOUR) });
    expect(page.orders).toEqual([]);
    expect(env.client.stats()).toMatchObject({ requests: 2, retries: 0, throttled: 0, tokenRequests: 1 });
  });
});
