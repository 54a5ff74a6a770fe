/**
 * Taking a request's place in every quota it counts against — its operation's usage plan and any quota
 * that is not an operation's (a feed type's submissions per window) — before it is sent, and the slots
 * a caller can reserve ahead. Amazon's slowest quotas refill in minutes (createFeed: one token per 120 s;
 * JSON_LISTINGS_FEED: 5 submissions per 5 minutes), so a caller is parked at most `maxWaitMs`: beyond
 * that the places go back and a `RateLimitDeferral` says when the next one is free, so a flow reserves
 * that slot (`reserveSlot`) and reschedules its run instead of holding a job for minutes. Quotas are
 * never learnt from 429s: they are known in advance and kept.
 */
import type { BucketLimit, BucketStore } from '../http/bucketStore.ts';
import { abortableSleep, latencyCushionMs, type Sleep } from '../http/rateLimiter.ts';
import { RateLimitDeferral } from './amazonErrors.ts';

/** One bucket a request draws a token from; `key` is the shared store's full key. */
export interface Quota {
  key: string;
  limit: BucketLimit;
}

/**
 * Places taken in advance in every quota of a request, ready at `readyAt` (epoch ms). Plain data, so a
 * flow can keep it in its job's payload and hand it to the call when its rescheduled run comes.
 */
export interface Slot {
  operation: string;
  keys: string[];
  readyAt: number;
}

export interface QuotaDeps {
  store: BucketStore;
  sleep?: Sleep;
  /** Wall clock, epoch ms (slots carry wall-clock times: they outlive the process that reserved them). */
  now?: () => number;
  /**
   * The clock `sleep` runs on (monotonic ms), for the spacing of requests that waited (see `spaced`);
   * without it nothing is spaced. The client gives it with the real sleep only.
   */
  clock?: () => number;
  /** Per bucket key, when this process last let a request that waited go (by `clock`). */
  released?: Map<string, number>;
}

/**
 * Takes one token from each quota; the wait is the longest. A quota's last `latencyCushionMs` worth of
 * tokens is used only that much later: a request that waits for its token waits the cushion more, and
 * one that leaves the bucket with less than a cushion's worth waits the difference — unless it found
 * the bucket full, when Amazon's is full too and there is nothing to make up for. (With the cushion on
 * waits alone, the request that spent a bucket's last fraction of a token after a burst went at once,
 * and drew a 429 whenever the burst's first request had reached Amazon later than it did: one 429 every
 * hundred confirmations in bench/shipments.ts.)
 */
async function take(deps: QuotaDeps, quotas: readonly Quota[], drain: boolean): Promise<number> {
  let waitMs = 0;
  for (const { key, limit } of quotas) {
    const { tokens } = await deps.store.reserve(key, limit, { drain });
    const foundFull = tokens >= limit.burst - 1;
    const short = foundFull ? 0 : latencyCushionMs(limit) - (tokens * 1000) / limit.rate;
    if (short > 0) waitMs = Math.max(waitMs, Math.ceil(short));
  }
  return waitMs;
}

export async function giveBack(store: BucketStore, quotas: readonly Quota[]): Promise<void> {
  for (const quota of quotas) await store.release(quota.key, quota.limit);
}

export interface WaitOptions {
  operation: string;
  /** The longest the caller may be parked; longer, the call refuses with a RateLimitDeferral. */
  maxWaitMs: number;
  /** The remote just answered 429: treat the buckets as spent (a defect, logged by the client). */
  drain?: boolean;
  signal?: AbortSignal;
}

/** Reserves a place in every quota and sleeps until all are ready; returns the milliseconds waited. */
export async function waitForQuotas(
  deps: QuotaDeps,
  quotas: readonly Quota[],
  options: WaitOptions,
): Promise<number> {
  options.signal?.throwIfAborted();
  const waitMs = await take(deps, quotas, options.drain === true);
  if (waitMs > options.maxWaitMs) {
    await giveBack(deps.store, quotas);
    throw new RateLimitDeferral(options.operation, waitMs, (deps.now ?? Date.now)() + waitMs);
  }
  const slept = await sleepOrGiveBack(deps, quotas, waitMs, options.signal);
  try {
    return slept + (await spaced(deps, quotas, waitMs > 0, options.signal));
  } catch (error) {
    await giveBack(deps.store, quotas); // aborted while spaced: the request never went
    throw error;
  }
}

/**
 * Once a bucket is empty, requests leave one refill interval apart by the shared bucket's reckoning —
 * but a request that waited leaves later than its token was ready (the latency cushion; a transaction
 * or a late timer holding it up), and the next one on time, or at once if the bucket has refilled by its
 * reckoning: the remote, which counts from arrivals, sees the two closer than an interval, finds its
 * bucket short and answers 429. So the request after one that waited leaves at least one interval after
 * it left this process. A burst stays a burst (requests after one that took a token at once are not
 * spaced), and spacing an already-spaced queue costs nothing.
 */
async function spaced(
  deps: QuotaDeps,
  quotas: readonly Quota[],
  waited: boolean,
  signal?: AbortSignal,
): Promise<number> {
  const { clock, released } = deps;
  if (!clock || !released) return 0;
  let extra = 0;
  for (const quota of quotas) {
    const previous = released.get(quota.key);
    if (previous === undefined) continue;
    extra = Math.max(extra, Math.ceil(previous + 1000 / quota.limit.rate - clock()));
  }
  if (extra > 0) await (deps.sleep ?? abortableSleep)(extra, signal);
  const at = clock();
  // A request that left later than its token (it waited, or was spaced just now) is the one the next
  // must keep an interval from; one that left the moment its token was there starts a burst.
  for (const quota of quotas) {
    if (waited || extra > 0) released.set(quota.key, at);
    else released.delete(quota.key);
  }
  return Math.max(0, extra);
}

async function sleepOrGiveBack(
  deps: QuotaDeps,
  quotas: readonly Quota[],
  ms: number,
  signal?: AbortSignal,
): Promise<number> {
  try {
    await (deps.sleep ?? abortableSleep)(ms, signal);
  } catch (error) {
    await giveBack(deps.store, quotas); // the caller gave up: its unused places go back to the buckets
    throw error;
  }
  return ms;
}

/**
 * Reserves a place in every quota without waiting: the slot is the time all of them are ready. Another
 * caller reserving after it queues behind it, so the slot stays the caller's until it is used or released.
 */
export async function reserveSlot(
  deps: QuotaDeps,
  operation: string,
  quotas: readonly Quota[],
): Promise<Slot> {
  const waitMs = await take(deps, quotas, false);
  return { operation, keys: quotas.map((q) => q.key), readyAt: (deps.now ?? Date.now)() + waitMs };
}

/** When a request reserved now could go (reserves and gives the places straight back). */
export async function nextFreeSlot(deps: QuotaDeps, quotas: readonly Quota[]): Promise<number> {
  const waitMs = await take(deps, quotas, false);
  await giveBack(deps.store, quotas);
  return (deps.now ?? Date.now)() + waitMs;
}

/**
 * Waits for a slot reserved earlier (its places are already taken). A slot still further off than the
 * cap is not waited for: the call refuses with the same slot's time, and the slot stays reserved.
 */
export async function waitForSlot(
  deps: QuotaDeps,
  slot: Slot,
  quotas: readonly Quota[],
  options: WaitOptions,
): Promise<number> {
  options.signal?.throwIfAborted();
  const keys = quotas.map((q) => q.key);
  if (slot.keys.length !== keys.length || slot.keys.some((k, i) => k !== keys[i]))
    throw new RangeError(`the slot was reserved for other quotas (${slot.keys.join(', ')})`);
  const waitMs = Math.max(0, Math.ceil(slot.readyAt - (deps.now ?? Date.now)()));
  if (waitMs > options.maxWaitMs) throw new RateLimitDeferral(options.operation, waitMs, slot.readyAt);
  return sleepOrGiveBack(deps, quotas, waitMs, options.signal);
}
