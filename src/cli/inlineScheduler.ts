/**
 * The `Scheduler` of a CLI command that opened the database itself (no connector running here): "run
 * now" runs the flow in this process, under the same lease as a worker's run, and reports its summary;
 * enable/disable switch the service row, which a connector obeys when it (next) schedules the service.
 */
import type { Scheduler } from '../ops/operations.ts';
import type { FlowRegistry } from '../engine/registry.ts';
import { executeRun, type RunnerDeps, type RunSummary } from '../engine/runner.ts';
import { ensureServiceRows, serviceKeys, type ServiceKey } from '../engine/serviceKeys.ts';
import { setNextRun, setServiceEnabled } from '../store/repos/services.ts';
import type { RunView } from './target.ts';

export class InlineScheduler implements Scheduler {
  /** Summaries of the runs made so far, in order. */
  readonly runs: RunView[] = [];
  private prepared = false;

  constructor(
    private readonly deps: RunnerDeps,
    private readonly registry: FlowRegistry,
    private readonly report: (key: ServiceKey, summary: RunView) => void,
  ) {}

  keys(flowId: string, connectionId?: string): ServiceKey[] {
    return serviceKeys(this.deps.config, this.registry, flowId, connectionId);
  }

  /** Service rows must exist: a run takes its lease there, and enable/disable switch it there. */
  async prepare(): Promise<void> {
    if (this.prepared) return;
    await ensureServiceRows(this.deps.store.db, this.deps.config, this.registry);
    this.prepared = true;
  }

  async runNow(flowId: string, connectionId?: string): Promise<ServiceKey[]> {
    const keys = this.keys(flowId, connectionId);
    await this.prepare();
    for (const key of keys) {
      if (this.deps.shutdown.aborted) break;
      const flow = this.registry.get(key.flow);
      const { retryableError: _ignored, ...summary }: RunSummary = await executeRun(
        this.deps,
        flow,
        key.connectionId,
        'manual',
      );
      this.runs.push(summary);
      this.report(key, summary);
    }
    return keys;
  }

  async setEnabled(flowId: string, enabled: boolean, connectionId?: string): Promise<ServiceKey[]> {
    const keys = this.keys(flowId, connectionId);
    await this.prepare();
    const db = this.deps.store.db;
    for (const key of keys) {
      await setServiceEnabled(db, key.connectionId, key.flow, enabled);
      // A disabled service has no next run; an enabled one gets it when a connector schedules it.
      if (!enabled) await setNextRun(db, key.connectionId, key.flow, null);
    }
    return keys;
  }
}
