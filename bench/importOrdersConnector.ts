/**
 * The connector's side of the `orders` benchmark, run in a process of its own (bench/importOrders.ts
 * spawns it) so that its CPU time and peak RSS are the connector's alone, not the emulators'. It opens
 * the store the parent prepared, points the demo configuration at the parent's emulators and runs
 * `import-orders` back to back with the real runner — as the scheduler would, minus the wait between
 * runs — until every order the parent placed is imported. It sends its figures to the parent over IPC.
 *
 * Around the real code it only counts: the database port is wrapped to count statements and
 * transactions and time them, and the clients get a fetch that times each exchange per remote.
 */
import { performance } from 'node:perf_hooks';
import { cpuUsage, memoryUsage, resourceUsage } from 'node:process';
import {
  countingDb,
  emptyDbTally,
  emptyFetchTally,
  timedFetch,
  type DbTally,
  type FetchTally,
} from './countingDb.ts';
import { DEMO_CONNECTION_ID } from '../src/cli/demoEmulators.ts';
import type { ConnectorConfig } from '../src/config/schema.ts';
import { benchConfig } from './benchConfig.ts';
import { importOrdersFlow } from '../src/flows/importOrders/flow.ts';
import { createRemotesFactory } from '../src/runtime.ts';
import { executeRun, type RunnerDeps } from '../src/engine/runner.ts';
import { createLogger } from '../src/log/logger.ts';
import { openStore, type Store } from '../src/store/openStore.ts';
import { ensureService } from '../src/store/repos/services.ts';

/** What the parent hands over (JSON in BENCH_ORDERS_CHILD). */
export interface ConnectorJob {
  amazonUrl: string;
  d365Url: string;
  timeScale: number;
  dataDir: string;
  /** PostgreSQL schema to use; PGlite in `dataDir` when absent (the URL is in BENCH_ORDERS_DATABASE_URL). */
  postgresSchema?: string;
  /** Orders the search will find: the loop ends when all of them are synced or need attention. */
  expected: number;
  /** Merged over the demo's import-orders settings. */
  settings: Record<string, unknown>;
  /** Rows added to the demo's mapping tables. */
  extraMappings: ConnectorConfig['mappings'];
  runTimeoutSeconds: number;
}

export type { DbTally };

export interface ConnectorFigures extends FetchTally {
  /** When the first run started (epoch ms), and the seconds until the last one ended. */
  startedAtEpochMs: number;
  /** When the last order was first staged (found on Amazon), epoch ms. */
  lastStagedAtEpochMs: number;
  seconds: number;
  runs: Array<{ outcome: string; items: number; errors: number; pages: number; seconds: number }>;
  records: Record<string, number>;
  /** The commonest reasons of orders needing attention (none expected), with how many share each. */
  attention: Array<{ reason: string; n: number }>;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** resourceUsage().maxRSS: the process's high-water mark, from its start (MB). */
  peakRssMb: number;
  /** The high-water mark when the first run started (store open, modules loaded). */
  rssBeforeMb: number;
  rssAfterMb: number;
  db: DbTally;
  amazonClient: { requests: number; throttled: number; retries: number; rateLimitWaitMs: number };
}

async function recordStates(store: Store): Promise<Record<string, number>> {
  const { rows } = await store.db.query<{ state: string; n: number }>(
    `SELECT state, count(*)::int AS n FROM records WHERE flow = 'import-orders' GROUP BY state`,
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

async function attentionReasons(store: Store): Promise<Array<{ reason: string; n: number }>> {
  const { rows } = await store.db.query<{ reason: string; n: number }>(
    `SELECT reason, count(*)::int AS n FROM records
      WHERE flow = 'import-orders' AND state = 'needs_attention'
      GROUP BY reason ORDER BY n DESC LIMIT 5`,
  );
  return rows;
}

async function lastStaged(store: Store): Promise<number> {
  const { rows } = await store.db.query<{ ms: number }>(
    `SELECT (extract(epoch FROM max(created_at)) * 1000)::float8 AS ms FROM records WHERE flow = 'import-orders'`,
  );
  return rows[0]?.ms ?? NaN;
}

const mb = (bytes: number) => bytes / 2 ** 20;

async function main(job: ConnectorJob): Promise<ConnectorFigures> {
  const config = benchConfig(
    job,
    importOrdersFlow,
    'BENCH_ORDERS_DATABASE_URL',
    job.settings,
    job.extraMappings,
  );
  const opened = await openStore({ config, demo: true, schema: job.postgresSchema });
  const tally = emptyDbTally();
  const store: Store = { ...opened, db: countingDb(opened.db, tally) };
  const fetches = emptyFetchTally();
  // The process logger at `info` as the connector runs it, writing nowhere: its cost is counted, its I/O not.
  const log = createLogger({ level: 'info', destination: { write: () => undefined } });
  const remotes = createRemotesFactory({ config, store, log, fetch: timedFetch(job.amazonUrl, fetches) });
  const deps: RunnerDeps = {
    config,
    store,
    log,
    holder: `bench/${process.pid}`,
    shutdown: new AbortController().signal,
    remotes,
  };
  try {
    await ensureService(store.db, {
      connectionId: DEMO_CONNECTION_ID,
      flow: importOrdersFlow.id,
      enabled: true,
      intervalSeconds: 5,
    });
    Object.assign(tally, emptyDbTally());
    const rssBeforeMb = resourceUsage().maxRSS / 1024;
    const cpuStart = cpuUsage();
    const startedAtEpochMs = Date.now();
    const start = performance.now();
    const runs: ConnectorFigures['runs'] = [];
    let records: Record<string, number> = {};
    let lastReport = start;
    for (;;) {
      const runStart = performance.now();
      const summary = await executeRun(deps, importOrdersFlow, DEMO_CONNECTION_ID, 'schedule');
      runs.push({
        outcome: summary.outcome,
        items: summary.items,
        errors: summary.errors,
        pages: summary.pages,
        seconds: (performance.now() - runStart) / 1000,
      });
      records = await recordStates(store);
      const done = (records.synced ?? 0) + (records.needs_attention ?? 0);
      if (performance.now() - lastReport > 15_000 || summary.outcome === 'failed') {
        lastReport = performance.now();
        process.stderr.write(
          `  connector: ${runs.length} run(s), ${done} of ${job.expected} orders done` +
            (summary.outcome === 'failed' ? ` (last run failed: ${summary.message})` : '') +
            '\n',
        );
      }
      if (summary.outcome === 'succeeded' && !records.pending && done >= job.expected) break;
      if (runs.filter((r) => r.outcome === 'failed').length > 20)
        throw new Error(`import-orders failed 20 times; last: ${summary.message}`);
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = cpuUsage(cpuStart);
    const amazon = remotes(config.connections[0]!).amazon.stats();
    return {
      startedAtEpochMs,
      lastStagedAtEpochMs: await lastStaged(store),
      seconds,
      runs,
      records,
      attention: await attentionReasons(store),
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      peakRssMb: resourceUsage().maxRSS / 1024,
      rssBeforeMb,
      rssAfterMb: mb(memoryUsage.rss()),
      db: tally,
      ...fetches,
      amazonClient: {
        requests: amazon.requests,
        throttled: amazon.throttled,
        retries: amazon.retries,
        rateLimitWaitMs: amazon.rateLimitWaitMs,
      },
    };
  } finally {
    await opened.close();
  }
}

const job = JSON.parse(process.env.BENCH_ORDERS_CHILD ?? 'null') as ConnectorJob | null;
if (!job || !process.send) {
  console.error(
    'bench/importOrdersConnector.ts is started by bench/importOrders.ts (BENCH_ONLY=orders npm run bench)',
  );
  process.exit(2);
}
main(job).then(
  (figures) => process.send!({ figures }, () => process.exit(0)),
  (error: unknown) =>
    process.send!({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
      process.exit(1),
    ),
);
