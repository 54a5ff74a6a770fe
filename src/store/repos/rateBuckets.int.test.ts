import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, TEST_DATABASE_URL } from '../../../test/support/testDb.ts';
import { firstRateViolation } from '../../../test/support/rateWindows.ts';
import { openPostgres } from '../postgresDb.ts';
import type { Store } from '../openStore.ts';
import type { Db } from '../db.ts';
import { createDbBucketStore } from './rateBuckets.ts';

let store: Store & { schema?: string };
const extra: Db[] = [];
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  for (const db of extra.splice(0)) await db.close();
  await store.close();
});

describe('rate buckets in the database', () => {
  it('start full, then queue reservations one refill interval apart', async () => {
    const buckets = createDbBucketStore(store.db);
    const limit = { rate: 0.01, burst: 3 }; // slow enough that refill during the test is negligible
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push((await buckets.reserve('amazon:S:na:x', limit)).waitMs);
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(99_000);
    expect(waits[3]).toBeLessThanOrEqual(100_000);
    expect(waits[4]! - waits[3]!).toBeCloseTo(100_000, -2);
    // Another key is another bucket.
    expect((await buckets.reserve('amazon:S:na:y', limit)).waitMs).toBe(0);
  });

  it('takes back a place its caller abandoned, never above the burst', async () => {
    const buckets = createDbBucketStore(store.db);
    const limit = { rate: 0.01, burst: 1 };
    await buckets.reserve('rel', limit); // spent
    const queued = await buckets.reserve('rel', limit); // ~100 s away…
    expect(queued.waitMs).toBeGreaterThan(99_000);
    await buckets.release('rel', limit); // …but its caller gave up
    const next = await buckets.reserve('rel', limit);
    expect(next.waitMs).toBeGreaterThan(99_000); // the freed place, not one behind it
    expect(next.waitMs).toBeLessThanOrEqual(100_000);
    await buckets.release('rel', limit);
    await buckets.release('rel', limit);
    await buckets.release('rel', limit); // more releases than reservations: capped at the burst
    expect((await buckets.reserve('rel', limit)).waitMs).toBe(0);
    expect((await buckets.reserve('rel', limit)).waitMs).toBeGreaterThan(99_000);
  });

  it('drain treats the bucket as empty (the remote said 429)', async () => {
    const buckets = createDbBucketStore(store.db);
    const limit = { rate: 0.01, burst: 10 };
    expect((await buckets.reserve('k', limit)).waitMs).toBe(0);
    const drained = await buckets.reserve('k', limit, { drain: true });
    expect(drained.waitMs).toBeCloseTo(100_000, -2);
  });

  it('concurrent reservations never exceed burst + rate × elapsed', async () => {
    const dbs: Db[] = [store.db];
    // On PostgreSQL, a second pool on the same schema makes the reservations truly concurrent.
    if (TEST_DATABASE_URL && store.schema) {
      const second = await openPostgres({ url: TEST_DATABASE_URL, schema: store.schema, max: 4 });
      extra.push(second);
      dbs.push(second);
    }
    const limit = { rate: 40, burst: 5 };
    const stores = dbs.map((db) => createDbBucketStore(db));
    const reservations = await Promise.all(
      Array.from({ length: 80 }, (_, i) => stores[i % stores.length]!.reserve('shared', limit)),
    );
    const readyAt = reservations.map((r) => r.readyAt);
    expect(firstRateViolation(readyAt, limit)).toBeUndefined();
    // The queue is as long as the limit says: the 75 reservations past the burst take at least 75/40 s.
    const span = Math.max(...readyAt) - Math.min(...readyAt);
    expect(span).toBeGreaterThanOrEqual((75 / 40) * 1000 - 1);
  });

  it('refuses a nonsense limit before touching the table', async () => {
    const buckets = createDbBucketStore(store.db);
    await expect(buckets.reserve('k', { rate: 0, burst: 1 })).rejects.toThrow(RangeError);
  });
});
