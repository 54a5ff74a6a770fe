/**
 * Issue 5's benchmark: 10,000 Amazon orders end to end through `import-orders` at Amazon's documented
 * rate limits, time-scaled. The emulators run in this process behind request counters
 * (bench/countingApp.ts); the connector runs in a child process (bench/importOrdersConnector.ts) so its
 * CPU time and peak RSS are its own. Placed with `POST /_sim/orders/bulk`, the orders are imported by
 * runs of the real flow back to back until all of them are D365 sales orders; then every order is
 * checked to be in D365 exactly once.
 *
 * The ceiling is what Amazon's searchOrders limit allows for this many orders: with pages of 100 and a
 * bucket of `burst` calls refilled at `rate × timeScale` a second (full at the start), the last of P
 * pages can be fetched at the earliest (P − burst) ÷ (rate × timeScale) seconds after the first, so no
 * connector can import N orders faster than N ÷ that. `orders/s ÷ ceiling` is 1 for a connector whose
 * only limit is Amazon's.
 */
import { forkConnector } from './forkConnector.ts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuUsage } from 'node:process';
import { fileURLToPath } from 'node:url';
import { RATE_TABLE } from '../src/amazon/rateTable.ts';
import { createAmazonEmulator } from '../src/emulators/amazon/app.ts';
import type { StatsSnapshot } from '../src/emulators/amazon/stats.ts';
import { createD365Emulator } from '../src/emulators/d365/app.ts';
import { serveEmulator } from '../src/emulators/shared/serveEmulator.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pgliteDb.ts';
import { openPostgres } from '../src/store/postgresDb.ts';
import { countingApp, emptyTally, type RequestTally } from './countingApp.ts';
import type { ConnectorFigures, ConnectorJob } from './importOrdersConnector.ts';

const CHILD = fileURLToPath(new URL('./importOrdersConnector.ts', import.meta.url));
const PAGE_SIZE = 100;

/**
 * The demo's import settings, plus Amazon-fulfilled orders (one in nine of the bulk generator's) so
 * that every order placed is imported; the demo has a mode of delivery for them (AMZ-FBA).
 */
export const BENCH_SETTINGS = {
  fba: { import: true, site: '1', warehouse: '11', deliveryMode: 'AMZ-FBA' },
};

/**
 * The bulk generator cycles through all eight of Amazon's service levels; the demo catalogue maps five
 * to a D365 mode of delivery. The other three go to the nearest demo mode, or a third of the orders
 * would wait for a person instead of being imported.
 */
/** Mapping rows beside the demo's (which now map every service level the Amazon emulator generates). */
export const BENCH_MAPPINGS: Record<string, Array<Record<string, string>>> = {};

export interface ImportFigures {
  database: string;
  orders: number;
  timeScale: number;
  connector: ConnectorFigures;
  /** Seconds from the connector's first run until the last order was staged / the last D365 write. */
  searchDoneS: number;
  lastWriteS: number;
  ceiling: { pages: number; rate: number; burst: number; seconds: number; ordersPerSecond: number };
  ordersPerSecond: number;
  amazon: StatsSnapshot;
  amazonTally: RequestTally;
  d365: RequestTally;
  /** Sales orders created per second over the first and the last fifth of the orders. */
  pace: { first: number; last: number };
  /** Emulators' CPU over the run (this process, ms). */
  emulatorCpuMs: number;
  /** Sales orders found in D365 for the orders placed, and orders found more than once. */
  inD365: number;
  duplicates: number;
}

export interface OrdersRunOptions {
  orders: number;
  timeScale: number;
  database: 'PGlite' | 'PostgreSQL';
  postgresUrl: string;
  runTimeoutSeconds: number;
  progress(text: string): void;
}

/** A store ready for the child: migrated, closed again (PGlite has one owner at a time). */
async function prepareStore(options: OrdersRunOptions, dataDir: string) {
  if (options.database === 'PGlite') {
    const db = await openPglite(join(dataDir, 'pglite'));
    await migrate(db);
    await db.close();
    return { schema: undefined, drop: async () => undefined };
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const db = await openPostgres({ url: options.postgresUrl, schema, max: 1 });
  await migrate(db);
  await db.close();
  return {
    schema,
    drop: async () => {
      const admin = await openPostgres({ url: options.postgresUrl, max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.close();
    },
  };
}

export function runConnector(job: ConnectorJob, postgresUrl: string): Promise<ConnectorFigures> {
  return new Promise((resolve, reject) => {
    const child = forkConnector(
      CHILD,
      { BENCH_ORDERS_CHILD: JSON.stringify(job), BENCH_ORDERS_DATABASE_URL: postgresUrl },
      process.env.BENCH_ORDERS_PROFILE,
    );
    let answer: { figures?: ConnectorFigures; error?: string } | undefined;
    child.on('message', (m) => (answer = m as typeof answer));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (answer?.figures) resolve(answer.figures);
      else reject(new Error(`the connector process ended (${code}): ${answer?.error ?? 'no figures'}`));
    });
  });
}

interface Sample {
  at: number;
  created: number;
}

/** Orders/s over the first and the last fifth of the orders, from 1-second samples of the count. */
function paceOf(samples: Sample[], start: number, orders: number) {
  const when = (n: number) => samples.find((s) => s.created >= n)?.at ?? NaN;
  const fifth = Math.round(orders / 5);
  return {
    first: fifth / ((when(fifth) - start) / 1000),
    last: fifth / ((when(orders) - when(orders - fifth)) / 1000),
  };
}

/** One pass: fresh emulators and store, `orders` orders placed, imported by the child, then checked. */
export async function importOrdersRun(options: OrdersRunOptions): Promise<ImportFigures> {
  const { timeScale } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'connector-bench-orders-'));
  const amazon = createAmazonEmulator({ seed: 'none', timeScale });
  const d365 = createD365Emulator({ seed: 'demo', timeScale });
  const amazonTally = emptyTally();
  const d365Tally = emptyTally();
  const servedAmazon = await serveEmulator(
    countingApp(amazon.app, amazonTally, {
      isData: (p) => !p.startsWith('/_sim') && !p.startsWith('/auth'),
      dataPrefix: '',
    }),
  );
  const servedD365 = await serveEmulator(
    countingApp(d365.app, d365Tally, { isData: (p) => p.startsWith('/data'), dataPrefix: '/data' }),
  );
  const store = await prepareStore(options, dataDir);
  try {
    options.progress(`orders: placing ${options.orders} orders on the Amazon emulator…`);
    // A day back: well before the (scaled) two-minute rule, well within the first run's 7 days.
    const createdAt = new Date(Date.now() - 86_400_000).toISOString();
    const seeded = await fetch(`${servedAmazon.url}/_sim/orders/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: options.orders, createdAt }),
    });
    if (seeded.status !== 201)
      throw new Error(`bulk seeding answered ${seeded.status}: ${await seeded.text()}`);
    const { orderIds } = (await seeded.json()) as { orderIds: string[] };

    options.progress(`orders: importing them, connector in a child process, ${options.database}…`);
    const cpuStart = cpuUsage();
    const samples: Sample[] = [];
    const created = () => d365Tally.operations['POST SalesOrderHeadersV2'] ?? 0;
    const sampler = setInterval(() => {
      samples.push({ at: Date.now(), created: created() });
      if (samples.length % 30 === 0) {
        const back = samples[samples.length - 31];
        const recent = back ? (created() - back.created) / 30 : NaN;
        options.progress(`  ${created()} sales orders created (${recent.toFixed(1)}/s over the last 30 s)`);
      }
    }, 1000);
    const connector = await runConnector(
      {
        amazonUrl: servedAmazon.url,
        d365Url: servedD365.url,
        timeScale,
        dataDir,
        postgresSchema: store.schema,
        expected: orderIds.length,
        settings: BENCH_SETTINGS,
        extraMappings: BENCH_MAPPINGS,
        runTimeoutSeconds: options.runTimeoutSeconds,
      },
      options.postgresUrl,
    );
    clearInterval(sampler);
    samples.push({ at: Date.now(), created: created() });
    const cpu = cpuUsage(cpuStart);
    for (const a of connector.attention)
      options.progress(`orders: ${a.n} order(s) need attention: ${a.reason}`);
    const stats = (await (await fetch(`${servedAmazon.url}/_sim/stats`)).json()) as StatsSnapshot;

    const wanted = new Set(orderIds);
    const perOrder = new Map<string, number>();
    for (const h of d365.store.list('SalesOrderHeadersV2')) {
      const ref = String(h.CustomersOrderReference ?? '');
      if (wanted.has(ref)) perOrder.set(ref, (perOrder.get(ref) ?? 0) + 1);
    }
    const { rate, burst } = RATE_TABLE['orders.searchOrders'];
    const pages = Math.ceil(orderIds.length / PAGE_SIZE);
    const ceilingSeconds = Math.max(0, pages - burst) / (rate * timeScale);
    // The child measures from its first run; both processes read the same system clock.
    const childStart = connector.startedAtEpochMs;
    return {
      database: options.database,
      orders: orderIds.length,
      timeScale,
      connector,
      searchDoneS: (connector.lastStagedAtEpochMs - childStart) / 1000,
      lastWriteS: (d365Tally.lastWriteAt - childStart) / 1000,
      ceiling: {
        pages,
        rate: rate * timeScale,
        burst,
        seconds: ceilingSeconds,
        ordersPerSecond: ceilingSeconds > 0 ? orderIds.length / ceilingSeconds : Infinity,
      },
      ordersPerSecond: orderIds.length / connector.seconds,
      pace: paceOf(samples, childStart, orderIds.length),
      amazon: stats,
      amazonTally,
      d365: d365Tally,
      emulatorCpuMs: (cpu.user + cpu.system) / 1000,
      inD365: perOrder.size,
      duplicates: [...perOrder.values()].filter((n) => n > 1).length,
    };
  } finally {
    await servedAmazon.close();
    await servedD365.close();
    amazon.close();
    d365.close();
    await store.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
