/**
 * Waiting for a token before a request is sent (DESIGN §4.2: the limiter waits before sending, so a 429
 * is a defect, not the way the limit is found). The wait honours the caller's AbortSignal: a run that
 * runs out of time stops waiting at once and has sent nothing.
 */
import { ConnectorError } from '../errors.ts';
import type { BucketLimit, BucketStore, ReserveOptions } from './bucketStore.ts';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A sleep that ends early, rejecting with the signal's reason (what the caller aborted with). */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    if (ms <= 0) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export interface WaitForTokenOptions extends ReserveOptions {
  sleep?: Sleep;
  signal?: AbortSignal;
  /** Added to a wait that is not zero (see `latencyCushionMs`); a token that is there is used at once. */
  cushionMs?: number;
  /**
   * Longer waits are not taken: the token goes back and a transient error says when to come back
   * (`context.retryAfterMs`), so a run does not sit out its time limit waiting for one request.
   */
  maxWaitMs?: number;
}

/**
 * How much longer than its own bucket says a client waits when it must wait at all. The remote's bucket
 * starts full when the first request *arrives*, ours when that request was reserved, earlier by its
 * latency; a later request that travels faster (a reused connection after a new TLS one, a warm server
 * after a cold one, a busy process on either side) and leaves the moment our token is ready finds the
 * remote's bucket short by rate × the difference — a fraction of a token, and a 429. One refill
 * interval, at most 250 ms, absorbs a difference up to that (half an interval left a 429 every hundred
 * confirmations at 50 a second in bench/shipments.ts; bench/amazonOrders.ts shows the first case). It
 * shifts every waiting request by the same amount, so a caller that keeps the queue busy loses no
 * throughput. (The Amazon client also keeps the cushion's worth of a bucket's last tokens back:
 * amazon/quotaSlots.ts.)
 */
export function latencyCushionMs(limit: BucketLimit): number {
  return Math.min(250, 1000 / limit.rate);
}

/** Reserves a token in `key` and sleeps until it is ready; returns the milliseconds waited. */
export async function waitForToken(
  store: BucketStore,
  key: string,
  limit: BucketLimit,
  options: WaitForTokenOptions = {},
): Promise<number> {
  options.signal?.throwIfAborted();
  const { waitMs } = await store.reserve(key, limit, { drain: options.drain });
  const ms = waitMs > 0 ? Math.ceil(waitMs + (options.cushionMs ?? 0)) : 0;
  if (options.maxWaitMs !== undefined && ms > options.maxWaitMs) {
    await store.release(key, limit);
    throw new ConnectorError(
      'transient',
      `rate limit: the next request may go in ${Math.ceil(ms / 1000)} s`,
      {
        context: { bucket: key, retryAfterMs: ms },
      },
    );
  }
  try {
    await (options.sleep ?? abortableSleep)(ms, options.signal);
  } catch (error) {
    await store.release(key, limit); // the caller gave up: its unused place goes back to the bucket
    throw error;
  }
  return ms;
}
