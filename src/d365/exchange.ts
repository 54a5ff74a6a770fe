/**
 * The single place a request to F&O is sent (DESIGN §4.2): it waits for the environment's pause and a
 * concurrency slot, adds the bearer token, sends, and then asks `http/retryPolicy.ts` whether to try
 * again — sleeping is done here, the decision is pure. Four rules sit on top of that decision:
 * - a token F&O rejects is replaced once (a second 401 is an auth problem for a person);
 * - a non-idempotent request (POST, $batch) is never resent after a failure that may have happened
 *   after F&O applied it — nor when the caller's signal cancels it in flight: it ends with
 *   `context.outcomeUnknown`, so the caller reads back by key first;
 * - a 2xx answer a read expects as JSON but cannot parse (a proxy's page, a garbled body) is retried
 *   like a server error, since reading again is harmless;
 * - a wait longer than `maxWaitMs` is not slept through: the work is handed back as a transient error
 *   carrying `retryAfterMs`, because job runs must stay short.
 * Retry-After is honoured as sent; the client's own backoff is divided by `timeScale` (an emulator
 * that speeds up its windows already advertises a scaled Retry-After).
 * Every exchange ends with exactly one log line, whatever the outcome.
 */
import { randomUUID } from 'node:crypto';
import { ConnectorError, isConnectorError } from '../errors.ts';
import type { ExchangeObserver } from '../http/exchangeObserver.ts';
import { networkErrorCode } from '../http/networkError.ts';
import { backoffMs, decide, type RetryDecision, type RetryPolicy } from '../http/retryPolicy.ts';
import { isAmbiguousStatus, parseRetryAfter, wasNeverSent } from './attemptOutcome.ts';
import type { ConcurrencyGate } from './concurrencyGate.ts';
import { logExchange, type ExchangeLogger, type ExchangeRecord } from './exchangeLog.ts';
import { fnoError, isWriteFailure, parseFnoErrorBody } from './fnoErrors.ts';
import type { TokenProvider } from './tokenProvider.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ExchangeRequest {
  method: HttpMethod;
  url: string;
  /** Named in logs and errors ('$batch' for a batch). */
  entitySet: string;
  headers?: Record<string, string>;
  body?: string;
  /** May the request be sent again after a failure that might have happened after F&O applied it? */
  idempotent: boolean;
  /** Statuses handed back to the caller instead of thrown (404 for a read by key). */
  passStatuses?: readonly number[];
  /**
   * A 2xx answer must be JSON: it is parsed into `ExchangeResponse.json`. One that is not is retried
   * with the backoff when the request is idempotent; otherwise (or once the attempts run out) it ends
   * as a `remote` error.
   */
  expectJson?: boolean;
  signal?: AbortSignal;
}

export interface ExchangeResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, for a 2xx answer to a request with `expectJson`. */
  json?: unknown;
  attempts: number;
  /**
   * An earlier attempt of this exchange may have reached F&O and been applied, its answer lost or
   * ambiguous (a connection dropped after sending, a timeout, a gateway error). A write's answer then
   * may describe the state that attempt left (a 404 for a delete, a 412 for a PATCH with an ETag).
   */
  afterAmbiguousAttempt: boolean;
}

export interface ExchangeDeps {
  fetch: typeof fetch;
  tokens: TokenProvider;
  gate: ConcurrencyGate;
  log: ExchangeLogger;
  /** Told of every exchange (the metrics seam); none in most tests. */
  observer?: ExchangeObserver;
  policy: RetryPolicy;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  /** The client's own backoff is divided by this (Retry-After is taken as sent). */
  timeScale: number;
  requestTimeoutMs: number;
  maxWaitMs: number;
  now: () => number;
}

type Attempt =
  | { kind: 'response'; status: number; headers: Headers; text: string; token: string; requestId: string }
  | { kind: 'network'; code: string; requestId: string }
  /** The caller's signal ended the attempt after the request was handed to fetch. */
  | { kind: 'cancelled'; requestId: string }
  | { kind: 'noToken'; error: ConnectorError };

export type Exchange = (request: ExchangeRequest) => Promise<ExchangeResponse>;

/**
 * A write that may or may not have been applied: not sent again; the caller reads the record back by
 * its key (or its own reference) before sending it again.
 */
export function outcomeUnknown(
  method: string,
  entitySet: string,
  what: string,
  context: Record<string, unknown>,
): ConnectorError {
  return new ConnectorError(
    'transient',
    `D365 ${method} ${entitySet}: outcome unknown (${what}) — read the record back by its key before sending it again`,
    { context: { outcomeUnknown: true, entitySet, method, ...context } },
  );
}

function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

const isSuccess = (status: number) => status >= 200 && status < 300;

export function createExchange(deps: ExchangeDeps): Exchange {
  async function attemptOnce(request: ExchangeRequest): Promise<Attempt> {
    let token: string;
    try {
      token = await deps.tokens.get(request.signal);
    } catch (error) {
      if (isConnectorError(error) && error.kind === 'transient') return { kind: 'noToken', error };
      throw error;
    }
    // Cancelled before anything was sent (e.g. while the token was fetched): nothing can have been applied.
    if (request.signal?.aborted) throw request.signal.reason;
    const requestId = randomUUID();
    const timeout = AbortSignal.timeout(deps.requestTimeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      const response = await deps.fetch(request.url, {
        method: request.method,
        headers: {
          accept: 'application/json',
          'odata-version': '4.0',
          'odata-maxversion': '4.0',
          'x-ms-client-request-id': requestId,
          ...request.headers,
          authorization: `Bearer ${token}`,
        },
        body: request.body,
        signal,
      });
      const text = await response.text();
      return { kind: 'response', status: response.status, headers: response.headers, text, token, requestId };
    } catch (error) {
      if (request.signal?.aborted) return { kind: 'cancelled', requestId };
      return {
        kind: 'network',
        code: timeout.aborted ? 'ABORT_TIMEOUT' : networkErrorCode(error),
        requestId,
      };
    }
  }

  return async function exchange(request) {
    const { method, entitySet, signal } = request;
    const record: ExchangeRecord = {
      method,
      entitySet,
      durationMs: 0,
      attempts: 0,
      waitedMs: 0,
      outcome: 'ok',
    };
    const started = deps.now();
    const unknownOutcome = (what: string, extra: Record<string, unknown>) =>
      outcomeUnknown(method, entitySet, what, { attempts: record.attempts, ...extra });
    let refreshed = false;
    // Whether an attempt so far may have been applied by F&O though its answer was lost or ambiguous.
    let ambiguous = false;
    let skipPause = false;
    try {
      for (;;) {
        record.attempts += 1;
        const pause = skipPause ? 0 : deps.gate.pauseRemaining();
        skipPause = false;
        if (pause > 0) {
          record.waitedMs += pause;
          await deps.sleep(pause, signal);
        }
        const queuedAt = deps.now();
        const release = await deps.gate.acquire(signal);
        record.waitedMs += deps.now() - queuedAt;
        let attempt: Attempt;
        try {
          attempt = await attemptOnce(request);
        } finally {
          release();
        }

        let decision: RetryDecision;
        let throttled = false;
        if (attempt.kind === 'noToken') {
          // Nothing reached F&O, so even a POST may be retried.
          decision = decide({ status: 503 }, record.attempts, deps.policy, deps.random());
          if (!decision.retry) throw attempt.error;
        } else if (attempt.kind === 'cancelled') {
          // The request may have reached F&O: for a write that is not safe to repeat, say so.
          record.clientRequestId = attempt.requestId;
          if (!request.idempotent) throw unknownOutcome('cancelled in flight', { aborted: true });
          throw signal!.reason;
        } else if (attempt.kind === 'network') {
          record.clientRequestId = attempt.requestId;
          if (!request.idempotent && !wasNeverSent(attempt.code)) {
            throw unknownOutcome(`network error ${attempt.code}`, { networkError: attempt.code });
          }
          if (!wasNeverSent(attempt.code)) ambiguous = true;
          decision = decide({ networkError: attempt.code }, record.attempts, deps.policy, deps.random());
          if (!decision.retry) {
            throw new ConnectorError(
              'transient',
              `cannot reach D365 (${attempt.code}) for ${method} ${entitySet}`,
              {
                context: { networkError: attempt.code, entitySet, method, attempts: record.attempts },
              },
            );
          }
        } else if (isSuccess(attempt.status) || request.passStatuses?.includes(attempt.status)) {
          const { status, headers } = attempt;
          record.status = status;
          record.clientRequestId = attempt.requestId;
          record.activityId = headers.get('ms-dyn-aid') ?? undefined;
          const answered = { status, headers, text: attempt.text, attempts: record.attempts };
          const parsed = isSuccess(status) && request.expectJson ? parseJsonBody(attempt.text) : undefined;
          if (!parsed) return { ...answered, afterAmbiguousAttempt: ambiguous };
          if (parsed.ok) return { ...answered, json: parsed.value, afterAmbiguousAttempt: ambiguous };
          // A 2xx that should be JSON and is not (a proxy's page, a garbled body): F&O did run the
          // request, so only one that is safe to repeat is sent again, after the usual backoff.
          ambiguous = true;
          if (!request.idempotent || record.attempts >= deps.policy.maxAttempts) {
            throw new ConnectorError('remote', `D365 answered ${entitySet} with something that is not JSON`, {
              context: { entitySet, method, status, attempts: record.attempts },
            });
          }
          decision = {
            retry: true,
            waitMs: backoffMs(record.attempts, deps.policy, deps.random()),
            reason: 'not JSON',
          };
        } else {
          const { status, headers } = attempt;
          record.status = status;
          if (status === 429) record.throttled = (record.throttled ?? 0) + 1;
          record.clientRequestId = attempt.requestId;
          record.activityId = headers.get('ms-dyn-aid') ?? undefined;
          const body = parseFnoErrorBody(attempt.text);
          const context = {
            attempts: record.attempts,
            ...(record.activityId ? { activityId: record.activityId } : {}),
          };
          if (status === 401) {
            if (refreshed) throw fnoError({ status, body, method, entitySet, context });
            deps.tokens.invalidate(attempt.token);
            refreshed = true;
            skipPause = true;
            continue;
          }
          const retryAfterMs = parseRetryAfter(headers.get('retry-after'), deps.now());
          if (isWriteFailure(body)) throw fnoError({ status, body, method, entitySet, context });
          if (isAmbiguousStatus(status, retryAfterMs !== undefined)) {
            if (!request.idempotent) throw unknownOutcome(`status ${status}`, { status, ...context });
            ambiguous = true;
          }
          decision = decide({ status, retryAfterMs }, record.attempts, deps.policy, deps.random());
          if (!decision.retry) {
            const wait = retryAfterMs !== undefined ? { retryAfterMs } : {};
            throw fnoError({ status, body, method, entitySet, context: { ...context, ...wait } });
          }
          throttled = retryAfterMs !== undefined;
        }

        // A Retry-After is already in the server's time (the emulators scale their own); only the
        // client's own backoff is divided by the time scale.
        const waitMs = throttled ? decision.waitMs : decision.waitMs / deps.timeScale;
        if (waitMs > deps.maxWaitMs) {
          throw new ConnectorError(
            'transient',
            `D365 asked to wait ${Math.ceil(waitMs / 1000)} s (${decision.reason})`,
            {
              context: { retryAfterMs: Math.round(waitMs), entitySet, method, attempts: record.attempts },
            },
          );
        }
        if (throttled) {
          // Everyone talking to this environment waits, not only this request.
          deps.gate.pause(waitMs);
          skipPause = true;
        }
        record.waitedMs += waitMs;
        await deps.sleep(waitMs, signal);
      }
    } catch (error) {
      record.outcome = signal?.aborted ? 'aborted' : isConnectorError(error) ? error.kind : 'error';
      if (isConnectorError(error) && error.context.outcomeUnknown) record.outcomeUnknown = true;
      throw error;
    } finally {
      record.durationMs = deps.now() - started;
      logExchange(deps.log, record, deps.observer);
    }
  };
}
