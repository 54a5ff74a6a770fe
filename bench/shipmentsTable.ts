/**
 * The `shipments` part of `npm run bench`: issue 12's benchmark (bench/shipments.ts) once per database,
 * as two Markdown tables — the figures the issue asks for with where the time went, and what a shipment
 * cost by D365 operation and database statement — and one machine-readable line per measure
 * (`name: key=value key=value …`).
 */
import { writeFileSync } from 'node:fs';
import { shipmentsRun, type ShipmentsFigures, type ShipmentsRunOptions } from './shipments.ts';
import type { ShipmentsSnapshot } from './shipmentsConnector.ts';

export interface ShipmentsTableOptions extends Omit<ShipmentsRunOptions, 'database'> {
  databases: Array<ShipmentsRunOptions['database']>;
  /** A file to write every figure to, as JSON (latencies and runs included). */
  figuresFile?: string;
}

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const cpuMs = (s: ShipmentsSnapshot) => s.cpuUserMs + s.cpuSystemMs;

/** Nearest-rank percentile of `values` (ms), in seconds. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN) / 1000;
}

/** Figures derived once per database: rates, ratios, per-shipment costs, latency percentiles. */
export function derive(x: ShipmentsFigures) {
  const { backlog, steady } = x;
  const all = backlog.shipments + steady.shipments;
  const perSecond = backlog.shipments / backlog.seconds;
  const ceiling = x.limit.burst + x.limit.rate * backlog.seconds;
  const steadyCpu = cpuMs(steady.connector) - cpuMs(backlog.connector);
  const runs = (from: number, to: number) => {
    const inside = x.child.runs.filter((r) => r.startedAt >= from && r.startedAt < to);
    return ['succeeded', 'interrupted', 'failed']
      .map((o) => inside.filter((r) => r.outcome === o).length)
      .join(' / ');
  };
  const markAt = backlog.connector.atEpochMs;
  const c = backlog.connector;
  const steadyRuns = x.child.runs.filter((r) => r.startedAt >= markAt && r.items > 0);
  const runSeconds = steadyRuns.map((r) => (r.endedAt - r.startedAt) / 1000);
  return {
    all,
    perSecond,
    ratio: perSecond / x.limit.rate,
    ceilingRatio: backlog.shipments / ceiling,
    backlogRuns: runs(0, markAt),
    steadyRuns: runs(markAt, Infinity),
    steadyRunSeconds: {
      mean: runSeconds.reduce((a, b) => a + b, 0) / runSeconds.length,
      max: Math.max(...runSeconds),
      items: steadyRuns.reduce((a, r) => a + r.items, 0) / steadyRuns.length,
    },
    /** Milliseconds per Amazon exchange as the client saw it: a stalled emulator shows here. */
    amazonMs: {
      backlog: c.amazonFetchMs / c.amazonClient.requests,
      steady:
        (steady.connector.amazonFetchMs - c.amazonFetchMs) /
        (steady.connector.amazonClient.requests - c.amazonClient.requests),
    },
    throttledEmulator: steady.amazon.throttledTotal,
    throttledClient: steady.connector.amazonClient.throttled,
    d365: {
      backlog: backlog.d365.requests / backlog.shipments,
      steady: steady.d365.requests / steady.shipments,
      all: (backlog.d365.requests + steady.d365.requests) / all,
    },
    cpu: {
      backlog: cpuMs(backlog.connector) / backlog.shipments,
      steady: steadyCpu / steady.shipments,
      all: cpuMs(steady.connector) / all,
    },
    latency: {
      p50: percentile(steady.latenciesMs, 50),
      p95: percentile(steady.latenciesMs, 95),
      max: percentile(steady.latenciesMs, 100),
      goal: x.intervalSeconds + 5,
    },
    time: {
      limitWait: c.amazonClient.rateLimitWaitMs / 1000,
      amazon: c.amazonFetchMs / 1000,
      d365: c.d365FetchMs / 1000,
      db: c.db.ms / 1000,
      load: c.steps.loadMs / 1000,
      apply: c.steps.applyMs / 1000,
      pages: c.steps.applies,
    },
  };
}

function rowsOf(f: ShipmentsFigures[]): Array<[string, (x: ShipmentsFigures) => string]> {
  const first = f[0]!;
  const d = new Map(f.map((x) => [x, derive(x)]));
  const D = (x: ShipmentsFigures) => d.get(x)!;
  const per = (x: ShipmentsFigures, value: number, digits = 2) => fixed(value / x.backlog.shipments, digits);
  return [
    [
      `packing slips, one per imported order, timeScale ${first.timeScale}: backlog / posted steadily`,
      (x) => `${whole(x.backlog.shipments)} / ${whole(x.steady.shipments)}`,
    ],
    [
      'setup (not measured): orders placed / merchant-fulfilled, imported; import s; backlog posting s',
      (x) =>
        `${whole(x.setup.placed)} / ${whole(x.setup.merchantFulfilled)}; ${fixed(x.setup.importSeconds, 0)}; ${fixed(x.setup.slipPostSeconds, 0)}`,
    ],
    [
      `limit: confirmShipment 2/s × ${first.timeScale} = ${first.limit.rate}/s, burst ${first.limit.burst}`,
      (x) => `${x.limit.rate}/s`,
    ],
    [
      'backlog: s from the services start to the first / the last confirmShipment',
      (x) => `${fixed(x.backlog.firstAt / 1000)} / ${fixed(x.backlog.lastAt / 1000)}`,
    ],
    ['backlog: confirmations/s, first confirmShipment → last', (x) => fixed(D(x).perSecond)],
    ['backlog: confirmations/s ÷ scaled limit (goal ≥ 0.95)', (x) => fixed(D(x).ratio, 3)],
    ['backlog: confirmations ÷ bucket ceiling (burst + limit × seconds)', (x) => fixed(D(x).ceilingRatio, 3)],
    [
      '429s over the confirmation phase: Amazon emulator / Amazon client',
      (x) => `${D(x).throttledEmulator} / ${D(x).throttledClient}`,
    ],
    [
      'runs of confirm-shipments: backlog / steady (succeeded / interrupted / failed)',
      (x) => `${D(x).backlogRuns}; ${D(x).steadyRuns}`,
    ],
    [
      'D365 requests per shipment (a `$batch` counts once): backlog / steady / all',
      (x) => `${fixed(D(x).d365.backlog, 3)} / ${fixed(D(x).d365.steady, 3)} / ${fixed(D(x).d365.all, 3)}`,
    ],
    [
      'connector CPU ms per shipment (user + system): backlog / steady / all',
      (x) => `${fixed(D(x).cpu.backlog)} / ${fixed(D(x).cpu.steady)} / ${fixed(D(x).cpu.all)}`,
    ],
    [
      `steady: slips posted per second (target); flow every ${first.intervalSeconds} s, overlap ${first.overlapMinutes} min`,
      (x) => `${fixed(x.steady.postedRate)} (${fixed(x.steady.targetRate)})`,
    ],
    [
      `steady: s from slip posted to confirmShipment at Amazon, p50 / p95 / max (goal ≤ ${first.intervalSeconds + 5})`,
      (x) => `${fixed(D(x).latency.p50, 2)} / ${fixed(D(x).latency.p95, 2)} / ${fixed(D(x).latency.max, 2)}`,
    ],
    [
      'steady: runs that confirmed: s per run, mean / max; shipments per run',
      (x) =>
        `${fixed(D(x).steadyRunSeconds.mean, 2)} / ${fixed(D(x).steadyRunSeconds.max, 2)}; ${fixed(D(x).steadyRunSeconds.items)}`,
    ],
    [
      'ms per Amazon exchange in the client: backlog / steady (emulator shares its process with the slips posted)',
      (x) => `${fixed(D(x).amazonMs.backlog)} / ${fixed(D(x).amazonMs.steady)}`,
    ],
    [
      'exactly once: orders with one package on Amazon / none / more; confirmShipment calls',
      (x) => `${whole(x.onAmazon.one)} / ${x.onAmazon.none} / ${x.onAmazon.more}; ${whole(x.onAmazon.sent)}`,
    ],
    [
      'records synced / needing attention; intents done / pending',
      (x) =>
        `${whole(x.child.records.synced ?? 0)} / ${x.child.records.needs_attention ?? 0}; ` +
        `${whole(x.child.intents.done ?? 0)} / ${x.child.intents.pending ?? 0}`,
    ],
    [
      'backlog time, s: waiting for the confirmShipment limit / Amazon exchanges / D365 exchanges',
      (x) => `${fixed(D(x).time.limitWait)} / ${fixed(D(x).time.amazon)} / ${fixed(D(x).time.d365)}`,
    ],
    [
      '… in the flow: load steps / apply steps (pages) / database, all statements',
      (x) =>
        `${fixed(D(x).time.load)} / ${fixed(D(x).time.apply)} (${D(x).time.pages}) / ${fixed(D(x).time.db)}`,
    ],
    [
      'backlog: database statements / transactions per shipment',
      (x) =>
        `${per(x, x.backlog.connector.db.statements, 1)} / ${per(x, x.backlog.connector.db.transactions, 1)}`,
    ],
    ['backlog: D365 emulator answering, ms per shipment', (x) => per(x, x.backlog.d365.busyMs, 1)],
    [
      'emulators and slip posting, CPU ms per shipment (the benchmark process)',
      (x) => fixed(x.emulatorCpuMs / D(x).all, 1),
    ],
    ['connector peak RSS, MB', (x) => whole(x.child.peakRssMb)],
  ];
}

/** D365 operations and database statements per shipment of the backlog, by kind, most frequent first. */
function costRows(f: ShipmentsFigures[]): string[][] {
  const kinds = (pick: (x: ShipmentsFigures) => Record<string, number>) => {
    const sum = new Map<string, number>();
    for (const x of f) for (const [k, v] of Object.entries(pick(x))) sum.set(k, (sum.get(k) ?? 0) + v);
    return [...sum.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  };
  const per = (x: ShipmentsFigures, n: number | undefined, digits: number) =>
    fixed((n ?? 0) / x.backlog.shipments, digits);
  return [
    ...kinds((x) => x.backlog.d365.operations).map((k) => [
      `D365 \`${k}\` per shipment`,
      ...f.map((x) => per(x, x.backlog.d365.operations[k], 4)),
    ]),
    ...kinds((x) => x.backlog.connector.db.byKind)
      .filter((k) => f.some((x) => (x.backlog.connector.db.byKind[k] ?? 0) / x.backlog.shipments >= 0.005))
      .map((k) => [
        `database \`${k}\` per shipment (ms)`,
        ...f.map(
          (x) =>
            `${per(x, x.backlog.connector.db.byKind[k], 2)} (${per(x, x.backlog.connector.db.msByKind[k], 2)})`,
        ),
      ]),
  ];
}

/** One line per measure and database: `name: key=value key=value …`. */
export function summaryLines(f: ShipmentsFigures[]): string[] {
  return f.flatMap((x) => {
    const d = derive(x);
    const db = `database=${x.database}`;
    return [
      `shipments.rate: ${db} timeScale=${x.timeScale} limitPerSecond=${x.limit.rate} burst=${x.limit.burst} ` +
        `confirmations=${x.backlog.shipments} seconds=${fixed(x.backlog.seconds, 2)} ` +
        `perSecond=${fixed(d.perSecond, 2)} ratio=${fixed(d.ratio, 3)} ceilingRatio=${fixed(d.ceilingRatio, 3)} ` +
        `throttledEmulator=${d.throttledEmulator} throttledClient=${d.throttledClient}`,
      `shipments.d365: ${db} perShipment=${fixed(d.d365.all, 4)} backlog=${fixed(d.d365.backlog, 4)} ` +
        `steady=${fixed(d.d365.steady, 4)} requests=${x.backlog.d365.requests + x.steady.d365.requests}`,
      `shipments.cpu: ${db} msPerShipment=${fixed(d.cpu.all, 2)} backlog=${fixed(d.cpu.backlog, 2)} ` +
        `steady=${fixed(d.cpu.steady, 2)}`,
      `shipments.latency: ${db} intervalSeconds=${x.intervalSeconds} overlapMinutes=${x.overlapMinutes} ` +
        `slips=${x.steady.shipments} ` +
        `postedPerSecond=${fixed(x.steady.postedRate, 2)} p50Seconds=${fixed(d.latency.p50, 3)} ` +
        `p95Seconds=${fixed(d.latency.p95, 3)} maxSeconds=${fixed(d.latency.max, 3)} goalSeconds=${d.latency.goal}`,
      `shipments.exactlyOnce: ${db} shipments=${d.all} onePackage=${x.onAmazon.one} none=${x.onAmazon.none} ` +
        `more=${x.onAmazon.more} confirmShipmentCalls=${x.onAmazon.sent}`,
    ];
  });
}

export async function shipmentsTables(
  options: ShipmentsTableOptions,
): Promise<{ tables: string[][][]; lines: string[] }> {
  const figures: ShipmentsFigures[] = [];
  for (const database of options.databases) figures.push(await shipmentsRun({ ...options, database }));
  if (options.figuresFile) writeFileSync(options.figuresFile, JSON.stringify(figures, null, 1));
  const header = ['measure', ...figures.map((x) => x.database)];
  const main = [header, ...rowsOf(figures).map(([label, cell]) => [label, ...figures.map(cell)])];
  return { tables: [main, [header, ...costRows(figures)]], lines: summaryLines(figures) };
}
