import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startAmazonTestEmulator,
  type AmazonTestKit,
  type Json,
} from '../../../../test/support/amazonEmulatorTestKit.ts';

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';
const MINUTE = 60_000;
let kit: AmazonTestKit;

beforeEach(() => {
  kit = startAmazonTestEmulator({ seed: 'none' });
});
afterEach(() => {
  kit.expectNoViolations();
  kit.close();
});

const ago = (minutes: number) => new Date(kit.clock.now() - minutes * MINUTE).toISOString();

async function place(spec: Record<string, unknown> = {}): Promise<string> {
  const res = await kit.sim('POST', '/_sim/orders', { items: [{ sku: 'DEMO-HP' }], ...spec });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.orderId as string;
}

async function search(query: string): Promise<{ status: number; body: Json }> {
  // The emulator's usage plan is Amazon's (20 burst, 0.0056/s); tests search often, so time moves on.
  kit.clock.advance(200_000);
  const res = await kit.spApi(`/orders/2026-01-01/orders?${query}`);
  return { status: res.status, body: await res.json() };
}

const ids = (body: { orders: { orderId: string }[] }) => body.orders.map((o) => o.orderId);

describe('searchOrders filters', () => {
  it('selects by creation window, oldest first, and reports the bound it used', async () => {
    const old = await place({ createdAt: ago(600) });
    const mid = await place({ createdAt: ago(300) });
    const recent = await place({ createdAt: ago(60) });
    const { body } = await search(`createdAfter=${ago(400)}&createdBefore=${ago(100)}`);
    expect(ids(body)).toEqual([mid]);
    expect(body.createdBefore).toBeDefined();
    expect(body.lastUpdatedBefore).toBeUndefined();
    const all = await search(`createdAfter=${ago(1000)}`);
    expect(ids(all.body)).toEqual([old, mid, recent]);
    expect(Date.parse(all.body.createdBefore)).toBe(Math.floor((kit.clock.now() - 2 * MINUTE) / 1000) * 1000);
  });

  it('leaves out orders younger than two minutes until they are', async () => {
    kit.clock.advance(10 * MINUTE);
    const fresh = await place();
    const first = await kit.spApi(`/orders/2026-01-01/orders?createdAfter=${ago(5)}`);
    expect(ids((await first.json()) as never)).toEqual([]);
    kit.clock.advance(2 * MINUTE);
    const later = await kit.spApi(`/orders/2026-01-01/orders?createdAfter=${ago(5)}`);
    expect(ids((await later.json()) as never)).toEqual([fresh]);
  });

  it('selects by last update, so a paid or changed order comes back', async () => {
    const pending = await place({ paid: false, createdAt: ago(600) });
    await place({ createdAt: ago(600) });
    const cursor = ago(100);
    expect(ids((await search(`lastUpdatedAfter=${cursor}`)).body)).toEqual([]);
    await kit.sim('POST', `/_sim/orders/${pending}/pay`);
    const { body } = await search(`lastUpdatedAfter=${cursor}`);
    expect(ids(body)).toEqual([pending]);
    expect(body.lastUpdatedBefore).toBeDefined();
    expect(body.createdBefore).toBeUndefined();
  });

  it('filters by fulfillment status, fulfilment channel and marketplace', async () => {
    const unshipped = await place({ createdAt: ago(60) });
    const pending = await place({ createdAt: ago(60), paid: false });
    const fba = await place({ createdAt: ago(60), fulfilledBy: 'AMAZON' });
    const canadian = await place({ createdAt: ago(60), marketplaceId: CA });
    const since = `createdAfter=${ago(120)}`;
    expect(ids((await search(`${since}&fulfillmentStatuses=PENDING`)).body)).toEqual([pending]);
    expect(
      ids((await search(`${since}&fulfillmentStatuses=UNSHIPPED,PENDING&fulfilledBy=MERCHANT`)).body),
    ).toEqual([unshipped, pending, canadian]);
    expect(ids((await search(`${since}&fulfilledBy=AMAZON`)).body)).toEqual([fba]);
    expect(ids((await search(`${since}&marketplaceIds=${CA}`)).body)).toEqual([canadian]);
    expect(ids((await search(`${since}&marketplaceIds=${US}&marketplaceIds=${CA}`)).body)).toHaveLength(4);
  });

  it('returns a dataset section only when includedData asks for it', async () => {
    await place({ createdAt: ago(60) });
    const bare = (await search(`createdAfter=${ago(120)}`)).body.orders[0];
    expect(Object.keys(bare).sort()).toEqual([
      'createdTime',
      'lastUpdatedTime',
      'orderId',
      'orderItems',
      'salesChannel',
    ]);
    expect(Object.keys(bare.orderItems[0]).sort()).toEqual(['orderItemId', 'product', 'quantityOrdered']);
    const full = (
      await search(`createdAfter=${ago(120)}&includedData=BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,PAYMENT,TAX`)
    ).body.orders[0];
    expect(full).toHaveProperty('buyer.buyerName');
    expect(full).toHaveProperty('recipient.deliveryAddress.addressLine1');
    expect(full).toHaveProperty('proceeds.grandTotal.amount');
    expect(full).toHaveProperty('fulfillment.fulfillmentStatus', 'UNSHIPPED');
    expect(full).toHaveProperty('payment.paymentExecutions');
    expect(full.orderItems[0]).toHaveProperty('tax.taxCollections.0.model', 'MARKETPLACE_FACILITATOR');
  });
});

describe('searchOrders validation', () => {
  const messages = (body: { errors: { message: string; details?: string }[] }) =>
    body.errors.map((e) => `${e.message}${e.details ? ` ${e.details}` : ''}`);

  it.each([
    ['', /Exactly one of createdAfter and lastUpdatedAfter/],
    ['createdAfter=2026-01-01T00:00:00Z&lastUpdatedAfter=2026-01-01T00:00:00Z', /Exactly one/],
    ['createdAfter=2026-01-01T00:00:00Z&lastUpdatedBefore=2026-01-02T00:00:00Z', /cannot be combined/],
    ['lastUpdatedAfter=2026-01-01T00:00:00Z&createdBefore=2026-01-02T00:00:00Z', /cannot be combined/],
    ['createdBefore=2026-01-02T00:00:00Z', /Exactly one/],
    ['createdAfter=01/02/2026', /Invalid date-time field\(s\) \[createdAfter\]/],
    [
      'createdAfter=2026-01-02T00:00:00Z&createdBefore=2026-01-01T00:00:00Z',
      /createdBefore must be equal to or after/,
    ],
    ['lastUpdatedAfter=2026-01-01T00:00:00Z&lastUpdatedBefore=NOW', /two minutes before/],
    ['lastUpdatedAfter=NOW', /lastUpdatedAfter must be at least two minutes/],
    [
      'createdAfter=2026-01-01T00:00:00Z&marketplaceIds=A1PA6795UKMFR9',
      /Invalid marketplaceIds \[A1PA6795UKMFR9\]/,
    ],
    [
      'createdAfter=2026-01-01T00:00:00Z&fulfillmentStatuses=Unshipped',
      /Invalid value\(s\) \[Unshipped\] for fulfillmentStatuses/,
    ],
    ['createdAfter=2026-01-01T00:00:00Z&fulfilledBy=AFN', /\[AFN\] for fulfilledBy/],
    ['createdAfter=2026-01-01T00:00:00Z&includedData=ITEMS', /\[ITEMS\] for includedData/],
    [
      'createdAfter=2026-01-01T00:00:00Z&maxResultsPerPage=0',
      /maxResultsPerPage must be an integer between 1 and 100/,
    ],
    ['createdAfter=2026-01-01T00:00:00Z&maxResultsPerPage=101', /between 1 and 100/],
    ['createdAfter=2026-01-01T00:00:00Z&maxResultsPerPage=ten', /between 1 and 100/],
    ['createdAfter=2026-01-01T00:00:00Z&paginationToken=bogus', /paginationToken is invalid/],
  ])('refuses %s with 400 InvalidInput', async (query, expected) => {
    kit.clock.advance(200_000);
    const q = query.replace(/NOW/g, new Date(kit.clock.now() - 60_000).toISOString());
    const res = await kit.spApi(`/orders/2026-01-01/orders?${q}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { code: string; message: string }[] };
    expect(body.errors.every((e) => e.code === 'InvalidInput')).toBe(true);
    expect(messages(body).join(' | ')).toMatch(expected);
  });

  it('refuses more than 50 marketplaces', async () => {
    const many = Array.from({ length: 51 }, () => US).join(',');
    const { status, body } = await search(`createdAfter=2026-01-01T00:00:00Z&marketplaceIds=${many}`);
    expect(status).toBe(400);
    expect(messages(body)).toContain('marketplaceIds may contain at most 50 values.');
  });

  it('lists every problem at once', async () => {
    const { body } = await search('createdAfter=yesterday&maxResultsPerPage=500&fulfilledBy=NOBODY');
    expect(body.errors).toHaveLength(3);
  });
});

describe('searchOrders pagination', () => {
  it('never skips or repeats an order while orders are added and changed', async () => {
    const placed: string[] = [];
    for (let i = 0; i < 25; i++) placed.push(await place({ createdAt: ago(500 - i), paid: i % 2 === 0 }));
    const filters = `lastUpdatedAfter=${ago(600)}`;
    const seen: string[] = [];
    let res = await search(`${filters}&maxResultsPerPage=10`);
    const before = res.body.lastUpdatedBefore;
    seen.push(...ids(res.body));
    let page = 1;
    while (res.body.pagination?.nextToken) {
      // Between pages: new orders arrive, unseen ones are paid (their lastUpdatedTime moves past the bound).
      await place({ createdAt: ago(400) });
      for (const id of placed.filter((p, i) => i % 2 === 1 && !seen.includes(p)).slice(0, 2))
        await kit.sim('POST', `/_sim/orders/${id}/pay`);
      const token = encodeURIComponent(res.body.pagination.nextToken);
      // maxResultsPerPage and includedData may change between pages; the filters may not.
      res = await search(
        `${filters}&paginationToken=${token}&maxResultsPerPage=${page === 1 ? 7 : 10}&includedData=FULFILLMENT`,
      );
      expect(res.status).toBe(200);
      expect(res.body.lastUpdatedBefore).toBe(before);
      seen.push(...ids(res.body));
      page++;
    }
    expect(seen).toEqual(placed);
    expect(new Set(seen).size).toBe(25);
  });

  it('answers a replayed token with the same page and refuses one with other filters', async () => {
    for (let i = 0; i < 5; i++) await place({ createdAt: ago(300 - i) });
    const filters = `createdAfter=${ago(400)}&maxResultsPerPage=2`;
    const first = await search(filters);
    const token = encodeURIComponent(first.body.pagination.nextToken);
    const a = await search(`${filters}&paginationToken=${token}`);
    const b = await search(`${filters}&paginationToken=${token}`);
    expect(ids(a.body)).toEqual(ids(b.body));
    const other = await search(`${filters}&fulfilledBy=MERCHANT&paginationToken=${token}`);
    expect(other.status).toBe(400);
    expect(other.body.errors[0].message).toMatch(/does not match the request/);
  });

  it('expires tokens after 24 hours', async () => {
    for (let i = 0; i < 3; i++) await place({ createdAt: ago(300 - i) });
    const filters = `createdAfter=${ago(400)}&maxResultsPerPage=1`;
    const first = await search(filters);
    kit.clock.advance(24 * 60 * MINUTE);
    const late = await search(
      `${filters}&paginationToken=${encodeURIComponent(first.body.pagination.nextToken)}`,
    );
    expect(late.status).toBe(400);
    expect(late.body.errors[0].message).toMatch(/expired/);
  });
});
