/**
 * What an operator can do, in one place for the web API and the CLI: service status, run now,
 * enable/disable, dry-run plans, pre-flight checks and backfills, the live feed, records with retry,
 * resolve and replay. A `Scheduler` decides how
 * "run now" happens: through the job queues in a running connector, or inline for a CLI that opened
 * the database itself.
 */
import { ConnectorError } from '../errors.ts';
import { GLOBAL_CONNECTION, type Plan } from '../engine/flow.ts';
import type { FlowRegistry } from '../engine/registry.ts';
import { backfillServices, checkServices, type FlowBackfill, type FlowCheck } from '../engine/hooks.ts';
import { dryRun, executeReplay, type RunnerDeps } from '../engine/runner.ts';
import { readFeed, type FeedEntry, type FeedFilter } from '../store/repos/feed.ts';
import { maskValues } from '../store/personalFields.ts';
import {
  appendRecordEvent,
  getRecord,
  getRecordPersonal,
  listRecords,
  recordHistory,
  saveRecord,
  type RecordEvent,
  type RecordFilter,
  type SyncRecord,
} from '../store/repos/records.ts';
import { getPayload, type StoredPayload } from '../store/repos/payloads.ts';
import { resolveRecord } from './resolve.ts';
import { listServices } from '../store/repos/services.ts';
import { serviceInterval } from '../engine/settings.ts';

export interface ServiceKey {
  flow: string;
  connectionId: string;
}

export interface Scheduler {
  keys(flowId: string, connectionId?: string): ServiceKey[];
  runNow(flowId: string, connectionId?: string): Promise<ServiceKey[]>;
  setEnabled(flowId: string, enabled: boolean, connectionId?: string): Promise<ServiceKey[]>;
}

export interface ServiceStatus {
  flow: string;
  title: string;
  description: string;
  connection: string;
  enabled: boolean;
  intervalSeconds: number;
  nextRunAt: Date | null;
  running: boolean;
  lastRun: {
    id: string | null;
    startedAt: Date | null;
    endedAt: Date | null;
    outcome: string | null;
    message: string | null;
  };
  itemsProcessed: number;
  errors: number;
  backlog: number | null;
  lagSeconds: number | null;
}

export interface RecordDetail {
  record: SyncRecord;
  history: RecordEvent[];
  personal: unknown;
  payload: StoredPayload | undefined;
}

export class Operations {
  constructor(
    private readonly deps: RunnerDeps,
    private readonly registry: FlowRegistry,
    private readonly scheduler: Scheduler,
  ) {}

  private get db() {
    return this.deps.store.db;
  }

  async services(): Promise<ServiceStatus[]> {
    const rows = await listServices(this.db);
    return rows
      .filter((row) => this.registry.has(row.flow))
      .map((row) => {
        const flow = this.registry.get(row.flow);
        const running = row.leaseExpiresAt !== null && row.leaseExpiresAt.getTime() > Date.now();
        return {
          flow: row.flow,
          title: flow.title,
          description: flow.description,
          connection: row.connectionId,
          enabled: row.enabled,
          intervalSeconds: serviceInterval(this.deps.config, flow),
          nextRunAt: row.enabled ? row.nextRunAt : null,
          running,
          lastRun: {
            id: row.lastRunId,
            startedAt: row.lastStartedAt,
            endedAt: row.lastEndedAt,
            outcome: row.lastOutcome,
            message: row.lastMessage,
          },
          itemsProcessed: row.itemsProcessed,
          errors: row.errors,
          backlog: row.backlog,
          lagSeconds: row.lagSeconds,
        };
      });
  }

  runNow(flowId: string, connectionId?: string) {
    return this.scheduler.runNow(flowId, connectionId);
  }

  setEnabled(flowId: string, enabled: boolean, connectionId?: string) {
    return this.scheduler.setEnabled(flowId, enabled, connectionId);
  }

  async plan(flowId: string, connectionId?: string): Promise<Array<{ connection: string; plan: Plan }>> {
    const flow = this.registry.get(flowId);
    const out: Array<{ connection: string; plan: Plan }> = [];
    for (const key of this.scheduler.keys(flowId, connectionId)) {
      out.push({ connection: key.connectionId, plan: await dryRun(this.deps, flow, key.connectionId) });
    }
    return out;
  }

  /** Pre-flight per flow × connection: what each flow with a check relies on, verified without writing. */
  check(flowId?: string, connectionId?: string): Promise<FlowCheck[]> {
    return checkServices(this.deps, this.registry, flowId, connectionId);
  }

  /** Asks a flow to go back over its source from `since`; its next runs do the work. */
  backfill(flowId: string, since: Date, connectionId?: string): Promise<FlowBackfill[]> {
    return backfillServices(this.deps, this.registry, flowId, since, connectionId);
  }

  feed(filter: FeedFilter): Promise<FeedEntry[]> {
    return readFeed(this.db, filter);
  }

  records(filter: RecordFilter): Promise<SyncRecord[]> {
    return listRecords(this.db, filter);
  }

  /**
   * A record with its history and payload. Personal data is shown only when `reveal` is true; otherwise
   * each of its values is masked (the shape remains, so a person sees what there is to reveal).
   */
  async record(id: number, reveal: boolean): Promise<RecordDetail | undefined> {
    const record = await getRecord(this.db, id);
    if (!record) return undefined;
    const personal = await getRecordPersonal(this.db, this.deps.store.sealer, id);
    return {
      record,
      history: await recordHistory(this.db, id),
      personal: reveal ? personal : maskValues(personal),
      payload: record.payloadId
        ? await getPayload(this.db, this.deps.store.sealer, record.payloadId, reveal)
        : undefined,
    };
  }

  /** Puts a record back to pending and asks its flow to run; the flow picks pending records up. */
  async retry(id: number, requestedBy = 'operator'): Promise<SyncRecord> {
    const record = await this.requireRecord(id);
    if (record.state === 'synced') {
      throw new ConnectorError('data', `record ${id} is already synced; nothing to retry`);
    }
    const updated = await saveRecord(this.db, this.deps.store.sealer, {
      connectionId: record.connectionId,
      flow: record.flow,
      externalId: record.externalId,
      state: 'pending',
      message: `retry requested by ${requestedBy}`,
    });
    if (this.registry.has(record.flow)) await this.scheduler.runNow(record.flow, record.connectionId);
    return updated;
  }

  /** Retries every record matching the filter (state: needs_attention, failed, or both by default). */
  async retryMany(filter: RecordFilter, requestedBy = 'operator'): Promise<number> {
    if (filter.state && filter.state !== 'needs_attention' && filter.state !== 'failed') {
      throw new ConnectorError(
        'data',
        `only needs_attention and failed records can be retried, not ${filter.state}`,
      );
    }
    const states = filter.state ? [filter.state] : (['needs_attention', 'failed'] as const);
    let count = 0;
    const services = new Set<string>();
    for (const state of states) {
      for (;;) {
        const batch = await listRecords(this.db, { ...filter, state, limit: 500 });
        if (batch.length === 0) break;
        for (const record of batch) {
          await saveRecord(this.db, this.deps.store.sealer, {
            connectionId: record.connectionId,
            flow: record.flow,
            externalId: record.externalId,
            state: 'pending',
            message: `retry requested by ${requestedBy}`,
          });
          services.add(`${record.flow}\u0000${record.connectionId}`);
          count++;
        }
      }
    }
    for (const key of services) {
      const [flow, connectionId] = key.split('\u0000') as [string, string];
      if (this.registry.has(flow)) await this.scheduler.runNow(flow, connectionId);
    }
    return count;
  }

  /**
   * Settles a record that needs attention or failed as handled by a person outside the connector: it
   * becomes synced, with who, when and their note in its history and summary (resolve.ts). Its flow
   * does not run.
   */
  resolve(id: number, requestedBy: string, note?: string): Promise<SyncRecord> {
    return resolveRecord(this.db, this.deps.store.sealer, id, requestedBy, note);
  }

  /** Processes a record again from its stored payload, without calling the source remote. */
  async replay(id: number, requestedBy?: string) {
    const record = await this.requireRecord(id);
    if (!record.payloadId) throw new ConnectorError('data', `record ${id} has no stored payload to replay`);
    const payload = await getPayload(this.db, this.deps.store.sealer, record.payloadId, true);
    if (!payload || payload.purgedAt) {
      throw new ConnectorError(
        'data',
        `the payload of record ${id} was purged (retention); use retry instead`,
      );
    }
    const flow = this.registry.get(record.flow);
    if (requestedBy) await appendRecordEvent(this.db, record, `replay requested by ${requestedBy}`);
    return executeReplay(this.deps, flow, record, payload.body);
  }

  private async requireRecord(id: number): Promise<SyncRecord> {
    const record = await getRecord(this.db, id);
    if (!record)
      throw new ConnectorError('data', `there is no record ${id}`, { context: { notFound: true } });
    return record;
  }
}

export { GLOBAL_CONNECTION };
