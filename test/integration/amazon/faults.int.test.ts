/**
 * The client's retry decisions under the emulator's injected faults (`POST /_sim/faults`), asserted by
 * the calls that reached the emulator's port — including those a fault cut short, which the emulator's
 * own counters never see. Also a token that expires mid-run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getOrder } from '../../../src/amazon/orders/getOrder.ts';
import { searchOrders, searchOrdersPages } from '../../../src/amazon/orders/searchOrders.ts';
import {
  HOUR,
  SEARCH_PATH,
  ago,
  failure,
  orderPath,
  placeOrder,
  startAmazonIntegration,
  type AmazonIntegration,
  type Json,
} from './kit.ts';

let env: AmazonIntegration;
let order: Json;
beforeEach(async () => {
  env = await startAmazonIntegration();
  order = await placeOrder(env, { createdAt: ago(HOUR) });
});
afterEach(async () => env.finish());

const statuses = (path: string) => env.arrived(path).map((r) => r.status ?? 'reset');

describe('a token that expires mid-run', () => {
  it('is refreshed once: the page refused with 403 is sent again and the iteration completes', async () => {
    const created = await env.sim('POST', '/_sim/orders/bulk', { count: 249, createdAt: ago(HOUR) }, 201);
    const all = [order.orderId, ...created.orderIds];
    const seen: string[] = [];
    let pages = 0;
    for await (const page of searchOrdersPages(env.client, {
      createdAfter: ago(2 * HOUR),
      maxResultsPerPage: 50,
    })) {
      seen.push(...page.orders.map((o) => o.orderId));
      if (++pages === 2) await env.sim('POST', '/_sim/tokens/expire');
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(all);

    expect(env.tokenRequests).toHaveLength(2);
    expect(env.client.stats()).toMatchObject({ tokenRequests: 2, requests: 6, retries: 1, throttled: 0 });
    expect((await env.stats()).tokensIssued).toBe(2);
    // Page 3 went twice with the same paginationToken: refused with the old token, then answered.
    const sent = env.arrived(SEARCH_PATH);
    expect(sent.map((r) => r.status)).toEqual([200, 200, 403, 200, 200, 200]);
    expect(sent[3]!.query.get('paginationToken')).toBe(sent[2]!.query.get('paginationToken'));
    expect(sent[2]!.token).toBe(sent[1]!.token);
    expect(sent[3]!.token).not.toBe(sent[2]!.token);
    const refusal = env.exchanges.find((e) => e.status === 403);
    expect(refusal?.body).toMatchObject({
      errors: [{ code: 'Unauthorized', details: 'The access token you provided has expired.' }],
    });
  });
});

describe('retries under injected faults', () => {
  it('the next 2 calls answer 503: three calls, then success', async () => {
    await env.fault({ kind: 'error', status: 503, next: 2, pathPrefix: orderPath(order.orderId) });
    const read = await getOrder(env.client, order.orderId);
    expect(read.orderId).toBe(order.orderId);
    expect(statuses(orderPath(order.orderId))).toEqual([503, 503, 200]);
    expect(env.client.stats()).toMatchObject({ requests: 3, retries: 2, throttled: 0 });
  });

  it('a storm of 429s: the client waits for its bucket each time, succeeds, and counts each 429 as a defect', async () => {
    await env.fault({ kind: 'throttle', next: 3, pathPrefix: orderPath(order.orderId) });
    const read = await getOrder(env.client, order.orderId);
    expect(read.orderId).toBe(order.orderId);
    expect(statuses(orderPath(order.orderId))).toEqual([429, 429, 429, 200]);
    const stats = env.client.stats();
    expect(stats).toMatchObject({ requests: 4, retries: 3, throttled: 3 });
    // After a 429 the bucket is treated as empty: each retry waited for a token to be restored.
    expect(stats.rateLimitWaitMs).toBeGreaterThan(0);
    expect(await env.stats()).toMatchObject({ faultsInjected: 3, throttledTotal: 0 });
  });

  it('500 on every call: a bounded number of attempts, then a transient error', async () => {
    await env.fault({ kind: 'error', share: 1, pathPrefix: orderPath(order.orderId) });
    const error = await failure(getOrder(env.client, order.orderId));
    expect(error.kind).toBe('transient');
    expect(error.retryable).toBe(true);
    expect(error.context).toMatchObject({
      operation: 'orders.getOrder',
      status: 500,
      code: 'InternalFailure',
      message: 'We encountered an internal error. Please try again.',
      attempts: 5,
    });
    expect(error.message).toMatch(/gave up after 5 attempts/);
    expect(error.context.requestId).toEqual(expect.any(String));
    expect(statuses(orderPath(order.orderId))).toEqual([500, 500, 500, 500, 500]);
  });

  it('a malformed 200 on searchOrders: a remote error naming the operation, sent once', async () => {
    await env.fault({ kind: 'malformed', pathPrefix: SEARCH_PATH });
    const error = await failure(searchOrders(env.client, { createdAfter: ago(2 * HOUR) }));
    expect(error.kind).toBe('remote');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(
      /^Amazon orders\.searchOrders answered 200 with a body that does not match its model/,
    );
    expect(error.context).toMatchObject({ operation: 'orders.searchOrders', status: 200 });
    expect(error.context.issues).toEqual(expect.arrayContaining(['orders.0.createdTime']));
    expect(env.arrived(SEARCH_PATH)).toHaveLength(1);
    // The fault was for one call: the next search is answered normally.
    expect((await searchOrders(env.client, { createdAfter: ago(2 * HOUR) })).orders).toHaveLength(1);
  });

  it('a malformed 200 on getOrder: a remote error, not retried', async () => {
    await env.fault({ kind: 'malformed', share: 1, pathPrefix: orderPath(order.orderId) });
    const error = await failure(getOrder(env.client, order.orderId));
    expect(error.kind).toBe('remote');
    expect(error.message).toContain('orders.getOrder');
    expect(env.arrived(orderPath(order.orderId))).toHaveLength(1);
  });

  it('a connection reset before searchOrders is applied: retried (a read is safe to repeat)', async () => {
    await env.fault({ kind: 'reset', when: 'before', pathPrefix: SEARCH_PATH });
    const page = await searchOrders(env.client, { createdAfter: ago(2 * HOUR) });
    expect(page.orders.map((o) => o.orderId)).toEqual([order.orderId]);
    expect(statuses(SEARCH_PATH)).toEqual(['reset', 200]);
    // The emulator's own counter saw only the call that got through.
    expect((await env.stats()).requests.searchOrders).toBe(1);
  });

  it('a connection reset after a read was answered is retried too', async () => {
    await env.fault({ kind: 'reset', when: 'after', pathPrefix: orderPath(order.orderId) });
    expect((await getOrder(env.client, order.orderId)).orderId).toBe(order.orderId);
    expect(statuses(orderPath(order.orderId))).toEqual(['reset', 200]);
  });

  it('faults on the token endpoint: LWA 503 is retried before the first API call', async () => {
    await env.fault({ kind: 'error', status: 503, next: 2, pathPrefix: '/auth/o2/token' });
    expect((await getOrder(env.client, order.orderId)).orderId).toBe(order.orderId);
    expect(env.tokenRequests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(env.arrived(orderPath(order.orderId))).toHaveLength(1);
  });
});
