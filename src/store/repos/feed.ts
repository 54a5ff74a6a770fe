/**
 * The live feed (task log): every task the connector performs, in plain words, with structured fields.
 * Readers page through it by id; the SSE stream polls for ids above the last one it sent, which works
 * the same for entries written by other worker processes. Entries must never hold personal data: the
 * writer redacts fields whose names suggest it (see log/redact.ts).
 */
import type { Queryable } from '../db.ts';
import { redactFields } from '../../log/redact.ts';
import { WhereClause } from '../whereClause.ts';

export type FeedLevel = 'debug' | 'info' | 'warn' | 'error';
export const FEED_LEVELS: FeedLevel[] = ['debug', 'info', 'warn', 'error'];

export interface FeedEntry {
  id: number;
  at: Date;
  connectionId: string | null;
  flow: string | null;
  runId: string | null;
  level: FeedLevel;
  message: string;
  fields: Record<string, unknown>;
}

export interface NewFeedEntry {
  connectionId?: string | null;
  flow?: string | null;
  runId?: string | null;
  level: FeedLevel;
  message: string;
  fields?: Record<string, unknown>;
}

interface FeedRow {
  id: number;
  at: Date;
  connection_id: string | null;
  flow: string | null;
  run_id: string | null;
  level: FeedLevel;
  message: string;
  fields: Record<string, unknown>;
}

const toEntry = (r: FeedRow): FeedEntry => ({
  id: r.id,
  at: r.at,
  connectionId: r.connection_id,
  flow: r.flow,
  runId: r.run_id,
  level: r.level,
  message: r.message,
  fields: r.fields,
});

export async function appendFeed(q: Queryable, e: NewFeedEntry): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO feed (connection_id, flow, run_id, level, message, fields) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id`,
    [
      e.connectionId ?? null,
      e.flow ?? null,
      e.runId ?? null,
      e.level,
      e.message,
      JSON.stringify(redactFields(e.fields ?? {})),
    ],
  );
  return rows[0]!.id;
}

export interface FeedFilter {
  connectionId?: string;
  flow?: string;
  runId?: string;
  /** Minimum level: 'warn' shows warn and error. */
  level?: FeedLevel;
  /** Case-insensitive text in the message. */
  text?: string;
  /** Paging backwards: entries older than this id. */
  beforeId?: number;
  /** Streaming forwards: entries newer than this id (oldest first). */
  afterId?: number;
  limit?: number;
}

export async function readFeed(q: Queryable, f: FeedFilter): Promise<FeedEntry[]> {
  const where = new WhereClause()
    .when(f.connectionId, 'connection_id = ?')
    .when(f.flow, 'flow = ?')
    .when(f.runId, 'run_id = ?')
    .when(f.level && FEED_LEVELS.slice(FEED_LEVELS.indexOf(f.level)), 'level = ANY(?)')
    .when(f.text && `%${f.text}%`, 'message ILIKE ?')
    .when(f.beforeId, 'id < ?')
    .when(f.afterId, 'id > ?');
  const order = f.afterId !== undefined ? 'ASC' : 'DESC';
  const limit = Math.min(Math.max(f.limit ?? 100, 1), 1000);
  const { rows } = await q.query<FeedRow>(
    `SELECT * FROM feed ${where} ORDER BY id ${order} LIMIT ${limit}`,
    where.values,
  );
  return rows.map(toEntry);
}

export async function latestFeedId(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ id: number | null }>('SELECT max(id) AS id FROM feed');
  return rows[0]?.id ?? 0;
}

/** Deletes entries older than the retention; returns how many. */
export async function purgeFeed(q: Queryable, retentionDays: number): Promise<number> {
  const { rowCount } = await q.query(`DELETE FROM feed WHERE at < now() - make_interval(days => $1)`, [
    retentionDays,
  ]);
  return rowCount;
}
