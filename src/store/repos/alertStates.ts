/**
 * The state of each alert rule per connection and subject (migration 008): ok, firing or suppressed
 * (the problem is there but its alert fell within the cool-down), when it began and when an alert was
 * last sent. Changes are decided under the row's lock (`lockAlertState` in a transaction), so processes
 * evaluating the same rule at once take turns and the second sees what the first decided.
 */
import type { Queryable } from '../db.ts';

export type AlertStatus = 'ok' | 'firing' | 'suppressed';

export interface AlertKey {
  connectionId: string;
  rule: string;
  subject: string;
}

export interface AlertState extends AlertKey {
  status: AlertStatus;
  since: Date | null;
  lastFiredAt: Date | null;
  watermark: number;
}

interface Row {
  connection_id: string;
  rule: string;
  subject: string;
  status: AlertStatus;
  since: Date | null;
  last_fired_at: Date | null;
  watermark: string | number;
}

const toState = (r: Row): AlertState => ({
  connectionId: r.connection_id,
  rule: r.rule,
  subject: r.subject,
  status: r.status,
  since: r.since,
  lastFiredAt: r.last_fired_at,
  watermark: Number(r.watermark),
});

const KEY = 'connection_id = $1 AND rule = $2 AND subject = $3';
const keyValues = (k: AlertKey) => [k.connectionId, k.rule, k.subject];

export async function readAlertState(q: Queryable, key: AlertKey): Promise<AlertState | undefined> {
  const { rows } = await q.query<Row>(`SELECT * FROM alert_states WHERE ${KEY}`, keyValues(key));
  return rows[0] && toState(rows[0]);
}

/** Inside a transaction: the row (created 'ok' when new), locked until the transaction ends. */
export async function lockAlertState(tx: Queryable, key: AlertKey): Promise<AlertState> {
  await tx.query(
    'INSERT INTO alert_states (connection_id, rule, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    keyValues(key),
  );
  const { rows } = await tx.query<Row>(`SELECT * FROM alert_states WHERE ${KEY} FOR UPDATE`, keyValues(key));
  return toState(rows[0]!);
}

export async function saveAlertState(tx: Queryable, state: AlertState): Promise<void> {
  await tx.query(
    `UPDATE alert_states SET status = $4, since = $5, last_fired_at = $6, watermark = $7, updated_at = now()
     WHERE ${KEY}`,
    [...keyValues(state), state.status, state.since, state.lastFiredAt, state.watermark],
  );
}

/** Every rule's state (the evaluator skips the quiet ones without a transaction; tests look). */
export async function listAlertStates(q: Queryable): Promise<AlertState[]> {
  const { rows } = await q.query<Row>('SELECT * FROM alert_states ORDER BY connection_id, rule, subject');
  return rows.map(toState);
}
