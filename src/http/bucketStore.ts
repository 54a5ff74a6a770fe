/**
 * The port through which a remote's client shares its token buckets (DESIGN §4.2). A bucket holds up to
 * `burst` tokens and refills at `rate` tokens per second; each request takes one *before* it is sent.
 * One implementation lives in memory (a single process, unit tests); the one in `store/repos/
 * rateBuckets.ts` keeps the state in the database, so all worker processes of a deployment draw from the
 * same buckets and together never exceed the remote's limit. `main.ts` hands the right one to clients.
 */

export interface BucketLimit {
  /** Tokens added per second (requests per second). */
  rate: number;
  /** Bucket size: how many requests may go at once after a quiet period. */
  burst: number;
}

export interface ReserveOptions {
  /**
   * Treat the bucket as empty before reserving: the remote just answered 429, so whatever this side
   * believed, the remote's bucket is spent. The reservation then waits at least one refill interval,
   * and so do reservations queued behind it (in every process sharing the bucket).
   */
  drain?: boolean;
}

export interface Reservation {
  /** How long the caller must wait before sending (0 when a token was there). */
  waitMs: number;
  /** When the token is ready, in milliseconds on the store's own clock (tests compare these). */
  readyAt: number;
  /** The bucket's balance after this reservation: what is left, or (negative) the queue before it. */
  tokens: number;
}

export interface BucketStore {
  /**
   * Takes one token from bucket `key` atomically. Tokens may go negative: a negative balance is a queue
   * of reservations, and this one is ready when the refill has paid its place in it back. A bucket seen
   * for the first time starts full.
   */
  reserve(key: string, limit: BucketLimit, options?: ReserveOptions): Promise<Reservation>;
  /**
   * Gives back a token reserved but never used (the caller stopped waiting): without it every run that
   * gives up would push the queue further back and a slow operation could starve for good.
   */
  release(key: string, limit: BucketLimit): Promise<void>;
}
