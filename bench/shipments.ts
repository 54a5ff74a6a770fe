/**
 * Issue 12's benchmark: packing slips posted in D365 confirmed to Amazon by `confirm-shipments` at
 * Amazon's confirmShipment limit (2 a second, burst 10), time-scaled. The emulators run in this process
 * behind request counters (bench/countingApp.ts), the Amazon one also noting when each confirmShipment
 * arrived; the connector runs in child processes: first the real import of the orders
 * (bench/importOrdersConnector.ts, not measured), then the flow on its schedule with the real job
 * machinery (bench/shipmentsConnector.ts), whose CPU time is the connector's alone.
 *
 * Measured is the confirmation phase only, in two parts:
 *   backlog  slips posted before the connector starts, confirmed as fast as the limit lets: the rate
 *            reached ÷ the scaled limit, 429s, D365 requests and CPU per shipment;
 *   steady   the rest posted one by one at a steady rate while the flow runs every `interval` seconds:
 *            the latency from a slip's posting to its confirmShipment reaching the Amazon emulator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuUsage } from 'node:process';
import { Hono } from 'hono';
import { RATE_TABLE } from '../src/amazon/rateTable.ts';
import { createAmazonEmulator } from '../src/emulators/amazon/app.ts';
import type { StatsSnapshot } from '../src/emulators/amazon/stats.ts';
import { createD365Emulator } from '../src/emulators/d365/app.ts';
import { confirmShipmentsSettings } from '../src/flows/confirmShipments/settings.ts';
import { serveEmulator } from '../src/emulators/shared/serveEmulator.ts';
import { countingApp, emptyTally, type RequestTally } from './countingApp.ts';
import type { ShipmentsChildFigures, ShipmentsSnapshot } from './shipmentsConnector.ts';
import { sleep, startChild, until } from './shipmentsChild.ts';
import { placeAndImport, postSlip, prepareStore, receiveStock, type ImportSetup } from './shipmentsSetup.ts';

const CONFIRM_PATH = /^\/orders\/v0\/orders\/([^/]+)\/shipmentConfirmation$/;

export interface ShipmentsRunOptions {
  /** Packing slips in all: `shipments − steady` as a backlog, then `steady` at `steadyRate` a second. */
  shipments: number;
  steady: number;
  steadyRate: number;
  timeScale: number;
  intervalSeconds: number;
  runTimeoutSeconds: number;
  /** The flow's `overlapMinutes`; its default when absent. */
  overlapMinutes?: number;
  database: 'PGlite' | 'PostgreSQL';
  postgresUrl: string;
  progress(text: string): void;
}

/** When each order's confirmShipment reached the Amazon emulator and was taken (epoch ms). */
interface Arrivals {
  accepted: Map<string, number>;
  /** confirmShipment requests of any outcome, and those taken for an order that already had one. */
  sent: number;
  again: number;
}

function recordingApp(app: Hono, arrivals: Arrivals): Hono {
  const outer = new Hono();
  outer.all('*', async (c) => {
    const match = c.req.method === 'POST' ? CONFIRM_PATH.exec(new URL(c.req.url).pathname) : null;
    if (!match) return app.fetch(c.req.raw);
    const at = Date.now();
    arrivals.sent++;
    const response = await app.fetch(c.req.raw);
    const id = decodeURIComponent(match[1]!);
    if (response.status < 300) {
      if (arrivals.accepted.has(id)) arrivals.again++;
      else arrivals.accepted.set(id, at);
    }
    return response;
  });
  return outer;
}

export interface PhaseFigures {
  shipments: number;
  seconds: number;
  d365: RequestTally;
  connector: ShipmentsSnapshot;
  amazon: StatsSnapshot;
}

export interface ShipmentsFigures {
  database: string;
  timeScale: number;
  intervalSeconds: number;
  overlapMinutes: number;
  setup: ImportSetup & { slipPostSeconds: number };
  limit: { rate: number; burst: number };
  backlog: PhaseFigures & { firstAt: number; lastAt: number };
  steady: PhaseFigures & { targetRate: number; postedRate: number; latenciesMs: number[] };
  child: ShipmentsChildFigures;
  /** Orders with exactly one package on Amazon, with none, with more; confirmShipment calls taken again. */
  onAmazon: { one: number; none: number; more: number; sent: number; again: number };
  /** This process (emulators, slip posting) over the confirmation phase, ms. */
  emulatorCpuMs: number;
}

const copyTally = (t: RequestTally): RequestTally => structuredClone(t);

function minus(a: RequestTally, b: RequestTally): RequestTally {
  const operations = { ...a.operations };
  for (const [k, v] of Object.entries(b.operations)) operations[k] = (operations[k] ?? 0) - v;
  return {
    requests: a.requests - b.requests,
    batches: a.batches - b.batches,
    batchOperations: a.batchOperations - b.batchOperations,
    operations,
    throttled: a.throttled - b.throttled,
    busyMs: a.busyMs - b.busyMs,
    lastWriteAt: a.lastWriteAt,
  };
}

export async function shipmentsRun(options: ShipmentsRunOptions): Promise<ShipmentsFigures> {
  const { timeScale, progress } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'connector-bench-shipments-'));
  const amazon = createAmazonEmulator({ seed: 'none', timeScale });
  const d365 = createD365Emulator({ seed: 'demo', timeScale });
  const amazonTally = emptyTally();
  const d365Tally = emptyTally();
  const arrivals: Arrivals = { accepted: new Map(), sent: 0, again: 0 };
  const servedAmazon = await serveEmulator(
    recordingApp(
      countingApp(amazon.app, amazonTally, {
        isData: (p) => !p.startsWith('/_sim') && !p.startsWith('/auth'),
        dataPrefix: '',
      }),
      arrivals,
    ),
  );
  const servedD365 = await serveEmulator(
    countingApp(d365.app, d365Tally, { isData: (p) => p.startsWith('/data'), dataPrefix: '/data' }),
  );
  const store = await prepareStore(options.database, dataDir, options.postgresUrl);
  let child: ReturnType<typeof startChild> | undefined;
  try {
    const setup = await placeAndImport({
      amazonUrl: servedAmazon.url,
      d365Url: servedD365.url,
      d365,
      wanted: options.shipments,
      timeScale,
      dataDir,
      store,
      postgresUrl: options.postgresUrl,
      runTimeoutSeconds: options.runTimeoutSeconds,
      progress,
    });
    progress(`shipments: imported in ${setup.importSeconds.toFixed(0)} s; receiving stock…`);
    await receiveStock(servedD365.url, d365, setup.orders);

    const backlogOrders = setup.orders.slice(0, options.shipments - options.steady);
    const steadyOrders = setup.orders.slice(backlogOrders.length);
    const postedAt = new Map<string, number>();
    progress(`shipments: posting ${backlogOrders.length} packing slips (the backlog)…`);
    const postStart = Date.now();
    for (const [i, order] of backlogOrders.entries())
      postedAt.set(order.orderId, await postSlip(servedD365.url, order, i));
    const slipPostSeconds = (Date.now() - postStart) / 1000;

    // The confirmation phase: counters from zero.
    await fetch(`${servedAmazon.url}/_sim/stats/reset`, { method: 'POST' });
    Object.assign(d365Tally, emptyTally());
    Object.assign(amazonTally, emptyTally());
    const { rate, burst } = RATE_TABLE['ordersV0.confirmShipment'];
    const limit = rate * timeScale;
    progress(
      `shipments: connector process confirming on its schedule (every ${options.intervalSeconds} s), ` +
        `${options.database}, limit ${limit}/s…`,
    );
    const cpuStart = cpuUsage();
    child = startChild(
      {
        amazonUrl: servedAmazon.url,
        d365Url: servedD365.url,
        timeScale,
        dataDir,
        postgresSchema: store.schema,
        bossSchema: store.bossSchema,
        settings: {
          intervalSeconds: options.intervalSeconds,
          ...(options.overlapMinutes !== undefined && { overlapMinutes: options.overlapMinutes }),
        },
        runTimeoutSeconds: options.runTimeoutSeconds,
      },
      options.postgresUrl,
    );
    const started = await child.started;
    const confirmed = (orders: typeof setup.orders) =>
      orders.filter((o) => arrivals.accepted.has(o.orderId)).length;
    const report = setInterval(
      () => progress(`  ${arrivals.accepted.size} of ${options.shipments} confirmed on Amazon`),
      15_000,
    );
    try {
      const backlogLimitS = 120 + (5 * backlogOrders.length) / limit;
      await until(
        () => confirmed(backlogOrders) === backlogOrders.length,
        backlogLimitS,
        'the backlog confirmed',
        child.failed,
      );
      const atBacklog = (await child.mark()).snapshot;
      const d365AtBacklog = copyTally(d365Tally);
      const amazonAtBacklog = (await (await fetch(`${servedAmazon.url}/_sim/stats`)).json()) as StatsSnapshot;
      const times = backlogOrders.map((o) => arrivals.accepted.get(o.orderId)!);
      const firstAt = Math.min(...times);
      const lastAt = Math.max(...times);

      progress(
        `shipments: posting ${steadyOrders.length} packing slips at ${options.steadyRate}/s while the flow runs…`,
      );
      const steadyStart = Date.now();
      for (const [k, order] of steadyOrders.entries()) {
        const due = steadyStart + (k * 1000) / options.steadyRate;
        if (due > Date.now()) await sleep(due - Date.now());
        postedAt.set(order.orderId, await postSlip(servedD365.url, order, backlogOrders.length + k));
      }
      const postedSeconds = (Date.now() - steadyStart) / 1000;
      await until(
        () => confirmed(steadyOrders) === steadyOrders.length,
        options.intervalSeconds + options.runTimeoutSeconds + 60,
        'the steady slips confirmed',
        child.failed,
      );
      const stopAt = Date.now();
      const { figures } = await child.stop();
      const cpu = cpuUsage(cpuStart);
      const amazonAtEnd = (await (await fetch(`${servedAmazon.url}/_sim/stats`)).json()) as StatsSnapshot;
      const lastMark = figures.marks.at(-1)!;
      return {
        database: options.database,
        timeScale,
        intervalSeconds: options.intervalSeconds,
        overlapMinutes: options.overlapMinutes ?? confirmShipmentsSettings.parse({}).overlapMinutes,
        setup: { ...setup, slipPostSeconds },
        limit: { rate: limit, burst },
        backlog: {
          shipments: backlogOrders.length,
          seconds: (lastAt - firstAt) / 1000,
          firstAt: firstAt - started.atEpochMs,
          lastAt: lastAt - started.atEpochMs,
          d365: d365AtBacklog,
          connector: atBacklog,
          amazon: amazonAtBacklog,
        },
        steady: {
          shipments: steadyOrders.length,
          seconds: (stopAt - lastMark.atEpochMs) / 1000,
          targetRate: options.steadyRate,
          postedRate: steadyOrders.length / postedSeconds,
          latenciesMs: steadyOrders.map((o) => arrivals.accepted.get(o.orderId)! - postedAt.get(o.orderId)!),
          d365: minus(d365Tally, d365AtBacklog),
          connector: figures.end,
          amazon: amazonAtEnd,
        },
        child: figures,
        onAmazon: await packagesOnAmazon(amazon.app, setup.orders, arrivals),
        emulatorCpuMs: (cpu.user + cpu.system) / 1000,
      };
    } finally {
      clearInterval(report);
    }
  } finally {
    if (child && !child.failed()) child.kill();
    await servedAmazon.close();
    await servedD365.close();
    amazon.close();
    d365.close();
    await store.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every order's packages as Amazon holds them: exactly once means one package each. */
async function packagesOnAmazon(app: Hono, orders: { orderId: string }[], arrivals: Arrivals) {
  const counts = { one: 0, none: 0, more: 0, sent: arrivals.sent, again: arrivals.again };
  for (const o of orders) {
    const view = (await (await app.request(`/_sim/orders/${o.orderId}`)).json()) as { packages: unknown[] };
    const n = view.packages.length;
    if (n === 1) counts.one++;
    else if (n === 0) counts.none++;
    else counts.more++;
  }
  return counts;
}
