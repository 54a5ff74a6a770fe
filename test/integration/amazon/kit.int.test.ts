/**
 * The integration kit's own checks have teeth: a request that breaks the model is reported (unless the
 * test declares it, and then it must really be invalid), and so is a 429 the emulator's usage plans send.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoCatalogue } from '../../../src/demo/demoCatalogue.ts';
import {
  HOUR,
  TOKEN_PATH,
  ago,
  failure,
  orderPath,
  placeOrder,
  startAmazonIntegration,
  type AmazonIntegration,
} from './kit.ts';

let env: AmazonIntegration;
beforeEach(async () => {
  env = await startAmazonIntegration();
});
afterEach(async () => env.finish());

describe('the integration kit', () => {
  it('reports a request that breaks the model, unless the test says it is meant to', async () => {
    const order = await placeOrder(env, { createdAt: ago(HOUR) });
    const error = await failure(
      env.client.call({
        operation: 'orders.getOrder',
        path: orderPath(order.orderId),
        query: { includedData: 'SHOES' },
      }),
    );
    expect(error.context).toMatchObject({ status: 400, code: 'InvalidInput' });
    expect(env.problems()).toEqual([
      `request GET ${orderPath(order.orderId)}?includedData=SHOES: query parameter includedData at /0: must be one of ` +
        '"BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION", "FULFILLMENT", "PACKAGES", ' +
        '"TAX", "PAYMENT", "FULFILLMENT_ORDERS" (got "SHOES")',
    ]);
    env.expectInvalidRequests((r) => r.query.get('includedData') === 'SHOES');
    expect(env.problems()).toEqual([]);
  });

  it('reports a request declared invalid that the model accepts', async () => {
    const order = await placeOrder(env, { createdAt: ago(HOUR) });
    await env.client.call({
      operation: 'orders.getOrder',
      path: orderPath(order.orderId),
      query: { includedData: 'TAX' },
    });
    env.expectInvalidRequests((r) => r.query.get('includedData') === 'TAX');
    expect(env.problems()).toEqual([
      `request GET ${orderPath(order.orderId)}?includedData=TAX: declared invalid, but the model accepts it`,
    ]);
    await expect(env.finish()).rejects.toThrow(/declared invalid, but the model accepts it/);
  });

  it("fails the test when the emulator's usage plans answer 429", async () => {
    await env.finish();
    env = await startAmazonIntegration({ timeScale: 1 }); // getOrder: 0.5/s, burst 30
    const order = await placeOrder(env, { createdAt: ago(HOUR) });
    const lwa = demoCatalogue().seller.lwa;
    const grant = await fetch(`${env.url}${TOKEN_PATH}`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: lwa.refreshToken,
        client_id: lwa.clientId,
        client_secret: lwa.clientSecret,
      }),
    });
    const token = ((await grant.json()) as { access_token: string }).access_token;
    // 32 calls at once, without the client's limiter: getOrder's bucket holds 30.
    const statuses = await Promise.all(
      Array.from({ length: 32 }, async () => {
        const res = await fetch(`${env.url}${orderPath(order.orderId)}`, {
          headers: { 'x-amz-access-token': token },
        });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    await expect(env.finish()).rejects.toThrow(/usage plans answered 429 to the client: \{"getOrder":2\}/);
  });
});
