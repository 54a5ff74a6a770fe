/**
 * `npm run bench`: job throughput and live-feed write rate on PGlite and PostgreSQL, and the resident
 * memory of an idle `connector start` on PGlite. Prints a Markdown table and the machine it ran on; the
 * figures in docs/benchmarks.md come from here. Not a test: nothing here passes or fails on a time.
 *
 * Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; a throwaway schema is
 * made and dropped), BENCH_JOBS (2000), BENCH_FEED (3000), BENCH_IDLE_SECONDS (20 samples after 10 s to
 * settle), BENCH_ONLY (any of jobs,feed,memory; default all).
 */
import { cpus, release, totalmem } from 'node:os';
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

const url = process.env.DATABASE_URL ?? DEFAULT_POSTGRES_URL;
const jobs = Number(process.env.BENCH_JOBS ?? 2000);
const entries = Number(process.env.BENCH_FEED ?? 3000);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 20);
const only = new Set((process.env.BENCH_ONLY ?? 'jobs,feed,memory').split(',').map((s) => s.trim()));

const version = (pkg: string) =>
  (
    JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;
const rate = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const redactUrl = (u: string) => u.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');

type Row = [string, string, string];
const rows: Row[] = [];
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

const header: Row = ['measure', 'PGlite', 'PostgreSQL'];
const width = [0, 1, 2].map((i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
const line = (r: Row) =>
  `| ${r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join(' | ')} |`;
console.log(line(header));
console.log(`| ${width.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
for (const r of rows) console.log(line(r));
console.log(`\nMachine:\n${machine.join('\n')}`);
