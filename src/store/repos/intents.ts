/**
 * Intents: a write to a remote is recorded *before* it is sent and resolved after. A crash in between
 * leaves the intent pending; the next attempt asks the remote whether the write landed (`check`) and only
 * sends again when it did not. This is what makes non-idempotent remote writes happen exactly once.
 */
import type { Queryable } from '../db.ts';
import type { Sealer } from '../crypto.ts';

export type IntentState = 'pending' | 'done' | 'rejected';

export interface Intent {
  id: number;
  connectionId: string;
  flow: string;
  operation: string;
  key: string;
  state: IntentState;
  /** Sealed; read with `openIntentValue`. */
  request: string | null;
  /** Sealed; read with `openIntentValue`. */
  result: string | null;
  attempts: number;
  createdAt: Date;
  resolvedAt: Date | null;
  /** How long ago the write was last (re-)armed to be sent, by the database's clock. */
  sentAgeMs: number;
}

interface IntentRow {
  id: number;
  connection_id: string;
  flow: string;
  operation: string;
  key: string;
  state: IntentState;
  request: string | null;
  result: string | null;
  attempts: number;
  created_at: Date;
  resolved_at: Date | null;
  sent_age_ms: number | string;
}

const toIntent = (r: IntentRow): Intent => ({
  id: r.id,
  connectionId: r.connection_id,
  flow: r.flow,
  operation: r.operation,
  key: r.key,
  state: r.state,
  request: r.request,
  result: r.result,
  attempts: r.attempts,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
  sentAgeMs: Number(r.sent_age_ms),
});

const COLUMNS = `*, (extract(epoch from now() - sent_at) * 1000)::float8 AS sent_age_ms`;

export interface IntentKey {
  connectionId: string;
  operation: string;
  key: string;
}

export async function findIntent(q: Queryable, k: IntentKey): Promise<Intent | undefined> {
  const { rows } = await q.query<IntentRow>(
    `SELECT ${COLUMNS} FROM intents WHERE connection_id = $1 AND operation = $2 AND key = $3`,
    [k.connectionId, k.operation, k.key],
  );
  return rows[0] && toIntent(rows[0]);
}

/** The intents of one operation among these keys, by key (one query). */
export async function findIntents(
  q: Queryable,
  connectionId: string,
  operation: string,
  keys: readonly string[],
): Promise<Map<string, Intent>> {
  if (keys.length === 0) return new Map();
  const { rows } = await q.query<IntentRow>(
    `SELECT ${COLUMNS} FROM intents WHERE connection_id = $1 AND operation = $2 AND key = ANY($3::text[])`,
    [connectionId, operation, [...new Set(keys)]],
  );
  return new Map(rows.map((r) => [r.key, toIntent(r)]));
}

export function openIntentValue(sealer: Sealer, sealed: string | null): unknown {
  return sealed === null ? undefined : JSON.parse(sealer.open(sealed));
}

const seal = (sealer: Sealer, value: unknown) => sealer.seal(JSON.stringify(value ?? null));

/** Records (or re-arms) a pending intent; returns it with its attempt count. */
export async function recordIntent(
  q: Queryable,
  sealer: Sealer,
  k: IntentKey & { flow: string; request: unknown },
): Promise<Intent> {
  const { rows } = await q.query<IntentRow>(
    `INSERT INTO intents (connection_id, flow, operation, key, state, request)
     VALUES ($1, $2, $3, $4, 'pending', $5)
     ON CONFLICT (connection_id, operation, key) DO UPDATE
       SET state = 'pending', request = EXCLUDED.request, attempts = intents.attempts + 1, resolved_at = NULL,
           sent_at = now()
     RETURNING ${COLUMNS}`,
    [k.connectionId, k.flow, k.operation, k.key, seal(sealer, k.request)],
  );
  return toIntent(rows[0]!);
}

export async function resolveIntent(
  q: Queryable,
  sealer: Sealer,
  id: number,
  state: 'done' | 'rejected',
  result: unknown,
) {
  await q.query(`UPDATE intents SET state = $2, result = $3, resolved_at = now() WHERE id = $1`, [
    id,
    state,
    seal(sealer, result),
  ]);
}

export async function pendingIntents(q: Queryable, connectionId: string, flow?: string): Promise<Intent[]> {
  const { rows } = await q.query<IntentRow>(
    `SELECT ${COLUMNS} FROM intents WHERE state = 'pending' AND connection_id = $1 AND ($2::text IS NULL OR flow = $2)
     ORDER BY id`,
    [connectionId, flow ?? null],
  );
  return rows.map(toIntent);
}

/** Resolved intents are history only; they go once personal data would (retention). */
export async function purgeResolvedIntents(q: Queryable, retentionDays: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM intents WHERE state <> 'pending' AND resolved_at < now() - make_interval(days => $1)`,
    [retentionDays],
  );
  return rowCount;
}
