/**
 * The one chokepoint to the Selling Partner API (DESIGN §4.2): host from the connection's region, LWA
 * access tokens, the rate limit (a token bucket per selling partner × region × operation, shared
 * through the `BucketStore` port and waited for *before* sending), the retry decision (pure, in
 * http/retryPolicy.ts) and one log line per exchange, told to an observer as well (the metrics seam,
 * http/exchangeObserver.ts). Endpoint files (orders/…) are thin typed
 * functions over `call`.
 *
 * Writes that are not idempotent (`confirmShipment`) are never repeated once the request may have
 * reached Amazon: the caller gets an "outcome unknown" error and reads the remote instead.
 */
import { isConnectorError } from '../errors.ts';
import type { BucketLimit } from '../http/bucketStore.ts';
import { observeSafely } from '../http/exchangeObserver.ts';
import { abortableSleep } from '../http/rateLimiter.ts';
import { DEFAULT_RETRY_POLICY } from '../http/retryPolicy.ts';
import type {
  AmazonClient,
  AmazonClientOptions,
  AmazonRequest,
  AmazonResponse,
  CallOptions,
  ExtraQuota,
} from './clientTypes.ts';
import { resolveHosts } from './connection.ts';
import { loggablePath, logExchange, queryString, type Exchange } from './exchangeLog.ts';
import { judgeFailure, otherFailure, parseSuccess } from './judgeAttempt.ts';
import { createLwaTokens } from './lwaTokens.ts';
import { defaultLimit, parseRateLimitHeader, RATE_TABLE, type AmazonOperation } from './rateTable.ts';
import { downloadDocument, openDocument, type DownloadDeps } from './documentDownload.ts';
import { uploadDocument } from './documentUpload.ts';
import { createMemoryProductTypeSchemaStore } from './productTypes/productTypeSchemaStore.ts';
import { giveBack, nextFreeSlot, reserveSlot, waitForQuotas, waitForSlot, type Quota } from './quotaSlots.ts';
import { attempt as sendAttempt } from './transport.ts';
import { defaultUserAgent } from './userAgent.ts';

export type {
  AmazonClient,
  AmazonClientOptions,
  AmazonClientStats,
  AmazonRequest,
  AmazonResponse,
  CallOptions,
  ExtraQuota,
} from './clientTypes.ts';
export type { Slot } from './quotaSlots.ts';

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

  /** Every bucket a request of `operation` draws from, the operation's first. */
  const quotasOf = (operation: AmazonOperation, extra: readonly ExtraQuota[] = []): Quota[] => [
    { key: `${bucketPrefix}:${operation}`, limit: rateLimit(operation) },
    ...(sandbox ? [] : extra).map((q) => ({
      key: `${bucketPrefix}:quota:${q.name}`,
      limit: { rate: q.limit.rate * (options.timeScale ?? 1), burst: q.limit.burst },
    })),
  ];
  const maxWait = options.maxRateLimitWaitMs ?? 60_000;
  // Requests that waited for a token are spaced on the real clock, so only with the real sleep (a test's
  // sleep that does not pass time would see every request too close to the last).
  const quotaDeps = {
    store: bucketStore,
    sleep,
    ...(options.sleep === undefined && {
      clock: () => performance.now(),
      released: new Map<string, number>(),
    }),
  };

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
    exchange.throttled = (exchange.throttled ?? 0) + 1;
    log.warn(
      { remote: 'amazon', operation, requestId: exchange.requestId, attempt: exchange.attempts },
      `Amazon throttled ${operation} (429) although the client waited for its rate limit: another ` +
        'application may share this quota, or the applied limit is below the table',
    );
  }

  /** Tells the observer about places in quotas other than the operation's plan (feed submissions). */
  function reportQuotas(extra: readonly ExtraQuota[] | undefined, event: 'taken' | 'reserved' | 'released') {
    const { observer } = options;
    if (sandbox || !observer?.quotaSlot) return; // the sandbox applies no such quotas (quotasOf)
    for (const quota of extra ?? []) {
      observeSafely(() => observer.quotaSlot!({ remote: 'amazon', quota: quota.name, event }));
    }
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
        const quotas = quotasOf(operation, request.quotas);
        const waitOptions = {
          operation,
          maxWaitMs: Math.min(maxWait, callOptions.maxWaitMs ?? maxWait),
          drain,
          signal,
        };
        const waited =
          exchange.attempts === 1 && callOptions.slot
            ? await waitForSlot(quotaDeps, callOptions.slot, quotas, waitOptions)
            : await waitForQuotas(quotaDeps, quotas, waitOptions);
        exchange.rateLimitWaitMs += waited;
        reportQuotas(request.quotas, 'taken');
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
      logExchange(log, exchange, options.observer);
    }
  }

  const documentDeps: DownloadDeps = {
    fetch: fetchFn,
    log,
    observer: options.observer,
    userAgent,
    policy,
    sleep,
    random,
    timeoutMs,
  };

  return {
    sellingPartnerId: connection.sellingPartnerId,
    region: connection.region,
    marketplaceIds: connection.marketplaces.map((m) => m.id),
    productTypeSchemas: options.productTypeSchemas ?? createMemoryProductTypeSchemaStore(),
    call,
    rateLimit,
    reserveSlot: async (operation, extra) => {
      const slot = await reserveSlot(quotaDeps, operation, quotasOf(operation, extra));
      reportQuotas(extra, 'reserved');
      return slot;
    },
    releaseSlot: async (slot, extra) => {
      await giveBack(bucketStore, quotasOf(slot.operation as AmazonOperation, extra));
      reportQuotas(extra, 'released');
    },
    nextFreeSlot: async (operation, extra) =>
      new Date(await nextFreeSlot(quotaDeps, quotasOf(operation, extra))),
    download: (url, callOptions = {}) => downloadDocument(documentDeps, url, callOptions.signal),
    openDownload: (url, callOptions = {}) => openDocument(documentDeps, url, callOptions.signal),
    upload: (url, contentType, body, callOptions = {}) =>
      uploadDocument(documentDeps, { url, contentType, body }, callOptions.signal),
    stats: () => ({ ...stats, tokenRequests: tokens.requests() }),
  };
}
