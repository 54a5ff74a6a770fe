/**
 * What the `shipments` benchmark prepares before it measures anything (bench/shipments.ts): the store,
 * the orders on Amazon, their import into D365 by the real `import-orders` flow (the imported-orders
 * read model `confirm-shipments` reads is written by that import, nothing else), the stock the warehouse
 * needs, and packing slips posted as a warehouse worker posts them (`POST /_sim/packing-slips`).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { D365Emulator } from '../src/emulators/d365/app.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pgliteDb.ts';
import { openPostgres } from '../src/store/postgresDb.ts';
import { runConnector } from './importOrders.ts';

export interface PreparedStore {
  /** The connector's PostgreSQL schema (absent: PGlite in the data directory). */
  schema?: string;
  bossSchema: string;
  drop(): Promise<void>;
}

/** A migrated store, closed again for the child processes (PGlite has one owner at a time). */
export async function prepareStore(
  database: 'PGlite' | 'PostgreSQL',
  dataDir: string,
  postgresUrl: string,
): Promise<PreparedStore> {
  if (database === 'PGlite') {
    const db = await openPglite(join(dataDir, 'pglite'));
    await migrate(db);
    await db.close();
    return { bossSchema: 'pgboss', drop: async () => undefined };
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const bossSchema = `${schema}_boss`;
  const db = await openPostgres({ url: postgresUrl, schema, max: 1 });
  await migrate(db);
  await db.close();
  return {
    schema,
    bossSchema,
    drop: async () => {
      const admin = await openPostgres({ url: postgresUrl, max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS "${bossSchema}" CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.close();
    },
  };
}

async function call(url: string, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

/** An imported order the benchmark ships: one packing slip for all of it. */
export interface ShipOrder {
  orderId: string;
  company: string;
  salesOrderNumber: string;
}

export interface ImportSetup {
  placed: number;
  merchantFulfilled: number;
  importSeconds: number;
  importRuns: number;
  /** Merchant-fulfilled orders that are D365 sales orders, in the order they were placed. */
  orders: ShipOrder[];
}

/**
 * Places enough orders for `wanted` merchant-fulfilled ones (the bulk generator makes one in nine
 * Amazon-fulfilled; the import passes those over by default), imports them with the real flow in a
 * connector process of its own, and finds their D365 sales orders.
 */
export async function placeAndImport(o: {
  amazonUrl: string;
  d365Url: string;
  d365: D365Emulator;
  wanted: number;
  timeScale: number;
  dataDir: string;
  store: PreparedStore;
  postgresUrl: string;
  runTimeoutSeconds: number;
  progress(text: string): void;
}): Promise<ImportSetup> {
  const count = o.wanted + Math.ceil(o.wanted / 8);
  o.progress(`shipments: placing ${count} orders on the Amazon emulator…`);
  // A day back: well before the (scaled) two-minute rule, well within the first run's 7 days.
  const createdAt = new Date(Date.now() - 86_400_000).toISOString();
  const { orderIds } = (await call(`${o.amazonUrl}/_sim/orders/bulk`, 'POST', { count, createdAt })) as {
    orderIds: string[];
  };
  const listed = (await call(`${o.amazonUrl}/_sim/orders`, 'GET')) as {
    orders: Array<{ orderId: string; fulfilledBy: string }>;
  };
  const merchant = new Set(listed.orders.filter((x) => x.fulfilledBy === 'MERCHANT').map((x) => x.orderId));
  o.progress(`shipments: importing the ${merchant.size} merchant-fulfilled ones (connector process)…`);
  const imported = await runConnector(
    {
      amazonUrl: o.amazonUrl,
      d365Url: o.d365Url,
      timeScale: o.timeScale,
      dataDir: o.dataDir,
      postgresSchema: o.store.schema,
      expected: merchant.size,
      settings: {},
      extraMappings: {},
      runTimeoutSeconds: o.runTimeoutSeconds,
    },
    o.postgresUrl,
  );
  const headers = new Map<string, ShipOrder>();
  for (const h of o.d365.store.list('SalesOrderHeadersV2')) {
    const ref = String(h.CustomersOrderReference ?? '');
    if (merchant.has(ref))
      headers.set(ref, {
        orderId: ref,
        company: String(h.dataAreaId),
        salesOrderNumber: String(h.SalesOrderNumber),
      });
  }
  const orders = orderIds.flatMap((id) => headers.get(id) ?? []);
  if (orders.length < o.wanted)
    throw new Error(
      `only ${orders.length} of ${merchant.size} merchant-fulfilled orders became D365 sales orders ` +
        `(records: ${JSON.stringify(imported.records)}; ${JSON.stringify(imported.attention)})`,
    );
  return {
    placed: orderIds.length,
    merchantFulfilled: merchant.size,
    importSeconds: imported.seconds,
    importRuns: imported.runs.length,
    orders: orders.slice(0, o.wanted),
  };
}

const CHARGES = new Set(['SHIPPING', 'GIFT_WRAP']);
const DIMS = {
  configuration: 'ProductConfigurationId',
  size: 'ProductSizeId',
  color: 'ProductColorId',
  style: 'ProductStyleId',
} as const;

/** The warehouse receives what the orders' stocked lines need, so no packing slip runs out of stock. */
export async function receiveStock(d365Url: string, d365: D365Emulator, orders: ShipOrder[]) {
  const wanted = new Set(orders.map((x) => `${x.company}\u0000${x.salesOrderNumber}`));
  const needed = new Map<string, { company: string; line: Record<string, unknown>; quantity: number }>();
  for (const l of d365.store.list('SalesOrderLines')) {
    if (!wanted.has(`${String(l.dataAreaId)}\u0000${String(l.SalesOrderNumber)}`)) continue;
    if (CHARGES.has(String(l.OrderLineReference))) continue;
    const line: Record<string, unknown> = {
      itemNumber: l.ItemNumber,
      warehouseId: l.ShippingWarehouseId,
      ...Object.fromEntries(Object.entries(DIMS).flatMap(([k, f]) => (l[f] ? [[k, l[f]]] : []))),
    };
    const key = JSON.stringify([l.dataAreaId, line]);
    const n = needed.get(key) ?? { company: String(l.dataAreaId), line, quantity: 0 };
    n.quantity += Number(l.OrderedSalesQuantity);
    needed.set(key, n);
  }
  const all = [...needed.values()];
  for (let i = 0; i < all.length; i += 200) {
    const chunk = all.slice(i, i + 200);
    for (const company of new Set(chunk.map((n) => n.company)))
      await call(`${d365Url}/_sim/product-receipts`, 'POST', {
        company,
        lines: chunk
          .filter((n) => n.company === company)
          .map((n) => ({ ...n.line, quantity: n.quantity + 5 })),
      });
  }
}

/** Carriers in turn: three Amazon lists (mapped in the demo), one it does not (sent as `Other`). */
const CARRIERS = ['UPS', 'FEDEX', 'USPS', 'ACMEFREIGHT'];

/** Posts the packing slip of the whole order; returns when it was sent (epoch ms). */
export async function postSlip(d365Url: string, order: ShipOrder, i: number): Promise<number> {
  const sentAt = Date.now();
  await call(`${d365Url}/_sim/packing-slips`, 'POST', {
    company: order.company,
    salesOrderNumber: order.salesOrderNumber,
    carrier: CARRIERS[i % CARRIERS.length],
    trackingNumbers: [`BENCH${String(i).padStart(8, '0')}`],
  });
  return sentAt;
}
