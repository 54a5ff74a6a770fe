/**
 * Records: one row per synced item (an order, a SKU) with its state, attempts, last error, content hash,
 * non-personal summary, sealed personal data and the raw payload it came from; plus its history.
 * States: pending → synced, or needs_attention (a person must fix data or mapping), or failed
 * (transient errors outlived their retries).
 */
import type { Queryable } from '../db.ts';
import type { Sealer } from '../crypto.ts';
import { WhereClause } from '../whereClause.ts';

export type RecordState = 'pending' | 'synced' | 'needs_attention' | 'failed';
export const RECORD_STATES: RecordState[] = ['pending', 'synced', 'needs_attention', 'failed'];

export interface SyncRecord {
  id: number;
  connectionId: string;
  flow: string;
  externalId: string;
  state: RecordState;
  attempts: number;
  reason: string | null;
  lastError: string | null;
  contentHash: string | null;
  summary: Record<string, unknown>;
  hasPersonal: boolean;
  payloadId: number | null;
  purgeAfter: Date | null;
  purgedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  syncedAt: Date | null;
}

interface RecordRow {
  id: number;
  connection_id: string;
  flow: string;
  external_id: string;
  state: RecordState;
  attempts: number;
  reason: string | null;
  last_error: string | null;
  content_hash: string | null;
  summary: Record<string, unknown>;
  personal: string | null;
  payload_id: number | null;
  purge_after: Date | null;
  purged_at: Date | null;
  created_at: Date;
  updated_at: Date;
  synced_at: Date | null;
}

const toRecord = (r: RecordRow): SyncRecord => ({
  id: r.id,
  connectionId: r.connection_id,
  flow: r.flow,
  externalId: r.external_id,
  state: r.state,
  attempts: r.attempts,
  reason: r.reason,
  lastError: r.last_error,
  contentHash: r.content_hash,
  summary: r.summary,
  hasPersonal: r.personal !== null,
  payloadId: r.payload_id,
  purgeAfter: r.purge_after,
  purgedAt: r.purged_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  syncedAt: r.synced_at,
});

export interface SaveRecord {
  connectionId: string;
  flow: string;
  externalId: string;
  state: RecordState;
  /** What a person must do (needs_attention) or what went wrong (failed). */
  reason?: string | null;
  lastError?: string | null;
  contentHash?: string | null;
  summary?: Record<string, unknown>;
  /** Personal data kept with the record; sealed before it is stored. */
  personal?: unknown;
  payloadId?: number | null;
  purgeAfter?: Date | null;
  runId?: string;
  /** The history line; defaults to a description of the state. */
  message?: string;
  /** Counts as one more attempt (a real try at syncing, not a status change). */
  attempt?: boolean;
}

/** Creates or updates the record for (connection, flow, external id) and appends a history line. */
export async function saveRecord(q: Queryable, sealer: Sealer, r: SaveRecord): Promise<SyncRecord> {
  const personal = r.personal === undefined ? undefined : sealer.seal(JSON.stringify(r.personal));
  const { rows } = await q.query<RecordRow>(
    `INSERT INTO records (connection_id, flow, external_id, state, reason, last_error, content_hash, summary,
                          personal, payload_id, purge_after, attempts, synced_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8::jsonb, '{}'), $9, $10, $11, CASE WHEN $12 THEN 1 ELSE 0 END,
             CASE WHEN $4 = 'synced' THEN now() END)
     ON CONFLICT (connection_id, flow, external_id) DO UPDATE SET
       state = EXCLUDED.state,
       reason = EXCLUDED.reason,
       last_error = EXCLUDED.last_error,
       content_hash = COALESCE(EXCLUDED.content_hash, records.content_hash),
       summary = CASE WHEN $8::jsonb IS NULL THEN records.summary ELSE records.summary || $8::jsonb END,
       personal = COALESCE(EXCLUDED.personal, records.personal),
       payload_id = COALESCE(EXCLUDED.payload_id, records.payload_id),
       purge_after = COALESCE(EXCLUDED.purge_after, records.purge_after),
       attempts = records.attempts + CASE WHEN $12 THEN 1 ELSE 0 END,
       synced_at = CASE WHEN EXCLUDED.state = 'synced' THEN now() ELSE records.synced_at END,
       updated_at = now()
     RETURNING *`,
    [
      r.connectionId,
      r.flow,
      r.externalId,
      r.state,
      r.reason ?? null,
      r.lastError ?? null,
      r.contentHash ?? null,
      r.summary ? JSON.stringify(r.summary) : null,
      personal ?? null,
      r.payloadId ?? null,
      r.purgeAfter ?? null,
      r.attempt ?? false,
    ],
  );
  const record = toRecord(rows[0]!);
  await q.query('INSERT INTO record_events (record_id, run_id, state, message) VALUES ($1, $2, $3, $4)', [
    record.id,
    r.runId ?? null,
    r.state,
    r.message ?? r.reason ?? r.state,
  ]);
  return record;
}

/** A line in a record's history that does not change the record (who asked for a replay, say). */
export async function appendRecordEvent(
  q: Queryable,
  record: Pick<SyncRecord, 'id' | 'state'>,
  message: string,
): Promise<void> {
  await q.query('INSERT INTO record_events (record_id, state, message) VALUES ($1, $2, $3)', [
    record.id,
    record.state,
    message,
  ]);
}

export async function getRecord(q: Queryable, id: number): Promise<SyncRecord | undefined> {
  const { rows } = await q.query<RecordRow>('SELECT * FROM records WHERE id = $1', [id]);
  return rows[0] && toRecord(rows[0]);
}

/** The record, locked until the transaction ends: a decision on its state that no flow may race. */
export async function lockRecord(q: Queryable, id: number): Promise<SyncRecord | undefined> {
  const { rows } = await q.query<RecordRow>('SELECT * FROM records WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] && toRecord(rows[0]);
}

export async function findRecord(
  q: Queryable,
  connectionId: string,
  flow: string,
  externalId: string,
): Promise<SyncRecord | undefined> {
  const { rows } = await q.query<RecordRow>(
    'SELECT * FROM records WHERE connection_id = $1 AND flow = $2 AND external_id = $3',
    [connectionId, flow, externalId],
  );
  return rows[0] && toRecord(rows[0]);
}

/** The sealed personal data of a record, opened; undefined once purged. */
export async function getRecordPersonal(q: Queryable, sealer: Sealer, id: number): Promise<unknown> {
  const { rows } = await q.query<{ personal: string | null }>('SELECT personal FROM records WHERE id = $1', [
    id,
  ]);
  const sealed = rows[0]?.personal;
  return sealed ? JSON.parse(sealer.open(sealed)) : undefined;
}

export interface RecordFilter {
  connectionId?: string;
  flow?: string;
  state?: RecordState;
  /** Case-insensitive substring of the reason or last error. */
  reason?: string;
  limit?: number;
  beforeId?: number;
}

function filterSql(f: RecordFilter): WhereClause {
  return new WhereClause()
    .when(f.connectionId, 'connection_id = ?')
    .when(f.flow, 'flow = ?')
    .when(f.state, 'state = ?')
    .when(f.reason && `%${f.reason}%`, '(reason ILIKE ? OR last_error ILIKE ?)')
    .when(f.beforeId, 'id < ?');
}

export async function listRecords(q: Queryable, f: RecordFilter): Promise<SyncRecord[]> {
  const where = filterSql(f);
  const { rows } = await q.query<RecordRow>(
    `SELECT * FROM records ${where} ORDER BY id DESC LIMIT ${Math.min(Math.max(f.limit ?? 50, 1), 500)}`,
    where.values,
  );
  return rows.map(toRecord);
}

export async function countRecords(q: Queryable, f: RecordFilter): Promise<number> {
  const where = filterSql({ ...f, beforeId: undefined });
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM records ${where}`,
    where.values,
  );
  return rows[0]?.n ?? 0;
}

export interface RecordEvent {
  at: Date;
  runId: string | null;
  state: RecordState;
  message: string;
}

/** The newest line of a record's history. */
export async function lastRecordEvent(q: Queryable, id: number): Promise<RecordEvent | undefined> {
  const { rows } = await q.query<{ at: Date; run_id: string | null; state: RecordState; message: string }>(
    'SELECT at, run_id, state, message FROM record_events WHERE record_id = $1 ORDER BY id DESC LIMIT 1',
    [id],
  );
  const r = rows[0];
  return r && { at: r.at, runId: r.run_id, state: r.state, message: r.message };
}

export async function recordHistory(q: Queryable, id: number): Promise<RecordEvent[]> {
  const { rows } = await q.query<{ at: Date; run_id: string | null; state: RecordState; message: string }>(
    'SELECT at, run_id, state, message FROM record_events WHERE record_id = $1 ORDER BY id',
    [id],
  );
  return rows.map((r) => ({ at: r.at, runId: r.run_id, state: r.state, message: r.message }));
}
