/**
 * Waiting for a token before a request is sent (DESIGN §4.2: the limiter waits before sending, so a 429
 * is a defect, not the way the limit is found). The wait honours the caller's AbortSignal: a run that
 * runs out of time stops waiting at once and has sent nothing.
 */
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
  const ms = Math.ceil(waitMs);
  await (options.sleep ?? abortableSleep)(ms, options.signal);
  return ms;
}
