import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startAmazonTestEmulator,
  type AmazonTestKit,
  type Json,
} from '../../../../test/support/amazonEmulatorTestKit.ts';

const US = 'ATVPDKIKX0DER';
const FAILED = 'Failed to create package due to not finding a matching package or order already fulfilled.';
let kit: AmazonTestKit;
let orderId: string;
let items: { orderItemId: string; quantityOrdered: number }[];

beforeEach(async () => {
  kit = startAmazonTestEmulator({ seed: 'none' });
  const res = await kit.sim('POST', '/_sim/orders', {
    items: [{ sku: 'DEMO-HP', quantity: 2 }, { sku: 'DEMO-CHG' }],
  });
  orderId = res.body.orderId;
  items = res.body.order.items;
});
afterEach(() => {
  kit.expectNoViolations();
  kit.close();
});

function body(overrides: Record<string, unknown> = {}, lines?: { orderItemId: string; quantity: number }[]) {
  return {
    marketplaceId: US,
    packageDetail: {
      packageReferenceId: '1',
      carrierCode: 'UPS',
      shippingMethod: 'UPS Ground',
      trackingNumber: '1Z999AA10123456784',
      shipDate: '2026-03-02T10:00:00Z',
      orderItems: lines ?? items.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantityOrdered })),
      ...overrides,
    },
  };
}

const confirm = (payload: unknown, id = orderId) =>
  kit.spApi(`/orders/v0/orders/${id}/shipmentConfirmation`, { method: 'POST', body: payload });

async function refused(
  payload: unknown,
  status = 400,
): Promise<{ code: string; message: string; details?: string }[]> {
  const res = await confirm(payload);
  expect(res.status).toBe(status);
  return ((await res.json()) as { errors: { code: string; message: string }[] }).errors;
}

const simOrder = async () => (await kit.sim('GET', `/_sim/orders/${orderId}`)).body;

describe('confirmShipment', () => {
  it('ships the whole order with 204 and no body; the order is Shipped with its package', async () => {
    const before = await simOrder();
    kit.clock.advance(60_000);
    const res = await confirm(body());
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(res.headers.get('x-amzn-RateLimit-Limit')).toBe('2');
    const after = await simOrder();
    expect(after.status).toBe('SHIPPED');
    expect(after.lastUpdatedTime > before.lastUpdatedTime).toBe(true);
    expect(after.packages).toEqual([
      expect.objectContaining({
        packageReferenceId: '1',
        carrierCode: 'UPS',
        trackingNumber: '1Z999AA10123456784',
      }),
    ]);
    const view = await kit.spApi(`/orders/2026-01-01/orders/${orderId}?includedData=PACKAGES,FULFILLMENT`);
    const { order } = (await view.json()) as { order: Json };
    expect(order.fulfillment.fulfillmentStatus).toBe('SHIPPED');
    expect(order.packages[0]).toMatchObject({
      packageReferenceId: '1',
      carrier: 'UPS',
      shippingService: 'UPS Ground',
      shipTime: '2026-03-02T10:00:00Z',
    });
  });

  it('ships partially, package by package', async () => {
    const [hp, chg] = items;
    expect((await confirm(body({}, [{ orderItemId: hp!.orderItemId, quantity: 1 }]))).status).toBe(204);
    expect((await simOrder()).status).toBe('PARTIALLY_SHIPPED');
    expect(
      (await confirm(body({ packageReferenceId: '2' }, [{ orderItemId: hp!.orderItemId, quantity: 1 }])))
        .status,
    ).toBe(204);
    expect((await simOrder()).status).toBe('PARTIALLY_SHIPPED');
    expect(
      (await confirm(body({ packageReferenceId: '3' }, [{ orderItemId: chg!.orderItemId, quantity: 1 }])))
        .status,
    ).toBe(204);
    const order = await simOrder();
    expect(order.status).toBe('SHIPPED');
    expect(order.packages).toHaveLength(3);
    expect(order.items.map((i: { quantityShipped: number }) => i.quantityShipped)).toEqual([2, 1]);
  });

  it('updates carrier and tracking when a package reference is sent again', async () => {
    expect((await confirm(body())).status).toBe(204);
    const again = body({ carrierCode: 'Other', carrierName: 'Local Courier', trackingNumber: 'LC-42' });
    expect((await confirm(again)).status).toBe(204);
    const order = await simOrder();
    expect(order.packages).toHaveLength(1);
    expect(order.packages[0]).toMatchObject({
      carrierCode: 'Other',
      carrierName: 'Local Courier',
      trackingNumber: 'LC-42',
    });
    const view = await kit.spApi(`/orders/2026-01-01/orders/${orderId}?includedData=PACKAGES`);
    expect(((await view.json()) as Json).order.packages[0].carrier).toBe('Local Courier');
  });

  it('refuses more than the ordered quantity, and a new package for a fully shipped order', async () => {
    const [hp] = items;
    expect(await refused(body({}, [{ orderItemId: hp!.orderItemId, quantity: 3 }]))).toMatchObject([
      { code: 'InvalidInput', message: FAILED },
    ]);
    expect((await confirm(body())).status).toBe(204);
    expect(
      await refused(body({ packageReferenceId: '2' }, [{ orderItemId: hp!.orderItemId, quantity: 1 }])),
    ).toMatchObject([{ message: FAILED }]);
    // The same reference with other contents is no matching package either.
    expect(await refused(body({}, [{ orderItemId: hp!.orderItemId, quantity: 1 }]))).toMatchObject([
      { message: FAILED },
    ]);
  });

  it("refuses a numeric packageReferenceId with Amazon's invalid-type message, and a non-positive one", async () => {
    expect(await refused(body({ packageReferenceId: 1 }))).toEqual([
      {
        code: 'InvalidInput',
        message:
          'The input you have submitted is not valid. Please check the fields with invalid type [packageDetail.packageReferenceId].',
        details: '',
      },
    ]);
    for (const ref of ['0', '-1', 'PKG-1'])
      expect(await refused(body({ packageReferenceId: ref }))).toMatchObject([
        { message: 'PackageReferenceId: is invalid, must be a positive numeric value.' },
      ]);
  });

  it('refuses an unknown order item id', async () => {
    expect(await refused(body({}, [{ orderItemId: '12345678901234', quantity: 1 }]))).toMatchObject([
      {
        code: 'InvalidInput',
        message:
          'OrderItemId is invalid, please obtain the value through the getOrderItems API or Manage Orders page',
      },
    ]);
  });

  it('lists missing required fields and checks carrier, ship date, quantity and marketplace', async () => {
    const { packageDetail } = body();
    const { trackingNumber: _t, shipDate: _s, ...rest } = packageDetail;
    expect((await refused({ marketplaceId: US, packageDetail: rest }))[0]!.message).toMatch(
      /missing values \[packageDetail\.trackingNumber, packageDetail\.shipDate\]/,
    );
    expect((await refused({ packageDetail }))[0]!.message).toMatch(/missing values \[marketplaceId\]/);
    expect(await refused(body({ carrierCode: 'Other' }))).toMatchObject([
      { message: expect.stringMatching(/CarrierName/) },
    ]);
    expect(await refused(body({ shipDate: '02/21/2022' }))).toMatchObject([
      { message: expect.stringMatching(/ShipDate/) },
    ]);
    expect(await refused(body({}, [{ orderItemId: items[0]!.orderItemId, quantity: 0 }]))).toMatchObject([
      { message: expect.stringMatching(/Quantity/) },
    ]);
    expect(await refused({ ...body(), marketplaceId: 'XXXX' })).toMatchObject([
      { message: 'Marketplace ID is not defined' },
    ]);
    expect(await refused({ ...body(), marketplaceId: 'A2EUQ1WTGCTBG2' })).toMatchObject([
      { message: expect.stringMatching(/not the order's marketplace/) },
    ]);
    const bad = await kit.spApi(`/orders/v0/orders/${orderId}/shipmentConfirmation`, {
      method: 'POST',
      body: undefined,
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect((await simOrder()).packages).toEqual([]);
  });

  it("refuses a carrier code not on Seller Central's list exactly; Other needs the carrier's name", async () => {
    for (const code of ['Fedex', 'UPS ', 'ups', 'ACMEFREIGHT'])
      expect(await refused(body({ carrierCode: code }))).toEqual([
        {
          code: 'InvalidInput',
          message: `Invalid carrierCode: ${code}`,
          details: 'packageDetail.carrierCode',
        },
      ]);
    expect(await refused(body({ carrierCode: 'Other', carrierName: '' }))).toMatchObject([
      { message: 'CarrierName: is required when CarrierCode is "Other".' },
    ]);
    expect((await simOrder()).packages).toEqual([]);
    const acme = body({ carrierCode: 'Other', carrierName: 'Acme Freight', shippingMethod: 'LTL' });
    expect((await confirm(acme)).status).toBe(204);
    expect((await simOrder()).packages).toEqual([
      expect.objectContaining({ carrierCode: 'Other', carrierName: 'Acme Freight' }),
    ]);
  });

  it('accepts codes with spaces, punctuation and accents as listed', async () => {
    const [hp, chg] = items;
    const codes = ['DHL Home Delivery', 'Hermes (Corporate)', 'Transaragonés'];
    for (const [i, carrierCode] of codes.entries()) {
      const line = i === 2 ? chg! : hp!;
      const res = await confirm(
        body({ carrierCode, packageReferenceId: String(i + 1) }, [
          { orderItemId: line.orderItemId, quantity: 1 },
        ]),
      );
      expect(res.status, carrierCode).toBe(204);
    }
  });

  it('refuses Pending, cancelled and FBA orders, and answers 404 for an unknown order', async () => {
    const pending = (await kit.sim('POST', '/_sim/orders', { items: [{ sku: 'DEMO-HP' }], paid: false })).body
      .order;
    const line = (o: { items: { orderItemId: string }[] }) => [
      { orderItemId: o.items[0]!.orderItemId, quantity: 1 },
    ];
    expect((await (await confirm(body({}, line(pending)), pending.orderId)).json()) as object).toMatchObject({
      errors: [{ message: expect.stringMatching(/Pending/) }],
    });
    await kit.sim('POST', `/_sim/orders/${pending.orderId}/cancel`, {});
    expect((await confirm(body({}, line(pending)), pending.orderId)).status).toBe(400);
    const fba = (
      await kit.sim('POST', '/_sim/orders', { items: [{ sku: 'DEMO-HP' }], fulfilledBy: 'AMAZON' })
    ).body.order;
    expect((await confirm(body({}, line(fba)), fba.orderId)).status).toBe(400);
    expect((await confirm(body(), '111-0000000-0000001')).status).toBe(404);
  });

  it('closes an open buyer cancellation request when everything ships', async () => {
    await kit.sim('POST', `/_sim/orders/${orderId}/cancel-request`, { reason: 'Changed my mind' });
    expect((await simOrder()).cancellation.requested).toBe(true);
    expect((await confirm(body())).status).toBe(204);
    expect((await simOrder()).cancellation.requested).toBe(false);
  });
});
