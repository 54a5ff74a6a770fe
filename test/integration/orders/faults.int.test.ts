// "10 % injected 429/5xx/timeouts on both sides — every order arrives": both emulators throttle, fail,
// cut connections (before and after applying a call) and answer too late for a share of all calls, while
// orders keep arriving and the import runs as its schedule would. A run may fail on a transient error —
// the job would retry it — but in the end every order is in D365 exactly once with all its lines, and
// every record is synced.
import { afterEach, expect, it } from 'vitest';
import { startOrdersHarness, type Json, type OrdersHarness } from './harness.ts';
import { fetchWithTimeout, tenPercentFaults } from '../../support/faultMix.ts';

const ORDERS = 40;
const BATCHES = 10;
const MAX_RUNS = 150;
/** The clients' per-request time limit in this test: a `latency` fault longer than it is a timeout. */
// Generous enough that a loaded CI machine does not turn ordinary answers into timeouts.
const REQUEST_TIMEOUT_MS = 2500;

const FAULTS = tenPercentFaults(REQUEST_TIMEOUT_MS);

const ITEMS: Record<string, Array<[string, number]>> = {
  'DEMO-HP': [['A0001', 1]],
  'DEMO-SPK': [['A0002', 1]],
  'DEMO-CHG': [['A0003', 1]],
  'DEMO-HDMI': [['A0005', 1]],
  'DEMO-KB': [['A0006', 1]],
  'DEMO-CAM': [['A0008', 1]],
  'DEMO-DESK-BUNDLE': [
    ['A0004', 1],
    ['A0006', 1],
    ['A0005', 2],
  ],
};
const SKUS = Object.keys(ITEMS);
const LEVELS = ['STANDARD', 'EXPEDITED', 'SECOND_DAY', 'NEXT_DAY'];

/** Order number i's items: one to three distinct SKUs, 1–3 units each. */
function itemsOf(i: number): Array<{ sku: string; quantity: number }> {
  const count = 1 + (i % 3);
  return Array.from({ length: count }, (_, k) => ({
    sku: SKUS[(i + k * 3) % SKUS.length]!,
    quantity: 1 + ((i + k) % 3),
  }));
}

/** What D365 must hold for an order: [item, quantity] per item line, sorted. */
function expectedLines(items: Array<{ sku: string; quantity: number }>): Array<[string, number]> {
  return items
    .flatMap(({ sku, quantity }) => ITEMS[sku]!.map(([item, q]): [string, number] => [item, q * quantity]))
    .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
}

async function hits(h: OrdersHarness, side: 'amazon' | 'd365'): Promise<number> {
  const sim = side === 'amazon' ? h.amazonSim : h.d365Sim;
  const { body } = await sim('GET', '/faults');
  return (body.faults as Array<{ hits: number }>).reduce((sum, f) => sum + f.hits, 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let h: OrdersHarness;
afterEach(async () => {
  await h?.close();
});

it('every order arrives exactly once, with all its lines, under 10 % injected faults on both sides', async () => {
  h = await startOrdersHarness({
    // Amazon's searchOrders allows one call per 3 minutes: sped up, many small pages stay affordable
    // (small pages make many Amazon calls, so Amazon's share of faults is drawn often enough to show).
    timeScale: 5000,
    // A write cut off by a timeout may still land: it is checked again only after the settle time,
    // which must outlast the longest injected latency (real seconds; the default is two minutes).
    settings: { pageSize: 1, overlapSeconds: 0, importBatch: 10, writeSettleSeconds: 4 },
    fetch: fetchWithTimeout(REQUEST_TIMEOUT_MS),
  });
  for (const sim of [h.amazonSim, h.d365Sim]) {
    const added = await sim('POST', '/faults', { faults: FAULTS });
    expect(added.status).toBe(201);
  }

  const placed = new Map<string, Array<{ sku: string; quantity: number }>>();
  const outcomes: string[] = [];
  const runOnce = async () => {
    // Access tokens run out between runs now and then (hourly in real life): each run signs in again.
    await h.amazonSim('POST', '/tokens/expire');
    h.amazonLater();
    const run = await h.run();
    outcomes.push(run.outcome === 'failed' ? `failed: ${run.message}` : run.outcome);
  };
  // Orders keep arriving while the import runs.
  for (let batch = 0; batch < BATCHES; batch++) {
    for (let k = 0; k < ORDERS / BATCHES; k++) {
      const i = placed.size;
      const items = itemsOf(i);
      const id = await h.placeOrder({
        items,
        serviceLevel: LEVELS[i % LEVELS.length],
        ...(i % 5 === 0 && { giftWrap: true }),
        ...(i % 7 === 0 && { promotion: { id: 'FAULTS-5', discount: 5 } }),
      });
      placed.set(id, items);
    }
    await runOnce();
  }
  // Then as many runs as it takes, within a bound.
  const allSynced = async () => {
    const records = await h.records();
    return records.length === ORDERS && records.every((r) => r.state === 'synced');
  };
  const synced = async () => (await h.records()).filter((r) => r.state === 'synced').length;
  while (!(await allSynced()) && outcomes.length < MAX_RUNS) {
    const before = await synced();
    await runOnce();
    // No order got through: those left are waiting out a settle time — give them the time, not empty runs.
    if ((await synced()) === before) await sleep(1000);
  }

  const faultHits = { amazon: await hits(h, 'amazon'), d365: await hits(h, 'd365') };
  await h.amazonSim('DELETE', '/faults');
  await h.d365Sim('DELETE', '/faults');

  const records = await h.records();
  const notSynced = records.filter((r) => r.state !== 'synced');
  expect(
    notSynced.map((r) => `${r.externalId}: ${r.state} ${r.reason ?? r.lastError ?? ''}`),
    outcomes.join('\n'),
  ).toEqual([]);
  expect(records).toHaveLength(ORDERS);

  // Exactly once: one D365 order per Amazon order, and nothing else.
  const orders = await h.salesOrders();
  expect(orders.map((o: Json) => o.CustomersOrderReference).sort()).toEqual([...placed.keys()].sort());
  for (const [orderId, items] of placed) {
    const order = orders.find((o: Json) => o.CustomersOrderReference === orderId);
    const record = records.find((r) => r.externalId === orderId)!;
    expect(record.summary.d365).toMatchObject({ salesOrderNumber: order.SalesOrderNumber });
    const lines = await h.salesOrderLines(order.SalesOrderNumber);
    const references = lines.map((l: Json) => l.OrderLineReference);
    expect(new Set(references).size, `${orderId}: a line twice: ${references.join(', ')}`).toBe(lines.length);
    expect(lines.length, `${orderId}: every planned line`).toBe(record.summary.lines);
    const itemLines = lines
      .filter((l: Json) => l.OrderLineReference !== 'SHIPPING' && l.OrderLineReference !== 'GIFT_WRAP')
      .map((l: Json): [string, number] => [l.ItemNumber, l.OrderedSalesQuantity])
      .sort((a: [string, number], b: [string, number]) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
    expect(itemLines, orderId).toEqual(expectedLines(items));
  }

  // The faults really happened, on both sides.
  expect(faultHits.amazon).toBeGreaterThan(0);
  expect(faultHits.d365).toBeGreaterThan(0);
  const stats = (await h.amazonSim('GET', '/stats')).body;
  console.info(
    `faults hit: Amazon ${faultHits.amazon} (of ${Object.values(stats.requests as Record<string, number>).reduce((a, b) => a + b, 0)} operation calls), ` +
      `D365 ${faultHits.d365}; ${outcomes.length} runs: ${outcomes.filter((o) => o !== 'succeeded').length} not succeeded`,
  );
}, 240_000);
