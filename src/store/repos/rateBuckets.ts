/**
 * The database implementation of the `BucketStore` port (http/bucketStore.ts): a reservation is one
 * atomic upsert, so any number of processes on one PostgreSQL draw from the same bucket and together
 * never exceed it. The formula is the one in http/tokenBucket.ts:
 *
 *   tokens' = min(burst, tokens + elapsed × rate) − 1   (drain: min(0, …) − 1), wait = −tokens'/rate
 *
 * `clock_timestamp()` is read once per statement, before the row lock is taken. A reservation that
 * waited for the lock behind another one therefore sees a "now" older than the row's: elapsed is
 * clamped at 0 and `updated_at` never moves back, so waiting for the lock can only make a caller more
 * patient, never mint tokens. The caller sleeps after the statement returns, so it sends no earlier
 * than the ready time the database gave it.
 */
import type { BucketLimit, BucketStore, Reservation, ReserveOptions } from '../../http/bucketStore.ts';
import { assertLimit } from '../../http/tokenBucket.ts';
import type { Queryable } from '../db.ts';

const REFILLED = `LEAST(EXCLUDED.burst,
  b.tokens + GREATEST(0, EXTRACT(EPOCH FROM (EXCLUDED.updated_at - b.updated_at)))::float8 * EXCLUDED.rate)`;

const RESERVE = `WITH clock AS (SELECT clock_timestamp() AS now)
INSERT INTO rate_buckets AS b (key, tokens, rate, burst, updated_at)
SELECT $1, (CASE WHEN $4::boolean THEN 0 ELSE $3::float8 END) - 1, $2::float8, $3::float8, clock.now FROM clock
ON CONFLICT (key) DO UPDATE SET
  tokens = (CASE WHEN $4::boolean THEN LEAST(0, ${REFILLED}) ELSE ${REFILLED} END) - 1,
  rate = EXCLUDED.rate,
  burst = EXCLUDED.burst,
  updated_at = GREATEST(b.updated_at, EXCLUDED.updated_at)
RETURNING tokens, rate, (EXTRACT(EPOCH FROM updated_at) * 1000)::float8 AS at_ms`;

export function createDbBucketStore(q: Queryable): BucketStore {
  return {
    async reserve(key: string, limit: BucketLimit, options: ReserveOptions = {}): Promise<Reservation> {
      assertLimit(limit);
      const { rows } = await q.query<{ tokens: number; rate: number; at_ms: number }>(RESERVE, [
        key,
        limit.rate,
        limit.burst,
        options.drain === true,
      ]);
      const row = rows[0];
      if (!row) throw new Error(`rate bucket ${key}: the reservation returned no row`);
      const waitMs = row.tokens < 0 ? (-row.tokens / row.rate) * 1000 : 0;
      return { waitMs, readyAt: row.at_ms + waitMs, tokens: row.tokens };
    },
    async release(key: string, limit: BucketLimit): Promise<void> {
      await q.query('UPDATE rate_buckets SET tokens = LEAST($2::float8, tokens + 1) WHERE key = $1', [
        key,
        limit.burst,
      ]);
    },
  };
}
