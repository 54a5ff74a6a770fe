/**
 * The metrics seam of the Amazon client (http/exchangeObserver.ts), against a fake SP-API: every
 * exchange is told once with its outcome, attempts and 429s, document transfers too, and places in a
 * feed type's quota are told as they are taken, reserved and released. A throwing observer never fails
 * a call.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ObservedExchange, ObservedQuotaSlot } from '../http/exchangeObserver.ts';
import { createMemoryBucketStore } from '../http/memoryBucketStore.ts';
import { createAmazonClient, type AmazonClientOptions } from './client.ts';
import { feedTypeQuotas } from './feeds/feedBudget.ts';
import { getOrder } from './orders/getOrder.ts';
import {
  amazonErrors,
  captureLog,
  minimalOrder,
  startFakeSpApi,
  testConnection,
  type FakeSpApi,
} from '../../test/support/spApiTestKit.ts';

let fake: FakeSpApi;
let exchanges: ObservedExchange[];
let slots: ObservedQuotaSlot[];
beforeEach(async () => {
  fake = await startFakeSpApi();
  exchanges = [];
  slots = [];
});
afterEach(async () => fake.close());

const ORDER = '111-0000000-0000001';
const orderAnswer = () => ({ status: 200, body: { order: minimalOrder(ORDER) } });

function client(overrides: Partial<AmazonClientOptions> = {}) {
  return createAmazonClient({
    connection: testConnection(fake),
    timeScale: 1000,
    bucketStore: createMemoryBucketStore(),
    log: captureLog().log,
    retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    sleep: async () => undefined,
    observer: {
      exchange: (e) => exchanges.push(e),
      quotaSlot: (s) => slots.push(s),
    },
    ...overrides,
  });
}

describe('the Amazon client tells its observer', () => {
  it('one exchange per call, with its attempts and the 429s it met', async () => {
    fake.api = (_req, i) =>
      i === 0 ? amazonErrors(429, 'QuotaExceeded', 'You exceeded your quota.') : orderAnswer();
    await getOrder(client(), ORDER);
    expect(exchanges).toEqual([
      expect.objectContaining({
        remote: 'amazon',
        operation: 'orders.getOrder',
        outcome: 'ok',
        status: 200,
        attempts: 2,
        throttled: 1,
      }),
    ]);
    expect(exchanges[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('a failed exchange with the kind of error that ended it', async () => {
    fake.api = () => amazonErrors(404, 'NotFound', 'Order not found.');
    await expect(getOrder(client(), ORDER)).rejects.toThrow();
    expect(exchanges).toEqual([
      expect.objectContaining({ operation: 'orders.getOrder', outcome: 'remote', status: 404, throttled: 0 }),
    ]);
  });

  it('feed-type quota places: reserved, released, and taken by a request that counts against them', async () => {
    const amazon = client();
    const quotas = feedTypeQuotas('JSON_LISTINGS_FEED');
    const slot = await amazon.reserveSlot('feeds.createFeed', quotas);
    await amazon.releaseSlot(slot, quotas);
    fake.api = () => orderAnswer();
    await amazon.call({
      operation: 'orders.getOrder',
      path: `/orders/2026-01-01/orders/${ORDER}`,
      schema: z.unknown(),
      quotas,
    });
    const quota = 'feedType:JSON_LISTINGS_FEED';
    expect(slots).toEqual([
      { remote: 'amazon', quota, event: 'reserved' },
      { remote: 'amazon', quota, event: 'released' },
      { remote: 'amazon', quota, event: 'taken' },
    ]);
  });

  it('document transfers as exchanges of their own', async () => {
    const amazon = client({
      fetch: async () => new Response('{"ok":true}', { status: 200 }),
    });
    await amazon.download('https://tortuga-prod-na.s3.amazonaws.com/doc?X-Amz-Signature=abc');
    expect(exchanges).toEqual([
      expect.objectContaining({
        remote: 'amazon',
        operation: 'documents.download',
        outcome: 'ok',
        status: 200,
      }),
    ]);
  });

  it('never fails a call because the observer throws', async () => {
    fake.api = () => orderAnswer();
    const amazon = client({
      observer: {
        exchange: () => {
          throw new Error('metrics broke');
        },
      },
    });
    await expect(getOrder(amazon, ORDER)).resolves.toBeDefined();
  });
});
