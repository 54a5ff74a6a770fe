/**
 * The sync services: one per flow × connection (or one per flow for global flows). Registers their
 * queues and workers, keeps each enabled service scheduled (a run reschedules itself `interval` after it
 * ends; a supervisor re-arms any service that lost its next job), and offers run-now, enable and
 * disable. Every process may run this: the queues' stately policy makes their scheduling idempotent.
 */
import type PgBoss from 'pg-boss';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/openStore.ts';
import type { ConnectorConfig } from '../config/schema.ts';
import type { AnyFlow } from '../engine/flow.ts';
import type { FlowRegistry } from '../engine/registry.ts';
import { executeRun, type RunnerDeps } from '../engine/runner.ts';
import { serviceInterval } from '../engine/settings.ts';
import { ensureServiceRows, serviceKeys, type ServiceKey } from '../engine/serviceKeys.ts';
import {
  getService,
  requestRun,
  setNextRun,
  setServiceEnabled,
  takeRunRequest,
  type ServiceState,
} from '../store/repos/services.ts';
import { BOSS_SCHEMA } from './boss.ts';
import { ensureQueues, queueName, type RunJobData } from './queues.ts';

export interface ServiceManagerDeps extends RunnerDeps {
  boss: PgBoss;
  registry: FlowRegistry;
  bossSchema?: string;
}

export type { ServiceKey };

export class ServiceManager {
  private supervisor?: NodeJS.Timeout;
  private supervising: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly deps: ServiceManagerDeps;

  constructor(deps: ServiceManagerDeps) {
    this.deps = deps;
  }

  private get config(): ConnectorConfig {
    return this.deps.config;
  }

  private get store(): Store {
    return this.deps.store;
  }

  private get log(): Logger {
    return this.deps.log;
  }

  /** The (flow, connection) pairs this configuration runs. */
  keys(flowId?: string, connectionId?: string): ServiceKey[] {
    return serviceKeys(this.config, this.deps.registry, flowId, connectionId);
  }

  /** Creates queues and service rows for every flow × connection. */
  async prepare(): Promise<void> {
    for (const flow of this.deps.registry.all()) await ensureQueues(this.deps.boss, flow.id, this.config);
    await ensureServiceRows(this.store.db, this.config, this.deps.registry);
  }

  /** Starts a worker per flow queue and the supervisor that keeps enabled services scheduled. */
  async start(options: { superviseSeconds?: number } = {}): Promise<void> {
    for (const flow of this.deps.registry.all()) {
      await this.deps.boss.work<RunJobData>(
        queueName(flow.id),
        { pollingIntervalSeconds: 0.5 },
        async ([job]) => {
          if (!job) return;
          const handling = this.handle(flow, job.data);
          this.inFlight.add(handling);
          try {
            await handling;
          } finally {
            this.inFlight.delete(handling);
          }
        },
      );
    }
    await this.supervise();
    const every = (options.superviseSeconds ?? 15) * 1000;
    this.supervisor = setInterval(() => {
      this.supervising = this.supervise().catch((error) =>
        this.log.warn({ err: error }, 'service supervisor pass failed'),
      );
    }, every);
    this.supervisor.unref();
  }

  async stop(): Promise<void> {
    if (this.supervisor) clearInterval(this.supervisor);
    await this.supervising; // a pass under way must not find the database closed under it
  }

  /** Waits until no job handler is running (the store may be closed after this). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    // pg-boss records the job's completion right after the handler returns, without awaiting it.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  private async handle(flow: AnyFlow, data: RunJobData): Promise<void> {
    try {
      await this.runJob(flow, data);
    } catch (error) {
      // While shutting down, a failure is the shutdown's doing: the next start re-arms the service.
      if (!this.deps.shutdown.aborted) throw error;
      this.log.info({ err: error, flow: flow.id }, 'run ended by the shutdown');
    }
  }

  private async runJob(flow: AnyFlow, data: RunJobData): Promise<void> {
    const state = await getService(this.store.db, data.connectionId, flow.id);
    if (!state?.enabled && data.trigger !== 'manual') return; // disabled: not run, not rescheduled
    const summary = await executeRun(this.deps, flow, data.connectionId, data.trigger);
    // Never two due jobs for one service: pg-boss would try to start both, the stately policy refuses the
    // second, and that refusal makes the whole fetch come back empty — stalling every other connection of
    // the flow. So a failed run schedules nothing (its retry is the next run), and a "run now" asked
    // while it ran is started only now. (The run released its lease before this point, so a request
    // made from here on is taken by `runSoon` itself.)
    if (summary.retryableError) throw summary.retryableError; // pg-boss retries with backoff
    const requested = await takeRunRequest(this.store.db, data.connectionId, flow.id);
    const current = await getService(this.store.db, data.connectionId, flow.id);
    if (requested) await this.replaceWaiting(flow.id, data.connectionId, 'manual');
    else if (current?.enabled) await this.schedule(flow.id, data.connectionId, this.nextDelay(flow));
  }

  private nextDelay(flow: AnyFlow): number {
    return this.deps.shutdown.aborted ? 0 : serviceInterval(this.config, flow);
  }

  /** Queues the next run; a no-op when one is already waiting (stately policy). */
  async schedule(
    flowId: string,
    connectionId: string,
    delaySeconds: number,
    trigger: RunJobData['trigger'] = 'schedule',
  ) {
    const startAfter = new Date(Date.now() + delaySeconds * 1000);
    const id = await this.deps.boss.send(queueName(flowId), { connectionId, trigger } satisfies RunJobData, {
      singletonKey: connectionId,
      startAfter,
    });
    if (id) await setNextRun(this.store.db, connectionId, flowId, startAfter);
    return id;
  }

  private get jobTable(): string {
    return `${this.deps.bossSchema ?? BOSS_SCHEMA}.job`;
  }

  /** Removes the waiting (not running) jobs of a service: its next scheduled run or a pending retry. */
  private async dropWaiting(flowId: string, connectionId: string): Promise<void> {
    await this.store.db.query(
      `DELETE FROM ${this.jobTable} WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry')`,
      [queueName(flowId), connectionId],
    );
  }

  /** A run holds the service's lease from its start until it has recorded its end. */
  private async isRunning(flowId: string, connectionId: string): Promise<boolean> {
    const state = await getService(this.store.db, connectionId, flowId);
    return state?.leaseExpiresAt != null && state.leaseExpiresAt.getTime() > Date.now();
  }

  private async replaceWaiting(flowId: string, connectionId: string, trigger: RunJobData['trigger']) {
    // The run that just ended may queue its next scheduled run between our delete and our send; the
    // stately policy then refuses ours (send returns null) and the requested run would be lost.
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.dropWaiting(flowId, connectionId);
      if (await this.schedule(flowId, connectionId, 0, trigger)) return;
    }
  }

  /**
   * Runs the service as soon as possible: at once when idle; when a run is under way, right after it
   * (see `handle`), since a second job due beside a running one would stall the queue.
   */
  private async runSoon(flowId: string, connectionId: string, trigger: RunJobData['trigger']): Promise<void> {
    if (await this.isRunning(flowId, connectionId)) {
      await requestRun(this.store.db, connectionId, flowId);
      // The run may have ended between the two looks; then nobody would take the request.
      if (
        !(await this.isRunning(flowId, connectionId)) &&
        (await takeRunRequest(this.store.db, connectionId, flowId))
      ) {
        await this.replaceWaiting(flowId, connectionId, trigger);
      }
      return;
    }
    await this.replaceWaiting(flowId, connectionId, trigger);
  }

  async runNow(flowId: string, connectionId?: string): Promise<ServiceKey[]> {
    const keys = this.keys(flowId, connectionId);
    for (const key of keys) await this.runSoon(key.flow, key.connectionId, 'manual');
    return keys;
  }

  async setEnabled(flowId: string, enabled: boolean, connectionId?: string): Promise<ServiceKey[]> {
    const keys = this.keys(flowId, connectionId);
    for (const key of keys) {
      await setServiceEnabled(this.store.db, key.connectionId, key.flow, enabled);
      if (enabled) await this.runSoon(key.flow, key.connectionId, 'enable');
      else {
        await this.dropWaiting(key.flow, key.connectionId);
        await setNextRun(this.store.db, key.connectionId, key.flow, null);
      }
    }
    return keys;
  }

  /** Re-arms enabled services that have no job waiting, running or retrying (lost or dead-lettered). */
  async supervise(): Promise<void> {
    for (const key of this.keys()) {
      const state = await getService(this.store.db, key.connectionId, key.flow);
      if (!state?.enabled) continue;
      const { rows } = await this.store.db.query(
        `SELECT 1 FROM ${this.jobTable} WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active') LIMIT 1`,
        [queueName(key.flow), key.connectionId],
      );
      if (rows.length === 0) await this.schedule(key.flow, key.connectionId, dueInSeconds(state), 'start');
      // A "run now" whose run ended without taking it (it was a replay holding the lease, say).
      else if (
        !(await this.isRunning(key.flow, key.connectionId)) &&
        (await takeRunRequest(this.store.db, key.connectionId, key.flow))
      ) {
        await this.replaceWaiting(key.flow, key.connectionId, 'manual');
      }
    }
  }
}

/**
 * When a service that lost its job should run: at once if its last run never ended (the process died)
 * or it never ran; otherwise one interval after its last run ended (e.g. after a dead-lettered run).
 */
export function dueInSeconds(state: ServiceState, now = Date.now()): number {
  const { lastStartedAt, lastEndedAt } = state;
  if (!lastEndedAt || (lastStartedAt && lastStartedAt > lastEndedAt)) return 0;
  return Math.max(0, (lastEndedAt.getTime() + state.intervalSeconds * 1000 - now) / 1000);
}
