/**
 * The client against a fake SP-API on 127.0.0.1 (HTTP at the wire): LWA tokens, retries with call
 * counts, the rate limit, errors and the exchange log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BucketLimit, BucketStore } from '../http/bucketStore.ts';
import { createMemoryBucketStore } from '../http/memoryBucketStore.ts';
import { abortableSleep } from '../http/rateLimiter.ts';
import { createAmazonClient, type AmazonClientOptions } from './client.ts';
import { getOrder } from './orders/getOrder.ts';
import {
  amazonErrors,
  captureLog,
  minimalOrder,
  startFakeSpApi,
  testConnection,
  type FakeSpApi,
} from '../../test/support/spApiTestKit.ts';
import { failure } from '../../test/support/failure.ts';

let fake: FakeSpApi;
let slept: number[];
let logs: ReturnType<typeof captureLog>;
beforeEach(async () => {
  fake = await startFakeSpApi();
  slept = [];
  logs = captureLog();
});
afterEach(async () => fake.close());

const orderAnswer = (id = '111-0000000-0000001') => ({ status: 200, body: { order: minimalOrder(id) } });
const fast = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

function client(overrides: Partial<AmazonClientOptions> = {}) {
  return createAmazonClient({
    connection: testConnection(fake),
    timeScale: 1000,
    bucketStore: createMemoryBucketStore(),
    log: logs.log,
    retryPolicy: fast,
    sleep: (ms, signal) => {
      slept.push(ms);
      return abortableSleep(ms, signal);
    },
    ...overrides,
  });
}

describe('Login with Amazon', () => {
  it('posts a form-encoded refresh-token grant and sends the token in x-amz-access-token', async () => {
    fake.api = () => orderAnswer();
    await getOrder(client(), '111-0000000-0000001');
    expect(fake.tokenRequests).toHaveLength(1);
    const { form, contentType } = fake.tokenRequests[0]!;
    expect(contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'Atzr|test-refresh-token-value',
      client_id: 'amzn1.application-oa2-client.test',
      client_secret: 'test-client-secret-value',
    });
    const headers = fake.requests[0]!.headers;
    expect(headers['x-amz-access-token']).toBe('Atza|token-1');
    expect(headers['user-agent']).toMatch(
      /^amazon-d365-connector\/\d+\.\d+\.\d+ \(Language=TypeScript\/\d+(\.\d+)?; Platform=Node\.js\/[^)]+\)$/,
    );
  });

  it('caches the token and refreshes it 60 s before it expires', async () => {
    let now = 1_000_000;
    fake.api = () => orderAnswer();
    const amazon = client({ now: () => now });
    await getOrder(amazon, '111-0000000-0000001');
    now += 3_000_000; // 50 min: still valid
    await getOrder(amazon, '111-0000000-0000001');
    expect(fake.tokenRequests).toHaveLength(1);
    now += 541_000; // 59 min 1 s: inside the last minute
    await getOrder(amazon, '111-0000000-0000001');
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.requests.map((r) => r.headers['x-amz-access-token'])).toEqual([
      'Atza|token-1',
      'Atza|token-1',
      'Atza|token-2',
    ]);
  });

  it('shares one token request among concurrent calls', async () => {
    fake.api = () => orderAnswer();
    const amazon = client();
    await Promise.all([1, 2, 3, 4].map(() => getOrder(amazon, '111-0000000-0000001')));
    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.requests).toHaveLength(4);
  });

  it('refreshes once on 403 "expired" and then succeeds', async () => {
    fake.api = (req) =>
      req.headers['x-amz-access-token'] === 'Atza|token-1'
        ? amazonErrors(
            403,
            'Unauthorized',
            'Access to requested resource is denied.',
            'The access token you provided has expired.',
          )
        : orderAnswer();
    const amazon = client();
    const order = await getOrder(amazon, '111-0000000-0000001');
    expect(order.orderId).toBe('111-0000000-0000001');
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.requests).toHaveLength(2);
    expect(amazon.stats()).toMatchObject({ requests: 2, tokenRequests: 2, retries: 1 });
  });

  it('gives up with an auth error when the fresh token is refused too', async () => {
    fake.api = () => amazonErrors(403, 'Unauthorized', 'The access token you provided has expired.');
    const error = await failure(getOrder(client(), '111-0000000-0000001'));
    expect(error.kind).toBe('auth');
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.requests).toHaveLength(2);
  });

  it('asks for grantless tokens per scope, with client credentials only', async () => {
    fake.api = () => ({ status: 200, body: { payload: [] } });
    const amazon = client();
    const grantless = {
      operation: 'notifications.getDestinations' as const,
      path: '/notifications/v1/destinations',
      grantlessScope: 'sellingpartnerapi::notifications',
    };
    await amazon.call(grantless);
    await amazon.call(grantless);
    expect(fake.tokenRequests).toHaveLength(1);
    expect(Object.fromEntries(fake.tokenRequests[0]!.form)).toEqual({
      grant_type: 'client_credentials',
      scope: 'sellingpartnerapi::notifications',
      client_id: 'amzn1.application-oa2-client.test',
      client_secret: 'test-client-secret-value',
    });
    await amazon.call({ ...grantless, grantlessScope: 'sellingpartnerapi::migration' });
    fake.api = () => orderAnswer();
    await getOrder(amazon, '111-0000000-0000001');
    expect(fake.tokenRequests.map((t) => t.form.get('scope') ?? t.form.get('grant_type'))).toEqual([
      'sellingpartnerapi::notifications',
      'sellingpartnerapi::migration',
      'refresh_token',
    ]);
  });

  it.each([
    ['invalid_grant', 'amazon.refreshToken', /Authorise the app again/],
    ['invalid_client', 'amazon.lwaClientId', /rotated every 180 days/],
  ])(
    'turns %s into an auth error that names the credential, never its value',
    async (code, field, advice) => {
      fake.token = () => ({
        status: 400,
        body: {
          error: code,
          error_description: 'The request has an invalid grant parameter : refresh_token',
        },
      });
      const error = await failure(getOrder(client(), '111-0000000-0000001'));
      expect(error.kind).toBe('auth');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(code);
      expect(error.message).toContain(field);
      expect(error.message).toMatch(advice);
      const shown = `${error.message} ${JSON.stringify(error.context)} ${logs.text()}`;
      for (const secret of ['test-client-secret-value', 'Atzr|test-refresh-token-value'])
        expect(shown).not.toContain(secret);
      expect(fake.tokenRequests).toHaveLength(1);
      expect(fake.requests).toHaveLength(0);
    },
  );

  it('retries the token endpoint when Login with Amazon fails on its side', async () => {
    const issue = fake.token;
    fake.token = (form, i) =>
      i === 0 ? { status: 503, body: { error: 'temporarily_unavailable' } } : issue(form, i);
    fake.api = () => orderAnswer();
    await getOrder(client(), '111-0000000-0000001');
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.requests[0]!.headers['x-amz-access-token']).toBe('Atza|token-2');
  });

  it('refuses to start a call without credentials, naming the setting', async () => {
    const amazon = client({ connection: testConnection(fake, { refreshToken: undefined }) });
    const error = await failure(getOrder(amazon, '111-0000000-0000001'));
    expect(error.kind).toBe('config');
    expect(error.message).toContain('amazon.refreshToken');
    expect(fake.tokenRequests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('waits for the bucket after a 429, then succeeds; the 429 is counted and logged', async () => {
    fake.api = (_req, i) =>
      i === 0
        ? amazonErrors(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.', '')
        : orderAnswer();
    const amazon = client();
    await getOrder(amazon, '111-0000000-0000001');
    expect(fake.requests).toHaveLength(2);
    expect(amazon.stats()).toMatchObject({ throttled: 1, retries: 1 });
    // getOrder: 0.5/s × timeScale 1000 = 500/s; the drained bucket makes the retry wait one token (2 ms)
    // and the latency cushion (a refill interval, 2 ms).
    expect(slept).toEqual([0, 0, 4]);
    const warned = logs.lines.filter((l) => l.level === 40 && String(l.msg).includes('throttled'));
    expect(warned).toHaveLength(1);
  });

  it.each([
    ['500', () => amazonErrors(500, 'InternalFailure', 'We encountered an internal error.')],
    ['503', () => amazonErrors(503, 'ServiceUnavailable', 'Service temporarily unavailable.')],
    ['ECONNRESET', () => 'reset' as const],
  ])('retries %s a bounded number of times, then fails as transient', async (_name, answer) => {
    fake.api = answer;
    const error = await failure(getOrder(client(), '111-0000000-0000001'));
    expect(fake.requests).toHaveLength(3);
    expect(error.kind).toBe('transient');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/gave up after 3 attempts/);
  });

  it('recovers when a 503 is followed by a success', async () => {
    fake.api = (_req, i) => (i < 2 ? amazonErrors(503, 'ServiceUnavailable', 'x') : orderAnswer());
    await getOrder(client(), '111-0000000-0000001');
    expect(fake.requests).toHaveLength(3);
  });

  it('does not retry a 400 and carries Amazon’s error and request id', async () => {
    fake.api = () => ({
      ...amazonErrors(400, 'InvalidInput', 'Invalid Input', 'orderId'),
      headers: { 'x-amzn-RequestId': 'req-400' },
    });
    const error = await failure(getOrder(client(), 'TEST_CASE_400'));
    expect(fake.requests).toHaveLength(1);
    expect(error.kind).toBe('remote');
    expect(error.retryable).toBe(false);
    expect(error.context).toMatchObject({
      operation: 'orders.getOrder',
      status: 400,
      code: 'InvalidInput',
      message: 'Invalid Input',
      details: 'orderId',
      requestId: 'req-400',
    });
    expect(error.message).toContain('req-400');
  });

  it('maps a 403 without "expired" to auth (no refresh) and a 404 to remote', async () => {
    fake.api = () => amazonErrors(403, 'Unauthorized', 'Access to requested resource is denied.', '');
    const denied = await failure(getOrder(client(), '111-0000000-0000001'));
    expect(denied.kind).toBe('auth');
    expect(denied.message).toMatch(/role/);
    expect(fake.requests).toHaveLength(1);
    expect(fake.tokenRequests).toHaveLength(1);
    fake.api = () => amazonErrors(404, 'NotFound', 'Order not found');
    const missing = await failure(getOrder(client(), '111-0000000-0000002'));
    expect(missing.kind).toBe('remote');
    expect(missing.context.code).toBe('NotFound');
  });

  it('names the operation and the first issue paths of a malformed body, without its values', async () => {
    fake.api = () => ({
      status: 200,
      body: {
        order: { ...minimalOrder('111-0000000-0000001'), createdTime: 'Jane Doe', salesChannel: undefined },
      },
    });
    const error = await failure(getOrder(client(), '111-0000000-0000001'));
    expect(error.kind).toBe('remote');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('orders.getOrder');
    expect(error.message).toContain('order.createdTime');
    expect(error.message).toContain('order.salesChannel');
    expect(error.message).not.toContain('Jane Doe');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('the rate limit', () => {
  function recording(store: BucketStore, seen: Array<{ key: string; limit: BucketLimit }>): BucketStore {
    return {
      reserve: (key, limit, options) => {
        seen.push({ key, limit });
        return store.reserve(key, limit, options);
      },
      release: (key, limit) => store.release(key, limit),
    };
  }

  it('keeps a bucket per seller × region × operation, seeded from the table × timeScale', async () => {
    const seen: Array<{ key: string; limit: BucketLimit }> = [];
    fake.api = () => orderAnswer();
    const amazon = client({ bucketStore: recording(createMemoryBucketStore(), seen), timeScale: 10 });
    await getOrder(amazon, '111-0000000-0000001');
    expect(seen).toEqual([{ key: 'amazon:A1TESTSELLER:na:orders.getOrder', limit: { rate: 5, burst: 30 } }]);
  });

  it('uses the sandbox plan for every operation of a sandbox connection', async () => {
    const seen: Array<{ key: string; limit: BucketLimit }> = [];
    fake.api = () => orderAnswer();
    const amazon = client({
      connection: testConnection(fake, { sandbox: true }),
      bucketStore: recording(createMemoryBucketStore(), seen),
      timeScale: 1,
    });
    await getOrder(amazon, '111-0000000-0000001');
    expect(seen).toEqual([
      { key: 'amazon:A1TESTSELLER:na:sandbox:orders.getOrder', limit: { rate: 5, burst: 15 } },
    ]);
  });

  it('adapts to x-amzn-RateLimit-Limit', async () => {
    const seen: Array<{ key: string; limit: BucketLimit }> = [];
    fake.api = () => ({ ...orderAnswer(), headers: { 'x-amzn-RateLimit-Limit': '7.5' } });
    const amazon = client({ bucketStore: recording(createMemoryBucketStore(), seen) });
    await getOrder(amazon, '111-0000000-0000001');
    expect(amazon.rateLimit('orders.getOrder')).toEqual({ rate: 7.5, burst: 30 });
    await getOrder(amazon, '111-0000000-0000001');
    expect(seen.map((s) => s.limit.rate)).toEqual([500, 7.5]);
    // Other operations keep their own limits.
    expect(amazon.rateLimit('orders.searchOrders').rate).toBeCloseTo(5.6, 9);
  });

  it('waits before sending when the bucket is empty', async () => {
    fake.api = () => orderAnswer();
    // rate 0.5 × 100 = 50/s, burst 30, a clock that stands still: the 30th request takes the last token
    // a latency cushion (one refill interval, 20 ms) late; the 31st and 32nd wait 20 and 40 ms for
    // theirs, each plus the cushion.
    const amazon = client({ timeScale: 100, bucketStore: createMemoryBucketStore(() => 0) });
    for (let i = 0; i < 32; i++) await getOrder(amazon, '111-0000000-0000001');
    expect(slept.slice(-3)).toEqual([20, 40, 60]);
    expect(amazon.stats().rateLimitWaitMs).toBe(120);
    expect(amazon.stats().throttled).toBe(0);
  });

  it('stops waiting when the caller aborts, having sent nothing', async () => {
    fake.api = () => orderAnswer();
    const amazon = client({ timeScale: 1, bucketStore: createMemoryBucketStore(() => 0) });
    for (let i = 0; i < 30; i++) await getOrder(amazon, '111-0000000-0000001');
    const controller = new AbortController();
    const pending = getOrder(amazon, '111-0000000-0000001', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await failure(pending);
    expect(error.kind).toBe('transient');
    expect(error.context).toMatchObject({ aborted: true });
    expect(fake.requests).toHaveLength(30);
  });
});

describe('the exchange log', () => {
  it('writes one line per exchange, with no token, body or personal data', async () => {
    fake.api = () => ({
      status: 200,
      headers: { 'x-amzn-RequestId': 'req-log-1' },
      body: {
        order: minimalOrder('111-0000000-0000001', {
          buyer: { buyerName: 'Jane Doe', buyerEmail: 'jane@example.com' },
        }),
      },
    });
    await getOrder(client(), '111-0000000-0000001', { includedData: ['BUYER'] });
    const exchanges = logs.lines.filter((l) => l.remote === 'amazon' && l.operation === 'orders.getOrder');
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({
      method: 'GET',
      path: '/orders/2026-01-01/orders/111-0000000-0000001?includedData=BUYER',
      status: 200,
      attempts: 1,
      requestId: 'req-log-1',
      rateLimitWaitMs: 0,
    });
    expect(typeof exchanges[0]!.durationMs).toBe('number');
    const text = logs.text();
    for (const secret of ['Atza|', 'Jane Doe', 'jane@example.com', 'test-client-secret-value'])
      expect(text).not.toContain(secret);
  });
});
