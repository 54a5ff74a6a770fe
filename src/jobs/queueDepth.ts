/**
 * How many jobs wait and run per pg-boss queue, for the metrics endpoint: read straight from pg-boss's
 * job table (one grouped query over every queue, where `getQueueSize` would take one call per queue).
 * Finished jobs (completed, cancelled, failed) are left out: they are history, not depth.
 */
import type { Queryable } from '../store/db.ts';
import { BOSS_SCHEMA } from './boss.ts';

export interface QueueDepth {
  queue: string;
  /** created (waiting for its start time or a worker), retry (waiting to be tried again), active. */
  state: 'created' | 'retry' | 'active';
  jobs: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export async function queueDepths(q: Queryable, schema: string = BOSS_SCHEMA): Promise<QueueDepth[]> {
  // The schema is ours (BOSS_SCHEMA or CONNECTOR_DB_SCHEMA's, already checked), never a request's.
  if (!SCHEMA_NAME.test(schema)) throw new RangeError(`not a schema name: ${schema}`);
  const { rows } = await q.query<{ name: string; state: QueueDepth['state']; jobs: string }>(
    `SELECT name, state, count(*) AS jobs FROM ${schema}.job
     WHERE state IN ('created', 'retry', 'active') GROUP BY name, state`,
  );
  return rows.map((r) => ({ queue: r.name, state: r.state, jobs: Number(r.jobs) }));
}
