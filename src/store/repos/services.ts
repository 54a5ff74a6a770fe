/**
 * Sync services per (connection, flow): the switch, the interval, run statistics, and the run lease.
 * The lease carries a fencing token that grows on every acquisition; work is committed only while the
 * token still matches (see flows/runContext.ts), so a run that outlived its lease cannot overwrite the
 * work of the run that replaced it.
 */
import type { Queryable } from '../db.ts';
import { ConnectorError } from '../../errors.ts';

export interface ServiceState {
  connectionId: string;
  flow: string;
  enabled: boolean;
  intervalSeconds: number;
  nextRunAt: Date | null;
  lastRunId: string | null;
  lastStartedAt: Date | null;
  lastEndedAt: Date | null;
  lastOutcome: string | null;
  lastMessage: string | null;
  itemsProcessed: number;
  errors: number;
  backlog: number | null;
  lagSeconds: number | null;
  leaseHolder: string | null;
  leaseExpiresAt: Date | null;
}

interface ServiceRow {
  connection_id: string;
  flow: string;
  enabled: boolean;
  interval_seconds: number;
  next_run_at: Date | null;
  last_run_id: string | null;
  last_started_at: Date | null;
  last_ended_at: Date | null;
  last_outcome: string | null;
  last_message: string | null;
  items_processed: number;
  errors: number;
  backlog: number | null;
  lag_seconds: number | null;
  lease_holder: string | null;
  lease_expires_at: Date | null;
}

const toState = (r: ServiceRow): ServiceState => ({
  connectionId: r.connection_id,
  flow: r.flow,
  enabled: r.enabled,
  intervalSeconds: r.interval_seconds,
  nextRunAt: r.next_run_at,
  lastRunId: r.last_run_id,
  lastStartedAt: r.last_started_at,
  lastEndedAt: r.last_ended_at,
  lastOutcome: r.last_outcome,
  lastMessage: r.last_message,
  itemsProcessed: Number(r.items_processed),
  errors: Number(r.errors),
  backlog: r.backlog,
  lagSeconds: r.lag_seconds,
  leaseHolder: r.lease_holder,
  leaseExpiresAt: r.lease_expires_at,
});

/**
 * Makes sure a row exists. The enabled switch is set from config only when the row is new: afterwards
 * the operator's enable/disable (API, CLI) is the truth. The interval always follows the config.
 */
export async function ensureService(
  q: Queryable,
  s: { connectionId: string; flow: string; enabled: boolean; intervalSeconds: number },
): Promise<void> {
  await q.query(
    `INSERT INTO services (connection_id, flow, enabled, interval_seconds) VALUES ($1, $2, $3, $4)
     ON CONFLICT (connection_id, flow) DO UPDATE SET interval_seconds = EXCLUDED.interval_seconds`,
    [s.connectionId, s.flow, s.enabled, s.intervalSeconds],
  );
}

export async function listServices(q: Queryable): Promise<ServiceState[]> {
  const { rows } = await q.query<ServiceRow>('SELECT * FROM services ORDER BY flow, connection_id');
  return rows.map(toState);
}

export async function getService(
  q: Queryable,
  connectionId: string,
  flow: string,
): Promise<ServiceState | undefined> {
  const { rows } = await q.query<ServiceRow>(
    'SELECT * FROM services WHERE connection_id = $1 AND flow = $2',
    [connectionId, flow],
  );
  return rows[0] && toState(rows[0]);
}

export async function setServiceEnabled(q: Queryable, connectionId: string, flow: string, enabled: boolean) {
  const { rowCount } = await q.query(
    'UPDATE services SET enabled = $3 WHERE connection_id = $1 AND flow = $2',
    [connectionId, flow, enabled],
  );
  return rowCount > 0;
}

export async function setNextRun(q: Queryable, connectionId: string, flow: string, at: Date | null) {
  await q.query('UPDATE services SET next_run_at = $3 WHERE connection_id = $1 AND flow = $2', [
    connectionId,
    flow,
    at,
  ]);
}

/** Asks the run under way to start its successor as soon as it ends. */
export async function requestRun(q: Queryable, connectionId: string, flow: string): Promise<void> {
  await q.query('UPDATE services SET run_requested = true WHERE connection_id = $1 AND flow = $2', [
    connectionId,
    flow,
  ]);
}

/** Reads and clears the "run now" request. */
export async function takeRunRequest(q: Queryable, connectionId: string, flow: string): Promise<boolean> {
  const { rows } = await q.query<{ requested: boolean }>(
    `UPDATE services s SET run_requested = false FROM (
       SELECT run_requested AS requested FROM services WHERE connection_id = $1 AND flow = $2 FOR UPDATE
     ) old WHERE s.connection_id = $1 AND s.flow = $2 RETURNING old.requested`,
    [connectionId, flow],
  );
  return rows[0]?.requested ?? false;
}

export interface Lease {
  connectionId: string;
  flow: string;
  holder: string;
  token: number;
}

/** Takes the lease when it is free or expired; returns undefined while another holder keeps it. */
export async function acquireLease(
  q: Queryable,
  connectionId: string,
  flow: string,
  holder: string,
  ttlSeconds: number,
): Promise<Lease | undefined> {
  const { rows } = await q.query<{ lease_token: number }>(
    `UPDATE services SET lease_holder = $3, lease_token = lease_token + 1,
            lease_expires_at = now() + make_interval(secs => $4)
     WHERE connection_id = $1 AND flow = $2 AND (lease_expires_at IS NULL OR lease_expires_at < now())
     RETURNING lease_token`,
    [connectionId, flow, holder, ttlSeconds],
  );
  const token = rows[0]?.lease_token;
  return token === undefined ? undefined : { connectionId, flow, holder, token: Number(token) };
}

/**
 * Extends a held lease. The token alone says whether it is still ours: a lease that lapsed (its holder
 * stalled — a loaded machine, a long pause) but that nobody took over is renewed, since taking over
 * would have moved the token on. A released lease (no expiry) is never revived by a late renewal.
 */
export async function renewLease(q: Queryable, lease: Lease, ttlSeconds: number): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE services SET lease_expires_at = now() + make_interval(secs => $4)
     WHERE connection_id = $1 AND flow = $2 AND lease_token = $3 AND lease_expires_at IS NOT NULL`,
    [lease.connectionId, lease.flow, lease.token, ttlSeconds],
  );
  return rowCount > 0;
}

export class LeaseLostError extends ConnectorError {
  constructor(lease: Lease) {
    super(
      'transient',
      `the run lease for ${lease.flow} (${lease.connectionId}) was lost; its work was not committed`,
      {
        context: { flow: lease.flow, connectionId: lease.connectionId, token: lease.token },
      },
    );
  }
}

/**
 * The fencing check, run inside the transaction that commits a run's work: locks the service row and
 * throws (rolling the transaction back) when the lease has moved on (another run took it over) or was
 * released. A lease that merely lapsed, with nobody taking over, still fences nobody out: the lock
 * held here keeps a taker waiting until this commit is done.
 */
export async function assertLease(q: Queryable, lease: Lease): Promise<void> {
  const { rows } = await q.query<{ ok: boolean }>(
    `SELECT (lease_token = $3 AND lease_expires_at IS NOT NULL) AS ok FROM services
     WHERE connection_id = $1 AND flow = $2 FOR UPDATE`,
    [lease.connectionId, lease.flow, lease.token],
  );
  if (!rows[0]?.ok) throw new LeaseLostError(lease);
}

export async function releaseLease(q: Queryable, lease: Lease): Promise<void> {
  await q.query(
    `UPDATE services SET lease_holder = NULL, lease_expires_at = NULL
     WHERE connection_id = $1 AND flow = $2 AND lease_token = $3`,
    [lease.connectionId, lease.flow, lease.token],
  );
}

/** On an embedded start every lease belongs to a previous, dead process of ours. */
export async function releaseAllLeases(q: Queryable): Promise<number> {
  const { rowCount } = await q.query(
    'UPDATE services SET lease_holder = NULL, lease_expires_at = NULL WHERE lease_expires_at IS NOT NULL',
  );
  return rowCount;
}
