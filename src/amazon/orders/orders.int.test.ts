/**
 * The Orders operations against a fake SP-API on 127.0.0.1: what goes on the wire (query encoding,
 * camelCase body, packageReferenceId as a string), pagination, and confirmShipment's rule that a write
 * which may have reached Amazon is never repeated.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBucketStore } from '../../http/memoryBucketStore.ts';
import { createAmazonClient } from '../client.ts';
import {
  amazonErrors,
  captureLog,
  minimalOrder,
  startFakeSpApi,
  testConnection,
  type FakeSpApi,
} from '../../../test/support/spApiTestKit.ts';
import { confirmShipment } from './confirmShipment.ts';
import { getOrder } from './getOrder.ts';
import { searchOrders, searchOrdersPages } from './searchOrders.ts';
import type { ConfirmShipmentInput } from './schemasConfirmShipment.ts';
import { failure } from '../../../test/support/failure.ts';

let fake: FakeSpApi;
beforeEach(async () => {
  fake = await startFakeSpApi();
});
afterEach(async () => fake.close());

const client = (marketplaces?: Array<{ id: string; legalEntity: string }>) =>
  createAmazonClient({
    connection: testConnection(fake, marketplaces ? { marketplaces } : {}),
    timeScale: 10_000,
    bucketStore: createMemoryBucketStore(),
    log: captureLog().log,
    retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });

describe('searchOrders', () => {
  it('sends every filter, arrays comma-separated, all of the connection’s marketplaces', async () => {
    fake.api = () => ({
      status: 200,
      body: { orders: [minimalOrder('111-0000000-0000001')], createdBefore: '2026-01-06T00:00:00Z' },
    });
    const page = await searchOrders(client(), {
      createdAfter: new Date('2026-01-01T00:00:00Z'),
      createdBefore: '2026-01-02T00:00:00Z',
      fulfillmentStatuses: ['UNSHIPPED', 'PARTIALLY_SHIPPED'],
      fulfilledBy: ['MERCHANT'],
      maxResultsPerPage: 50,
      includedData: ['BUYER', 'RECIPIENT', 'PACKAGES'],
    });
    expect(page.orders.map((o) => o.orderId)).toEqual(['111-0000000-0000001']);
    expect(page.nextToken).toBeUndefined();
    expect(page.createdBefore).toBe('2026-01-06T00:00:00Z');
    const [request] = fake.requests;
    expect(request!.method).toBe('GET');
    expect(request!.path).toBe('/orders/2026-01-01/orders');
    expect(Object.fromEntries(request!.query)).toEqual({
      createdAfter: '2026-01-01T00:00:00.000Z',
      createdBefore: '2026-01-02T00:00:00Z',
      fulfillmentStatuses: 'UNSHIPPED,PARTIALLY_SHIPPED',
      marketplaceIds: 'ATVPDKIKX0DER,A2EUQ1WTGCTBG2',
      fulfilledBy: 'MERCHANT',
      maxResultsPerPage: '50',
      includedData: 'BUYER,RECIPIENT,PACKAGES',
    });
  });

  it('pages through every page, resending the filters with each paginationToken', async () => {
    const pages: Record<string, { orders: unknown[]; pagination?: { nextToken: string } }> = {
      '': { orders: [minimalOrder('1'), minimalOrder('2')], pagination: { nextToken: 'p2' } },
      p2: { orders: [minimalOrder('3')], pagination: { nextToken: 'p3' } },
      p3: { orders: [minimalOrder('4')] },
    };
    fake.api = (req) => ({ status: 200, body: pages[req.query.get('paginationToken') ?? '']! });
    const seen: string[] = [];
    for await (const page of searchOrdersPages(client(), {
      lastUpdatedAfter: '2026-01-01T00:00:00Z',
      maxResultsPerPage: 2,
    }))
      seen.push(...page.orders.map((o) => o.orderId));
    expect(seen).toEqual(['1', '2', '3', '4']);
    expect(fake.requests.map((r) => r.query.get('paginationToken'))).toEqual([null, 'p2', 'p3']);
    for (const request of fake.requests) {
      expect(request.query.get('lastUpdatedAfter')).toBe('2026-01-01T00:00:00Z');
      expect(request.query.get('marketplaceIds')).toBe('ATVPDKIKX0DER,A2EUQ1WTGCTBG2');
    }
  });

  it('passes enum values Amazon added after the model through instead of failing the page', async () => {
    const added = minimalOrder('111-0000000-0000002', {
      programs: ['PRIME', 'SOME_NEW_PROGRAM'],
      fulfillment: { fulfillmentStatus: 'AWAITING_PICKUP', fulfilledBy: 'MERCHANT' },
      packages: [{ packageReferenceId: '1', packageStatus: { status: 'LOST_IN_TRANSIT' } }],
    });
    fake.api = () => ({ status: 200, body: { orders: [minimalOrder('111-0000000-0000001'), added] } });
    const page = await searchOrders(client(), { lastUpdatedAfter: '2026-01-01T00:00:00Z' });
    expect(page.orders.map((o) => o.orderId)).toEqual(['111-0000000-0000001', '111-0000000-0000002']);
    expect(page.orders[1]).toEqual(added);
    expect(page.orders[1]!.programs).toEqual(['PRIME', 'SOME_NEW_PROGRAM']);
    expect(page.orders[1]!.fulfillment?.fulfillmentStatus).toBe('AWAITING_PICKUP');
  });

  it.each([
    [
      'fulfillmentStatuses',
      { fulfillmentStatuses: ['UNSHIPPED', 'AWAITING_PICKUP'] },
      /fulfillmentStatuses\.1.*"AWAITING_PICKUP"/,
    ],
    ['fulfilledBy', { fulfilledBy: ['SELLER'] }, /fulfilledBy\.0.*"SELLER"/],
    ['includedData', { includedData: ['BUYER', 'EVERYTHING'] }, /includedData\.1.*"EVERYTHING"/],
  ])('refuses an unknown %s value before sending anything', async (_name, filter, message) => {
    const error = await failure(
      searchOrders(client(), { lastUpdatedAfter: '2026-01-01T00:00:00Z', ...(filter as object) }),
    );
    expect(error.kind).toBe('config');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(message);
    expect(fake.requests).toHaveLength(0);
    expect(fake.tokenRequests).toHaveLength(0);
  });

  it('refuses more than 50 marketplaces before sending anything', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `A${String(i).padStart(12, '0')}`);
    const error = await failure(
      searchOrders(client(), { createdAfter: '2026-01-01T00:00:00Z', marketplaceIds: many }),
    );
    expect(error.kind).toBe('config');
    expect(error.message).toMatch(/at most 50 marketplaces.*51/);
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a search without exactly one of createdAfter and lastUpdatedAfter', async () => {
    const both = { createdAfter: '2026-01-01T00:00:00Z', lastUpdatedAfter: '2026-01-01T00:00:00Z' } as never;
    expect((await failure(searchOrders(client(), both))).kind).toBe('config');
    expect((await failure(searchOrders(client(), {} as never))).kind).toBe('config');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('getOrder', () => {
  it('asks for the included datasets and returns the parsed order', async () => {
    fake.api = (req) => ({
      status: 200,
      body: { order: minimalOrder(decodeURIComponent(req.path.split('/').pop()!)) },
    });
    const order = await getOrder(client(), '111-0000000-0000001', {
      includedData: ['PACKAGES', 'FULFILLMENT'],
    });
    expect(order.orderId).toBe('111-0000000-0000001');
    expect(fake.requests[0]!.path).toBe('/orders/2026-01-01/orders/111-0000000-0000001');
    expect(fake.requests[0]!.query.get('includedData')).toBe('PACKAGES,FULFILLMENT');
  });

  it('refuses an unknown includedData value before sending anything', async () => {
    const error = await failure(
      getOrder(client(), '111-0000000-0000001', { includedData: ['PACKAGES', 'EVERYTHING'] as never }),
    );
    expect(error.kind).toBe('config');
    expect(error.message).toMatch(/getOrder: includedData\.1.*"EVERYTHING"/);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('confirmShipment', () => {
  const shipment: ConfirmShipmentInput = {
    marketplaceId: 'ATVPDKIKX0DER',
    packageDetail: {
      packageReferenceId: 1,
      carrierCode: 'FedEx',
      carrierName: 'FedEx',
      shippingMethod: 'FedEx Ground',
      trackingNumber: '112345678',
      shipDate: new Date('2022-02-11T01:00:00.000Z'),
      orderItems: [{ orderItemId: '79039765272157', quantity: 1 }],
    },
  };

  it('posts the camelCase body with packageReferenceId as a string; 204 is success', async () => {
    fake.api = () => ({ status: 204 });
    await confirmShipment(client(), '902-1106328-1059050', shipment);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/orders/v0/orders/902-1106328-1059050/shipmentConfirmation');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({
      marketplaceId: 'ATVPDKIKX0DER',
      packageDetail: {
        packageReferenceId: '1',
        carrierCode: 'FedEx',
        carrierName: 'FedEx',
        shippingMethod: 'FedEx Ground',
        trackingNumber: '112345678',
        shipDate: '2022-02-11T01:00:00.000Z',
        orderItems: [{ orderItemId: '79039765272157', quantity: 1 }],
      },
    });
  });

  it.each([
    ['the connection is reset after the request was sent', () => 'reset' as const],
    ['Amazon answers 500', () => amazonErrors(500, 'InternalFailure', 'We encountered an internal error.')],
    ['Amazon answers 503', () => amazonErrors(503, 'ServiceUnavailable', 'Service unavailable')],
  ])('is not repeated when %s: the outcome is unknown', async (_name, answer) => {
    fake.api = answer;
    const error = await failure(confirmShipment(client(), '902-1106328-1059050', shipment));
    expect(fake.requests).toHaveLength(1);
    expect(error.kind).toBe('transient');
    expect(error.context).toMatchObject({ outcomeUnknown: true, operation: 'ordersV0.confirmShipment' });
    expect(error.message).toMatch(/read the order/);
  });

  it('is retried after a 429 (Amazon did not apply it)', async () => {
    fake.api = (_req, i) =>
      i === 0
        ? amazonErrors(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.')
        : { status: 204 };
    const amazon = client();
    await confirmShipment(amazon, '902-1106328-1059050', shipment);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]!.body).toBe(fake.requests[1]!.body);
    expect(amazon.stats().throttled).toBe(1);
  });

  it('is retried after a refused (expired) token, which Amazon did not apply either', async () => {
    fake.api = (req) =>
      req.headers['x-amz-access-token'] === 'Atza|token-1'
        ? amazonErrors(403, 'Unauthorized', 'The access token you provided has expired.')
        : { status: 204 };
    await confirmShipment(client(), '902-1106328-1059050', shipment);
    expect(fake.requests).toHaveLength(2);
  });

  it('is not retried after a 400, and the outcome is known', async () => {
    fake.api = () => amazonErrors(400, 'InvalidInput', 'OrderItemId is invalid');
    const error = await failure(confirmShipment(client(), '902-1106328-1059050', shipment));
    expect(fake.requests).toHaveLength(1);
    expect(error.kind).toBe('remote');
    expect(error.context.outcomeUnknown).toBeUndefined();
  });

  it('refuses an incomplete confirmation as a data error, sending nothing', async () => {
    const bad = {
      ...shipment,
      packageDetail: { ...shipment.packageDetail, packageReferenceId: '0', trackingNumber: '' },
    };
    const error = await failure(confirmShipment(client(), '902-1106328-1059050', bad));
    expect(error.kind).toBe('data');
    expect(error.message).toContain('packageDetail.packageReferenceId');
    expect(fake.requests).toHaveLength(0);
  });
});
