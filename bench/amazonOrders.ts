/**
 * Amazon paging at the documented limits: the real client (`searchOrders` pages of 100 through
 * `searchOrdersPages`, then `getOrder` one order at a time) against the Amazon emulator served on
 * 127.0.0.1, client and emulator on the same time scale. How close does the client's own limiter come to
 * the bucket's ceiling, and does it ever earn a 429?
 *
 * The ceiling over the window from the first request to the last (send times taken in the client's
 * fetch) is what a bucket that is full at the first request can admit: `burst + rate × timeScale ×
 * elapsed`. `requests ÷ ceiling` is then 1 for a client that spends every token as soon as it exists.
 * 429s are counted on both sides: the emulator's usage plan (`/_sim/stats`) and the client
 * (`stats().throttled`).
 */
import { performance } from 'node:perf_hooks';
import { createAmazonClient, type AmazonClient } from '../src/amazon/client.ts';
import { getOrder } from '../src/amazon/orders/getOrder.ts';
import { searchOrdersPages } from '../src/amazon/orders/searchOrders.ts';
import { RATE_TABLE, type AmazonOperation } from '../src/amazon/rateTable.ts';
import { demoCatalogue } from '../src/demo/demoCatalogue.ts';
import { createAmazonEmulator } from '../src/emulators/amazon/app.ts';
import type { StatsSnapshot } from '../src/emulators/amazon/stats.ts';
import { serveEmulator, type ServedEmulator } from '../src/emulators/shared/serveEmulator.ts';
import type { BucketStore } from '../src/http/bucketStore.ts';
import { createMemoryBucketStore } from '../src/http/memoryBucketStore.ts';
import { createLogger } from '../src/log/logger.ts';

export interface PacingFigures {
  operation: string;
  timeScale: number;
  /** Requests per second after scaling, and the bucket size (not scaled). */
  rate: number;
  burst: number;
  /** Orders read (every page's orders, or one per getOrder). */
  orders: number;
  requests: number;
  /** From the first request sent to the last, in seconds. */
  elapsedS: number;
  /** burst + rate × elapsed. */
  ceiling: number;
  ratio: number;
  throttledByEmulator: number;
  throttledInClient: number;
}

/** Where the client keeps its buckets in one pass: a fresh store, closed afterwards. */
export interface BenchBucketStore {
  label: string;
  store: BucketStore;
  close(): Promise<void>;
}

// The process logger at `info` as the connector runs it, writing nowhere: its cost is counted, its I/O not.
const log = createLogger({ level: 'info', destination: { write: () => undefined } });
const OPERATION_ID: Partial<Record<AmazonOperation, string>> = {
  'orders.searchOrders': 'searchOrders',
  'orders.getOrder': 'getOrder',
};

async function seededEmulator(count: number, timeScale: number) {
  const emulator = createAmazonEmulator({ seed: 'none', timeScale });
  const served = await serveEmulator(emulator.app);
  // A day back: the search window then lies well before the (scaled) two-minute rule.
  const createdAt = new Date(Date.now() - 86_400_000).toISOString();
  const seeded = await fetch(`${served.url}/_sim/orders/bulk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count, createdAt, marketplaceId: 'ATVPDKIKX0DER' }),
  });
  if (seeded.status !== 201)
    throw new Error(`bulk seeding answered ${seeded.status}: ${await seeded.text()}`);
  const { orderIds } = (await seeded.json()) as { orderIds: string[] };
  return {
    served,
    orderIds,
    close: async () => {
      await served.close();
      emulator.close();
    },
  };
}

/** The real client on the emulator, noting when each SP-API request leaves (token requests aside). */
function clientFor(served: ServedEmulator, timeScale: number, store: BucketStore) {
  const sent: number[] = [];
  const { seller } = demoCatalogue();
  const client = createAmazonClient({
    connection: {
      sellingPartnerId: seller.sellingPartnerId,
      region: 'na',
      marketplaces: [{ id: 'ATVPDKIKX0DER', legalEntity: 'usmf' }],
      endpoint: served.url,
      tokenEndpoint: `${served.url}/auth/o2/token`,
      lwaClientId: seller.lwa.clientId,
      lwaClientSecret: seller.lwa.clientSecret,
      refreshToken: seller.lwa.refreshToken,
    },
    timeScale,
    bucketStore: store,
    log,
    fetch: (input, init) => {
      if (!String(input instanceof Request ? input.url : input).includes('/auth/o2/token'))
        sent.push(performance.now());
      return fetch(input, init);
    },
  });
  return { client, sent };
}

async function emulatorStats(served: ServedEmulator): Promise<StatsSnapshot> {
  return (await (await fetch(`${served.url}/_sim/stats`)).json()) as StatsSnapshot;
}

async function figures(
  operation: AmazonOperation,
  timeScale: number,
  orders: number,
  sent: number[],
  client: AmazonClient,
  served: ServedEmulator,
): Promise<PacingFigures> {
  const { rate, burst } = RATE_TABLE[operation];
  const scaled = rate * timeScale;
  const elapsedS = (sent.at(-1)! - sent[0]!) / 1000;
  const ceiling = burst + scaled * elapsedS;
  const id = OPERATION_ID[operation]!;
  return {
    operation: id,
    timeScale,
    rate: scaled,
    burst,
    orders,
    requests: sent.length,
    elapsedS,
    ceiling,
    ratio: sent.length / ceiling,
    throttledByEmulator: (await emulatorStats(served)).throttled[id] ?? 0,
    throttledInClient: client.stats().throttled,
  };
}

/** Seeds `count` orders and pages through all of them with searchOrders (pages of 100). */
export async function pageOrders(
  count: number,
  timeScale: number,
  store: BucketStore,
): Promise<PacingFigures> {
  const emulator = await seededEmulator(count, timeScale);
  try {
    const { client, sent } = clientFor(emulator.served, timeScale, store);
    const seen = new Set<string>();
    const pages = searchOrdersPages(client, {
      createdAfter: new Date(Date.now() - 2 * 86_400_000),
      maxResultsPerPage: 100,
    });
    for await (const page of pages) for (const order of page.orders) seen.add(order.orderId);
    if (seen.size !== count) throw new Error(`searchOrders paged ${seen.size} distinct orders of ${count}`);
    return await figures('orders.searchOrders', timeScale, seen.size, sent, client, emulator.served);
  } finally {
    await emulator.close();
  }
}

/** Seeds `count` orders and reads each with getOrder, one after the other. */
export async function readOrders(
  count: number,
  timeScale: number,
  store: BucketStore,
): Promise<PacingFigures> {
  const emulator = await seededEmulator(count, timeScale);
  try {
    const { client, sent } = clientFor(emulator.served, timeScale, store);
    for (const orderId of emulator.orderIds) await getOrder(client, orderId);
    return await figures('orders.getOrder', timeScale, count, sent, client, emulator.served);
  } finally {
    await emulator.close();
  }
}

export interface AmazonBenchOptions {
  orders: number;
  timeScale: number;
  getOrders: number;
  getTimeScale: number;
  /** Where the client keeps its buckets, one column each. */
  stores: Array<() => Promise<BenchBucketStore>>;
  progress(text: string): void;
}

/** One column per bucket store: searchOrders over `orders`, then getOrder over `getOrders`. */
export async function amazonTable(options: AmazonBenchOptions): Promise<string[][]> {
  const columns: Array<{ label: string; search: PacingFigures; get: PacingFigures }> = [];
  // A short pass first, fast and not counted: the first request of a cold process (the JIT's first look
  // at the emulator's and the client's code) arrives tens of ms late, which puts the emulator's bucket
  // behind the client's by more than the client's cushion at these compressed intervals. Amazon is never
  // cold, and neither is a connector that has been running for a while.
  options.progress('Amazon warm-up…');
  await pageOrders(300, 100_000, createMemoryBucketStore());
  await readOrders(60, 1000, createMemoryBucketStore());
  for (const open of options.stores) {
    const b = await open();
    try {
      options.progress(`Amazon searchOrders over ${options.orders} orders, buckets in ${b.label}…`);
      const search = await pageOrders(options.orders, options.timeScale, b.store);
      options.progress(`Amazon getOrder × ${options.getOrders}, buckets in ${b.label}…`);
      const get = await readOrders(options.getOrders, options.getTimeScale, b.store);
      columns.push({ label: b.label, search, get });
    } finally {
      await b.close();
    }
  }
  const rows: string[][] = [['measure', ...columns.map((c) => `buckets in ${c.label}`)]];
  for (const key of ['search', 'get'] as const) {
    const f = columns[0]?.[key];
    if (!f) continue;
    const what =
      key === 'search'
        ? `searchOrders, ${f.orders.toLocaleString('en-US')} orders in pages of 100`
        : `getOrder, ${f.orders.toLocaleString('en-US')} orders one by one`;
    const plan = `timeScale ${f.timeScale}: ${Number(f.rate.toPrecision(6))}/s, burst ${f.burst}`;
    const row = (label: string, cell: (p: PacingFigures) => string) =>
      rows.push([label, ...columns.map((c) => cell(c[key]))]);
    row(`${what} (${plan}): requests sent`, (p) => String(p.requests));
    row(`${what}: seconds from first to last request`, (p) => p.elapsedS.toFixed(2));
    row(`${what}: ceiling = burst + rate × seconds`, (p) => p.ceiling.toFixed(1));
    row(`${what}: requests ÷ ceiling`, (p) => p.ratio.toFixed(3));
    row(`${what}: 429s (emulator / client)`, (p) => `${p.throttledByEmulator} / ${p.throttledInClient}`);
  }
  return rows;
}
