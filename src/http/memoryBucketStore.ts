/**
 * Token buckets kept in this process's memory: right for a single process (the embedded database runs
 * one) and for unit tests. Several processes must share the database store instead, or each would spend
 * the whole limit on its own.
 */
import type { BucketLimit, BucketStore, Reservation, ReserveOptions } from './bucketStore.ts';
import { reserveToken, type BucketState } from './tokenBucket.ts';

export function createMemoryBucketStore(
  now: () => number = () => performance.timeOrigin + performance.now(),
): BucketStore {
  const buckets = new Map<string, BucketState>();
  return {
    async reserve(key: string, limit: BucketLimit, options: ReserveOptions = {}): Promise<Reservation> {
      const result = reserveToken(buckets.get(key), limit, now(), options.drain);
      buckets.set(key, result.state);
      return { waitMs: result.waitMs, readyAt: result.readyAt, tokens: result.tokens };
    },
    async release(key: string, limit: BucketLimit): Promise<void> {
      const state = buckets.get(key);
      if (state) buckets.set(key, { ...state, tokens: Math.min(limit.burst, state.tokens + 1) });
    },
  };
}
