/**
 * searchOrders through the real client against the emulator: every filter family, includedData, and
 * pagination over a result that changes while it is paged. Every answer and request is checked against
 * the Orders 2026-01-01 model (kit.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmShipment } from '../../../src/amazon/orders/confirmShipment.ts';
import {
  searchOrders,
  searchOrdersPages,
  type SearchOrdersPage,
  type SearchOrdersParams,
} from '../../../src/amazon/orders/searchOrders.ts';
import {
  CA,
  HOUR,
  MINUTE,
  SEARCH_PATH,
  TIME_SCALE,
  US,
  confirmation,
  placeOrder,
  startAmazonIntegration,
  type AmazonIntegration,
  type Json,
} from './kit.ts';

let env: AmazonIntegration;
beforeEach(async () => {
  env = await startAmazonIntegration();
});
afterEach(async () => env.finish());

const ids = (page: SearchOrdersPage) => page.orders.map((o) => o.orderId);
/** A whole second `ms` ago (the emulator keeps order times to the second). */
const secondsAgo = (ms: number) => new Date(Math.floor((Date.now() - ms) / 1000) * 1000).toISOString();

describe('searchOrders filters', () => {
  // One order per case, created at distinct times (oldest first):
  let shipped: Json; // 5 h ago, US, merchant, then shipped → SHIPPED
  let canceled: Json; // 4 h ago, US, merchant, then canceled → CANCELLED
  let plain: Json; // 3 h ago, US, merchant → UNSHIPPED
  let canadian: Json; // 2 h ago, CA, merchant → UNSHIPPED
  let pending: Json; // 90 min ago, US, merchant, unpaid → PENDING
  let fba: Json; // 1 h ago, US, Amazon-fulfilled → UNSHIPPED
  const search = (params: Partial<SearchOrdersParams>) =>
    searchOrders(env.client, { createdAfter: secondsAgo(6 * HOUR), ...params } as SearchOrdersParams);

  beforeEach(async () => {
    shipped = await placeOrder(env, { createdAt: secondsAgo(5 * HOUR) });
    canceled = await placeOrder(env, { createdAt: secondsAgo(4 * HOUR) });
    plain = await placeOrder(env, { createdAt: secondsAgo(3 * HOUR) });
    canadian = await placeOrder(env, { marketplaceId: CA, createdAt: secondsAgo(2 * HOUR) });
    pending = await placeOrder(env, { paid: false, createdAt: secondsAgo(90 * MINUTE) });
    fba = await placeOrder(env, { fulfilledBy: 'AMAZON', createdAt: secondsAgo(HOUR) });
    await confirmShipment(env.client, shipped.orderId, confirmation(shipped, '1', [[0, 1]]));
    await env.sim('POST', `/_sim/orders/${canceled.orderId}/cancel`, { reason: 'NoInventory' });
  });

  it('createdAfter alone returns every order created since, up to two (scaled) minutes ago', async () => {
    const page = await search({});
    expect(ids(page)).toEqual([shipped, canceled, plain, canadian, pending, fba].map((o) => o.orderId));
    expect(page.nextToken).toBeUndefined();
    // The bound Amazon used is reported — two minutes (1.2 s scaled) before the request, to the second:
    // the next incremental search starts there.
    const bound = Date.parse(page.createdBefore!);
    expect(bound).toBeLessThanOrEqual(Date.now() - 120_000 / TIME_SCALE);
    expect(bound).toBeGreaterThan(Date.now() - MINUTE);
    expect(page.lastUpdatedBefore).toBeUndefined();
  });

  it('a createdAfter/createdBefore window keeps the orders created inside it', async () => {
    const createdBefore = secondsAgo(75 * MINUTE);
    const page = await search({ createdAfter: secondsAgo(150 * MINUTE), createdBefore });
    expect(ids(page)).toEqual([canadian.orderId, pending.orderId]);
    expect(Date.parse(page.createdBefore!)).toBe(Date.parse(createdBefore));
  });

  it('lastUpdatedAfter finds the orders changed since, whenever they were created', async () => {
    // The changes were made just now: let the emulator's clock pass the two-minute rule (1.2 s scaled).
    env.advanceEmulatorClock(2_000);
    const page = await searchOrders(env.client, { lastUpdatedAfter: secondsAgo(10 * MINUTE) });
    expect(ids(page)).toEqual([shipped.orderId, canceled.orderId]);
    expect(page.lastUpdatedBefore).toBeDefined();
    expect(page.createdBefore).toBeUndefined();
    const created = await search({ lastUpdatedAfter: undefined, createdAfter: secondsAgo(10 * MINUTE) });
    expect(ids(created)).toEqual([]);
  });

  it('fulfillmentStatuses selects by status', async () => {
    const by = async (statuses: NonNullable<SearchOrdersParams['fulfillmentStatuses']>) =>
      ids(await search({ fulfillmentStatuses: statuses }));
    expect(await by(['UNSHIPPED'])).toEqual([plain.orderId, canadian.orderId, fba.orderId]);
    expect(await by(['PENDING'])).toEqual([pending.orderId]);
    expect(await by(['CANCELLED'])).toEqual([canceled.orderId]);
    expect(await by(['SHIPPED', 'PARTIALLY_SHIPPED'])).toEqual([shipped.orderId]);
    expect(await by(['UNFULFILLABLE'])).toEqual([]);
  });

  it('fulfilledBy separates merchant-fulfilled from Amazon-fulfilled orders', async () => {
    expect(ids(await search({ fulfilledBy: ['AMAZON'] }))).toEqual([fba.orderId]);
    expect(ids(await search({ fulfilledBy: ['MERCHANT'] }))).toEqual(
      [shipped, canceled, plain, canadian, pending].map((o) => o.orderId),
    );
    expect(ids(await search({ fulfilledBy: ['MERCHANT', 'AMAZON'] }))).toHaveLength(6);
  });

  it('marketplaceIds covers both demo marketplaces, each alone or together', async () => {
    const us = await search({ marketplaceIds: [US] });
    expect(ids(us)).toEqual([shipped, canceled, plain, pending, fba].map((o) => o.orderId));
    expect(us.orders.every((o) => o.salesChannel.marketplaceId === US)).toBe(true);
    const ca = await search({ marketplaceIds: [CA] });
    expect(ids(ca)).toEqual([canadian.orderId]);
    expect(ca.orders[0]!.salesChannel.marketplaceId).toBe(CA);
    expect(ids(await search({ marketplaceIds: [US, CA] }))).toHaveLength(6);
    // Without marketplaceIds the client sends the connection's marketplaces (both).
    expect(env.arrived(SEARCH_PATH).at(-1)!.query.get('marketplaceIds')).toBe(`${US},${CA}`);
  });

  it('filters combine', async () => {
    const page = await search({
      marketplaceIds: [US],
      fulfilledBy: ['MERCHANT'],
      fulfillmentStatuses: ['UNSHIPPED'],
    });
    expect(ids(page)).toEqual([plain.orderId]);
  });

  it('buyer and recipient sections appear only when includedData asks for them', async () => {
    const one = async (includedData?: SearchOrdersParams['includedData']) => {
      const page = await search({ marketplaceIds: [CA], includedData });
      return page.orders[0]!;
    };
    const bare = await one(undefined);
    expect(bare.buyer).toBeUndefined();
    expect(bare.recipient).toBeUndefined();
    expect(bare.proceeds).toBeUndefined();
    expect(bare.fulfillment).toBeUndefined();
    expect(bare.orderItems.length).toBeGreaterThan(0); // items always come

    const buyerOnly = await one(['BUYER']);
    expect(buyerOnly.buyer?.buyerName).toBe(canadian.buyer.name);
    expect(buyerOnly.recipient).toBeUndefined();

    const recipientOnly = await one(['RECIPIENT']);
    expect(recipientOnly.buyer).toBeUndefined();
    expect(recipientOnly.recipient?.deliveryAddress?.postalCode).toBe(canadian.deliveryAddress.postalCode);

    const both = await one(['BUYER', 'RECIPIENT', 'PROCEEDS', 'FULFILLMENT']);
    expect(both.buyer?.buyerName).toBe(canadian.buyer.name);
    expect(both.recipient?.deliveryAddress?.countryCode).toBe('CA');
    expect(both.proceeds?.grandTotal).toEqual({ amount: canadian.grandTotal, currencyCode: 'CAD' });
    expect(both.fulfillment).toMatchObject({ fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'MERCHANT' });
  });
});

describe('searchOrders pagination through the client', () => {
  it('returns each of 250 orders exactly once while orders are added and changed mid-iteration', async () => {
    const created = await env.sim(
      'POST',
      '/_sim/orders/bulk',
      { count: 250, createdAt: secondsAgo(HOUR) },
      201,
    );
    const expected: string[] = created.orderIds;
    const filters = { createdAfter: secondsAgo(2 * HOUR), maxResultsPerPage: 40 };
    const seen: string[] = [];
    let last: SearchOrdersPage | undefined;
    let added: string[] = [];
    let pages = 0;
    for await (const page of searchOrdersPages(env.client, filters)) {
      pages++;
      seen.push(...ids(page));
      last = page;
      if (pages === 2) {
        // New orders arrive (created now, after the search's bound) and two orders not yet returned
        // change: Amazon cancels one, a buyer asks to cancel the other.
        added = (await env.sim('POST', '/_sim/orders/bulk', { count: 30 }, 201)).orderIds;
        await env.sim('POST', `/_sim/orders/${expected[200]}/cancel`, {});
        await env.sim('POST', `/_sim/orders/${expected[201]}/cancel-request`, {
          reason: 'Ordered by mistake',
        });
      }
    }
    expect(pages).toBe(7); // 6 × 40 + 10
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect([...seen].sort()).toEqual([...expected].sort());
    expect(seen.filter((id) => added.includes(id))).toEqual([]);
    // Each page of the same search carries the same filters and the previous page's token.
    const sent = env.arrived(SEARCH_PATH);
    expect(sent).toHaveLength(7);
    expect(new Set(sent.map((r) => r.query.get('createdAfter'))).size).toBe(1);
    expect(sent[0]!.query.has('paginationToken')).toBe(false);
    expect(sent.slice(1).every((r) => r.query.has('paginationToken'))).toBe(true);

    // The next search resumes from the bound the first one reported and finds the orders added meanwhile.
    env.advanceEmulatorClock(2_000);
    const next: string[] = [];
    for await (const page of searchOrdersPages(env.client, {
      createdAfter: last!.createdBefore!,
      maxResultsPerPage: 100,
    }))
      next.push(...ids(page));
    expect(next).toEqual(added);
  });

  it('shows an order changed after the first page as it is now', async () => {
    const created = await env.sim(
      'POST',
      '/_sim/orders/bulk',
      { count: 5, createdAt: secondsAgo(HOUR) },
      201,
    );
    const pages = searchOrdersPages(env.client, {
      createdAfter: secondsAgo(2 * HOUR),
      maxResultsPerPage: 3,
      includedData: ['FULFILLMENT'],
    });
    const first = await pages.next();
    expect(first.done).toBe(false);
    await env.sim('POST', `/_sim/orders/${created.orderIds[4]}/cancel`, {});
    const second = await pages.next();
    const changed = (second.value as SearchOrdersPage).orders.find((o) => o.orderId === created.orderIds[4]);
    expect(changed?.fulfillment?.fulfillmentStatus).toBe('CANCELLED');
    expect((await pages.next()).done).toBe(true);
  });
});
