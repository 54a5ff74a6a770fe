import { describe, expect, it } from 'vitest';
import { defaultAmazonModels, loadAmazonModels } from './loadModels.ts';
import { createOperationIndex } from './operationIndex.ts';
import type { AmazonModel } from './swagger.ts';

const op = (operationId: string) => ({ operationId, responses: { '200': { description: 'ok' } } });

// Routing conflicts the Orders models do not have, in the shape later models (Listings, Reports) use.
const synthetic: AmazonModel = {
  name: 'synthetic',
  file: 'synthetic.json',
  doc: {
    swagger: '2.0',
    info: {},
    basePath: '/base',
    parameters: { shared: { name: 'id', in: 'path', required: true, type: 'string' } },
    paths: {
      '/things/{id}': { parameters: [{ $ref: '#/parameters/shared' }], get: op('getThing') },
      '/things/special': { get: op('getSpecial') },
      '/things/{id}/parts/{partId}': { get: op('getPart'), delete: op('deletePart') },
    },
  },
};

describe('loadAmazonModels', () => {
  it('loads every Swagger model of the folder, sorted by name, skipping other files', () => {
    expect(loadAmazonModels().map((m) => m.name)).toEqual([
      'catalogItems_2022-04-01',
      'definitionsProductTypes_2020-09-01',
      'feeds_2021-06-30',
      'financesV0',
      'listingsItems_2021-08-01',
      'notifications',
      'ordersV0',
      'orders_2026-01-01',
      'reports_2021-06-30',
      'tokens_2021-03-01',
    ]);
  });
});

describe('operation index', () => {
  const index = createOperationIndex(defaultAmazonModels());

  it.each([
    ['GET', '/orders/v0/orders', 'ordersV0:getOrders', {}],
    ['GET', '/orders/v0/orders/902-1845936-5435065', 'ordersV0:getOrder', { orderId: '902-1845936-5435065' }],
    ['GET', '/orders/v0/orders/X/orderItems/buyerInfo', 'ordersV0:getOrderItemsBuyerInfo', { orderId: 'X' }],
    ['POST', '/orders/v0/orders/X/shipmentConfirmation', 'ordersV0:confirmShipment', { orderId: 'X' }],
    ['PATCH', '/orders/v0/orders/X/regulatedInfo', 'ordersV0:updateVerificationStatus', { orderId: 'X' }],
    ['get', '/orders/2026-01-01/orders/A%2FB', 'orders_2026-01-01:getOrder', { orderId: 'A/B' }],
  ])('%s %s → %s', (method, path, key, pathParams) => {
    const match = index.match(method, path);
    expect(match?.operation.key).toBe(key);
    expect(match?.pathParams).toEqual(pathParams);
  });

  it.each([
    ['DELETE', '/orders/v0/orders/X'],
    ['GET', '/orders/v0/nothing'],
    ['GET', '/orders/v0/orders/X/orderItems/buyerInfo/more'],
    ['GET', '/orders/v0/orders/%E0%A4%A'],
    ['GET', 'orders/v0/orders'],
  ])('%s %s → no operation', (method, path) => {
    expect(index.match(method, path)).toBeUndefined();
  });

  it('prefers a literal segment over a template segment, and resolves shared path-level parameters', () => {
    const idx = createOperationIndex([synthetic]);
    expect(idx.match('GET', '/base/things/special')?.operation.operationId).toBe('getSpecial');
    expect(idx.match('GET', '/base/things/other')?.pathParams).toEqual({ id: 'other' });
    expect(idx.get('getThing').parameters.map((p) => p.name)).toEqual(['id']);
    expect(idx.match('DELETE', '/base/things/1/parts/2')?.operation.key).toBe('synthetic:deletePart');
  });

  it('finds operations by key or unique operationId, and refuses ambiguous or unknown names', () => {
    expect(index.get('ordersV0:getOrder').pathTemplate).toBe('/orders/v0/orders/{orderId}');
    expect(index.get('searchOrders').key).toBe('orders_2026-01-01:searchOrders');
    expect(() => index.get('getOrder')).toThrow(
      /ambiguous; use one of ordersV0:getOrder, orders_2026-01-01:getOrder/,
    );
    expect(() => index.get('noSuchOp')).toThrow(/No model declares/);
  });
});
