/**
 * `npm run bench`: job throughput and live-feed write rate on PGlite and PostgreSQL, the resident memory
 * of an idle `connector start` on PGlite, the Amazon client's pacing against the emulator's usage plans,
 * and D365 read and write rates through the client against the emulator. Prints Markdown tables and the
 * machine it ran on; the figures in docs/benchmarks.md come from here. Not a test: nothing here passes
 * or fails on a time.
 *
 * Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; a throwaway schema is
 * made and dropped), BENCH_JOBS (2000), BENCH_FEED (3000), BENCH_IDLE_SECONDS (20 samples after 10 s to
 * settle), BENCH_ONLY (any of jobs,feed,memory,amazon,d365,orders,shipments,feeds-emulator,feeds-client;
 * default all but orders and shipments).
 * Feeds through the client (part `feeds-client`): BENCH_FEEDS_CLIENT_MESSAGES (100000 price-and-stock
 * messages built, uploaded, and their processing reports read back; CPU, RSS per phase).
 * Amazon: BENCH_AMAZON_ORDERS (10000 orders paged by searchOrders), BENCH_AMAZON_TIME_SCALE (500),
 * BENCH_AMAZON_GET_ORDERS (300 getOrder calls), BENCH_AMAZON_GET_TIME_SCALE (25), BENCH_AMAZON_STORES
 * (where the client keeps its buckets, any of memory,pglite,postgres; default all).
 * D365: BENCH_D365_ONHAND (100000 rows), BENCH_D365_ORDERS (300 sales orders a mode), BENCH_D365_LINES
 * (3 lines an order), BENCH_D365_PER_BATCH (10 orders a `$batch`).
 * Orders end to end (part `orders`, only when named: half an hour per database): BENCH_ORDERS
 * (10000 orders), BENCH_ORDERS_TIME_SCALE (100), BENCH_ORDERS_DATABASES (pglite,postgres; PostgreSQL
 * only when DATABASE_URL's server answers), BENCH_ORDERS_RUN_TIMEOUT (120 s, the default run limit),
 * BENCH_ORDERS_PROFILE (a directory: the connector process writes a V8 CPU profile there).
 * Shipment confirmations (part `shipments`, only when named): BENCH_SHIPMENTS (10000 packing slips),
 * BENCH_SHIPMENTS_STEADY (how many of them are posted at a steady rate after the backlog: two minutes'
 * worth, at most a fifth), BENCH_SHIPMENTS_STEADY_RATE (slips/s; a fiftieth of the scaled limit, 2/s at
 * time scale 50), BENCH_SHIPMENTS_TIME_SCALE (50),
 * BENCH_SHIPMENTS_INTERVAL (5 s, the demo's), BENCH_SHIPMENTS_RUN_TIMEOUT (120 s),
 * BENCH_SHIPMENTS_OVERLAP (the flow's overlapMinutes; its default 10 when unset), BENCH_SHIPMENTS_FIGURES
 * (a file: every figure as JSON), BENCH_SHIPMENTS_PROFILE (a directory: the confirming connector process
 * writes a V8 CPU profile there),
 * BENCH_SHIPMENTS_DATABASES (pglite,postgres).
 * The Amazon emulator processing one JSON_LISTINGS_FEED (part `feeds-emulator`, only when named):
 * BENCH_FEEDS_EMULATOR_MESSAGES (25000), BENCH_FEEDS_EMULATOR_REPEATED_SKUS (2: the same number of messages
 * again, over that many SKUs; 0 skips it). It ends with one `name: key=value …` line per measure.
 */
import { cpus, loadavg, release, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_POSTGRES_URL,
  openBenchPglite,
  openBenchPostgres,
  postgresVersion,
  type BenchDb,
} from './databases.ts';
import { jobThroughput, type JobFigures } from './jobs.ts';
import { feedWriteRate, type FeedFigures } from './feed.ts';
import { idleMemory } from './idleMemory.ts';
import { amazonTable, type BenchBucketStore } from './amazonOrders.ts';
import { d365Table } from './d365.ts';
import { ordersTables } from './importOrdersTable.ts';
import { shipmentsTables } from './shipmentsTable.ts';
import { feedsEmulatorBench, feedsEmulatorTable } from './feedsEmulator.ts';
import { feedsClientBench, feedsClientTable } from './feedsClient.ts';
import { RATE_TABLE } from '../src/amazon/rateTable.ts';
import { createMemoryBucketStore } from '../src/http/memoryBucketStore.ts';
import { createDbBucketStore } from '../src/store/repos/rateBuckets.ts';

const url = process.env.DATABASE_URL ?? DEFAULT_POSTGRES_URL;
const jobs = Number(process.env.BENCH_JOBS ?? 2000);
const entries = Number(process.env.BENCH_FEED ?? 3000);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 20);
const only = new Set(
  (process.env.BENCH_ONLY ?? 'jobs,feed,memory,amazon,d365').split(',').map((s) => s.trim()),
);
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const list = (name: string, fallback: string) =>
  new Set((process.env[name] ?? fallback).split(',').map((s) => s.trim()));

const version = (pkg: string) =>
  (
    JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;
const rate = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const redactUrl = (u: string) => u.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');

type Row = string[];
const rows: Row[] = [];
const tables: Row[][] = [];
/** Machine-readable lines (`name: key=value …`), printed last. */
const summary: string[] = [];
const log = (text: string) => process.stderr.write(`${text}\n`);

async function onBoth(
  name: string,
  fn: (b: BenchDb) => Promise<void>,
  server: { version?: string; error?: string },
): Promise<void> {
  for (const open of [openBenchPglite, () => openBenchPostgres(url)]) {
    if (open !== openBenchPglite && server.error) continue;
    const b = await open();
    log(`${name} on ${b.label}…`);
    try {
      await fn(b);
    } finally {
      await b.close();
    }
  }
}

const server = await postgresVersion(url);
const machine = [
  `- CPU: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown'}; memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Linux ${release()}`,
  `- Node ${process.version}; PGlite ${version('@electric-sql/pglite')} (data directory on local disk); pg-boss ${version('pg-boss')}`,
  `- PostgreSQL: ${server.version ? `${server.version} at ${redactUrl(url)}` : `not measured (${server.error})`}`,
  `- Load average at the start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} (1, 5, 15 min)`,
];

if (only.has('jobs')) {
  const figures: Partial<Record<BenchDb['label'], JobFigures>> = {};
  await onBoth('job throughput', async (b) => void (figures[b.label] = await jobThroughput(b, jobs)), server);
  const cell = (db: BenchDb['label'], key: keyof JobFigures) =>
    figures[db] ? rate(figures[db][key]) : 'n/a';
  rows.push([
    `jobs/s: \`send\`, one at a time (${jobs} jobs)`,
    cell('PGlite', 'sendPerSecond'),
    cell('PostgreSQL', 'sendPerSecond'),
  ]);
  rows.push([
    `jobs/s: send → work → complete, 4 senders, 4 workers × up to 100 a fetch (${jobs} jobs)`,
    cell('PGlite', 'endToEndPerSecond'),
    cell('PostgreSQL', 'endToEndPerSecond'),
  ]);
  rows.push([
    'jobs/s: as flow runs use a queue (1 worker, 1 job a fetch, 0.5 s polling)',
    cell('PGlite', 'flowStylePerSecond'),
    cell('PostgreSQL', 'flowStylePerSecond'),
  ]);
}

if (only.has('feed')) {
  const figures: Partial<Record<BenchDb['label'], FeedFigures>> = {};
  await onBoth(
    'live-feed writes',
    async (b) => void (figures[b.label] = await feedWriteRate(b, entries)),
    server,
  );
  const cell = (db: BenchDb['label'], key: keyof FeedFigures) =>
    figures[db] ? rate(figures[db][key]) : 'n/a';
  rows.push([
    `live feed entries/s: \`appendFeed\`, 1 writer (${entries} entries)`,
    cell('PGlite', 'oneWriterPerSecond'),
    cell('PostgreSQL', 'oneWriterPerSecond'),
  ]);
  rows.push([
    `live feed entries/s: \`appendFeed\`, 8 writers at once (${entries} entries)`,
    cell('PGlite', 'eightWritersPerSecond'),
    cell('PostgreSQL', 'eightWritersPerSecond'),
  ]);
}

if (only.has('memory')) {
  log(`idle memory of connector start (PGlite), ${idleSeconds} samples…`);
  const { fresh, restarted } = await idleMemory(10, idleSeconds);
  const mb = (f: { medianMb: number; maxMb: number }) =>
    `${Math.round(f.medianMb)} MB (max ${Math.round(f.maxMb)})`;
  rows.push([
    'RSS of an idle `connector start`, fresh data directory (median of 1/s samples)',
    mb(fresh),
    '—',
  ]);
  rows.push(['RSS of an idle `connector start`, restarted on its data directory', mb(restarted), '—']);
}

if (only.has('amazon')) {
  const wanted = list('BENCH_AMAZON_STORES', 'memory,pglite,postgres');
  const onDb = async (open: () => Promise<BenchDb>): Promise<BenchBucketStore> => {
    const b = await open();
    return { label: b.label, store: createDbBucketStore(b.db), close: () => b.close() };
  };
  const stores: Array<() => Promise<BenchBucketStore>> = [];
  if (wanted.has('memory'))
    stores.push(async () => ({ label: 'memory', store: createMemoryBucketStore(), close: async () => {} }));
  if (wanted.has('pglite')) stores.push(() => onDb(openBenchPglite));
  if (wanted.has('postgres') && !server.error) stores.push(() => onDb(() => openBenchPostgres(url)));
  tables.push(
    await amazonTable({
      orders: env('BENCH_AMAZON_ORDERS', 10_000),
      timeScale: env('BENCH_AMAZON_TIME_SCALE', 500),
      getOrders: env('BENCH_AMAZON_GET_ORDERS', 300),
      getTimeScale: env('BENCH_AMAZON_GET_TIME_SCALE', 25),
      stores,
      progress: log,
    }),
  );
}

if (only.has('d365')) {
  tables.push(
    await d365Table({
      onHandRows: env('BENCH_D365_ONHAND', 100_000),
      orders: env('BENCH_D365_ORDERS', 300),
      linesPerOrder: env('BENCH_D365_LINES', 3),
      perBatch: env('BENCH_D365_PER_BATCH', 10),
      progress: log,
    }),
  );
}

if (only.has('orders')) {
  const wanted = list('BENCH_ORDERS_DATABASES', 'pglite,postgres');
  tables.push(
    ...(await ordersTables({
      orders: env('BENCH_ORDERS', 10_000),
      timeScale: env('BENCH_ORDERS_TIME_SCALE', 100),
      runTimeoutSeconds: env('BENCH_ORDERS_RUN_TIMEOUT', 120),
      databases: [
        ...(wanted.has('pglite') ? (['PGlite'] as const) : []),
        ...(wanted.has('postgres') && !server.error ? (['PostgreSQL'] as const) : []),
      ],
      postgresUrl: url,
      progress: log,
    })),
  );
}

if (only.has('shipments')) {
  const wanted = list('BENCH_SHIPMENTS_DATABASES', 'pglite,postgres');
  const shipments = env('BENCH_SHIPMENTS', 10_000);
  const timeScale = env('BENCH_SHIPMENTS_TIME_SCALE', 50);
  const steadyRate = env(
    'BENCH_SHIPMENTS_STEADY_RATE',
    (RATE_TABLE['ordersV0.confirmShipment'].rate * timeScale) / 50,
  );
  const result = await shipmentsTables({
    shipments,
    steady: env('BENCH_SHIPMENTS_STEADY', Math.min(Math.round(steadyRate * 120), Math.round(shipments / 5))),
    steadyRate,
    timeScale,
    intervalSeconds: env('BENCH_SHIPMENTS_INTERVAL', 5),
    runTimeoutSeconds: env('BENCH_SHIPMENTS_RUN_TIMEOUT', 120),
    ...(process.env.BENCH_SHIPMENTS_OVERLAP && { overlapMinutes: env('BENCH_SHIPMENTS_OVERLAP', 10) }),
    figuresFile: process.env.BENCH_SHIPMENTS_FIGURES,
    databases: [
      ...(wanted.has('pglite') ? (['PGlite'] as const) : []),
      ...(wanted.has('postgres') && !server.error ? (['PostgreSQL'] as const) : []),
    ],
    postgresUrl: url,
    progress: log,
  });
  tables.push(...result.tables);
  summary.push(...result.lines);
}

if (only.has('feeds-client')) {
  const messages = env('BENCH_FEEDS_CLIENT_MESSAGES', 100_000);
  log(`the Amazon client building, uploading and reading back ${messages} listings feed messages…`);
  const result = feedsClientTable(await feedsClientBench(messages));
  tables.push(result.table);
  summary.push(...result.lines);
}

if (only.has('feeds-emulator')) {
  const messages = env('BENCH_FEEDS_EMULATOR_MESSAGES', 25_000);
  log(`the Amazon emulator processing a ${messages}-message JSON_LISTINGS_FEED…`);
  const result = feedsEmulatorTable(await feedsEmulatorBench(messages));
  tables.push(result.table);
  summary.push(...result.lines);
  const skus = env('BENCH_FEEDS_EMULATOR_REPEATED_SKUS', 2);
  if (skus > 0) {
    log(`the same over ${skus} SKUs (each SKU many times in the feed)…`);
    const repeated = feedsEmulatorTable(await feedsEmulatorBench(messages, skus));
    tables.push(repeated.table);
    summary.push(...repeated.lines);
  }
}

/** A Markdown table: the first column left-aligned, the figures right-aligned. */
function printTable([header, ...body]: Row[]): void {
  const width = header!.map((_, i) => Math.max(...[header!, ...body].map((r) => r[i]!.length)));
  const line = (r: Row) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join(' | ')} |`;
  console.log(line(header!));
  console.log(`| ${width.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
  for (const r of body) console.log(line(r));
}

if (rows.length > 0) tables.unshift([['measure', 'PGlite', 'PostgreSQL'], ...rows]);
tables.forEach((table, i) => {
  if (i > 0) console.log('');
  printTable(table);
});
console.log(`\nMachine:\n${machine.join('\n')}`);
if (summary.length > 0) console.log(`\n${summary.join('\n')}`);
