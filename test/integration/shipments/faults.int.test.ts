// Shipment confirmations under faults: 10 % injected throttling, 5xx, resets and timeouts on both sides,
// a confirmShipment whose answer is lost after Amazon applied it, and a burst of 429s. Every package
// ends on Amazon exactly once, and the confirmShipment calls the connector made are counted: a package
// whose answer was lost is looked up, never sent again.
import { afterEach, describe, expect, it } from 'vitest';
import { startOrdersHarness, type OrdersHarness } from '../orders/harness.ts';
import { fetchWithTimeout, tenPercentFaults } from '../../support/faultMix.ts';
import {
  importOrder,
  onAmazon,
  postSlip,
  runShipments,
  shipmentRecord,
  type ImportedTestOrder,
} from './shipmentKit.ts';

const CONFIRM = /\/orders\/v0\/orders\/([^/]+)\/shipmentConfirmation$/;
/** The clients' per-request time limit here: a `latency` fault longer than it is a timeout. */
const REQUEST_TIMEOUT_MS = 2500;

/** The connector's fetch, counting the confirmShipment calls it sends (per order) and timing out as a client would. */
const timedFetch = fetchWithTimeout(REQUEST_TIMEOUT_MS);

function countingFetch() {
  const sent = new Map<string, number>();
  /** confirmShipment answers by HTTP status. */
  const answers = new Map<number, number>();
  const fetchFn: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const match = CONFIRM.exec(new URL(url).pathname);
    const orderId = match && (init?.method ?? 'GET') === 'POST' ? match[1]! : undefined;
    if (orderId) sent.set(orderId, (sent.get(orderId) ?? 0) + 1);
    const response = await timedFetch(input, init);
    if (orderId) answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
    return response;
  };
  return { sent, answers, fetchFn };
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

async function faultHits(h: OrdersHarness, side: 'amazon' | 'd365'): Promise<number> {
  const { body } = await (side === 'amazon' ? h.amazonSim : h.d365Sim)('GET', '/faults');
  return (body.faults as { hits: number }[]).reduce((s, f) => s + f.hits, 0);
}

let h: OrdersHarness;
afterEach(async () => {
  await h?.close();
});

describe('confirm-shipments under faults', () => {
  it('a lost confirmShipment answer: the package is looked up, not sent again', async () => {
    const counter = countingFetch();
    h = await startOrdersHarness({ fetch: counter.fetchFn, shipmentSettings: { writeSettleSeconds: 0 } });
    const order = await importOrder(h, { items: [{ sku: 'DEMO-HP' }] });
    await postSlip(h, order, { carrier: 'UPS', trackingNumbers: ['1ZLOST'] });
    // Amazon applies the next confirmation, then the connection drops before the answer.
    await h.amazonSim('POST', '/faults', {
      faults: [{ kind: 'reset', when: 'after', next: 1, method: 'POST', pathPrefix: '/orders/v0/orders/' }],
    });
    await runShipments(h); // the run goes on: the outcome is unknown, not a failure of the order
    expect((await onAmazon(h, order.orderId)).packages).toHaveLength(1); // it landed
    const waiting = await shipmentRecord(h, order.orderId);
    expect(waiting).toMatchObject({
      state: 'pending',
      lastError: expect.stringMatching(/may have reached Amazon/),
    });

    await runShipments(h);
    expect(counter.sent.get(order.orderId)).toBe(1); // sent once, ever
    const record = await shipmentRecord(h, order.orderId);
    expect(record?.state).toBe('synced');
    expect((record!.summary.packages as { note: string }[])[0]!.note).toMatch(
      /found on Amazon after an earlier attempt \(not sent again\)/,
    );
  });

  it('a burst of 429s: the client waits and retries within Amazon’s rate, every package once', async () => {
    const counter = countingFetch();
    h = await startOrdersHarness({ fetch: counter.fetchFn });
    const orders: ImportedTestOrder[] = [];
    for (let i = 0; i < 4; i++) orders.push(await importOrder(h, { items: [{ sku: 'DEMO-HP' }] }));
    for (const [i, order] of orders.entries())
      await postSlip(h, order, { carrier: 'UPS', trackingNumbers: [`1Z429${i}`] });
    await h.amazonSim('POST', '/faults', {
      faults: [
        { kind: 'throttle', next: 5, method: 'POST', pathPrefix: '/orders/v0/orders/', retryAfterSeconds: 0 },
      ],
    });
    // The client retries a 429 a few times within the rate; what is still throttled waits for the next run.
    const synced = async () => (await h.shipmentRecords()).filter((r) => r.state === 'synced').length;
    for (let run = 0; run < 5 && (await synced()) < orders.length; run++) await runShipments(h);
    for (const order of orders)
      expect((await onAmazon(h, order.orderId)).packages, order.orderId).toHaveLength(1);
    // 4 packages + the 5 throttled attempts, which Amazon did not apply; no 5xx, nothing resent.
    expect(Object.fromEntries(counter.answers)).toEqual({ 204: 4, 429: 5 });
    expect(total(counter.sent)).toBe(4 + 5);
  });

  it('10 % faults on both sides: every package arrives exactly once', async () => {
    const counter = countingFetch();
    h = await startOrdersHarness({
      fetch: counter.fetchFn,
      shipmentSettings: { writeSettleSeconds: 4, pageSize: 3 },
    });
    const orders: ImportedTestOrder[] = [];
    for (let i = 0; i < 8; i++)
      orders.push(
        await importOrder(h, {
          items: [{ sku: 'DEMO-HP', quantity: 2 }, ...(i % 2 ? [{ sku: 'DEMO-KB' }] : [])],
        }),
      );
    const FAULTS = tenPercentFaults(REQUEST_TIMEOUT_MS);
    for (const sim of [h.amazonSim, h.d365Sim])
      expect((await sim('POST', '/faults', { faults: FAULTS })).status).toBe(201);

    // Each order ships in two packing slips: one unit of the headphones first, the rest later.
    const expected = new Map<string, number>();
    const outcomes: string[] = [];
    const run = async () => outcomes.push((await h.runShipments()).outcome);
    for (const [i, order] of orders.entries()) {
      const hp = order.items.get('DEMO-HP')!.orderItemId;
      await postSlip(h, order, { carrier: 'UPS', trackingNumbers: [`1ZA${i}`], lines: { [hp]: 1 } });
      expected.set(order.orderId, 2);
      if (i % 3 === 2) await run();
    }
    for (const [i, order] of orders.entries())
      await postSlip(h, order, { carrier: 'FEDEX', trackingNumbers: [`77B${i}`] });
    const done = async () =>
      (await h.shipmentRecords()).filter((r) => r.state === 'synced').length === orders.length;
    while (!(await done()) && outcomes.length < 60) {
      await run();
      if (!(await done())) await new Promise((r) => setTimeout(r, 500));
    }
    const hits = { amazon: await faultHits(h, 'amazon'), d365: await faultHits(h, 'd365') };
    await h.amazonSim('DELETE', '/faults');
    await h.d365Sim('DELETE', '/faults');

    const records = await h.shipmentRecords();
    expect(
      records
        .filter((r) => r.state !== 'synced')
        .map((r) => `${r.externalId}: ${r.state} ${r.reason ?? r.lastError}`),
      outcomes.join(', '),
    ).toEqual([]);
    for (const order of orders) {
      const amazon = await onAmazon(h, order.orderId);
      expect(amazon.status, order.orderId).toBe('SHIPPED');
      // A package whose first attempt failed may reach Amazon after the next one: the order is not asserted.
      expect(
        amazon.packages.map((p: { packageReferenceId: string }) => p.packageReferenceId).sort(),
        order.orderId,
      ).toEqual(['1', '2']);
    }
    // Every package was sent at least once; a package is sent again only after a call that failed.
    expect(total(counter.sent)).toBeGreaterThanOrEqual(orders.length * 2);
    expect(total(counter.sent)).toBeLessThanOrEqual(orders.length * 2 + hits.amazon);
    expect(hits.amazon + hits.d365).toBeGreaterThan(0);
    console.info(
      `shipment faults hit: Amazon ${hits.amazon}, D365 ${hits.d365}; ${outcomes.length} runs; ${total(counter.sent)} confirmShipment calls for ${orders.length * 2} packages`,
    );
  }, 180_000);
});
