/**
 * The connector's side of the `shipments` benchmark, in a process of its own (bench/shipments.ts forks
 * it) so that its CPU time is the connector's alone, not the emulators'. It opens the store the import
 * left, points the demo configuration at the parent's emulators and runs `confirm-shipments` on its
 * schedule with the real job machinery — pg-boss, the service manager, a run rescheduled its interval
 * after it ends — as `connector start` does (without the web server and the other flows).
 *
 * The parent steers it over IPC: `mark` (it sends back its figures so far: CPU, database, exchanges, flow
 * steps), then `stop` (a graceful stop: the run under way finishes its page; then its last figures).
 * Around the real code it only counts: the database port, the clients' fetch, and the flow's load and
 * apply steps are timed.
 */
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { cpuUsage, resourceUsage } from 'node:process';
import { benchConfig } from './benchConfig.ts';
import { FlowRegistry } from '../src/engine/registry.ts';
import type { RunnerDeps } from '../src/engine/runner.ts';
import { confirmShipmentsFlow } from '../src/flows/confirmShipments/flow.ts';
import { createBoss } from '../src/jobs/boss.ts';
import { ServiceManager } from '../src/jobs/serviceManager.ts';
import { createLogger } from '../src/log/logger.ts';
import { createRemotesFactory } from '../src/runtime.ts';
import { openStore, type Store } from '../src/store/openStore.ts';
import {
  countingDb,
  emptyDbTally,
  emptyFetchTally,
  timedFetch,
  type DbTally,
  type FetchTally,
} from './countingDb.ts';

/** What the parent hands over (JSON in BENCH_SHIPMENTS_CHILD). */
export interface ShipmentsJob {
  amazonUrl: string;
  d365Url: string;
  timeScale: number;
  dataDir: string;
  /** PostgreSQL schemas; PGlite in `dataDir` when absent (the URL is in BENCH_SHIPMENTS_DATABASE_URL). */
  postgresSchema?: string;
  bossSchema: string;
  /** Merged over the demo's confirm-shipments settings (interval 5 s). */
  settings: Record<string, unknown>;
  runTimeoutSeconds: number;
}

/** The flow's own steps, timed around the real functions. */
export interface StepTally {
  loads: number;
  loadMs: number;
  applies: number;
  applyMs: number;
}

/** Figures since the services started, taken at a `mark` or at the stop. */
export interface ShipmentsSnapshot extends FetchTally {
  atEpochMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  db: DbTally;
  steps: StepTally;
  amazonClient: { requests: number; throttled: number; retries: number; rateLimitWaitMs: number };
}

export interface ShipmentsChildFigures {
  /** When the services were started (epoch ms). */
  startedAtEpochMs: number;
  marks: ShipmentsSnapshot[];
  end: ShipmentsSnapshot;
  runs: Array<{ outcome: string; items: number; startedAt: number; endedAt: number }>;
  records: Record<string, number>;
  attention: Array<{ reason: string; n: number }>;
  intents: Record<string, number>;
  peakRssMb: number;
}

export type ParentMessage = { kind: 'mark' } | { kind: 'stop' };
export type ChildMessage =
  | { kind: 'started'; atEpochMs: number }
  | { kind: 'marked'; snapshot: ShipmentsSnapshot }
  | { kind: 'done'; figures: ShipmentsChildFigures }
  | { kind: 'failed'; error: string };

const copy = <T>(value: T): T => structuredClone(value);

function timedFlow(steps: StepTally): typeof confirmShipmentsFlow {
  const flow = confirmShipmentsFlow;
  return {
    ...flow,
    load: async (ctx) => {
      const start = performance.now();
      try {
        return await flow.load(ctx);
      } finally {
        steps.loads++;
        steps.loadMs += performance.now() - start;
      }
    },
    apply: async (plan, snapshot, ctx) => {
      const start = performance.now();
      try {
        return await flow.apply(plan, snapshot, ctx);
      } finally {
        steps.applies++;
        steps.applyMs += performance.now() - start;
      }
    },
  };
}

async function outcomes(store: Store) {
  const q = <T>(text: string) => store.db.query<T>(text, ['confirm-shipments']).then((r) => r.rows);
  const runs = await q<{ outcome: string; items: number; s: number; e: number }>(
    `SELECT outcome, items, (extract(epoch FROM started_at) * 1000)::float8 AS s,
            (extract(epoch FROM ended_at) * 1000)::float8 AS e
       FROM runs WHERE flow = $1 ORDER BY started_at`,
  );
  const records = await q<{ state: string; n: number }>(
    'SELECT state, count(*)::int AS n FROM records WHERE flow = $1 GROUP BY state',
  );
  const attention = await q<{ reason: string; n: number }>(
    `SELECT reason, count(*)::int AS n FROM records WHERE flow = $1 AND state = 'needs_attention'
      GROUP BY reason ORDER BY n DESC LIMIT 5`,
  );
  const intents = await q<{ state: string; n: number }>(
    'SELECT state, count(*)::int AS n FROM intents WHERE flow = $1 GROUP BY state',
  );
  return {
    runs: runs.map((r) => ({ outcome: r.outcome, items: r.items, startedAt: r.s, endedAt: r.e })),
    records: Object.fromEntries(records.map((r) => [r.state, r.n])),
    attention,
    intents: Object.fromEntries(intents.map((r) => [r.state, r.n])),
  };
}

async function main(job: ShipmentsJob): Promise<ShipmentsChildFigures> {
  const config = benchConfig(job, confirmShipmentsFlow, 'BENCH_SHIPMENTS_DATABASE_URL', job.settings);
  const opened = await openStore({ config, demo: true, schema: job.postgresSchema });
  const tally = emptyDbTally();
  const store: Store = { ...opened, db: countingDb(opened.db, tally) };
  const fetches = emptyFetchTally();
  const steps: StepTally = { loads: 0, loadMs: 0, applies: 0, applyMs: 0 };
  // The process logger at `info` as the connector runs it, writing nowhere: its cost is counted, its I/O not.
  const log = createLogger({ level: 'info', destination: { write: () => undefined } });
  const remotes = createRemotesFactory({ config, store, log, fetch: timedFetch(job.amazonUrl, fetches) });
  const shutdown = new AbortController();
  const deps: RunnerDeps = {
    config,
    store,
    log,
    holder: `${hostname()}/${process.pid}`,
    shutdown: shutdown.signal,
    remotes,
  };
  // As runtime.ts composes them (startRuntime), minus the web server.
  const boss = createBoss(store.db, {
    schema: job.bossSchema,
    maintenanceIntervalSeconds: Math.min(60, Math.max(1, config.jobs.runTimeoutSeconds)),
  });
  boss.on('error', (error) => process.stderr.write(`  connector: job engine error: ${String(error)}\n`));
  await boss.start();
  const registry = new FlowRegistry([timedFlow(steps)]);
  const services = new ServiceManager({ ...deps, boss, registry, bossSchema: job.bossSchema });
  await services.prepare();

  Object.assign(tally, emptyDbTally());
  Object.assign(fetches, emptyFetchTally());
  const cpuStart = cpuUsage();
  const snapshot = (): ShipmentsSnapshot => {
    const cpu = cpuUsage(cpuStart);
    const amazon = remotes(config.connections[0]!).amazon.stats();
    return {
      atEpochMs: Date.now(),
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      db: copy(tally),
      steps: { ...steps },
      ...fetches,
      amazonClient: {
        requests: amazon.requests,
        throttled: amazon.throttled,
        retries: amazon.retries,
        rateLimitWaitMs: amazon.rateLimitWaitMs,
      },
    };
  };
  const startedAtEpochMs = Date.now();
  await services.start();
  process.send!({ kind: 'started', atEpochMs: startedAtEpochMs } satisfies ChildMessage);

  const marks: ShipmentsSnapshot[] = [];
  const stopped = new Promise<void>((resolve) => {
    process.on('message', (m: ParentMessage) => {
      if (m.kind === 'mark') {
        const s = snapshot();
        marks.push(s);
        process.send!({ kind: 'marked', snapshot: s } satisfies ChildMessage);
      } else if (m.kind === 'stop') resolve();
    });
  });
  await stopped;
  // As Runtime.stop: the run under way finishes its page, then the job engine stops.
  shutdown.abort();
  await services.stop();
  await boss.stop({ graceful: true, wait: true, timeout: (config.jobs.runTimeoutSeconds + 5) * 1000 });
  await services.drain();
  const end = snapshot();
  try {
    return {
      startedAtEpochMs,
      marks,
      end,
      ...(await outcomes(opened)),
      peakRssMb: resourceUsage().maxRSS / 1024,
    };
  } finally {
    await opened.close();
  }
}

const job = JSON.parse(process.env.BENCH_SHIPMENTS_CHILD ?? 'null') as ShipmentsJob | null;
if (!job || !process.send) {
  console.error(
    'bench/shipmentsConnector.ts is started by bench/shipments.ts (BENCH_ONLY=shipments npm run bench)',
  );
  process.exit(2);
}
main(job).then(
  (figures) => process.send!({ kind: 'done', figures } satisfies ChildMessage, () => process.exit(0)),
  (error: unknown) =>
    process.send!(
      {
        kind: 'failed',
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies ChildMessage,
      () => process.exit(1),
    ),
);
