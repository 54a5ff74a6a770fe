import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveEmulator, type ServedEmulator } from '../shared/serveEmulator.ts';
import {
  refreshGrant,
  startAmazonTestEmulator,
  type AmazonTestKit,
  type Json,
} from '../../../test/support/amazonEmulatorTestKit.ts';

let kit: AmazonTestKit;
let served: ServedEmulator;
let token: string;

beforeEach(async () => {
  kit = startAmazonTestEmulator({ seed: 'none' });
  served = await serveEmulator(kit.emulator.app);
  token = await kit.accessToken();
});
afterEach(async () => {
  await served.close();
  kit.expectNoViolations();
  kit.close();
});

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${served.url}${path}`, {
    ...init,
    headers: { 'x-amz-access-token': token, 'content-type': 'application/json', ...init.headers },
  });
const sim = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${served.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
};
const SEARCH = '/orders/2026-01-01/orders?createdAfter=2026-01-01T00:00:00Z';

async function placeOrder(): Promise<{ orderId: string; items: { orderItemId: string }[] }> {
  return (await sim('POST', '/_sim/orders', { items: [{ sku: 'DEMO-HP' }] })).body.order;
}

const confirmation = (order: { items: { orderItemId: string }[] }) =>
  JSON.stringify({
    marketplaceId: 'ATVPDKIKX0DER',
    packageDetail: {
      packageReferenceId: '1',
      carrierCode: 'UPS',
      trackingNumber: '1Z1',
      shipDate: '2026-03-02T11:00:00Z',
      orderItems: [{ orderItemId: order.items[0]!.orderItemId, quantity: 1 }],
    },
  });

describe('fault injection', () => {
  it("answers the next N calls with Amazon's 429, counted apart from real throttling", async () => {
    kit.clock.advance(200_000);
    expect(
      (await sim('POST', '/_sim/faults', { kind: 'throttle', next: 3, pathPrefix: '/orders/' })).status,
    ).toBe(201);
    for (let i = 0; i < 3; i++) {
      const res = await call(SEARCH);
      expect(res.status).toBe(429);
      expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
      expect(await res.json()).toMatchObject({ errors: [{ code: 'QuotaExceeded' }] });
    }
    expect((await call(SEARCH)).status).toBe(200);
    expect((await sim('GET', '/_sim/stats')).body).toMatchObject({ faultsInjected: 3, throttledTotal: 0 });
  });

  it('renders errors as InternalFailure / ServiceUnavailable, and in LWA shape on the token endpoint', async () => {
    await sim('POST', '/_sim/faults', {
      faults: [
        { kind: 'error', pathPrefix: '/orders/' },
        { kind: 'error', status: 503 },
      ],
    });
    const failure = await call(SEARCH);
    expect(failure.status).toBe(500);
    expect(await failure.json()).toMatchObject({ errors: [{ code: 'InternalFailure' }] });
    const unavailable = await call(SEARCH);
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toMatchObject({ errors: [{ code: 'ServiceUnavailable' }] });
    await sim('POST', '/_sim/faults', { kind: 'error', pathPrefix: '/auth/' });
    const lwa = await fetch(`${served.url}/auth/o2/token`, { method: 'POST', body: refreshGrant() });
    expect(lwa.status).toBe(500);
    expect(await lwa.json()).toMatchObject({ error: 'server_error' });
  });

  it('sends malformed answers: JSON missing required fields for a GET, truncated JSON otherwise', async () => {
    const order = await placeOrder();
    await sim('POST', '/_sim/faults', { kind: 'malformed', next: 2 });
    const get = await call(`/orders/2026-01-01/orders/${order.orderId}`);
    expect(get.status).toBe(200);
    expect(((await get.json()) as { order: object }).order).not.toHaveProperty('createdTime');
    const post = await call(`/orders/v0/orders/${order.orderId}/shipmentConfirmation`, {
      method: 'POST',
      body: confirmation(order),
    });
    expect(post.status).toBe(200);
    await expect(post.json()).rejects.toThrow();
    expect((await sim('GET', `/_sim/orders/${order.orderId}`)).body.packages).toEqual([]);
  });

  it('cuts the connection before or after applying the call', async () => {
    const order = await placeOrder();
    const path = `/orders/v0/orders/${order.orderId}/shipmentConfirmation`;
    await sim('POST', '/_sim/faults', { kind: 'reset', when: 'before', pathPrefix: '/orders/v0/' });
    await expect(call(path, { method: 'POST', body: confirmation(order) })).rejects.toThrow();
    expect((await sim('GET', `/_sim/orders/${order.orderId}`)).body.status).toBe('UNSHIPPED');

    await sim('POST', '/_sim/faults', { kind: 'reset', when: 'after', pathPrefix: '/orders/v0/' });
    await expect(call(path, { method: 'POST', body: confirmation(order) })).rejects.toThrow();
    const after = (await sim('GET', `/_sim/orders/${order.orderId}`)).body;
    expect(after.status).toBe('SHIPPED');
    expect(after.packages).toHaveLength(1);
    // The client's retry of the lost answer is the same package again: accepted, nothing doubled.
    expect((await call(path, { method: 'POST', body: confirmation(order) })).status).toBe(204);
    expect((await sim('GET', `/_sim/orders/${order.orderId}`)).body.packages).toHaveLength(1);
  });

  it('never faults /_sim/, and clears faults on request', async () => {
    await sim('POST', '/_sim/faults', { kind: 'error', share: 1 });
    expect((await sim('GET', '/_sim/stats')).status).toBe(200);
    expect((await call(SEARCH)).status).toBe(500);
    expect((await fetch(`${served.url}/_sim/faults`, { method: 'DELETE' })).status).toBe(204);
    kit.clock.advance(200_000);
    expect((await call(SEARCH)).status).toBe(200);
  });
});
