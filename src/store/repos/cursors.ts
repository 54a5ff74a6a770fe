/**
 * Sync cursors per connection × flow × scope. A cursor is written only through a transaction that also
 * records the work it covers (see flows/runContext.ts `commit`), so it never runs ahead of that work.
 */
import type { Queryable } from '../db.ts';

export interface CursorKey {
  connectionId: string;
  flow: string;
  scope?: string;
}

export async function getCursor(q: Queryable, key: CursorKey): Promise<string | undefined> {
  const { rows } = await q.query<{ value: string }>(
    'SELECT value FROM cursors WHERE connection_id = $1 AND flow = $2 AND scope = $3',
    [key.connectionId, key.flow, key.scope ?? ''],
  );
  return rows[0]?.value;
}

export async function setCursor(q: Queryable, key: CursorKey, value: string): Promise<void> {
  await q.query(
    `INSERT INTO cursors (connection_id, flow, scope, value) VALUES ($1, $2, $3, $4)
     ON CONFLICT (connection_id, flow, scope) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key.connectionId, key.flow, key.scope ?? '', value],
  );
}

export async function listCursors(
  q: Queryable,
  connectionId?: string,
): Promise<Array<CursorKey & { value: string; updatedAt: Date }>> {
  const { rows } = await q.query<{
    connection_id: string;
    flow: string;
    scope: string;
    value: string;
    updated_at: Date;
  }>(
    `SELECT * FROM cursors WHERE ($1::text IS NULL OR connection_id = $1) ORDER BY connection_id, flow, scope`,
    [connectionId ?? null],
  );
  return rows.map((r) => ({
    connectionId: r.connection_id,
    flow: r.flow,
    scope: r.scope,
    value: r.value,
    updatedAt: r.updated_at,
  }));
}

/** Removes a cursor that has done its work (a finished backfill). */
export async function deleteCursor(q: Queryable, key: CursorKey): Promise<void> {
  await q.query('DELETE FROM cursors WHERE connection_id = $1 AND flow = $2 AND scope = $3', [
    key.connectionId,
    key.flow,
    key.scope ?? '',
  ]);
}

/**
 * Moves a cursor only if it still holds `expected` (undefined: absent) — compare-and-set, for a cursor
 * someone else may change meanwhile (a backfill asked for while a run works through the previous one).
 * `value` undefined removes it. Answers whether it moved.
 */
export async function setCursorIf(
  q: Queryable,
  key: CursorKey,
  expected: string | undefined,
  value: string | undefined,
): Promise<boolean> {
  const k = [key.connectionId, key.flow, key.scope ?? ''];
  if (expected === undefined) {
    if (value === undefined) return true;
    const { rowCount } = await q.query(
      `INSERT INTO cursors (connection_id, flow, scope, value) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [...k, value],
    );
    return rowCount > 0;
  }
  const { rowCount } =
    value === undefined
      ? await q.query(
          'DELETE FROM cursors WHERE connection_id = $1 AND flow = $2 AND scope = $3 AND value = $4',
          [...k, expected],
        )
      : await q.query(
          `UPDATE cursors SET value = $5, updated_at = now()
            WHERE connection_id = $1 AND flow = $2 AND scope = $3 AND value = $4`,
          [...k, expected, value],
        );
  return rowCount > 0;
}
