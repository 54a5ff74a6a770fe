/**
 * What a flow gets for one run: who it runs for, its settings, the store, a run-bound feed logger, a
 * signal that fires when the run must wrap up (time is up, or the process is shutting down), and
 * `commit` — the only way a run writes its results, in one transaction that first checks the run's
 * lease (fencing token). If the lease was lost, nothing is committed and the run ends.
 */
import type { ConnectorConfig, ConnectionConfig } from '../config/schema.ts';
import type { Queryable } from '../store/db.ts';
import type { Store } from '../store/openStore.ts';
import { assertLease, type Lease } from '../store/repos/services.ts';
import type { FeedLogger } from './feedLogger.ts';

export interface RunContext<C = Record<string, unknown>, R = unknown> {
  runId: string;
  flow: string;
  connectionId: string;
  /** The connection, for connection-scoped flows. */
  connection?: ConnectionConfig;
  config: ConnectorConfig;
  /** The flow's settings, parsed by its schema once for this run. */
  settings: C;
  store: Store;
  log: FeedLogger;
  /** Aborted when the run must stop taking new work. */
  signal: AbortSignal;
  /** True for `plan` (dry run): load and plan only, write nothing. */
  dryRun: boolean;
  now(): Date;
  /**
   * The connection's remote clients (connection-scoped flows only; built on first use by the factory the
   * composition root handed in, so a flow that never calls a remote never needs credentials).
   */
  remotes(): R;
  /** Runs `fn` in a transaction that commits only while this run still holds its lease. */
  commit<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export function leaseGuardedCommit(store: Store, lease: Lease | undefined) {
  return <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
    store.db.transaction(async (tx) => {
      if (lease) await assertLease(tx, lease);
      return fn(tx);
    });
}
