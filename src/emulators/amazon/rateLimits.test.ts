import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from './rateLimits.ts';
import {
  startAmazonTestEmulator,
  testClock,
  type AmazonTestKit,
} from '../../../test/support/amazonEmulatorTestKit.ts';

describe('RateLimiter', () => {
  it('allows a burst, then one call per 1/rate seconds', () => {
    const clock = testClock();
    const limiter = new RateLimiter(1, clock.now);
    const plan = { rate: 0.5, burst: 3 };
    expect([1, 2, 3, 4].map(() => limiter.take('k', plan))).toEqual([true, true, true, false]);
    clock.advance(1999);
    expect(limiter.take('k', plan)).toBe(false);
    clock.advance(1);
    expect(limiter.take('k', plan)).toBe(true);
    expect(limiter.take('other', plan)).toBe(true);
  });

  it('refills timeScale times faster, keeps the burst, and reports the scaled rate', () => {
    const clock = testClock();
    const limiter = new RateLimiter(100, clock.now);
    const plan = { rate: 0.0056, burst: 20 };
    for (let i = 0; i < 20; i++) expect(limiter.take('k', plan)).toBe(true);
    expect(limiter.take('k', plan)).toBe(false);
    clock.advance(Math.ceil(1000 / (0.0056 * 100)));
    expect(limiter.take('k', plan)).toBe(true);
    expect(limiter.header(plan)).toBe('0.56');
    expect(new RateLimiter(1, clock.now).header(plan)).toBe('0.0056');
  });
});

describe('usage plans on the wire', () => {
  let kit: AmazonTestKit;
  afterEach(() => {
    kit.expectNoViolations();
    kit.close();
  });

  it("throttles getOrder after its burst of 30 with Amazon's 429, counted in /_sim/stats", async () => {
    kit = startAmazonTestEmulator();
    const { body } = await kit.sim('POST', '/_sim/orders', { items: [{ sku: 'DEMO-HP' }] });
    const path = `/orders/2026-01-01/orders/${body.orderId}`;
    for (let i = 0; i < 30; i++) {
      const ok = await kit.spApi(path);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-amzn-RateLimit-Limit')).toBe('0.5');
    }
    const throttled = await kit.spApi(path);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-amzn-RateLimit-Limit')).toBeNull();
    expect(throttled.headers.get('retry-after')).toBeNull();
    expect(throttled.headers.get('x-amzn-RequestId')).toBeTruthy();
    expect(await throttled.json()).toEqual({
      errors: [
        {
          code: 'QuotaExceeded',
          message: 'You exceeded your quota for the requested resource.',
          details: '',
        },
      ],
    });
    kit.clock.advance(2000);
    expect((await kit.spApi(path)).status).toBe(200);

    const stats = (await kit.sim('GET', '/_sim/stats')).body;
    expect(stats).toMatchObject({
      requests: { getOrder: 32 },
      throttled: { getOrder: 1 },
      throttledTotal: 1,
    });
  });

  it('scales the rate with timeScale and reports the scaled rate on 2xx and 400', async () => {
    kit = startAmazonTestEmulator({ timeScale: 10 });
    const ok = await kit.spApi('/orders/2026-01-01/orders?createdAfter=2026-01-01T00:00:00Z');
    expect(ok.headers.get('x-amzn-RateLimit-Limit')).toBe('0.056');
    const bad = await kit.spApi('/orders/2026-01-01/orders');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-amzn-RateLimit-Limit')).toBe('0.056');
  });

  it('keeps separate buckets per operation', async () => {
    kit = startAmazonTestEmulator();
    for (let i = 0; i < 20; i++)
      expect((await kit.spApi('/orders/2026-01-01/orders?createdAfter=2026-01-01T00:00:00Z')).status).toBe(
        200,
      );
    expect((await kit.spApi('/orders/2026-01-01/orders?createdAfter=2026-01-01T00:00:00Z')).status).toBe(429);
    expect((await kit.spApi('/orders/2026-01-01/orders/111-0000000-0000000')).status).toBe(404);
  });
});
