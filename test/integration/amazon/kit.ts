/**
 * The Amazon client against the Amazon emulator, over real HTTP on 127.0.0.1 (DESIGN §4.8: HTTP faked at
 * the wire, never inside the client). One `startAmazonIntegration()` per test gives:
 *
 * - the emulator served on a loopback port behind a recorder that sees every request as it arrived —
 *   also those a fault cut short, which the emulator's own `/_sim/stats` never counts — so retry tests
 *   assert call counts;
 * - a real `createAmazonClient` pointed at it (endpoint and tokenEndpoint overrides, the demo
 *   catalogue's LWA credentials), on the same time scale as the emulator and a fast retry backoff;
 * - both directions checked against Amazon's models: every answer through the emulator's `onExchange`,
 *   every request the client sent with the validator's `validateRequest`. `finish()` fails the test on
 *   any problem. A test that sends an invalid request on purpose (a sandbox trigger value) declares it
 *   with `expectInvalidRequests`, and such a request must then really be invalid;
 * - the client's rate limiting checked in every test: `finish()` also fails when the emulator's usage
 *   plans ever answered 429 (injected throttles are counted apart).
 *
 * The emulator's clock is the real one plus an offset the test can move forward (`advanceEmulatorClock`):
 * the client's rate-limit buckets run on real time, so moving the emulator ahead only refills its buckets
 * sooner — never a 429 the client could not have avoided.
 */
import { Hono } from 'hono';
import type { IncomingMessage } from 'node:http';
import {
  createAmazonClient,
  type AmazonClient,
  type AmazonClientOptions,
} from '../../../src/amazon/client.ts';
import type { AmazonConnection } from '../../../src/amazon/connection.ts';
import type { ConfirmShipmentInput } from '../../../src/amazon/orders/schemasConfirmShipment.ts';
import { demoCatalogue } from '../../../src/demo/demoCatalogue.ts';
import { createAmazonEmulator, type AmazonEmulator } from '../../../src/emulators/amazon/app.ts';
import {
  createModelValidator,
  type ModelValidator,
} from '../../../src/emulators/amazon/model/modelValidator.ts';
import type { AmazonEmulatorOptions, Exchange } from '../../../src/emulators/amazon/options.ts';
import type { StatsSnapshot } from '../../../src/emulators/amazon/stats.ts';
import type { FaultSpec } from '../../../src/emulators/shared/faults.ts';
import { serveEmulator } from '../../../src/emulators/shared/serveEmulator.ts';
import { createMemoryBucketStore } from '../../../src/http/memoryBucketStore.ts';
import type { RetryPolicy } from '../../../src/http/retryPolicy.ts';
import { createLogger } from '../../../src/log/logger.ts';

/**
 * One time scale for the client and the emulator: rates ×100 (getOrder 50/s, searchOrders 0.56/s), the
 * two-minute rule 1.2 s, a pagination token's life 14.4 min.
 */
export const TIME_SCALE = 100;

/** The default policy's five attempts, with backoffs short enough for tests. */
export const FAST_RETRIES: RetryPolicy = { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 40 };

export const US = 'ATVPDKIKX0DER';
export const CA = 'A2EUQ1WTGCTBG2';

export const TOKEN_PATH = '/auth/o2/token';
export const SEARCH_PATH = '/orders/2026-01-01/orders';
export const orderPath = (orderId: string) => `/orders/2026-01-01/orders/${orderId}`;
export const confirmPath = (orderId: string) => `/orders/v0/orders/${orderId}/shipmentConfirmation`;

/** A JSON answer of `/_sim/`, loosely typed: tests assert on it with expect. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** One request as it reached the emulator's port. */
export interface ArrivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The body as sent (empty when none). */
  text: string;
  /** Arrival time, ms on this process's clock (`performance.timeOrigin + performance.now()`). */
  at: number;
  /** `x-amz-access-token`, if any. */
  token?: string;
  /** The emulator's status; undefined when the connection was cut (an injected `reset`). */
  status?: number;
}

export interface AmazonIntegration {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  emulator: AmazonEmulator;
  /** A real client pointed at the emulator (options from `startAmazonIntegration`'s `client`). */
  client: AmazonClient;
  /** SP-API requests in arrival order (not `/_sim/`, not the token endpoint). */
  requests: ArrivedRequest[];
  /** Requests to the LWA token endpoint. */
  tokenRequests: ArrivedRequest[];
  /** The SP-API answers the emulator handed to `onExchange` (injected faults are not among them). */
  exchanges: Exchange[];
  /** The x-amzn-RequestId of the emulator's last SP-API answer to `path` (faults excluded). */
  lastRequestId(path: string): string | undefined;
  /** The SP-API requests that arrived for `path`, in order. */
  arrived(path: string): ArrivedRequest[];
  /** A `/_sim/` call; throws on an error status unless `expectStatus` says otherwise. */
  sim(method: string, path: string, body?: unknown, expectStatus?: number): Promise<Json>;
  stats(): Promise<StatsSnapshot>;
  fault(spec: Partial<FaultSpec> & Pick<FaultSpec, 'kind'>): Promise<void>;
  advanceEmulatorClock(ms: number): void;
  /** Requests matching `which` are meant to break the model: they must, and are not reported. */
  expectInvalidRequests(which: (request: ArrivedRequest) => boolean): void;
  /** Model problems so far: answers and requests, one line each. */
  problems(): string[];
  /**
   * Stops the server and the emulator, then fails the test if anything broke the models or the client
   * ever overran a usage plan (a 429 the emulator sent of its own accord).
   */
  finish(): Promise<void>;
}

export interface IntegrationOptions {
  emulator?: Omit<AmazonEmulatorOptions, 'now' | 'onExchange' | 'timeScale'>;
  client?: Partial<AmazonClientOptions>;
  connection?: Partial<AmazonConnection>;
  timeScale?: number;
}

let sharedValidator: ModelValidator | undefined;
const validator = () => (sharedValidator ??= createModelValidator());

/** The demo seller's connection to an emulator at `url` (the catalogue's marketplaces and credentials). */
export function demoConnection(url: string, overrides: Partial<AmazonConnection> = {}): AmazonConnection {
  const catalogue = demoCatalogue();
  return {
    sellingPartnerId: catalogue.seller.sellingPartnerId,
    region: catalogue.seller.region,
    marketplaces: catalogue.marketplaces.map((m) => ({ id: m.id, legalEntity: m.legalEntity })),
    endpoint: url,
    tokenEndpoint: `${url}${TOKEN_PATH}`,
    lwaClientId: catalogue.seller.lwa.clientId,
    lwaClientSecret: catalogue.seller.lwa.clientSecret,
    refreshToken: catalogue.seller.lwa.refreshToken,
    ...overrides,
  };
}

export async function startAmazonIntegration(options: IntegrationOptions = {}): Promise<AmazonIntegration> {
  const timeScale = options.timeScale ?? TIME_SCALE;
  const check = validator();
  let offset = 0;
  const exchanges: Exchange[] = [];
  const violations: string[] = [];
  const emulator = createAmazonEmulator({
    seed: 'none',
    ...options.emulator,
    timeScale,
    now: () => Date.now() + offset,
    onExchange(exchange) {
      exchanges.push(exchange);
      if (exchange.operationId === 'unmatched') return;
      for (const problem of check.validate(
        `${exchange.model}:${exchange.operationId}`,
        exchange.status,
        exchange.body,
      ))
        violations.push(`answer to ${exchange.method} ${exchange.path} → ${exchange.status}: ${problem}`);
    },
  });

  const requests: ArrivedRequest[] = [];
  const tokenRequests: ArrivedRequest[] = [];
  // The recorder in front of the emulator: sees each request before any fault does.
  const recorder = new Hono();
  recorder.all('*', async (c) => {
    const at = performance.timeOrigin + performance.now();
    const raw = c.req.raw;
    const url = new URL(raw.url);
    const text = raw.method === 'GET' || raw.method === 'HEAD' ? '' : await raw.text();
    const arrived: ArrivedRequest = {
      method: raw.method,
      path: url.pathname,
      query: url.searchParams,
      text,
      at,
      token: raw.headers.get('x-amz-access-token') ?? undefined,
    };
    if (url.pathname === TOKEN_PATH) tokenRequests.push(arrived);
    // `/_definitions/` and `/_documents/` are presigned links (a schema, a feed or report document),
    // not SP-API operations.
    else if (!['/_sim/', '/_definitions/', '/_documents/'].some((p) => url.pathname.startsWith(p)))
      requests.push(arrived);
    const forwarded = new Request(raw.url, {
      method: raw.method,
      headers: raw.headers,
      body: text === '' ? undefined : text,
    });
    const res = await emulator.app.fetch(forwarded, c.env);
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (!incoming?.socket.destroyed) arrived.status = res.status;
    return res;
  });
  const served = await serveEmulator(recorder);

  const invalidOnPurpose: Array<(request: ArrivedRequest) => boolean> = [];
  const log = createLogger({ level: 'silent' });
  const client = createAmazonClient({
    connection: demoConnection(served.url, options.connection),
    timeScale,
    bucketStore: createMemoryBucketStore(),
    log,
    retryPolicy: FAST_RETRIES,
    ...options.client,
  });

  const sim = async (method: string, path: string, body?: unknown, expectStatus?: number) => {
    const res = await fetch(`${served.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as Json) : undefined;
    if (expectStatus !== undefined ? res.status !== expectStatus : res.status >= 400)
      throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return parsed;
  };

  function requestProblems(): string[] {
    const problems: string[] = [];
    for (const request of requests) {
      const where = `request ${request.method} ${request.path}${request.query.size ? `?${request.query}` : ''}`;
      const match = check.index.match(request.method, request.path);
      if (!match) {
        problems.push(`${where}: no model declares this operation`);
        continue;
      }
      let body: unknown;
      try {
        body = request.text === '' ? undefined : JSON.parse(request.text);
      } catch {
        problems.push(`${where}: the body is not JSON`);
        continue;
      }
      const found = check.validateRequest(match.operation.key, {
        query: request.query,
        body,
        pathParams: match.pathParams,
      });
      if (invalidOnPurpose.some((which) => which(request))) {
        if (found.length === 0) problems.push(`${where}: declared invalid, but the model accepts it`);
      } else problems.push(...found.map((problem) => `${where}: ${problem}`));
    }
    return problems;
  }

  let finished = false;
  return {
    url: served.url,
    emulator,
    client,
    requests,
    tokenRequests,
    exchanges,
    lastRequestId: (path) =>
      exchanges
        .filter((e) => e.path === path)
        .at(-1)
        ?.headers.get('x-amzn-requestid') ?? undefined,
    arrived: (path) => requests.filter((r) => r.path === path),
    sim,
    stats: () => sim('GET', '/_sim/stats') as Promise<StatsSnapshot>,
    async fault(spec) {
      await sim('POST', '/_sim/faults', spec, 201);
    },
    advanceEmulatorClock(ms) {
      offset += ms;
    },
    expectInvalidRequests(which) {
      invalidOnPurpose.push(which);
    },
    problems: () => [...violations, ...requestProblems()],
    async finish() {
      if (finished) return;
      finished = true;
      // The client waits for its buckets before sending, so the usage plans never refuse it: a 429 of the
      // emulator's own (injected faults are counted apart) is a defect in any test.
      let stats: StatsSnapshot;
      try {
        stats = (await sim('GET', '/_sim/stats')) as StatsSnapshot;
      } finally {
        await served.close();
        emulator.close();
      }
      const { throttled, throttledTotal } = stats;
      const problems = [...violations, ...requestProblems()];
      if (throttledTotal > 0) {
        // When and how the calls arrived, to tell a client overrunning its bucket from delivery jitter.
        const start = requests[0]?.at ?? 0;
        const timeline = requests
          .map((r) => `${(r.at - start).toFixed(1)}ms ${r.method} ${r.path} → ${r.status ?? 'reset'}`)
          .join('\n  ');
        problems.push(
          `the emulator's usage plans answered 429 to the client: ${JSON.stringify(throttled)}; arrivals:\n  ${timeline}`,
        );
      }
      if (problems.length > 0)
        throw new Error(`${problems.length} problem(s) with the exchanges:\n${problems.join('\n')}`);
    },
  };
}

export { failure } from '../../support/failure.ts';

/** A checkout at the emulator; returns the emulator's view of the new order. */
export async function placeOrder(
  env: AmazonIntegration,
  checkout: Record<string, unknown> = {},
): Promise<Json> {
  const created = await env.sim('POST', '/_sim/orders', { items: [{ sku: 'DEMO-HP' }], ...checkout }, 201);
  return created.order;
}

/**
 * A confirmShipment body for `order` (the emulator's view): one package of the given units, by item
 * index, shipped a minute ago by UPS.
 */
export function confirmation(
  order: Json,
  packageReferenceId: string | number,
  items: Array<[index: number, quantity: number]>,
  trackingNumber = `1Z-${packageReferenceId}`,
): ConfirmShipmentInput {
  return {
    marketplaceId: order.marketplaceId,
    packageDetail: {
      packageReferenceId,
      carrierCode: 'UPS',
      shippingMethod: 'UPS Ground',
      trackingNumber,
      shipDate: new Date(Date.now() - 60_000),
      orderItems: items.map(([index, quantity]) => ({
        orderItemId: order.items[index].orderItemId,
        quantity,
      })),
    },
  };
}

/** ISO time `ms` before now. */
export const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/** An order of two lines — two headphones and one keyboard — placed an hour ago. */
export const placeTwoLineOrder = (env: AmazonIntegration) =>
  placeOrder(env, {
    items: [
      { sku: 'DEMO-HP', quantity: 2 },
      { sku: 'DEMO-KB', quantity: 1 },
    ],
    createdAt: ago(HOUR),
  });
