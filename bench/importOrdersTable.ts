/**
 * The `orders` part of `npm run bench`: issue 5's end-to-end import (bench/importOrders.ts) once per
 * database, as two Markdown tables — the figures the issue asks for with where the time went, and the
 * D365 operations a sales order cost, by kind.
 */
import { importOrdersRun, type ImportFigures, type OrdersRunOptions } from './importOrders.ts';

export interface OrdersTableOptions extends Omit<OrdersRunOptions, 'database'> {
  databases: Array<OrdersRunOptions['database']>;
}

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const whole = (n: number) => Math.round(n).toLocaleString('en-US');

function rowsOf(f: ImportFigures[]): Array<[string, (x: ImportFigures) => string]> {
  const first = f[0]!;
  const per = (x: ImportFigures, value: number, digits = 2) => fixed(value / x.orders, digits);
  const c = first.ceiling;
  return [
    [`orders placed (\`/_sim/orders/bulk\`), timeScale ${first.timeScale}`, (x) => whole(x.orders)],
    [
      'sales orders in D365 for them (each exactly once) / needing attention',
      (x) =>
        `${whole(x.inD365)}${x.duplicates ? ` (${x.duplicates} twice!)` : ''} / ${x.connector.records.needs_attention ?? 0}`,
    ],
    ['seconds, first run started → last run ended', (x) => fixed(x.connector.seconds)],
    [
      'runs of import-orders, back to back: succeeded / interrupted (time up) / failed',
      (x) =>
        ['succeeded', 'interrupted', 'failed']
          .map((o) => x.connector.runs.filter((r) => r.outcome === o).length)
          .join(' / '),
    ],
    ['orders/s', (x) => fixed(x.ordersPerSecond)],
    [
      `ceiling: ${c.pages} searchOrders pages, burst ${c.burst}, then ${fixed(c.rate, 3)}/s ⇒ last page ≥ ${fixed(c.seconds)} s`,
      (x) => `${fixed(x.ceiling.ordersPerSecond)} orders/s`,
    ],
    [
      'orders/s over the first / the last fifth of the orders (1-second samples)',
      (x) => `${fixed(x.pace.first)} / ${fixed(x.pace.last)}`,
    ],
    [
      'orders/s ÷ ceiling (— when the burst covers every page)',
      (x) => fixed(x.ceiling.seconds > 0 ? x.ordersPerSecond / x.ceiling.ordersPerSecond : NaN, 3),
    ],
    [
      'seconds until the last order was found on Amazon (staged) / the last D365 write',
      (x) => `${fixed(x.searchDoneS)} / ${fixed(x.lastWriteS)}`,
    ],
    [
      'SP-API calls per order (searchOrders; all operations)',
      (x) =>
        `${per(x, x.amazon.requests.searchOrders ?? 0, 4)}; ${per(
          x,
          Object.values(x.amazon.requests).reduce((s, v) => s + v, 0),
          4,
        )}`,
    ],
    [
      `searchOrders calls / pages the orders fill (more: a search started over)`,
      (x) => `${x.amazon.requests.searchOrders ?? 0} / ${x.ceiling.pages}`,
    ],
    ['LWA token requests', (x) => String(x.amazon.tokensIssued)],
    [
      '429s: Amazon emulator / Amazon client / D365 emulator',
      (x) => `${x.amazon.throttledTotal} / ${x.connector.amazonClient.throttled} / ${x.d365.throttled}`,
    ],
    ['D365 HTTP requests per order (a `$batch` counts once)', (x) => per(x, x.d365.requests)],
    [
      '… of which `$batch` per order / operations inside them per order',
      (x) => `${per(x, x.d365.batches)} / ${per(x, x.d365.batchOperations)}`,
    ],
    [
      'connector CPU ms per order (user + system)',
      (x) => per(x, x.connector.cpuUserMs + x.connector.cpuSystemMs, 1),
    ],
    [
      'connector peak RSS, MB (before the first run)',
      (x) => `${whole(x.connector.peakRssMb)} (${whole(x.connector.rssBeforeMb)})`,
    ],
    ['emulators CPU ms per order (the benchmark process)', (x) => per(x, x.emulatorCpuMs, 1)],
    [
      'where the time went, s: waiting for the searchOrders limit',
      (x) => fixed(x.connector.amazonClient.rateLimitWaitMs / 1000),
    ],
    [
      '… Amazon exchanges (in the client) / D365 exchanges (in the client)',
      (x) => `${fixed(x.connector.amazonFetchMs / 1000)} / ${fixed(x.connector.d365FetchMs / 1000)}`,
    ],
    ['… D365 emulator answering (arrival → answer)', (x) => fixed(x.d365.busyMs / 1000)],
    ['… database: statements and transactions (time)', (x) => fixed(x.connector.db.ms / 1000)],
    [
      '… the rest: the connector between calls, HTTP on both ends, waiting for a CPU',
      (x) =>
        fixed(
          x.connector.seconds -
            (x.d365.busyMs + x.connector.amazonClient.rateLimitWaitMs + x.connector.db.ms) / 1000,
        ),
    ],
    [
      `database statements per order / transactions (commits) per order`,
      (x) => `${per(x, x.connector.db.statements, 1)} / ${per(x, x.connector.db.transactions, 1)}`,
    ],
  ];
}

/** D365 operations per order, by `METHOD EntitySet`, most frequent first. */
function operationRows(f: ImportFigures[]): string[][] {
  const kinds = new Map<string, number>();
  for (const x of f)
    for (const [k, v] of Object.entries(x.d365.operations)) kinds.set(k, (kinds.get(k) ?? 0) + v);
  return [...kinds.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k]) => [
      `D365 \`${k}\` per order`,
      ...f.map((x) => fixed((x.d365.operations[k] ?? 0) / x.orders, 3)),
    ]);
}

/** Database statements per order, by kind, most frequent first. */
function statementRows(f: ImportFigures[]): string[][] {
  const kinds = new Map<string, number>();
  for (const x of f)
    for (const [k, v] of Object.entries(x.connector.db.byKind)) kinds.set(k, (kinds.get(k) ?? 0) + v);
  return [...kinds.entries()]
    .sort((a, b) => b[1] - a[1])
    .filter(([, v]) => v / f.length / f[0]!.orders >= 0.005)
    .map(([k]) => [
      `database \`${k}\` per order`,
      ...f.map((x) => fixed((x.connector.db.byKind[k] ?? 0) / x.orders, 2)),
    ]);
}

export async function ordersTables(options: OrdersTableOptions): Promise<string[][][]> {
  const figures: ImportFigures[] = [];
  for (const database of options.databases) figures.push(await importOrdersRun({ ...options, database }));
  const header = ['measure', ...figures.map((x) => x.database)];
  const main = [header, ...rowsOf(figures).map(([label, cell]) => [label, ...figures.map(cell)])];
  return [main, [header, ...operationRows(figures), ...statementRows(figures)]];
}
