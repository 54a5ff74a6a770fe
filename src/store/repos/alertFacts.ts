/**
 * What the alert rules read of the connector's own tables (runs, records and their history, the
 * imported-orders read model): plain reads, no writes, each answering one rule's question.
 */
import type { Queryable } from '../db.ts';

/** The outcomes of a service's last `limit` finished runs, newest first, with their messages. */
export async function recentRunOutcomes(
  q: Queryable,
  connectionId: string,
  flow: string,
  limit: number,
): Promise<Array<{ outcome: string; message: string | null }>> {
  const { rows } = await q.query<{ outcome: string; message: string | null }>(
    `SELECT outcome, message FROM runs
     WHERE connection_id = $1 AND flow = $2 AND ended_at IS NOT NULL
     ORDER BY started_at DESC LIMIT $3`,
    [connectionId, flow, limit],
  );
  return rows;
}

/**
 * When a service last got work done (a run that succeeded, or was interrupted with its work committed),
 * and when it first ran at all: a service that never succeeded counts from its first run.
 */
export async function lastProgress(
  q: Queryable,
  connectionId: string,
  flow: string,
): Promise<{ lastSuccessAt: Date | null; firstRunAt: Date | null }> {
  const { rows } = await q.query<{ last_success: Date | null; first_run: Date | null }>(
    `SELECT max(ended_at) FILTER (WHERE outcome IN ('succeeded', 'interrupted')) AS last_success,
            min(started_at) AS first_run
     FROM runs WHERE connection_id = $1 AND flow = $2`,
    [connectionId, flow],
  );
  return { lastSuccessAt: rows[0]?.last_success ?? null, firstRunAt: rows[0]?.first_run ?? null };
}

export interface NeedsAttentionFacts {
  /** Records of the service in needs_attention now. */
  open: number;
  /** Records that entered needs_attention after the watermark, and the runs that put them there. */
  newRecords: number;
  runs: number;
  /** The highest record_events id seen (the next watermark). */
  lastEventId: number;
  /** The most frequent reasons among the new ones, most frequent first. */
  reasons: Array<{ reason: string; records: number }>;
}

/**
 * Record history lines are the watermark: ids only grow, and the evaluator's clock need not agree with
 * the database's. (A line committed late with a lower id is missed as "new"; its record still counts as
 * open, so the alert stays up — it just does not re-alert for it.)
 */
export async function needsAttentionFacts(
  q: Queryable,
  connectionId: string,
  flow: string,
  afterEventId: number,
  reasons: number,
): Promise<NeedsAttentionFacts> {
  const { rows: open } = await q.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM records WHERE connection_id = $1 AND flow = $2 AND state = 'needs_attention'`,
    [connectionId, flow],
  );
  const { rows: fresh } = await q.query<{
    records: string | number;
    runs: string | number;
    last: string | null;
  }>(
    `SELECT count(DISTINCT e.record_id) AS records, count(DISTINCT e.run_id) AS runs, max(e.id) AS last
     FROM record_events e JOIN records r ON r.id = e.record_id
     WHERE r.connection_id = $1 AND r.flow = $2 AND e.id > $3 AND e.state = 'needs_attention'`,
    [connectionId, flow, afterEventId],
  );
  const { rows: top } = await q.query<{ reason: string; records: string | number }>(
    `SELECT coalesce(r.reason, 'no reason given') AS reason, count(DISTINCT r.id) AS records
     FROM record_events e JOIN records r ON r.id = e.record_id
     WHERE r.connection_id = $1 AND r.flow = $2 AND e.id > $3 AND e.state = 'needs_attention'
       AND r.state = 'needs_attention'
     GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $4`,
    [connectionId, flow, afterEventId, reasons],
  );
  return {
    open: Number(open[0]?.n ?? 0),
    newRecords: Number(fresh[0]?.records ?? 0),
    runs: Number(fresh[0]?.runs ?? 0),
    lastEventId: Math.max(afterEventId, Number(fresh[0]?.last ?? 0)),
    reasons: top.map((r) => ({ reason: r.reason, records: Number(r.records) })),
  };
}

/** Orders imported per UTC hour (hours since the epoch → count) in [fromHour, toHour). */
export async function importedOrdersPerHour(
  q: Queryable,
  connectionId: string,
  fromHour: number,
  toHour: number,
): Promise<Map<number, number>> {
  const { rows } = await q.query<{ hour: string | number; n: string | number }>(
    `SELECT floor(extract(epoch FROM imported_at) / 3600)::bigint AS hour, count(*) AS n
     FROM imported_orders
     WHERE connection_id = $1 AND imported_at >= $2 AND imported_at < $3
     GROUP BY 1`,
    [connectionId, new Date(fromHour * 3_600_000), new Date(toHour * 3_600_000)],
  );
  return new Map(rows.map((r) => [Number(r.hour), Number(r.n)]));
}
