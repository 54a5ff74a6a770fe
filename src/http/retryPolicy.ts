/**
 * Whether and when to try a remote call again — a pure decision from a status table (DESIGN §4.3).
 * The executor (the client's request loop) sleeps; this module only decides, so it is tested as a table.
 * Jitter comes in as an argument, never from Math.random inside, to keep the decision deterministic.
 */

export interface CallOutcome {
  /** HTTP status, when an answer arrived. */
  status?: number;
  /** A network error code (ECONNRESET, ETIMEDOUT, …) when no answer arrived. */
  networkError?: string;
  /** The remote's error code, when it gave one (Amazon `code`, e.g. 'QuotaExceeded', 'Unauthorized'). */
  remoteCode?: string;
  /** A Retry-After the remote sent, in milliseconds. */
  retryAfterMs?: number;
  /** The remote's message, to recognise an expired access token. */
  message?: string;
  /**
   * False for a write that must not be repeated blindly (Amazon confirmShipment): once the request may
   * have reached the remote (a 5xx, a network error after connecting, a timeout), the decision is
   * `outcomeUnknown` instead of a retry, and the caller must read the remote to learn what happened.
   * Default true.
   */
  idempotent?: boolean;
  /**
   * The caller waits for its own token bucket before every attempt. A 429 without Retry-After then
   * waits for that bucket (`waitForBucket`, treated as empty) rather than for a blind backoff.
   */
  bucketLimited?: boolean;
  /**
   * Whether the access token was already refreshed once during this call. Unset: assumed after the
   * first attempt (callers that retry for other reasons first should say so).
   */
  tokenRefreshed?: boolean;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

export interface RetryDecision {
  retry: boolean;
  waitMs: number;
  /** Refresh the access token before the next attempt. */
  refreshToken?: boolean;
  /** Wait for the caller's token bucket, drained, before the next attempt (see `bucketLimited`). */
  waitForBucket?: boolean;
  /**
   * A non-idempotent write may or may not have been applied: it is not retried, and the caller must
   * find out by reading the remote (never set for idempotent calls).
   */
  outcomeUnknown?: boolean;
  reason: string;
}

const TRANSIENT_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ABORT_TIMEOUT',
]);

/** Failures that happen before a byte of the request leaves: a non-idempotent write may be retried. */
const NOT_SENT_NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

const EXPIRED_TOKEN = /expired|invalid.*token|token.*invalid/i;

/** Exponential backoff with full jitter: a random wait in [0, min(max, base·2^(attempt−1))]. */
export function backoffMs(attempt: number, policy: RetryPolicy, jitter: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * Math.min(Math.max(jitter, 0), 1));
}

/**
 * @param attempt the attempt that just ended, starting at 1
 * @param jitter a number in [0, 1), e.g. Math.random() supplied by the executor
 */
export function decide(
  outcome: CallOutcome,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  jitter = 1,
): RetryDecision {
  const status = outcome.status;
  if (status !== undefined && status >= 200 && status < 400)
    return { retry: false, waitMs: 0, reason: 'succeeded' };
  const out = (
    retry: boolean,
    reason: string,
    waitMs = 0,
    extra: Pick<RetryDecision, 'refreshToken' | 'waitForBucket'> = {},
  ): RetryDecision =>
    retry && attempt >= policy.maxAttempts
      ? { retry: false, waitMs: 0, reason: `${reason}; gave up after ${attempt} attempts` }
      : { retry, waitMs: retry ? waitMs : 0, reason, ...(retry ? extra : {}) };
  // The write may have reached the remote: repeating it could apply it twice.
  const unknown = (reason: string): RetryDecision => ({
    retry: false,
    waitMs: 0,
    outcomeUnknown: true,
    reason: `${reason}; the write may have been applied, so it is not repeated`,
  });
  const idempotent = outcome.idempotent !== false;
  const backoff = backoffMs(attempt, policy, jitter);

  if (status === undefined) {
    const code = outcome.networkError ?? 'unknown';
    if (!idempotent && !NOT_SENT_NETWORK.has(code)) return unknown(`network error ${code}`);
    return TRANSIENT_NETWORK.has(code)
      ? out(true, `network error ${code}`, backoff)
      : out(false, `network error ${code}`);
  }
  if (status === 429) {
    // Amazon sends no Retry-After: its client waits for the token bucket; F&O sends one and it is honoured.
    // A throttled request was not applied, so even a non-idempotent write may be sent again.
    if (outcome.retryAfterMs === undefined && outcome.bucketLimited)
      return out(true, 'throttled (429); waiting for the rate-limit bucket', 0, { waitForBucket: true });
    return out(true, 'throttled (429)', outcome.retryAfterMs ?? backoff);
  }
  if (status === 401 || (status === 403 && EXPIRED_TOKEN.test(outcome.message ?? ''))) {
    // One refresh of the access token; a second refusal is an auth problem a person must fix.
    const refreshed = outcome.tokenRefreshed ?? attempt > 1;
    return refreshed
      ? out(false, 'not authorised')
      : out(true, 'access token rejected; refreshing it once', 0, { refreshToken: true });
  }
  if (status === 408 || status === 500 || status === 502 || status === 503 || status === 504) {
    if (!idempotent) return unknown(`server error ${status}`);
    return out(true, `server error ${status}`, outcome.retryAfterMs ?? backoff);
  }
  return out(false, `refused with ${status}${outcome.remoteCode ? ` ${outcome.remoteCode}` : ''}`);
}
