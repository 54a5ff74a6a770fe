/**
 * The token-bucket arithmetic, pure so it is tested as a table and shared by the in-memory store. The
 * database store (`store/repos/rateBuckets.ts`) runs the same formula in one SQL statement:
 *
 *   tokens' = min(burst, tokens + elapsed × rate) − 1        (drain: min(0, …) − 1)
 *   wait    = tokens' < 0 ? −tokens' / rate : 0
 *
 * Letting the balance go negative turns the bucket into a queue: N callers reserving at once get waits
 * of 0, …, 0 (burst of them), 1/rate, 2/rate, … so they leave in order and never faster than the limit,
 * without polling or locks held while waiting.
 */
import type { BucketLimit, Reservation } from './bucketStore.ts';

export interface BucketState {
  tokens: number;
  /** Milliseconds of the last reservation on the store's clock. */
  updatedAt: number;
}

export interface ReserveResult extends Reservation {
  state: BucketState;
}

export function reserveToken(
  state: BucketState | undefined,
  limit: BucketLimit,
  nowMs: number,
  drain = false,
): ReserveResult {
  assertLimit(limit);
  // A clock that steps back (another process's view, NTP) must not mint tokens: elapsed is never negative.
  const at = Math.max(nowMs, state?.updatedAt ?? nowMs);
  const elapsedS = state ? (at - state.updatedAt) / 1000 : 0;
  const refilled = state ? Math.min(limit.burst, state.tokens + elapsedS * limit.rate) : limit.burst;
  const tokens = (drain ? Math.min(0, refilled) : refilled) - 1;
  const waitMs = tokens < 0 ? (-tokens / limit.rate) * 1000 : 0;
  return { state: { tokens, updatedAt: at }, waitMs, readyAt: at + waitMs, tokens };
}

export function assertLimit(limit: BucketLimit): void {
  if (
    !(limit.rate > 0) ||
    !Number.isFinite(limit.rate) ||
    !(limit.burst >= 1) ||
    !Number.isFinite(limit.burst)
  )
    throw new RangeError(`invalid rate limit: rate ${limit.rate}/s, burst ${limit.burst}`);
}
