// A corpus of malformed and unusual Amazon orders (test/fixtures/orders/corpus.ts), served at the wire
// in place of the emulator's searchOrders answers, mixed with ordinary orders over several pages (one
// page served twice): each is imported correctly or set aside with a clear reason, no run fails, the
// ordinary orders of the same pages are imported, and no message repeats personal data of a payload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchOrdersLenient } from '../../../src/amazon/orders/searchOrders.ts';
import { INCLUDED_DATA } from '../../../src/flows/importOrders/intake/discovery.ts';
import { externalIdOf, keyOf } from '../../../src/flows/importOrders/intake/snapshot.ts';
import { readFeed } from '../../../src/store/repos/feed.ts';
import { recordHistory, type SyncRecord } from '../../../src/store/repos/records.ts';
import {
  CORPUS,
  orderFrom,
  type CorpusCase,
  type Json,
  type Templates,
} from '../../fixtures/orders/corpus.ts';
import { startOrdersHarness, type OrdersHarness } from './harness.ts';

const SEARCH_PATH = '/orders/2026-01-01/orders';
const PAGE_SIZE = 8;
/** This page (0-based) is served twice in a row, as a retried pagination token might. */
const REPEATED_PAGE = 2;

/** Substitutes the answers of Amazon's searchOrders with the pages given, in order (then empty pages). */
class CorpusServer {
  private pages: unknown[][] | undefined;
  private served = false;
  searches = 0;

  serve(pages: unknown[][]) {
    this.pages = pages;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!this.pages || url.pathname !== SEARCH_PATH || (init?.method ?? 'GET') !== 'GET')
      return fetch(input, init);
    this.searches++;
    const token = url.searchParams.get('paginationToken');
    const index = token ? Number(token.replace('corpus-', '')) : this.served ? this.pages.length : 0;
    const orders = this.pages[index] ?? [];
    const last = index >= this.pages.length - 1;
    if (last) this.served = true;
    const body = {
      orders,
      ...(last
        ? { lastUpdatedBefore: new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, 'Z') }
        : { pagination: { nextToken: `corpus-${index + 1}` } }),
    };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-amzn-RequestId': crypto.randomUUID() },
    });
  };
}

interface Served {
  name: string;
  raw: unknown;
  expect: CorpusCase['expect'];
  externalId: string;
}

const server = new CorpusServer();
let h: OrdersHarness;
let served: Served[];
let runs: Array<{ outcome: string; message: string }>;

/** Order ids in Amazon's 3-7-7 form, unique per corpus entry. */
const idOf = (n: number) => `111-${9_000_000 + n}-${1_000_000 + n}`;
const at = (base: number, seconds: number) =>
  new Date(base + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

async function templates(): Promise<Templates> {
  const people = {
    buyer: { name: 'Rosalind Featherstone', email: 'rosalind.f@example.com' },
    deliveryAddress: {
      name: 'Rosalind Featherstone',
      addressLine1: '77 Quarry Bank Lane',
      addressLine2: 'Unit 9',
      city: 'Boise',
      stateOrRegion: 'ID',
      postalCode: '83702',
      countryCode: 'US',
      phone: '+1 208 555 0199',
    },
  };
  const items = [
    { sku: 'DEMO-HP', quantity: 2 },
    { sku: 'DEMO-KB', quantity: 1 },
  ];
  const plainId = await h.placeOrder({
    items,
    serviceLevel: 'EXPEDITED',
    paymentMethod: 'CreditCard',
    ...people,
  });
  const businessId = await h.placeOrder({
    items,
    serviceLevel: 'EXPEDITED',
    ...people,
    business: {
      companyName: 'Quarry Bank Holdings',
      purchaseOrderNumber: 'PO-4711',
      taxRegistration: {
        type: 'BUSINESS',
        number: '98-7654321',
        address: {
          name: 'Quarry Bank Holdings',
          addressLine1: '500 Ledger Street',
          city: 'Boise',
          postalCode: '83702',
          countryCode: 'US',
        },
      },
    },
  });
  h.amazonLater();
  const amazon = h.deps.remotes!(h.config.connections[0]!).amazon;
  const page = await searchOrdersLenient(amazon, {
    lastUpdatedAfter: new Date(Date.now() - 3_600_000).toISOString(),
    includedData: INCLUDED_DATA,
  });
  const byId = (id: string) => page.orders.find((o) => (o as Json).orderId === id) as Json;
  return { plain: byId(plainId), business: byId(businessId) };
}

/** Lays the corpus out in pages, each opened by an ordinary order, repeats where the cases ask. */
function layOut(t: Templates, digest: (text: string) => string): { pages: unknown[][]; served: Served[] } {
  const base = Date.now() - 15 * 60_000;
  const pages: unknown[][] = [];
  const list: Served[] = [];
  let page: unknown[] = [];
  let nextPage: unknown[] = [];
  let n = 0;
  const add = (c: Pick<CorpusCase, 'name' | 'expect'>, raw: unknown) =>
    list.push({ ...c, raw, externalId: externalIdOf(raw, digest) });
  const closePage = () => {
    pages.push(page);
    page = nextPage;
    nextPage = [];
  };
  for (const c of CORPUS) {
    if (page.length === 0) {
      const control = orderFrom(t.plain, idOf(++n), at(base, n));
      add({ name: `ordinary order of page ${pages.length + 1}`, expect: { outcome: 'imported' } }, control);
      page.push(control);
    }
    const id = idOf(++n);
    const updated = at(base, n);
    const raw = c.order(t, id, updated);
    add(c, raw);
    page.push(raw);
    if (c.serve === 'twiceInPage') page.push(structuredClone(raw));
    if (c.serve === 'inTwoPages') nextPage.push(structuredClone(raw));
    if (c.serve === 'olderAfterNewer') {
      const older = structuredClone(raw) as Json;
      older.lastUpdatedTime = at(base - 3_600_000, n);
      older.fulfillment.fulfillmentStatus = 'PENDING';
      nextPage.push(older);
    }
    if (page.length >= PAGE_SIZE) closePage();
  }
  if (page.length > 0) closePage();
  if (nextPage.length > 0) pages.push(nextPage);
  pages.splice(REPEATED_PAGE, 0, structuredClone(pages[REPEATED_PAGE]!));
  return { pages, served: list };
}

/** The personal values of an order: none of them may appear in a message, a reason or a summary. */
function personalValues(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object') return [];
  const o = raw as Json;
  const a = o.recipient?.deliveryAddress ?? {};
  const tax = o.tax?.taxRegistrations?.[0] ?? {};
  const values = [
    o.buyer?.buyerName,
    o.buyer?.buyerEmail,
    o.buyer?.buyerCompanyName,
    a.name,
    a.addressLine1,
    a.addressLine2,
    a.addressLine3,
    a.phone,
    tax.legalName,
    tax.taxRegistrationNumber,
    tax.taxRegistrationAddress?.addressLine1,
  ];
  return values.filter((v): v is string => typeof v === 'string' && v.trim().length >= 5);
}

beforeAll(async () => {
  h = await startOrdersHarness({ fetch: server.fetch });
  const t = await templates();
  const laid = layOut(t, keyOf({ store: h.store }));
  served = laid.served;
  server.serve(laid.pages);
  runs = [];
  for (let i = 0; i < 2; i++) {
    h.amazonLater();
    const run = await h.run();
    runs.push({ outcome: run.outcome, message: run.message });
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('a corpus of malformed and unusual orders', () => {
  it('has at least 50 cases, served over several pages', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(50);
    expect(server.searches).toBeGreaterThan(REPEATED_PAGE + 2);
  });

  it('never fails a run', () => {
    expect(runs).toEqual([
      { outcome: 'succeeded', message: expect.any(String) },
      { outcome: 'succeeded', message: expect.any(String) },
    ]);
  });

  it('imports every ordinary order of every page', async () => {
    const ordinary = served.filter((s) => s.name.startsWith('ordinary order'));
    for (const s of ordinary) {
      const orders = await h.salesOrders(`CustomersOrderReference eq '${s.externalId}'`);
      expect(orders, s.name).toHaveLength(1);
    }
  });

  it('creates exactly one D365 order per imported case, and none for the others', async () => {
    const imported = served.filter((s) => s.expect.outcome === 'imported').map((s) => s.externalId);
    const names = new Map(served.map((s) => [s.externalId, s.name]));
    const orders = await h.salesOrders();
    const named = (ids: string[]) => ids.map((id) => `${id} ${names.get(id) ?? ''}`).sort();
    expect(named(orders.map((o: Json) => o.CustomersOrderReference))).toEqual(named([...new Set(imported)]));
  });

  const outcomeCases = () => served.filter((s) => !s.name.startsWith('ordinary order'));
  it.each(CORPUS.map((c) => [c.name]))('%s', async (name) => {
    const s = outcomeCases().find((x) => x.name === name)!;
    const records = await h.records();
    const record = records.find((r) => r.externalId === s.externalId);
    expect(record, `a record for ${s.externalId}`).toBeDefined();
    await expectOutcome(s, record!);
  });

  it('repeats no personal data of a payload in reasons, summaries, history or the live feed', async () => {
    const values = [...new Set(served.flatMap((s) => personalValues(s.raw)))];
    expect(values.length).toBeGreaterThan(10);
    const { rows } = await h.store.db.query<{ t: string | null }>(
      `SELECT concat_ws(' ', reason, last_error, summary::text) AS t FROM records
       UNION ALL SELECT message FROM record_events`,
    );
    const feed = await readFeed(h.store.db, { limit: 500 });
    const texts = [
      ...rows.map((r) => r.t ?? ''),
      ...feed.map((e) => `${e.message} ${JSON.stringify(e.fields)}`),
    ];
    const leaks = values.flatMap((v) => texts.filter((t) => t.includes(v)).map((t) => `${v} in: ${t}`));
    expect(leaks).toEqual([]);
  });
});

async function expectOutcome(s: Served, record: SyncRecord) {
  const e = s.expect;
  const where = `${s.name} (${s.externalId}): ${record.state} ${record.reason ?? ''} ${JSON.stringify(record.summary)}`;
  switch (e.outcome) {
    case 'attention':
      expect(record.state, where).toBe('needs_attention');
      expect(record.reason, where).toMatch(e.reason);
      return;
    case 'skipped':
      expect(record.state, where).toBe('synced');
      expect(record.summary.skipped, where).toMatch(e.reason);
      expect(await h.salesOrders(`CustomersOrderReference eq '${s.externalId}'`)).toEqual([]);
      return;
    case 'waiting': {
      expect(record.state, where).toBe('pending');
      expect(record.summary.stage, where).toBe('waiting');
      const history = await recordHistory(h.store.db, record.id);
      if (e.reason) expect(history.at(-1)?.message, where).toMatch(e.reason);
      expect(await h.salesOrders(`CustomersOrderReference eq '${s.externalId}'`)).toEqual([]);
      return;
    }
    case 'cancelled': {
      expect(record.state, where).toBe('synced');
      expect(record.summary.d365, where).toMatchObject({ cancelled: 'all' });
      const items = ((s.raw as Json).orderItems as Json[]).map((i) => i.orderItemId);
      expect(record.summary.cancellationToAcknowledge, where).toEqual(items);
      expect(await h.salesOrders(`CustomersOrderReference eq '${s.externalId}'`)).toEqual([]);
      return;
    }
    case 'imported': {
      expect(record.state, where).toBe('synced');
      const orders = await h.salesOrders(`CustomersOrderReference eq '${s.externalId}'`);
      expect(orders, where).toHaveLength(1);
      const order = orders[0];
      expect(record.summary.d365, where).toMatchObject({ salesOrderNumber: order.SalesOrderNumber });
      if (e.header) expect(order, where).toMatchObject(e.header);
      const lines = (await h.salesOrderLines(order.SalesOrderNumber)).filter(
        (l: Json) => l.OrderLineReference !== 'SHIPPING' && l.OrderLineReference !== 'GIFT_WRAP',
      );
      if (e.items)
        expect(
          lines
            .map((l: Json): [string, number] => [l.ItemNumber, l.OrderedSalesQuantity])
            .sort((a: [string, number], b: [string, number]) => a[0].localeCompare(b[0])),
          where,
        ).toEqual(e.items);
      if (e.itemLines !== undefined) expect(lines, where).toHaveLength(e.itemLines);
      if (e.limits?.LineDescription !== undefined)
        for (const l of lines)
          expect(l.LineDescription.length, where).toBeLessThanOrEqual(e.limits.LineDescription);
      if (e.limits?.DeliveryAddressName !== undefined)
        expect(order.DeliveryAddressName.length, where).toBeLessThanOrEqual(e.limits.DeliveryAddressName);
      if (e.note)
        expect((record.summary.notes as string[] | undefined) ?? [], where).toContainEqual(
          expect.stringMatching(e.note),
        );
      if (e.summary) expect(record.summary, where).toMatchObject(e.summary);
      return;
    }
  }
}
