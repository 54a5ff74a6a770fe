/**
 * The one chokepoint to the Selling Partner API (DESIGN §4.2): host from the connection's region, LWA
 * access tokens, the rate limit (a token bucket per selling partner × region × operation, shared
 * through the `BucketStore` port and waited for *before* sending), the retry decision (pure, in
 * http/retryPolicy.ts) and one log line per exchange. Endpoint files (orders/…) are thin typed
 * functions over `call`.
 *
 * Writes that are not idempotent (`confirmShipment`) are never repeated once the request may have
 * reached Amazon: the caller gets an "outcome unknown" error and reads the remote instead.
 */
import type { z } from 'zod';
import { isConnectorError } from '../errors.ts';
import type { BucketLimit, BucketStore } from '../http/bucketStore.ts';
import { abortableSleep, latencyCushionMs, waitForToken, type Sleep } from '../http/rateLimiter.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retryPolicy.ts';
import type { Logger } from '../log/logger.ts';
import { resolveHosts, type AmazonConnection, type AmazonRegion } from './connection.ts';
import { loggablePath, logExchange, queryString, type Exchange, type QueryParams } from './exchangeLog.ts';
import { judgeFailure, otherFailure, parseSuccess } from './judgeAttempt.ts';
import { createLwaTokens } from './lwaTokens.ts';
import { defaultLimit, parseRateLimitHeader, RATE_TABLE, type AmazonOperation } from './rateTable.ts';
import { downloadDocument } from './documentDownload.ts';
import {
  createMemoryProductTypeSchemaStore,
  type ProductTypeSchemaStore,
} from './productTypes/productTypeSchemaStore.ts';
import { attempt as sendAttempt } from './transport.ts';
import { defaultUserAgent } from './userAgent.ts';

export interface AmazonClientOptions {
  /** The connection's `amazon` side, secrets resolved to strings by the caller. */
  connection: AmazonConnection;
  /** ≥ 1: multiplies the table's rates (demo, tests, benchmarks against the emulator). */
  timeScale?: number;
  bucketStore: BucketStore;
  /** Where product type schemas are cached by checksum (default: in memory, for this client's life). */
  productTypeSchemas?: ProductTypeSchemaStore;
  log: Logger;
  fetch?: typeof fetch;
  userAgent?: string;
  retryPolicy?: RetryPolicy;
  sleep?: Sleep;
  /** Jitter source for backoff, in [0, 1). */
  random?: () => number;
  /** Clock for token expiry (tests move it). */
  now?: () => number;
  requestTimeoutMs?: number;
  /**
   * The longest a call waits for its rate-limit token (default 60 s); a longer wait ends the call with a
   * transient error carrying `retryAfterMs`, and the token goes back to the bucket.
   */
  maxRateLimitWaitMs?: number;
}

export interface AmazonRequest<T> {
  operation: AmazonOperation;
  /** The concrete path, path parameters already encoded. */
  path: string;
  query?: QueryParams;
  body?: unknown;
  /** Parses a success body; without it the answer must be empty (204) and `data` is undefined. */
  schema?: z.ZodType<T>;
  /** Default: true for GET, false otherwise (a write is assumed unsafe to repeat unless it says so). */
  idempotent?: boolean;
  /** A grantless operation: an LWA client-credentials token for this scope instead of the seller's. */
  grantlessScope?: string;
}

export interface AmazonResponse<T> {
  data: T;
  status: number;
  requestId?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface AmazonClientStats {
  /** HTTP attempts sent to the API (token requests not included). */
  requests: number;
  /** 429 answers: each one is a defect, since the client waits for its bucket before sending. */
  throttled: number;
  retries: number;
  tokenRequests: number;
  rateLimitWaitMs: number;
}

export interface AmazonClient {
  readonly sellingPartnerId: string;
  readonly region: AmazonRegion;
  /** The connection's marketplaces, in configuration order. */
  readonly marketplaceIds: readonly string[];
  /** The product type schema cache (productTypes/productTypeSchemas.ts). */
  readonly productTypeSchemas: ProductTypeSchemaStore;
  call<T = undefined>(request: AmazonRequest<T>, options?: CallOptions): Promise<AmazonResponse<T>>;
  /** The limit the bucket of `operation` currently uses (the table's, or the rate Amazon reported). */
  rateLimit(operation: AmazonOperation): BucketLimit;
  /** A document Amazon links to (a presigned URL: no token, no usage plan), as text. */
  download(url: string, options?: CallOptions): Promise<string>;
  stats(): AmazonClientStats;
}

export function createAmazonClient(options: AmazonClientOptions): AmazonClient {
  const { connection, log, bucketStore } = options;
  const hosts = resolveHosts(connection);
  const fetchFn = options.fetch ?? globalThis.fetch;
  const userAgent = options.userAgent ?? defaultUserAgent();
  const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  // `sandbox` selects Amazon's sandbox plan (5/s, burst 15) also behind an endpoint override: an emulator
  // in sandbox mode stands in for the sandbox hosts.
  const sandbox = connection.sandbox === true;
  const tokens = createLwaTokens({
    tokenEndpoint: hosts.tokenEndpoint,
    credentials: connection,
    fetch: fetchFn,
    userAgent,
    now: options.now ?? Date.now,
    retryPolicy: policy,
    sleep,
    random,
    requestTimeoutMs: timeoutMs,
  });
  const limits = new Map<AmazonOperation, BucketLimit>();
  const stats = { requests: 0, throttled: 0, retries: 0, rateLimitWaitMs: 0 };
  const bucketPrefix = `amazon:${connection.sellingPartnerId}:${connection.region}${sandbox ? ':sandbox' : ''}`;

  const rateLimit = (operation: AmazonOperation): BucketLimit =>
    limits.get(operation) ?? defaultLimit(operation, { sandbox, timeScale: options.timeScale });

  /** Follows the rate Amazon says it applies to this account (the burst is not reported). */
  function adaptRate(operation: AmazonOperation, header: string | null): void {
    const rate = parseRateLimitHeader(header);
    const current = rateLimit(operation);
    if (rate === undefined || rate === current.rate) return;
    limits.set(operation, { rate, burst: current.burst });
    log.debug(
      { remote: 'amazon', operation, rate, was: current.rate },
      'Amazon reported a different rate limit',
    );
  }

  /** A 429 is a defect: the client waited for its bucket, so someone else spends this quota too. */
  function throttled(operation: AmazonOperation, exchange: Exchange): void {
    stats.throttled++;
    log.warn(
      { remote: 'amazon', operation, requestId: exchange.requestId, attempt: exchange.attempts },
      `Amazon throttled ${operation} (429) although the client waited for its rate limit: another ` +
        'application may share this quota, or the applied limit is below the table',
    );
  }

  const accessTokenFor = (request: AmazonRequest<unknown>, signal?: AbortSignal) =>
    request.grantlessScope
      ? tokens.grantlessToken(request.grantlessScope, signal)
      : tokens.accessToken(signal);

  async function call<T>(
    request: AmazonRequest<T>,
    callOptions: CallOptions = {},
  ): Promise<AmazonResponse<T>> {
    const { signal } = callOptions;
    const { operation } = request;
    const method = RATE_TABLE[operation].method;
    const idempotent = request.idempotent ?? method === 'GET';
    const url = hosts.apiBase + request.path + queryString(request.query);
    const started = performance.now();
    const exchange: Exchange = {
      operation,
      method,
      path: loggablePath(request.path, request.query),
      durationMs: 0,
      attempts: 0,
      rateLimitWaitMs: 0,
    };
    let drain = false;
    let refreshed = false;
    try {
      for (;;) {
        exchange.attempts++;
        exchange.status = exchange.requestId = undefined; // the log shows the last attempt's answer
        // The access token is fetched before waiting for the rate limit (and taken from the cache after
        // it): a token request between the bucket's ready time and the send would delay the send, and
        // the bunched arrivals that follow could exceed the limit at Amazon's end.
        await accessTokenFor(request, signal);
        const limit = rateLimit(operation);
        const waited = await waitForToken(bucketStore, `${bucketPrefix}:${operation}`, limit, {
          sleep,
          signal,
          drain,
          cushionMs: latencyCushionMs(limit),
          maxWaitMs: options.maxRateLimitWaitMs ?? 60_000,
        });
        exchange.rateLimitWaitMs += waited;
        stats.rateLimitWaitMs += waited;
        drain = false;
        const accessToken = await accessTokenFor(request, signal);
        stats.requests++;
        const result = await sendAttempt(fetchFn, {
          url,
          method,
          accessToken,
          userAgent,
          body: request.body,
          timeoutMs,
          signal,
        });
        if (result.answered) {
          exchange.status = result.status;
          exchange.requestId = result.headers.get('x-amzn-requestid') ?? undefined;
          adaptRate(operation, result.headers.get('x-amzn-ratelimit-limit'));
          if (result.status >= 200 && result.status < 300) {
            const data = parseSuccess(
              request.schema,
              operation,
              result.status,
              result.text,
              exchange.requestId,
            );
            return { data, status: result.status, requestId: exchange.requestId };
          }
          if (result.status === 429) throttled(operation, exchange);
        }
        const decision = judgeFailure(result, {
          operation,
          idempotent,
          attempts: exchange.attempts,
          tokenRefreshed: refreshed,
          requestId: exchange.requestId,
          policy,
          jitter: random(),
        });
        if (decision.refreshToken) {
          tokens.invalidate(accessToken);
          refreshed = true;
        }
        drain = decision.waitForBucket === true;
        stats.retries++;
        await sleep(decision.waitMs, signal);
      }
    } catch (error) {
      const failure = isConnectorError(error)
        ? error
        : otherFailure(error, operation, signal, exchange.attempts);
      exchange.errorKind = failure.kind;
      exchange.error = failure.message;
      if (failure.context.outcomeUnknown) exchange.outcomeUnknown = true;
      throw failure;
    } finally {
      exchange.durationMs = Math.round(performance.now() - started);
      logExchange(log, exchange);
    }
  }

  return {
    sellingPartnerId: connection.sellingPartnerId,
    region: connection.region,
    marketplaceIds: connection.marketplaces.map((m) => m.id),
    productTypeSchemas: options.productTypeSchemas ?? createMemoryProductTypeSchemaStore(),
    call,
    rateLimit,
    download: (url, callOptions = {}) =>
      downloadDocument(
        { fetch: fetchFn, log, userAgent, policy, sleep, random, timeoutMs },
        url,
        callOptions.signal,
      ),
    stats: () => ({ ...stats, tokenRequests: tokens.requests() }),
  };
}
