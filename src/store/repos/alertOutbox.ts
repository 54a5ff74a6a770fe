/**
 * The alert outbox (migration 008): each alert or recovery to deliver to a webhook, written in the
 * transaction that decided it, so a crash between deciding and sending loses nothing. Senders claim
 * due rows with SKIP LOCKED and push them ahead while they work; times are the caller's clock, so
 * tests move it instead of waiting. The event is stored as the alerts module built it (opaque here).
 */
import type { Queryable } from '../db.ts';

export interface OutboxRow {
  id: number;
  webhook: string;
  event: unknown;
  /** Attempts made so far, this one included (a claim counts as an attempt). */
  attempts: number;
}

export async function enqueueAlert(q: Queryable, webhook: string, event: unknown, at: Date): Promise<void> {
  await q.query(
    'INSERT INTO alert_outbox (webhook, event, next_attempt_at, created_at) VALUES ($1, $2, $3, $3)',
    [webhook, JSON.stringify(event), at],
  );
}

/**
 * Takes up to `limit` due rows for this process: counts the attempt and moves each `claimMs` ahead, so
 * if the process dies mid-delivery the row comes due again instead of staying claimed forever.
 */
export async function claimDueAlerts(
  q: Queryable,
  now: Date,
  claimMs: number,
  limit: number,
): Promise<OutboxRow[]> {
  const { rows } = await q.query<{ id: string | number; webhook: string; event: unknown; attempts: number }>(
    `UPDATE alert_outbox SET attempts = attempts + 1, next_attempt_at = $2
     WHERE id IN (SELECT id FROM alert_outbox
                  WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
                  ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING id, webhook, event, attempts`,
    [now, new Date(now.getTime() + claimMs), limit],
  );
  return rows
    .map((r) => ({ id: Number(r.id), webhook: r.webhook, event: r.event, attempts: r.attempts }))
    .sort((a, b) => a.id - b.id);
}

export async function markDelivered(q: Queryable, id: number, at: Date): Promise<void> {
  await q.query('UPDATE alert_outbox SET delivered_at = $2, last_error = NULL WHERE id = $1', [id, at]);
}

export async function markRetry(q: Queryable, id: number, nextAt: Date, error: string): Promise<void> {
  await q.query('UPDATE alert_outbox SET next_attempt_at = $2, last_error = $3 WHERE id = $1', [
    id,
    nextAt,
    error,
  ]);
}

export async function markFailed(q: Queryable, id: number, at: Date, error: string): Promise<void> {
  await q.query('UPDATE alert_outbox SET failed_at = $2, last_error = $3 WHERE id = $1', [id, at, error]);
}

/** Deletes delivered and given-up rows older than `before`; returns how many. */
export async function purgeAlertOutbox(q: Queryable, before: Date): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM alert_outbox WHERE (delivered_at IS NOT NULL OR failed_at IS NOT NULL) AND created_at < $1`,
    [before],
  );
  return rowCount;
}

export interface OutboxEntry extends OutboxRow {
  delivered: boolean;
  failed: boolean;
  lastError: string | null;
}

/** Every row, oldest first (tests, troubleshooting). */
export async function listAlertOutbox(q: Queryable): Promise<OutboxEntry[]> {
  const { rows } = await q.query<{
    id: string | number;
    webhook: string;
    event: unknown;
    attempts: number;
    delivered_at: Date | null;
    failed_at: Date | null;
    last_error: string | null;
  }>('SELECT * FROM alert_outbox ORDER BY id');
  return rows.map((r) => ({
    id: Number(r.id),
    webhook: r.webhook,
    event: r.event,
    attempts: r.attempts,
    delivered: r.delivered_at !== null,
    failed: r.failed_at !== null,
    lastError: r.last_error,
  }));
}
