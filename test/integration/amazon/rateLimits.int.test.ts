/**
 * Rate limits respected end to end: the client's buckets (the documented table × timeScale) against the
 * emulator's usage plans (the models' plans × the same timeScale). Calls beyond a bucket must be spread
 * by the client so that the emulator never answers 429 — with the in-memory bucket store and with the
 * database store the composition root hands the client (PGlite here, PostgreSQL with TEST_DATABASE_URL).
 *
 * These run at Amazon's own rates (timeScale 1), not at the other files' ×100, and four calls at a time.
 * The client sends a request that had to wait when its bucket says so plus a cushion
 * (`latencyCushionMs`: half a token's interval, at most 250 ms), while the emulator charges its bucket
 * when the request *arrives*. Whatever delays the *first* request of a burst more than the later ones
 * makes those early at the emulator — by the difference, minus the cushion. In this process the client,
 * the emulator and PGlite share one event loop, so that difference is the loop's own congestion: with 32
 * calls at once it reached 20–40 ms at ×100 (a 429 in about half the runs before the cushion existed),
 * some 300 ms with 32 PGlite reservations queued on the thread, and 400 ms for 13 concurrent
 * confirmShipments on a CPU-starved machine — each time a 429. At ×1 a token is 0.5–2 s apart and four at
 * a time keep the loop uncongested: a 429 here is an overrun, or a stall of the first request longer than
 * the cushion (seen only with an extra CPU hog beside the two test workers on a two-core machine).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { confirmShipment } from '../../../src/amazon/orders/confirmShipment.ts';
import { getOrder } from '../../../src/amazon/orders/getOrder.ts';
import { searchOrders } from '../../../src/amazon/orders/searchOrders.ts';
import { RATE_TABLE, type AmazonOperation } from '../../../src/amazon/rateTable.ts';
import type { BucketStore } from '../../../src/http/bucketStore.ts';
import { createMemoryBucketStore } from '../../../src/http/memoryBucketStore.ts';
import type { Store } from '../../../src/store/openStore.ts';
import { createDbBucketStore } from '../../../src/store/repos/rateBuckets.ts';
import { firstRateViolation } from '../../support/rateWindows.ts';
import { openTestStore } from '../../support/testDb.ts';
import {
  HOUR,
  ago,
  confirmPath,
  orderPath,
  placeOrder,
  startAmazonIntegration,
  type AmazonIntegration,
} from './kit.ts';

const TIME_SCALE = 1;

let env: AmazonIntegration | undefined;
afterEach(async () => {
  await env?.finish();
  env = undefined;
});

const limitOf = (operation: AmazonOperation) => ({
  rate: RATE_TABLE[operation].rate * TIME_SCALE,
  burst: RATE_TABLE[operation].burst,
});

/** The LWA token and keep-alive connections ready, on searchOrders, whose bucket is apart. */
async function warmUp(integration: AmazonIntegration): Promise<void> {
  await Promise.all(
    Array.from({ length: 20 }, () => searchOrders(integration.client, { createdAfter: ago(2 * HOUR) })),
  );
}

/** `calls` calls, `concurrency` at a time (all at once by default). */
async function burst(
  calls: number,
  call: (i: number) => Promise<unknown>,
  concurrency = calls,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < calls) await call(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function spreadsGetOrders(bucketStore: BucketStore): Promise<void> {
  env = await startAmazonIntegration({ timeScale: TIME_SCALE, client: { bucketStore } });
  const order = await placeOrder(env, { createdAt: ago(HOUR) });
  const limit = limitOf('orders.getOrder'); // 0.5/s, burst 30
  expect(env.client.rateLimit('orders.getOrder')).toEqual(limit);
  await warmUp(env);
  const calls = limit.burst + 2;
  await burst(calls, () => getOrder(env!.client, order.orderId));

  const stats = await env.stats();
  expect(stats.requests.getOrder).toBe(calls);
  expect(stats.throttledTotal).toBe(0);
  expect(env.client.stats()).toMatchObject({ throttled: 0, retries: 0 });
  // The two calls beyond the burst waited for their tokens…
  expect(env.client.stats().rateLimitWaitMs).toBeGreaterThan(0);
  // …and arrived no faster than the limit allows (a few ms of slack for delivery jitter).
  const arrivals = env.arrived(orderPath(order.orderId)).map((r) => r.at);
  expect(firstRateViolation(arrivals, limit, 5)).toBeUndefined();
  // The emulator reports the rate the client already uses: the bucket keeps it.
  expect(env.exchanges.at(-1)?.headers.get('x-amzn-ratelimit-limit')).toBe(String(limit.rate));
  expect(env.client.rateLimit('orders.getOrder')).toEqual(limit);
}

describe('getOrder calls beyond the bucket', () => {
  it('buckets in memory: spread by the client, the emulator sends no 429', async () => {
    await spreadsGetOrders(createMemoryBucketStore());
  });

  describe('buckets in the database', () => {
    let store: Store | undefined;
    beforeAll(async () => {
      store = await openTestStore();
    });
    afterAll(async () => store?.close());

    it('spread by the client through the rate_buckets table, the emulator sends no 429', async () => {
      await spreadsGetOrders(createDbBucketStore(store!.db));
      const { rows } = await store!.db.query<{ key: string }>('SELECT key FROM rate_buckets ORDER BY key');
      expect(rows.map((r) => r.key)).toEqual([
        'amazon:A3DEMOSELLER01:na:orders.getOrder',
        'amazon:A3DEMOSELLER01:na:orders.searchOrders',
      ]);
    });
  });
});

it('confirmShipment: thirteen packages against a burst of 10, none throttled', async () => {
  env = await startAmazonIntegration({ timeScale: TIME_SCALE });
  const limit = limitOf('ordersV0.confirmShipment'); // 2/s, burst 10
  const order = await placeOrder(env, { items: [{ sku: 'DEMO-CHG', quantity: 13 }], createdAt: ago(HOUR) });
  await warmUp(env);
  await burst(13, (i) =>
    confirmShipment(env!.client, order.orderId, {
      marketplaceId: order.marketplaceId,
      packageDetail: {
        packageReferenceId: String(i + 1),
        carrierCode: 'USPS',
        trackingNumber: `9400-${i + 1}`,
        shipDate: ago(60_000),
        orderItems: [{ orderItemId: order.items[0].orderItemId, quantity: 1 }],
      },
    }),
  );

  const view = await env.sim('GET', `/_sim/orders/${order.orderId}`);
  expect(view.status).toBe('SHIPPED');
  expect(view.packages).toHaveLength(13);
  expect((await env.stats()).throttledTotal).toBe(0);
  expect(env.client.stats()).toMatchObject({ throttled: 0, retries: 0 });
  expect(env.client.stats().rateLimitWaitMs).toBeGreaterThan(0);
  const arrivals = env.arrived(confirmPath(order.orderId)).map((r) => r.at);
  expect(firstRateViolation(arrivals, limit, 5)).toBeUndefined();
});
