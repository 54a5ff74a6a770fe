/**
 * The operator's numbers as Prometheus series (docs/operations.md lists them): per service (flow ×
 * connection) its switch, whether it runs, its runs by outcome, items and errors, backlog, lag, interval
 * and last success; records waiting per state (needs_attention among them); pg-boss queue depth. They
 * come from the shared database at scrape time (operatorReading.ts), so every process reports the same
 * numbers for the whole installation. Totals kept in the database are exposed as counters: they only
 * grow (a service's items and errors, its finished runs — runs are never purged).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { sharedReading, type OperatorReading, type ReadingSource } from './operatorReading.ts';

const SERVICE = ['flow', 'connection'] as const;

type Labels = Record<string, string>;
type Fill = (reading: OperatorReading, set: (labels: Labels, value: number) => void) => void;

const service = (s: { flow: string; connectionId: string }): Labels => ({
  flow: s.flow,
  connection: s.connectionId,
});

interface Series {
  name: string;
  help: string;
  labels: readonly string[];
  kind: 'gauge' | 'counter';
  fill: Fill;
}

const SERIES: Series[] = [
  {
    name: 'connector_service_enabled',
    help: 'Whether the service is switched on (1) or off (0).',
    labels: SERVICE,
    kind: 'gauge',
    fill: (r, set) => r.services.forEach((s) => set(service(s), s.enabled ? 1 : 0)),
  },
  {
    name: 'connector_service_running',
    help: 'Whether a run of the service holds its lease now.',
    labels: SERVICE,
    kind: 'gauge',
    fill: (r, set) =>
      r.services.forEach((s) =>
        set(service(s), s.leaseExpiresAt && s.leaseExpiresAt.getTime() > r.at.getTime() ? 1 : 0),
      ),
  },
  {
    name: 'connector_service_interval_seconds',
    help: 'The time from the end of one run of the service to the start of the next.',
    labels: SERVICE,
    kind: 'gauge',
    fill: (r, set) => r.services.forEach((s) => set(service(s), s.intervalSeconds)),
  },
  {
    name: 'connector_service_runs_total',
    help: 'Finished runs of the service by outcome (succeeded, failed, skipped, interrupted).',
    labels: [...SERVICE, 'outcome'],
    kind: 'counter',
    fill: (r, set) => r.runs.forEach((x) => set({ ...service(x), outcome: x.outcome }, x.runs)),
  },
  {
    name: 'connector_service_items_processed_total',
    help: 'Items the service has processed, over all its runs.',
    labels: SERVICE,
    kind: 'counter',
    fill: (r, set) => r.services.forEach((s) => set(service(s), s.itemsProcessed)),
  },
  {
    name: 'connector_service_errors_total',
    help: 'Items of the service that needed attention, over all its runs.',
    labels: SERVICE,
    kind: 'counter',
    fill: (r, set) => r.services.forEach((s) => set(service(s), s.errors)),
  },
  {
    name: 'connector_service_backlog',
    help: 'Items waiting for the service after its last run (absent until a run reported it).',
    labels: SERVICE,
    kind: 'gauge',
    fill: (r, set) => r.services.forEach((s) => s.backlog !== null && set(service(s), s.backlog)),
  },
  {
    name: 'connector_service_lag_seconds',
    help: 'How far behind its source the service was after its last run (absent until reported).',
    labels: SERVICE,
    kind: 'gauge',
    fill: (r, set) => r.services.forEach((s) => s.lagSeconds !== null && set(service(s), s.lagSeconds)),
  },
  {
    name: 'connector_service_last_run_end_timestamp_seconds',
    help: 'When the last run of the service ended, whatever its outcome (Unix time).',
    labels: SERVICE,
    kind: 'gauge',
    fill: (r, set) =>
      r.services.forEach((s) => s.lastEndedAt && set(service(s), s.lastEndedAt.getTime() / 1000)),
  },
  {
    name: 'connector_service_last_success_timestamp_seconds',
    help: 'When the last successful run of the service ended (Unix time).',
    labels: SERVICE,
    kind: 'gauge',
    fill: (r, set) => r.lastSuccess.forEach((x) => set(service(x), x.endedAt.getTime() / 1000)),
  },
  {
    name: 'connector_records',
    help: 'Records waiting per service and state: pending, needs_attention, failed (synced ones are not counted).',
    labels: [...SERVICE, 'state'],
    kind: 'gauge',
    fill: (r, set) => r.records.forEach((x) => set({ ...service(x), state: x.state }, x.records)),
  },
  {
    name: 'connector_job_queue_depth',
    help: 'pg-boss jobs per queue and state: created (waiting), retry (waiting to be retried), active.',
    labels: ['queue', 'state'],
    kind: 'gauge',
    fill: (r, set) => r.queues.forEach((x) => set({ queue: x.queue, state: x.state }, x.jobs)),
  },
];

/** Registers every series on `registry`; each reads the shared reading when scraped. */
export function registerOperatorMetrics(registry: Registry, source: ReadingSource): void {
  const read = sharedReading(source);
  for (const series of SERIES) {
    const config = { name: series.name, help: series.help, labelNames: series.labels, registers: [registry] };
    if (series.kind === 'gauge') {
      new Gauge({
        ...config,
        async collect() {
          const reading = await read();
          this.reset(); // a service removed from the configuration disappears from the scrape
          series.fill(reading, (labels, value) => this.set(labels, value));
        },
      });
    } else {
      new Counter({
        ...config,
        async collect() {
          const reading = await read();
          // The total lives in the database: the counter shows it as it is, not what this process added.
          this.reset();
          series.fill(reading, (labels, value) => this.inc(labels, value));
        },
      });
    }
  }
}
