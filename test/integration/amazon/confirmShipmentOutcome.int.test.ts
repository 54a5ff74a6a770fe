/**
 * confirmShipment is not idempotent: once the request may have reached Amazon the client never sends it
 * again on its own. Here the emulator applies a confirmation and then cuts the connection (the answer is
 * lost); the client ends with "outcome unknown", the package exists exactly once, and the caller's
 * recovery — getOrder with PACKAGES — shows it was applied, so nothing is resent. The other faults show
 * the line the client draws: what Amazon surely did not apply (429, a reset before) vs what it may have.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../../src/errors.ts';
import { confirmShipment } from '../../../src/amazon/orders/confirmShipment.ts';
import { getOrder } from '../../../src/amazon/orders/getOrder.ts';
import {
  HOUR,
  ago,
  confirmPath,
  confirmation,
  failure,
  placeOrder,
  startAmazonIntegration,
  type AmazonIntegration,
  type Json,
} from './kit.ts';

let env: AmazonIntegration;
let order: Json;
let path: string;
beforeEach(async () => {
  env = await startAmazonIntegration();
  order = await placeOrder(env, { items: [{ sku: 'DEMO-HP', quantity: 2 }], createdAt: ago(HOUR) });
  path = confirmPath(order.orderId);
});
afterEach(async () => env.finish());

/** Package 7: one of the order's two headphones. */
const package7 = () => confirmation(order, '7', [[0, 1]], '794612345678');

const view = () => env.sim('GET', `/_sim/orders/${order.orderId}`);

function expectOutcomeUnknown(error: ConnectorError): void {
  expect(error.kind).toBe('transient');
  expect(error.context).toMatchObject({
    operation: 'ordersV0.confirmShipment',
    outcomeUnknown: true,
    attempts: 1,
  });
  expect(error.message).toMatch(/may have reached Amazon/);
}

/** What a shipment flow does after "outcome unknown": reads the order's packages before deciding. */
async function wasConfirmed(packageReferenceId: string): Promise<boolean> {
  const read = await getOrder(env.client, order.orderId, { includedData: ['PACKAGES'] });
  return (read.packages ?? []).some((p) => p.packageReferenceId === packageReferenceId);
}

describe('a confirmShipment whose answer was lost', () => {
  it('is not sent twice: outcome unknown, one request, one package, and getOrder shows it landed', async () => {
    await env.fault({ kind: 'reset', when: 'after', pathPrefix: path });
    const error = await failure(confirmShipment(env.client, order.orderId, package7()));
    expectOutcomeUnknown(error);

    // Exactly one confirmShipment request arrived, and the emulator applied it exactly once.
    expect(env.arrived(path)).toHaveLength(1);
    expect(env.arrived(path)[0]!.status).toBeUndefined(); // its answer never left
    expect((await env.stats()).requests.confirmShipment).toBe(1);
    const after = await view();
    expect(after.status).toBe('PARTIALLY_SHIPPED');
    expect(after.packages).toHaveLength(1);
    expect(after.packages[0]).toMatchObject({ packageReferenceId: '7', trackingNumber: '794612345678' });
    expect(after.items[0].quantityShipped).toBe(1);

    // The caller's recovery: the package with its packageReferenceId is there, so it does not resend.
    expect(await wasConfirmed('7')).toBe(true);
    expect(env.arrived(path)).toHaveLength(1);
    expect(env.client.stats()).toMatchObject({ retries: 0 });
  });

  it('a reset before the emulator applied it looks the same to the client, and getOrder says to send again', async () => {
    await env.fault({ kind: 'reset', when: 'before', pathPrefix: path });
    const error = await failure(confirmShipment(env.client, order.orderId, package7()));
    // The client cannot tell a reset before from one after: the request had left.
    expectOutcomeUnknown(error);
    expect((await view()).packages).toEqual([]);
    expect(await wasConfirmed('7')).toBe(false);
    await confirmShipment(env.client, order.orderId, package7());
    expect((await view()).packages).toHaveLength(1);
    expect(env.arrived(path).map((r) => r.status)).toEqual([undefined, 204]);
  });

  it('a 503 is an unknown outcome too: not retried', async () => {
    await env.fault({ kind: 'error', status: 503, pathPrefix: path });
    const error = await failure(confirmShipment(env.client, order.orderId, package7()));
    expectOutcomeUnknown(error);
    expect(error.context.status).toBe(503);
    expect(env.arrived(path).map((r) => r.status)).toEqual([503]);
  });

  it('a 429 is retried: Amazon applies nothing it throttles, and the package is confirmed once', async () => {
    await env.fault({ kind: 'throttle', next: 2, pathPrefix: path });
    await confirmShipment(env.client, order.orderId, package7());
    expect(env.arrived(path).map((r) => r.status)).toEqual([429, 429, 204]);
    expect((await view()).packages).toHaveLength(1);
    expect(env.client.stats()).toMatchObject({ throttled: 2, retries: 2 });
  });

  it('an expired token is refreshed and the confirmation sent again: a 403 was not applied', async () => {
    await getOrder(env.client, order.orderId); // the client now holds a token
    await env.sim('POST', '/_sim/tokens/expire');
    await confirmShipment(env.client, order.orderId, package7());
    expect(env.arrived(path).map((r) => r.status)).toEqual([403, 204]);
    expect((await view()).packages).toHaveLength(1);
    expect(env.tokenRequests).toHaveLength(2);
  });
});
