/**
 * Facts about one attempt that the retry loop needs and `http/retryPolicy.ts` does not decide: whether a
 * failed request can have reached F&O (only then is a non-idempotent POST's outcome unknown), which
 * answers are ambiguous for a write, and how long Retry-After asks to wait. The network error's code
 * itself is read by `http/networkError.ts` (shared with the Amazon client).
 */

/** Connection-level failures that happen before a byte of the request is sent. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export function wasNeverSent(networkCode: string): boolean {
  return NEVER_SENT.has(networkCode);
}

/**
 * Statuses after which a write may or may not have been applied: a gateway timed out or failed while
 * F&O may still have been working. A 503 with Retry-After is F&O's service protection refusing the
 * request before running it, so it is not ambiguous; a 429 never is.
 */
export function isAmbiguousStatus(status: number, hasRetryAfter: boolean): boolean {
  if (status === 503) return !hasRetryAfter;
  return status === 500 || status === 502 || status === 504 || status === 408;
}

/** Retry-After as delta-seconds (fractions tolerated, for emulators) or an HTTP date; undefined if absent. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
