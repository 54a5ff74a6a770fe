import { afterEach, describe, expect, it } from 'vitest';
import {
  startAmazonTestEmulator,
  type AmazonTestKit,
  type Json,
} from '../../../../test/support/amazonEmulatorTestKit.ts';

let kit: AmazonTestKit;
afterEach(() => {
  kit.expectNoViolations();
  kit.close();
});

async function place(spec: Record<string, unknown> = {}): Promise<string> {
  const res = await kit.sim('POST', '/_sim/orders', {
    items: [{ sku: 'DEMO-HP' }, { sku: 'DEMO-CHG' }],
    ...spec,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.orderId as string;
}

async function view(id: string): Promise<Json> {
  const res = await kit.spApi(
    `/orders/2026-01-01/orders/${id}?includedData=RECIPIENT,CANCELLATION,FULFILLMENT`,
  );
  return ((await res.json()) as { order: unknown }).order;
}

describe('checkout', () => {
  it('names unknown SKUs and lists every problem of a bad checkout', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const unknown = await kit.sim('POST', '/_sim/orders', { items: [{ sku: 'NOPE' }, { sku: 'DEMO-HP' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems).toEqual(['items: unknown SKU NOPE in marketplace ATVPDKIKX0DER']);
    const bad = await kit.sim('POST', '/_sim/orders', { items: [], serviceLevel: 'WARP', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.length).toBeGreaterThanOrEqual(3);
    const market = await kit.sim('POST', '/_sim/orders', {
      marketplaceId: 'A1PA6795UKMFR9',
      items: [{ sku: 'DEMO-HP' }],
    });
    expect(market.body.problems[0]).toMatch(/A1PA6795UKMFR9 is not one of the seller's marketplaces/);
    expect((await kit.sim('POST', '/_sim/orders', 'not json')).status).toBe(400);
  });

  it('fills in a demo buyer and address and answers 201 with the order id', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const res = await kit.sim('POST', '/_sim/orders', { items: [{ sku: 'DEMO-HP' }] });
    expect(res.status).toBe(201);
    expect(res.body.orderId).toMatch(/^\d{3}-\d{7}-\d{7}$/);
    expect(res.body.order).toMatchObject({
      status: 'UNSHIPPED',
      paid: true,
      buyer: { name: expect.any(String) },
    });
    expect(res.body.order.deliveryAddress).toMatchObject({
      countryCode: 'US',
      postalCode: expect.any(String),
    });
  });
});

describe('order lifecycle through /_sim/', () => {
  it('pays a Pending order, moving lastUpdatedTime', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const id = await place({ paid: false });
    const before = await view(id);
    kit.clock.advance(90_000);
    const paid = await kit.sim('POST', `/_sim/orders/${id}/pay`);
    expect(paid.body.status).toBe('UNSHIPPED');
    const after = await view(id);
    expect(after.fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
    expect(Date.parse(after.lastUpdatedTime) - Date.parse(before.lastUpdatedTime)).toBe(90_000);
    expect((await kit.sim('POST', `/_sim/orders/${id}/pay`)).status).toBe(409);
  });

  it("keeps a buyer's cancellation request open on the items until Amazon cancels", async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const id = await place();
    const [first] = (await kit.sim('GET', `/_sim/orders/${id}`)).body.items;
    kit.clock.advance(60_000);
    const requested = await kit.sim('POST', `/_sim/orders/${id}/cancel-request`, {
      reason: 'Ordered the wrong size',
      orderItemIds: [first.orderItemId],
    });
    expect(requested.body.cancellation).toMatchObject({
      requested: true,
      requestedItems: [first.orderItemId],
    });
    let order = await view(id);
    expect(order.orderItems[0].cancellation).toEqual({
      cancellationRequest: { requester: 'BUYER', cancelReason: 'Ordered the wrong size' },
    });
    expect(order.orderItems[1].cancellation).toBeUndefined();
    expect(order.fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
    expect(order.lastUpdatedTime).not.toBe(order.createdTime);

    kit.clock.advance(60_000);
    const cancelled = await kit.sim('POST', `/_sim/orders/${id}/cancel`, { reason: 'Buyer cancelled' });
    expect(cancelled.body.cancellation).toMatchObject({
      requested: false,
      cancelledBy: 'AMAZON',
      reason: 'Buyer cancelled',
    });
    order = await view(id);
    expect(order.fulfillment.fulfillmentStatus).toBe('CANCELLED');
    expect(order.recipient).toBeUndefined();
    expect(order.orderItems[0].cancellation).toEqual({
      cancellationExecution: { cancelledBy: 'AMAZON', cancelReason: 'Buyer cancelled' },
    });
    expect(order.orderItems[0].fulfillment.quantityUnfulfilled).toBe(0);
    expect((await kit.sim('POST', `/_sim/orders/${id}/cancel`)).status).toBe(409);
  });

  it("cancels a Pending order at once on the buyer's request", async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const id = await place({ paid: false });
    const res = await kit.sim('POST', `/_sim/orders/${id}/cancel-request`, {});
    expect(res.body).toMatchObject({ status: 'CANCELLED', cancellation: { cancelledBy: 'BUYER' } });
  });

  it('changes the delivery address before shipping, and refuses it after', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const id = await place();
    const address = {
      name: 'Jane Doe',
      addressLine1: '1 Infinite Loop',
      city: 'Cupertino',
      stateOrRegion: 'CA',
      postalCode: '95014',
      countryCode: 'US',
    };
    kit.clock.advance(30_000);
    expect((await kit.sim('POST', `/_sim/orders/${id}/address`, address)).status).toBe(200);
    const order = await view(id);
    expect(order.recipient.deliveryAddress).toEqual(address);
    expect(Date.parse(order.lastUpdatedTime)).toBe(kit.clock.now());
    expect((await kit.sim('POST', `/_sim/orders/${id}/address`, { name: 'x' })).status).toBe(400);
    const { items } = (await kit.sim('GET', `/_sim/orders/${id}`)).body;
    await kit.spApi(`/orders/v0/orders/${id}/shipmentConfirmation`, {
      method: 'POST',
      body: {
        marketplaceId: 'ATVPDKIKX0DER',
        packageDetail: {
          packageReferenceId: '1',
          carrierCode: 'USPS',
          trackingNumber: '9400100000000000000000',
          shipDate: '2026-03-02T12:00:00Z',
          orderItems: items.map((i: { orderItemId: string }) => ({
            orderItemId: i.orderItemId,
            quantity: 1,
          })),
        },
      },
    });
    expect((await kit.sim('POST', `/_sim/orders/${id}/address`, address)).status).toBe(409);
  });

  it('answers 404 for an unknown order', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    expect((await kit.sim('GET', '/_sim/orders/111-0000000-0000000')).status).toBe(404);
    expect((await kit.sim('POST', '/_sim/orders/111-0000000-0000000/pay')).status).toBe(404);
  });
});

describe('listings, bulk, stats and reset', () => {
  it('starts quantities from the catalogue, draws them down on merchant sales and lets them be set', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const all = (await kit.sim('GET', '/_sim/listings')).body.listings;
    const hp = () =>
      all.find(
        (l: { sku: string; marketplaceId: string }) =>
          l.sku === 'DEMO-HP' && l.marketplaceId === 'ATVPDKIKX0DER',
      );
    expect(hp()).toMatchObject({ price: 59.99, currency: 'USD', quantity: 160, asin: 'B0DEMO0001' });
    const bundle = all.find((l: { sku: string }) => l.sku === 'DEMO-DESK-BUNDLE');
    expect(bundle.quantity).toBeGreaterThan(0);
    await place({ items: [{ sku: 'DEMO-HP', quantity: 3 }] });
    await place({ items: [{ sku: 'DEMO-HP', quantity: 5 }], fulfilledBy: 'AMAZON' });
    const us = (await kit.sim('GET', '/_sim/listings?marketplaceId=ATVPDKIKX0DER')).body.listings;
    expect(us.every((l: { marketplaceId: string }) => l.marketplaceId === 'ATVPDKIKX0DER')).toBe(true);
    expect(us.find((l: { sku: string }) => l.sku === 'DEMO-HP').quantity).toBe(157);
    const set = await kit.sim('POST', '/_sim/listings', {
      marketplaceId: 'ATVPDKIKX0DER',
      sku: 'DEMO-HP',
      quantity: 4,
      price: 49.5,
    });
    expect(set.body).toMatchObject({ quantity: 4, price: 49.5 });
    const id = await place({ items: [{ sku: 'DEMO-HP' }] });
    expect((await kit.sim('GET', `/_sim/orders/${id}`)).body.items[0].unitPrice).toBe('49.50');
    expect(
      (await kit.sim('POST', '/_sim/listings', { marketplaceId: 'ATVPDKIKX0DER', sku: 'NOPE', quantity: 1 }))
        .status,
    ).toBe(404);
    expect(
      (await kit.sim('POST', '/_sim/listings', { marketplaceId: 'ATVPDKIKX0DER', sku: 'DEMO-HP' })).status,
    ).toBe(400);
  });

  it('generates varied bulk orders that all validate', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const res = await kit.sim('POST', '/_sim/orders/bulk', { count: 60, createdAt: '2026-03-01T00:00:00Z' });
    expect(res.status).toBe(201);
    expect(res.body.count).toBe(60);
    expect(new Set(res.body.orderIds).size).toBe(60);
    kit.clock.advance(200_000);
    const seen: Json[] = [];
    let token: string | undefined;
    do {
      const page = await kit.spApi(
        `/orders/2026-01-01/orders?createdAfter=2026-02-28T00:00:00Z&includedData=BUYER,PROCEEDS,FULFILLMENT,TAX${token ? `&paginationToken=${encodeURIComponent(token)}` : ''}`,
      );
      const body = (await page.json()) as { orders: unknown[]; pagination?: { nextToken: string } };
      seen.push(...body.orders);
      token = body.pagination?.nextToken;
    } while (token);
    expect(seen).toHaveLength(60);
    expect(seen.some((o) => o.programs?.includes('AMAZON_BUSINESS'))).toBe(true);
    expect(seen.some((o) => o.fulfillment.fulfilledBy === 'AMAZON')).toBe(true);
    expect(seen.some((o) => o.salesChannel.marketplaceId === 'A2EUQ1WTGCTBG2')).toBe(true);
    expect(new Set(seen.map((o) => o.fulfillment.fulfillmentServiceLevel)).size).toBe(8);
    expect((await kit.sim('POST', '/_sim/orders/bulk', { count: 0 })).status).toBe(400);
  });

  it('resets to the seed: demo orders back, simulated ones gone, listings restored', async () => {
    kit = startAmazonTestEmulator();
    const seeded = (await kit.sim('GET', '/_sim/orders')).body;
    expect(seeded.count).toBe(9);
    const statuses = seeded.orders.map((o: { status: string }) => o.status).sort();
    expect(statuses).toEqual([
      'CANCELLED',
      'PENDING',
      'SHIPPED',
      'UNSHIPPED',
      'UNSHIPPED',
      'UNSHIPPED',
      'UNSHIPPED',
      'UNSHIPPED',
      'UNSHIPPED',
    ]);
    const extra = await place();
    await kit.sim('POST', '/_sim/listings', { marketplaceId: 'ATVPDKIKX0DER', sku: 'DEMO-HP', quantity: 0 });
    await kit.spApi('/orders/2026-01-01/orders/111-0000000-0000000');
    expect((await kit.sim('POST', '/_sim/reset')).status).toBe(200);
    const after = (await kit.sim('GET', '/_sim/orders')).body;
    expect(after.count).toBe(9);
    expect(after.orders.map((o: { orderId: string }) => o.orderId)).not.toContain(extra);
    const hp = (await kit.sim('GET', '/_sim/listings')).body.listings.find(
      (l: { sku: string }) => l.sku === 'DEMO-HP',
    );
    expect(hp.quantity).toBeGreaterThan(0);
    expect((await kit.sim('GET', '/_sim/stats')).body).toMatchObject({ requests: {}, throttledTotal: 0 });
  });

  it('answers 404 for an unknown simulation endpoint', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    expect((await kit.sim('GET', '/_sim/nothing')).status).toBe(404);
  });
});
