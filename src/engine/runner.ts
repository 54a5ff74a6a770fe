/**
 * Runs one flow for one connection: takes the run lease, repeats load → plan → apply page by page
 * until nothing more waits or the run must stop, records the run and its statistics, and writes what
 * happened to the live feed. `dryRun` does load → plan only and returns the plan.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectionConfig, ConnectorConfig } from '../config/schema.ts';
import type { Store } from '../store/openStore.ts';
import type { Logger } from '../log/logger.ts';
import { ConnectorError, describeError, isConnectorError } from '../errors.ts';
import { acquireLease, getService, releaseLease, renewLease, type Lease } from '../store/repos/services.ts';
import { endRun, startRun, type RunOutcome } from '../store/repos/runs.ts';
import { createFeedLogger } from './feedLogger.ts';
import { GLOBAL_CONNECTION, type AnyFlow, type Flow, type Plan, type PlannedAction } from './flow.ts';
import { leaseGuardedCommit, type RunContext } from './runContext.ts';
import { flowSettings } from './settings.ts';
import type { SyncRecord } from '../store/repos/records.ts';

export interface RunnerDeps<R = unknown> {
  config: ConnectorConfig;
  store: Store;
  log: Logger;
  /** Names this process in leases: host/pid. */
  holder: string;
  /** Aborted when the process shuts down: runs wrap up at the next page boundary. */
  shutdown: AbortSignal;
  /**
   * Builds (and keeps) each connection's remote clients; runtime.ts gives the real one. The engine never
   * looks inside what it returns: it hands it to the flow as `ctx.remotes()`.
   */
  remotes?: (connection: ConnectionConfig) => R;
  /** Told after each page a run applies (the CLI draws its progress from it); never in a worker. */
  onPage?: (page: PageProgress) => void;
}

/** How far a run has got: totals so far, and what its plan said is still waiting. */
export interface PageProgress {
  flow: string;
  connectionId: string;
  pages: number;
  items: number;
  errors: number;
  /**
   * Items still waiting after this page, when the flow knows: the plan's backlog counts the page's own
   * work too, so what the page did is taken off.
   */
  backlog?: number;
}

export interface RunSummary {
  runId?: string;
  outcome: RunOutcome;
  items: number;
  errors: number;
  pages: number;
  message: string;
  /** Set when the error should make the job retry (transient). */
  retryableError?: unknown;
}

export function buildContext<C, R>(
  deps: RunnerDeps<R>,
  flow: Flow<unknown, PlannedAction, C, R>,
  connectionId: string,
  runId: string,
  signal: AbortSignal,
  lease: Lease | undefined,
  dryRun: boolean,
): RunContext<C, R> {
  const connection = deps.config.connections.find((c) => c.id === connectionId);
  if (flow.scope === 'connection' && !connection) {
    throw new ConnectorError('config', `there is no connection "${connectionId}" in the configuration`);
  }
  const commit = leaseGuardedCommit(deps.store, lease);
  return {
    runId,
    flow: flow.id,
    connectionId,
    connection,
    config: deps.config,
    settings: flowSettings(deps.config, flow) as C,
    store: deps.store,
    log: createFeedLogger(deps.store.db, deps.log, { connectionId, flow: flow.id, runId }),
    signal,
    dryRun,
    now: () => new Date(),
    remotes: () => {
      if (!connection) throw new ConnectorError('config', `${flow.title} is not bound to a connection`);
      if (!deps.remotes)
        throw new ConnectorError('config', 'this process was started without remote clients');
      return deps.remotes(connection);
    },
    commit: dryRun ? () => Promise.reject(new ConnectorError('config', 'a dry run writes nothing')) : commit,
  };
}

/**
 * A signal that fires after `ms`. Not `AbortSignal.timeout()`: `AbortSignal.any` holds its sources
 * weakly, nothing else holds a timeout signal, and on Node 20 a garbage collection drops it — the run
 * would never time out. A controller is kept alive by its timer.
 */
function deadline(ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('the run time is up')), ms);
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** The service is held by another run: say so in the feed, loudly when that run is overdue. */
async function skipped(deps: RunnerDeps, flow: AnyFlow, connectionId: string): Promise<RunSummary> {
  const state = await getService(deps.store.db, connectionId, flow.id);
  const overdue =
    state?.lastStartedAt &&
    Date.now() - state.lastStartedAt.getTime() > deps.config.jobs.runTimeoutSeconds * 1000;
  const message = `still running in ${state?.leaseHolder ?? 'another process'}`;
  const log = createFeedLogger(deps.store.db, deps.log, { connectionId, flow: flow.id });
  if (overdue) {
    await log.warn(
      `${flow.title}: the run started at ${state.lastStartedAt!.toISOString()} ${message} is past its time; ` +
        `it is taken over when its lease ends (${state.leaseExpiresAt?.toISOString() ?? 'soon'})`,
    );
  } else {
    await log.debug(`${flow.title}: skipped, ${message}`);
  }
  return { outcome: 'skipped', items: 0, errors: 0, pages: 0, message };
}

export async function dryRun(deps: RunnerDeps, flow: AnyFlow, connectionId: string): Promise<Plan> {
  const ctx = buildContext(deps, flow, connectionId, `plan-${randomUUID()}`, deps.shutdown, undefined, true);
  const snapshot = await flow.load(ctx);
  return flow.plan(snapshot, ctx);
}

export async function executeRun(
  deps: RunnerDeps,
  flow: AnyFlow,
  connectionId: string = GLOBAL_CONNECTION,
  trigger = 'schedule',
): Promise<RunSummary> {
  const timeoutMs = deps.config.jobs.runTimeoutSeconds * 1000;
  const leaseSeconds = deps.config.jobs.runTimeoutSeconds;
  const lease = await acquireLease(deps.store.db, connectionId, flow.id, deps.holder, leaseSeconds);
  if (!lease) return skipped(deps, flow, connectionId);
  const runId = randomUUID();
  const leaseLost = new AbortController();
  const timeUp = deadline(timeoutMs);
  const signal = AbortSignal.any([deps.shutdown, timeUp.signal, leaseLost.signal]);
  // The lease is renewed while the run may still be working: through its time, and after it while it
  // finishes the page under way, up to twice its time — when the queue gives the job up as belonging to
  // a dead or hung process (jobs/queues.ts). A run that hangs past that (a call that never returns) stops
  // renewing, so its lease expires and the next run takes over; fencing then refuses whatever the hung
  // run might still try to commit.
  const hungAt = Date.now() + 2 * timeoutMs;
  const renew = setInterval(
    () => {
      if (Date.now() >= hungAt) return clearInterval(renew);
      renewLease(deps.store.db, lease, leaseSeconds)
        .then((ok) => ok || leaseLost.abort())
        .catch(() => undefined);
    },
    (leaseSeconds * 1000) / 4,
  );
  renew.unref();

  const summary: RunSummary = { runId, outcome: 'succeeded', items: 0, errors: 0, pages: 0, message: '' };
  let plan: Plan | undefined;
  let ctx: RunContext | undefined;
  try {
    await startRun(deps.store.db, { id: runId, connectionId, flow: flow.id, trigger });
    ctx = buildContext(deps, flow, connectionId, runId, signal, lease, false);
    await ctx.log.debug(`${flow.title}: run started (${trigger})`);
    do {
      const snapshot = await flow.load(ctx);
      plan = flow.plan(snapshot, ctx);
      if (plan.actions.length === 0) break;
      const result = await flow.apply(plan, snapshot, ctx);
      summary.items += result.items;
      summary.errors += result.errors;
      summary.pages += 1;
      deps.onPage?.({
        flow: flow.id,
        connectionId,
        pages: summary.pages,
        items: summary.items,
        errors: summary.errors,
        ...(plan.backlog !== undefined && { backlog: Math.max(0, plan.backlog - result.items) }),
      });
    } while (plan.hasMore && !signal.aborted);
    const interrupted = plan?.hasMore && signal.aborted;
    summary.outcome = interrupted ? 'interrupted' : 'succeeded';
    summary.message =
      `${summary.items} item(s) processed, ${summary.errors} need attention` +
      (interrupted ? '; more is waiting for the next run' : '');
  } catch (error) {
    if (signal.aborted && !leaseLost.signal.aborted) {
      // The run's time was up (or the process is stopping) while a page was under way: the calls in
      // flight were cut off, the page's uncommitted work is the next run's. That is an interruption, not
      // a failure — a failure would be retried with a growing delay, starving a backlog whose every run
      // ends this way.
      summary.outcome = 'interrupted';
      summary.message =
        `${summary.items} item(s) processed, ${summary.errors} need attention; ` +
        `${deps.shutdown.aborted ? 'the connector is stopping' : 'the run time was up'} in the middle of a page, ` +
        'its rest is waiting for the next run';
    } else {
      summary.outcome = 'failed';
      summary.message = describeError(error);
      if (!isConnectorError(error) || error.retryable) summary.retryableError = error;
    }
  } finally {
    clearInterval(renew);
    timeUp.clear();
  }
  await endRun(deps.store.db, {
    id: runId,
    connectionId,
    flow: flow.id,
    outcome: summary.outcome,
    items: summary.items,
    errors: summary.errors,
    message: summary.message,
    backlog: plan?.backlog,
    lagSeconds: plan?.lagSeconds,
  }).catch((error) => deps.log.error({ err: error }, 'could not record the end of a run'));
  const log = ctx?.log ?? createFeedLogger(deps.store.db, deps.log, { connectionId, flow: flow.id, runId });
  if (summary.outcome === 'failed') await log.error(`${flow.title}: run failed: ${summary.message}`);
  else if (summary.items > 0 || summary.errors > 0 || summary.outcome === 'interrupted') {
    await log.info(`${flow.title}: ${summary.message}`, { items: summary.items, errors: summary.errors });
  }
  await releaseLease(deps.store.db, lease).catch(() => undefined);
  return summary;
}

/**
 * Processes one stored record again from its payload (no call to the source remote), under the
 * service's lease so it never overlaps a scheduled run of the same flow and connection.
 */
export async function executeReplay(
  deps: RunnerDeps,
  flow: AnyFlow,
  record: SyncRecord,
  payload: unknown,
): Promise<RunSummary> {
  if (!flow.replay) {
    throw new ConnectorError('data', `the ${flow.id} flow keeps no payloads to replay; use retry instead`);
  }
  const leaseSeconds = deps.config.jobs.runTimeoutSeconds;
  const lease = await acquireLease(deps.store.db, record.connectionId, flow.id, deps.holder, leaseSeconds);
  if (!lease) {
    throw new ConnectorError(
      'transient',
      `${flow.id} is running for ${record.connectionId} right now; try again shortly`,
    );
  }
  const runId = randomUUID();
  const timeUp = deadline(deps.config.jobs.runTimeoutSeconds * 1000);
  try {
    await startRun(deps.store.db, {
      id: runId,
      connectionId: record.connectionId,
      flow: flow.id,
      trigger: 'replay',
    });
    const signal = AbortSignal.any([deps.shutdown, timeUp.signal]);
    const ctx = buildContext(deps, flow, record.connectionId, runId, signal, lease, false);
    await ctx.log.info(`${flow.title}: replaying record ${record.externalId} from its stored payload`);
    const result = await flow.replay(record, payload, ctx);
    const summary: RunSummary = { runId, outcome: 'succeeded', ...result, pages: 1, message: 'replayed' };
    await endRun(deps.store.db, { id: runId, connectionId: record.connectionId, flow: flow.id, ...summary });
    return summary;
  } catch (error) {
    await endRun(deps.store.db, {
      id: runId,
      connectionId: record.connectionId,
      flow: flow.id,
      outcome: 'failed',
      items: 0,
      errors: 1,
      message: describeError(error),
    }).catch(() => undefined);
    throw error;
  } finally {
    timeUp.clear();
    await releaseLease(deps.store.db, lease).catch(() => undefined);
  }
}
