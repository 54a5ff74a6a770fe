/**
 * Retention: personal data is purged once its retention ends (flows set `purge_after` on records and
 * payloads, e.g. 30 days after an order ships), and live-feed entries older than the feed retention
 * are deleted. Purging keeps the record and the payload's shape; only the personal values go.
 */
import type { Queryable } from './db.ts';
import { purgeFields } from './personalFields.ts';
import { purgeFeed } from './repos/feed.ts';

export interface PurgeCounts {
  records: number;
  payloads: number;
  feedEntries: number;
}

export async function purgeDuePersonalData(
  q: Queryable,
  batch = 500,
): Promise<Omit<PurgeCounts, 'feedEntries'>> {
  const records = await q.query(
    `UPDATE records SET personal = NULL, purged_at = now()
     WHERE id IN (SELECT id FROM records WHERE purged_at IS NULL AND purge_after <= now() LIMIT $1)`,
    [batch],
  );
  const { rows } = await q.query<{ id: number; body: unknown }>(
    `SELECT id, body FROM payloads WHERE purged_at IS NULL AND purge_after <= now() ORDER BY id LIMIT $1`,
    [batch],
  );
  for (const row of rows) {
    await q.query('UPDATE payloads SET body = $2, purged_at = now() WHERE id = $1', [
      row.id,
      JSON.stringify(purgeFields(row.body)),
    ]);
  }
  return { records: records.rowCount, payloads: rows.length };
}

export async function countDuePersonalData(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM records WHERE purged_at IS NULL AND purge_after <= now())
          + (SELECT count(*) FROM payloads WHERE purged_at IS NULL AND purge_after <= now()) AS n`,
  );
  return Number(rows[0]?.n ?? 0);
}

export { purgeFeed };
