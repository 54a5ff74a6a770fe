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
import type { AnyFlow } from '../flows/flow.ts';
import type { FlowRegistry } from '../flows/registry.ts';
import { executeRun, type RunnerDeps, type RunSummary } from '../flows/runner.ts';
import { serviceInterval } from '../flows/settings.ts';
import { ensureServiceRows, serviceKeys, type ServiceKey } from '../flows/serviceKeys.ts';
import { getService, setNextRun, setServiceEnabled } from '../store/repos/services.ts';
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
          if (job) await this.handle(flow, job.data);
        },
      );
    }
    await this.supervise();
    const every = (options.superviseSeconds ?? 15) * 1000;
    this.supervisor = setInterval(() => {
      this.supervise().catch((error) => this.log.warn({ err: error }, 'service supervisor pass failed'));
    }, every);
    this.supervisor.unref();
  }

  async stop(): Promise<void> {
    if (this.supervisor) clearInterval(this.supervisor);
  }

  private async handle(flow: AnyFlow, data: RunJobData): Promise<void> {
    const state = await getService(this.store.db, data.connectionId, flow.id);
    if (!state?.enabled && data.trigger !== 'manual') return; // disabled: not run, not rescheduled
    let summary: RunSummary;
    try {
      summary = await executeRun(this.deps, flow, data.connectionId, data.trigger);
    } finally {
      if (state?.enabled) await this.schedule(flow.id, data.connectionId, this.nextDelay(flow));
    }
    // A transient failure is thrown so pg-boss retries the job with backoff (then dead-letters it).
    if (summary.retryableError) throw summary.retryableError;
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

  /** Removes the waiting (not running) job of a service, e.g. to replace it by an immediate run. */
  private async dropWaiting(flowId: string, connectionId: string): Promise<void> {
    await this.store.db.query(
      `DELETE FROM ${this.deps.bossSchema ?? BOSS_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state = 'created'`,
      [queueName(flowId), connectionId],
    );
  }

  async runNow(flowId: string, connectionId?: string): Promise<ServiceKey[]> {
    const keys = this.keys(flowId, connectionId);
    for (const key of keys) {
      await this.dropWaiting(key.flow, key.connectionId);
      await this.schedule(key.flow, key.connectionId, 0, 'manual');
    }
    return keys;
  }

  async setEnabled(flowId: string, enabled: boolean, connectionId?: string): Promise<ServiceKey[]> {
    const keys = this.keys(flowId, connectionId);
    for (const key of keys) {
      await setServiceEnabled(this.store.db, key.connectionId, key.flow, enabled);
      if (enabled) await this.schedule(key.flow, key.connectionId, 0, 'enable');
      else {
        await this.dropWaiting(key.flow, key.connectionId);
        await setNextRun(this.store.db, key.connectionId, key.flow, null);
      }
    }
    return keys;
  }

  /** Re-arms enabled services that have no job waiting, running or retrying (lost or dead-lettered). */
  async supervise(): Promise<void> {
    const schema = this.deps.bossSchema ?? BOSS_SCHEMA;
    for (const key of this.keys()) {
      const state = await getService(this.store.db, key.connectionId, key.flow);
      if (!state?.enabled) continue;
      const { rows } = await this.store.db.query(
        `SELECT 1 FROM ${schema}.job WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active') LIMIT 1`,
        [queueName(key.flow), key.connectionId],
      );
      if (rows.length === 0) {
        const due = state.nextRunAt ? Math.max(0, (state.nextRunAt.getTime() - Date.now()) / 1000) : 0;
        await this.schedule(key.flow, key.connectionId, due, 'start');
      }
    }
  }
}
