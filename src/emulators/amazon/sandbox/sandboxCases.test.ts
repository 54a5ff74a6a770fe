import { describe, expect, it } from 'vitest';
import { buildSandboxRequest } from './buildSandboxRequest.ts';
import { isWildcard, staticSandboxCases } from './sandboxCases.ts';

// Reference §10 counts the Orders models' examples; other models in the folder have their own tests.
const allCases = staticSandboxCases();
const cases = allCases.filter((c) => c.operation.startsWith('orders'));
const of = (operation: string) => cases.filter((c) => c.operation === operation);

describe('static sandbox cases', () => {
  it('reads the examples of every model in the folder (111 in all, reference §10)', () => {
    expect(allCases).toHaveLength(111);
  });

  it('reads every example of both Orders models (counts as in reference §10)', () => {
    const counts: Record<string, number> = {};
    for (const c of cases) counts[c.operation] = (counts[c.operation] ?? 0) + 1;
    expect(counts).toEqual({
      'ordersV0:getOrders': 4,
      'ordersV0:getOrder': 3,
      'ordersV0:getOrderBuyerInfo': 2,
      'ordersV0:getOrderAddress': 2,
      'ordersV0:getOrderItems': 2,
      'ordersV0:getOrderItemsBuyerInfo': 2,
      'ordersV0:updateShipmentStatus': 2,
      'ordersV0:getOrderRegulatedInfo': 3,
      'ordersV0:updateVerificationStatus': 9,
      'ordersV0:confirmShipment': 2,
      'orders_2026-01-01:searchOrders': 4,
      'orders_2026-01-01:getOrder': 4,
    });
    expect(cases.filter(isWildcard).map((c) => `${c.operation} ${c.status}`)).toEqual([
      'ordersV0:updateShipmentStatus 204',
    ]);
    expect(cases.filter((c) => 'body' in c.params)).toHaveLength(12);
  });

  it('takes the status from the enclosing response key and the body from `body`', () => {
    const [ok, bad] = of('ordersV0:confirmShipment');
    expect(ok).toMatchObject({ method: 'POST', status: 204, expectedBody: undefined });
    expect(ok?.pathTemplate).toBe('/orders/v0/orders/{orderId}/shipmentConfirmation');
    expect(ok?.params.orderId).toBe('902-1106328-1059050');
    expect(ok?.params.body).toMatchObject({
      packageDetail: { packageReferenceId: '1', carrierCode: 'FedEx' },
    });
    expect(bad).toMatchObject({ status: 400, expectedBody: { errors: [{ code: 'Invalid Input' }] } });
  });

  it('keeps array query values as JSON arrays', () => {
    expect(of('ordersV0:getOrders')[0]?.params).toEqual({
      CreatedAfter: 'TEST_CASE_200',
      MarketplaceIds: ['ATVPDKIKX0DER'],
    });
  });
});

describe('buildSandboxRequest', () => {
  it('sends arrays as CSV and substitutes path parameters', () => {
    const c = of('orders_2026-01-01:getOrder').find((x) => x.params.orderId === '028-1234567-8901234');
    const req = buildSandboxRequest(c!);
    expect(req).toMatchObject({ method: 'GET', path: '/orders/2026-01-01/orders/028-1234567-8901234' });
    expect(req.query.toString()).toBe('includedData=BUYER%2CRECIPIENT%2CPROCEEDS%2CFULFILLMENT%2CTAX');
    expect(req.body).toBeUndefined();
  });

  it('fills required parameters the case leaves out with schema-valid dummies', () => {
    const invalidInput = of('ordersV0:getOrders').find((c) => c.status === 400)!;
    const req = buildSandboxRequest(invalidInput);
    expect(Object.fromEntries(req.query)).toEqual({
      CreatedAfter: 'TEST_CASE_400',
      MarketplaceIds: 'ATVPDKIKX0DER',
    });

    const wildcard = of('ordersV0:updateShipmentStatus').find(isWildcard)!;
    expect(buildSandboxRequest(wildcard)).toMatchObject({
      method: 'POST',
      path: '/orders/v0/orders/SANDBOX_DUMMY/shipment',
      body: { marketplaceId: 'ATVPDKIKX0DER', shipmentStatus: 'ReadyForPickup' },
    });
  });
});
