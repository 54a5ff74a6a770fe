/**
 * Runs: one row per execution of a flow for a connection, and the statistics they roll up into the
 * service status (items processed, errors, backlog, lag).
 */
import type { Queryable } from '../db.ts';

export type RunOutcome = 'succeeded' | 'failed' | 'skipped' | 'interrupted';

export interface RunRow {
  id: string;
  connectionId: string;
  flow: string;
  trigger: string;
  startedAt: Date;
  endedAt: Date | null;
  outcome: RunOutcome | null;
  items: number;
  errors: number;
  message: string | null;
}

export async function startRun(
  q: Queryable,
  run: { id: string; connectionId: string; flow: string; trigger: string },
): Promise<void> {
  // The caller holds the service's lease, so an unfinished earlier run belongs to a process that died.
  await q.query(
    `UPDATE runs SET ended_at = now(), outcome = 'interrupted',
            message = 'the process running it stopped; its uncommitted work is redone by a later run'
     WHERE connection_id = $1 AND flow = $2 AND ended_at IS NULL`,
    [run.connectionId, run.flow],
  );
  await q.query('INSERT INTO runs (id, connection_id, flow, trigger) VALUES ($1, $2, $3, $4)', [
    run.id,
    run.connectionId,
    run.flow,
    run.trigger,
  ]);
  await q.query(
    `UPDATE services SET last_run_id = $3, last_started_at = now() WHERE connection_id = $1 AND flow = $2`,
    [run.connectionId, run.flow, run.id],
  );
}

export interface RunEnd {
  id: string;
  connectionId: string;
  flow: string;
  outcome: RunOutcome;
  items: number;
  errors: number;
  message: string;
  backlog?: number | null;
  lagSeconds?: number | null;
}

export async function endRun(q: Queryable, end: RunEnd): Promise<void> {
  await q.query(
    `UPDATE runs SET ended_at = now(), outcome = $2, items = $3, errors = $4, message = $5 WHERE id = $1`,
    [end.id, end.outcome, end.items, end.errors, end.message],
  );
  await q.query(
    `UPDATE services SET last_ended_at = now(), last_outcome = $3, last_message = $4,
            items_processed = items_processed + $5, errors = errors + $6,
            backlog = COALESCE($7, backlog), lag_seconds = COALESCE($8, lag_seconds)
     WHERE connection_id = $1 AND flow = $2`,
    [
      end.connectionId,
      end.flow,
      end.outcome,
      end.message,
      end.items,
      end.errors,
      end.backlog ?? null,
      end.lagSeconds ?? null,
    ],
  );
}

export async function listRuns(
  q: Queryable,
  connectionId: string,
  flow: string,
  limit = 20,
): Promise<RunRow[]> {
  const { rows } = await q.query<{
    id: string;
    connection_id: string;
    flow: string;
    trigger: string;
    started_at: Date;
    ended_at: Date | null;
    outcome: RunOutcome | null;
    items: number;
    errors: number;
    message: string | null;
  }>('SELECT * FROM runs WHERE connection_id = $1 AND flow = $2 ORDER BY started_at DESC LIMIT $3', [
    connectionId,
    flow,
    limit,
  ]);
  return rows.map((r) => ({
    id: r.id,
    connectionId: r.connection_id,
    flow: r.flow,
    trigger: r.trigger,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    outcome: r.outcome,
    items: r.items,
    errors: r.errors,
    message: r.message,
  }));
}
