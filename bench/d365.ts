/**
 * D365 throughput through the real client against the D365 emulator served on 127.0.0.1: rows/s reading
 * on-hand inventory page by page, and sales orders/s created four ways — single requests, one `$batch`
 * per order (header and lines in one change set), several orders' change sets per `$batch`, and F&O's
 * default number sequence (header first, then its lines in one change set). Orders go one after another
 * (one flow run writing), each mode on a fresh emulator, in memory or with a state file (every answer
 * fsynced first, as in demo mode).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createD365Client, type D365Client } from '../src/d365/client.ts';
import { iterateOnHand, warehouseOnHand } from '../src/d365/entities/inventory.ts';
import { salesOrderLines } from '../src/d365/entities/salesOrderLines.ts';
import { createSalesOrderWithLines, salesOrderHeaders } from '../src/d365/entities/salesOrders.ts';
import { demoCatalogue } from '../src/demo/demoCatalogue.ts';
import { createD365Emulator, type D365EmulatorOptions } from '../src/emulators/d365/app.ts';
import { createBusiness } from '../src/emulators/d365/business/index.ts';
import { serveEmulator } from '../src/emulators/shared/serveEmulator.ts';
import { createLogger } from '../src/log/logger.ts';
import { benchOrder, type BenchOrder } from './d365Orders.ts';

// The process logger at `info` as the connector runs it, writing nowhere: its cost is counted, its I/O not.
const log = createLogger({ level: 'info', destination: { write: () => undefined } });

/** An emulator on a loopback port with the real client pointed at it; counts the client's data requests. */
async function session(options: D365EmulatorOptions) {
  const emulator = createD365Emulator(options);
  const served = await serveEmulator(emulator.app);
  const { d365 } = demoCatalogue();
  const counter = { requests: 0 };
  const client = createD365Client({
    connection: {
      environmentUrl: served.url,
      tenantId: d365.tenantId,
      clientId: d365.clientId,
      clientSecret: d365.clientSecret,
      tokenEndpoint: `${served.url}/${d365.tenantId}/oauth2/v2.0/token`,
    },
    defaultCompany: 'usmf',
    log,
    fetch: (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/data/')) counter.requests++;
      return fetch(input, init);
    },
  });
  // The token and a first exchange before any clock starts.
  const initialOrders = await client.count(salesOrderHeaders);
  counter.requests = 0;
  return {
    emulator,
    client,
    counter,
    initialOrders,
    close: async () => {
      await served.close();
      emulator.close();
    },
  };
}

export interface OnHandFigures {
  rows: number;
  pages: number;
  seconds: number;
  rowsPerSecond: number;
  /** `iterateOnHand`: the same rows ordered by item and warehouse, as the inventory flow reads them. */
  orderedRowsPerSecond: number;
}

/** Seeds `rows` on-hand rows straight into the store, then reads them all through `client.iterate`. */
export async function readOnHand(rows: number): Promise<OnHandFigures> {
  const s = await session({ seed: 'none' });
  try {
    s.emulator.store.atomically(() => {
      for (let i = 0; i < rows; i++)
        s.emulator.store.insert('WarehousesOnHandV2', {
          dataAreaId: 'usmf',
          ItemNumber: `B${String(Math.floor(i / 3)).padStart(6, '0')}`,
          InventorySiteId: i % 3 === 2 ? '2' : '1',
          InventoryWarehouseId: ['11', '13', '21'][i % 3],
          ProductName: `Benchmark item ${Math.floor(i / 3)}`,
          OnHandQuantity: i % 50,
          AvailableOnHandQuantity: i % 50,
          TotalAvailableQuantity: i % 50,
          AreWarehouseManagementProcessesUsed: 'No',
        });
    });
    const timed = async (read: () => AsyncIterable<unknown>) => {
      s.counter.requests = 0;
      const start = performance.now();
      let n = 0;
      for await (const _ of read()) n++;
      const seconds = (performance.now() - start) / 1000;
      if (n !== rows) throw new Error(`read ${n} on-hand rows of ${rows}`);
      return { seconds, pages: s.counter.requests };
    };
    await timed(() => s.client.iterate(warehouseOnHand, { company: 'usmf' })); // warm-up, not counted
    const plain = await timed(() => s.client.iterate(warehouseOnHand, { company: 'usmf' }));
    const ordered = await timed(() => iterateOnHand(s.client, { company: 'usmf' }));
    return {
      rows,
      pages: plain.pages,
      seconds: plain.seconds,
      rowsPerSecond: rows / plain.seconds,
      orderedRowsPerSecond: rows / ordered.seconds,
    };
  } finally {
    await s.close();
  }
}

export const ORDER_MODES = ['single', 'headerThenLines', 'changeSet', 'batched'] as const;
export type OrderMode = (typeof ORDER_MODES)[number];

export interface OrderFigures {
  ordersPerSecond: number;
  requestsPerOrder: number;
}

/** Creates `orders` orders, one after another (in groups of `perBatch` for `batched`). */
async function createOrders(
  client: D365Client,
  mode: OrderMode,
  orders: BenchOrder[],
  perBatch: number,
): Promise<void> {
  if (mode === 'batched') {
    for (let i = 0; i < orders.length; i += perBatch) {
      const changeSets = orders
        .slice(i, i + perBatch)
        .map((o) => [
          client.ops.create(salesOrderHeaders, o.header),
          ...o.lines.map((line) =>
            client.ops.create(salesOrderLines, { ...line, SalesOrderNumber: o.header.SalesOrderNumber }),
          ),
        ]);
      const results = await client.batch(changeSets);
      const failed = results.find((r) => !r.ok);
      if (failed && !failed.ok) throw failed.error;
    }
    return;
  }
  for (const o of orders) {
    if (mode === 'changeSet') await createSalesOrderWithLines(client, o);
    else if (mode === 'headerThenLines')
      await createSalesOrderWithLines(client, { ...o, header: { ...o.header, SalesOrderNumber: undefined } });
    else {
      const { SalesOrderNumber: _given, ...header } = o.header;
      const created = await client.create(salesOrderHeaders, header);
      for (const line of o.lines)
        await client.create(salesOrderLines, { ...line, SalesOrderNumber: created.SalesOrderNumber });
    }
  }
}

/** Orders/s of each mode, each on a fresh emulator (in memory, or on a state file in a temporary directory). */
export async function salesOrderRates(
  count: number,
  linesPerOrder: number,
  perBatch: number,
  durable: boolean,
): Promise<Record<OrderMode, OrderFigures>> {
  const dir = mkdtempSync(join(tmpdir(), 'connector-bench-d365-'));
  const figures = {} as Record<OrderMode, OrderFigures>;
  try {
    // Every mode once on a throwaway emulator first, so no mode pays for the JIT's first look at the code.
    const warm = await session({ business: createBusiness({ manualSalesOrderNumbers: true }) });
    try {
      for (const [index, mode] of ORDER_MODES.entries())
        await createOrders(
          warm.client,
          mode,
          Array.from({ length: 2 * perBatch }, (_, i) => benchOrder(100 + index, i, linesPerOrder)),
          perBatch,
        );
    } finally {
      await warm.close();
    }
    for (const [index, mode] of ORDER_MODES.entries()) {
      const s = await session({
        business: createBusiness({ manualSalesOrderNumbers: true }),
        ...(durable ? { stateFile: join(dir, `${mode}.journal`) } : {}),
      });
      try {
        const orders = Array.from({ length: count }, (_, i) => benchOrder(index, i, linesPerOrder));
        const start = performance.now();
        await createOrders(s.client, mode, orders, perBatch);
        const seconds = (performance.now() - start) / 1000;
        const requestsPerOrder = s.counter.requests / count;
        const stored = (await s.client.count(salesOrderHeaders)) - s.initialOrders;
        if (stored !== count) throw new Error(`${mode}: ${stored} sales orders stored of ${count}`);
        figures[mode] = { ordersPerSecond: count / seconds, requestsPerOrder };
      } finally {
        await s.close();
      }
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface D365BenchOptions {
  onHandRows: number;
  orders: number;
  linesPerOrder: number;
  perBatch: number;
  progress(text: string): void;
}

const MODE_LABELS = (o: D365BenchOptions): Record<OrderMode, string> => ({
  single: 'single requests: POST the header, then each line',
  headerThenLines: 'F&O numbers the order: POST the header, then its lines in one change set',
  changeSet: 'header and lines in one change set, one `$batch` an order',
  batched: `${o.perBatch} orders' change sets per \`$batch\``,
});

/** Two columns: the emulator in memory, and on a state file (fsync before every answer). */
export async function d365Table(options: D365BenchOptions): Promise<string[][]> {
  const rate = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
  options.progress(`D365 on-hand read, ${options.onHandRows} rows…`);
  const onHand = await readOnHand(options.onHandRows);
  const rows: string[][] = [['measure', 'emulator in memory', 'emulator on a state file']];
  const n = options.onHandRows.toLocaleString('en-US');
  rows.push([
    `on-hand rows/s: \`client.iterate\`, ${n} rows in ${onHand.pages} pages`,
    rate(onHand.rowsPerSecond),
    '—',
  ]);
  rows.push([
    `on-hand rows/s: \`iterateOnHand\` (ordered by item, warehouse)`,
    rate(onHand.orderedRowsPerSecond),
    '—',
  ]);
  options.progress(`D365 sales orders, ${options.orders} a mode, in memory…`);
  const memory = await salesOrderRates(options.orders, options.linesPerOrder, options.perBatch, false);
  options.progress(`D365 sales orders, ${options.orders} a mode, on a state file…`);
  const durable = await salesOrderRates(options.orders, options.linesPerOrder, options.perBatch, true);
  const labels = MODE_LABELS(options);
  const size = `${options.orders} × ${options.linesPerOrder} lines`;
  for (const mode of ORDER_MODES) {
    const perOrder = Number(memory[mode].requestsPerOrder.toFixed(2));
    rows.push([
      `sales orders/s (${size}), ${labels[mode]} (${perOrder} request${perOrder === 1 ? '' : 's'} an order)`,
      rate(memory[mode].ordersPerSecond),
      rate(durable[mode].ordersPerSecond),
    ]);
  }
  return rows;
}
