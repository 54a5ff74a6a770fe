// F&O service protection against the client: 429 with Retry-After from the emulator's per-application
// window and from injected faults — the client waits as told (in the shared fake clock) and succeeds,
// with the requests counted at the emulator; a throttled `$batch` part fails its change set, which the
// client sends again; and `maxConcurrentRequests` caps what is in flight at the emulator.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSalesOrderWithLines,
  customersApi,
  releasedProducts,
  salesOrderLines,
  type D365Client,
} from '../../../src/d365/index.ts';
import { createBusiness } from '../../../src/emulators/d365/business/index.ts';
import { startHarness, type D365Harness } from './kit.ts';

let h: D365Harness;
afterEach(async () => h.close());

const items = ['A0001', 'A0002', 'A0003', 'A0004', 'A0005', 'A0006', 'A0007', 'A0008'];
const statuses = () => h.dataRequests().map((r) => r.status);

describe('Retry-After is honoured', () => {
  it('waits out the emulator’s throttling window and carries on', async () => {
    h = await startHarness({
      throttle: { maxRequestsPerWindow: 3, windowSeconds: 30, retryAfterSeconds: 30 },
    });
    const { client, sleeps, logs } = h.newClient();
    const prices: number[] = [];
    for (const item of items.slice(0, 5)) {
      const row = await client.get(releasedProducts, { ItemNumber: item }, { select: ['SalesPrice'] });
      prices.push(row!.SalesPrice);
    }
    expect(prices).toHaveLength(5);
    // Three pass, the fourth is refused once and passes after 30 s (in the emulator's clock), the fifth
    // waits for the environment's pause and passes.
    expect(statuses()).toEqual([200, 200, 200, 429, 200, 200]);
    expect(sleeps[0]).toBe(30_000);
    expect(h.tokenRequests()).toHaveLength(1);
    const throttled = logs.find((l) => l.attempts === 2)!;
    expect(throttled).toMatchObject({ outcome: 'ok', status: 200, entitySet: 'ReleasedProductsV2' });
    expect(throttled.waitedMs).toBeGreaterThanOrEqual(30_000);
  });

  it('retries an injected throttle (next: 2) after each Retry-After, reads and creates alike', async () => {
    h = await startHarness();
    const { client, sleeps } = h.newClient();
    await client.get(releasedProducts, { ItemNumber: 'A0001' }); // token in hand, nothing throttled yet
    h.resetCounts();
    await h.fault({ kind: 'throttle', next: 2, method: 'GET' });
    const row = await client.get(releasedProducts, { ItemNumber: 'A0002' });
    expect(row).toMatchObject({ ItemNumber: 'A0002' });
    expect(statuses()).toEqual([429, 429, 200]);
    expect(sleeps.slice(0, 2)).toEqual([1000, 1000]); // the emulator's default Retry-After: 1 s

    // A throttled POST was not applied: F&O refused it before running it, so it is sent again.
    h.resetCounts();
    await h.fault({ kind: 'throttle', next: 1, method: 'POST', retryAfterSeconds: 5 });
    const customer = await customersApi.create(client, {
      CustomerGroupId: 'AMZ',
      PartyType: 'Organization',
      OrganizationName: 'Throttled Ltd',
      SalesCurrencyCode: 'USD',
    });
    expect(statuses()).toEqual([429, 201]);
    expect(sleeps).toContain(5000);
    const named = await customersApi.count(client, {
      filter: (w) => w.eq('OrganizationName', 'Throttled Ltd'),
    });
    expect(named).toBe(1);
    expect(customer.CustomerAccount).not.toBe('');
  });

  it('gives up with a transient error carrying retryAfterMs when the wait is too long to sleep through', async () => {
    h = await startHarness();
    const { client, sleeps } = h.newClient({ maxWaitMs: 10_000 });
    await h.fault({ kind: 'throttle', next: 1, retryAfterSeconds: 120 });
    const error = await client.get(releasedProducts, { ItemNumber: 'A0001' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient', retryable: true, context: { retryAfterMs: 120_000 } });
    expect(sleeps).toEqual([]);
    expect(statuses()).toEqual([429]);
  });
});

describe('throttled $batch parts', () => {
  it('sends a change set again whose part was throttled (injected), and applies it once', async () => {
    h = await startHarness({ business: createBusiness({ manualSalesOrderNumbers: true }) });
    const { client, sleeps } = h.newClient();
    await h.fault({ kind: 'throttle', next: 1, pathPrefix: '/data/SalesOrderLines', retryAfterSeconds: 2 });
    const order = await createSalesOrderWithLines(client, {
      header: {
        SalesOrderNumber: 'AMZ-T1',
        OrderingCustomerAccountNumber: 'AMZ-US',
        DefaultShippingWarehouseId: '11',
      },
      lines: [
        { ItemNumber: 'A0001', OrderedSalesQuantity: 1 },
        { ItemNumber: 'A0002', OrderedSalesQuantity: 1 },
      ],
    });
    expect(order.lines).toHaveLength(2);
    // The outer batch answered 200 both times; the first one's change set held the 429 part.
    expect(h.dataRequests().map((r) => `${r.path} ${r.status}`)).toEqual([
      '/data/$batch 200',
      '/data/$batch 200',
    ]);
    expect(sleeps).toEqual([2000]);
    expect(await client.count(salesOrderLines, { filter: (w) => w.eq('SalesOrderNumber', 'AMZ-T1') })).toBe(
      2,
    );
  });

  it('sends a change set again when the emulator’s window throttles one of its parts', async () => {
    // The batch and each of its parts count on their own: after one read, the batch, the header and the
    // first line pass and the second line is refused; in the next window all four pass.
    h = await startHarness({
      business: createBusiness({ manualSalesOrderNumbers: true }),
      throttle: { maxRequestsPerWindow: 4, windowSeconds: 10, retryAfterSeconds: 10 },
    });
    const { client, sleeps } = h.newClient();
    await client.get(releasedProducts, { ItemNumber: 'A0001' });
    const order = await createSalesOrderWithLines(client, {
      header: {
        SalesOrderNumber: 'AMZ-T2',
        OrderingCustomerAccountNumber: 'AMZ-US',
        DefaultShippingWarehouseId: '11',
      },
      lines: [
        { ItemNumber: 'A0001', OrderedSalesQuantity: 1 },
        { ItemNumber: 'A0002', OrderedSalesQuantity: 1 },
      ],
    });
    expect(order.header.SalesOrderNumber).toBe('AMZ-T2');
    expect(h.dataRequests().map((r) => `${r.method} ${r.status}`)).toEqual([
      'GET 200',
      'POST 200',
      'POST 200',
    ]);
    expect(sleeps[0]).toBe(10_000);
    const lines = await client.list(salesOrderLines, { filter: (w) => w.eq('SalesOrderNumber', 'AMZ-T2') });
    expect(lines.rows.map((l) => l.ItemNumber)).toEqual(['A0001', 'A0002']);
  });
});

describe('maxConcurrentRequests', () => {
  async function parallelReads(client: D365Client, times = 2) {
    const work = Array.from({ length: times }, () => items).flat();
    return Promise.all(
      work.map((item) => client.get(releasedProducts, { ItemNumber: item }, { select: ['ItemNumber'] })),
    );
  }

  it('keeps at most maxConcurrentRequests in flight at the emulator', async () => {
    h = await startHarness();
    const { client } = h.newClient({ connection: { maxConcurrentRequests: 2 } });
    await h.fault({ kind: 'latency', latencyMs: 40, share: 1, method: 'GET' });
    const rows = await parallelReads(client);
    expect(rows.every((r) => r !== undefined)).toBe(true);
    expect(h.dataRequests()).toHaveLength(16);
    expect(h.maxInFlight()).toBe(2);
  });

  it('shares the cap between the clients of one environment (the smaller one applies)', async () => {
    h = await startHarness();
    const first = h.newClient({ connection: { maxConcurrentRequests: 3 } }).client;
    const second = h.newClient({ connection: { maxConcurrentRequests: 6 } }).client;
    await h.fault({ kind: 'latency', latencyMs: 40, share: 1, method: 'GET' });
    await Promise.all([parallelReads(first, 1), parallelReads(second, 1)]);
    expect(h.dataRequests()).toHaveLength(16);
    expect(h.maxInFlight()).toBe(3);
  });
});
