/**
 * Aggregates for the metrics endpoint (ops/metrics/): runs per outcome, the last successful run, and
 * the records still waiting per state, per service. They are read from the shared database at each scrape, so any one
 * process of a scaled-out connector reports the whole installation's numbers. The runs table is never
 * purged, so counting it is the costliest of these; it groups on the primary table only.
 */
import type { Queryable } from '../db.ts';

export interface RunCount {
  connectionId: string;
  flow: string;
  outcome: string;
  runs: number;
}

export interface LastSuccess {
  connectionId: string;
  flow: string;
  endedAt: Date;
}

export interface RecordCount {
  connectionId: string;
  flow: string;
  state: string;
  records: number;
}

/** Finished runs per service and outcome (a run under way has no outcome yet and is not counted). */
export async function countRunsByOutcome(q: Queryable): Promise<RunCount[]> {
  const { rows } = await q.query<{ connection_id: string; flow: string; outcome: string; runs: string }>(
    `SELECT connection_id, flow, outcome, count(*) AS runs FROM runs
     WHERE outcome IS NOT NULL GROUP BY connection_id, flow, outcome`,
  );
  return rows.map((r) => ({
    connectionId: r.connection_id,
    flow: r.flow,
    outcome: r.outcome,
    runs: Number(r.runs),
  }));
}

export async function lastSuccessfulRuns(q: Queryable): Promise<LastSuccess[]> {
  const { rows } = await q.query<{ connection_id: string; flow: string; ended_at: Date }>(
    `SELECT connection_id, flow, max(ended_at) AS ended_at FROM runs
     WHERE outcome = 'succeeded' GROUP BY connection_id, flow`,
  );
  return rows.map((r) => ({ connectionId: r.connection_id, flow: r.flow, endedAt: new Date(r.ended_at) }));
}

/**
 * Records waiting on something per service and state: pending, needs_attention, failed. Synced records
 * are left out on purpose: they are most of the table and grow for ever (the items counter tells that
 * volume), while these states stay few and are read through the `records_by_state` index.
 */
export async function countOpenRecords(q: Queryable): Promise<RecordCount[]> {
  const { rows } = await q.query<{ connection_id: string; flow: string; state: string; records: string }>(
    `SELECT connection_id, flow, state, count(*) AS records FROM records
     WHERE state IN ('pending', 'needs_attention', 'failed') GROUP BY connection_id, flow, state`,
  );
  return rows.map((r) => ({
    connectionId: r.connection_id,
    flow: r.flow,
    state: r.state,
    records: Number(r.records),
  }));
}
