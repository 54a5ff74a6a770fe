import { describe, expect, it } from 'vitest';
import { createModelValidator } from './modelValidator.ts';

const validator = createModelValidator();
const q = (init: Record<string, string>) => new URLSearchParams(init);

const confirmation = {
  marketplaceId: 'ATVPDKIKX0DER',
  packageDetail: {
    packageReferenceId: '1',
    carrierCode: 'FedEx',
    trackingNumber: '112345678',
    shipDate: '2022-02-11T01:00:00.000Z',
    orderItems: [{ orderItemId: '79039765272157', quantity: 1 }],
  },
};

describe('model validation of requests', () => {
  it('accepts a complete getOrders query', () => {
    const query = q({ CreatedAfter: '2024-01-01T00:00:00Z', MarketplaceIds: 'ATVPDKIKX0DER,A2EUQ1WTGCTBG2' });
    expect(validator.validateRequest('ordersV0:getOrders', { query })).toEqual([]);
  });

  it('reports a missing required parameter', () => {
    expect(validator.validateRequest('getOrders', { query: q({ CreatedAfter: 'x' }) })).toEqual([
      'query parameter MarketplaceIds: required parameter is missing',
    ]);
  });

  it('counts CSV items against maxItems', () => {
    const ids = Array.from({ length: 51 }, (_, i) => `M${i}`).join(',');
    expect(validator.validateRequest('getOrders', { query: q({ MarketplaceIds: ids }) })).toEqual([
      'query parameter MarketplaceIds: must NOT have more than 50 items',
    ]);
  });

  it('types integers and booleans as the model does', () => {
    const query = q({ MarketplaceIds: 'ATVPDKIKX0DER', MaxResultsPerPage: 'ten', IsISPU: 'yes' });
    expect(validator.validateRequest('getOrders', { query })).toEqual([
      'query parameter MaxResultsPerPage: must be integer (got "ten")',
      'query parameter IsISPU: must be boolean (got "yes")',
    ]);
    const fine = q({ MarketplaceIds: 'ATVPDKIKX0DER', MaxResultsPerPage: '10', IsISPU: 'false' });
    expect(validator.validateRequest('getOrders', { query: fine })).toEqual([]);
  });

  it('checks enum items of CSV arrays and date-time query values (Orders 2026)', () => {
    const query = q({ includedData: 'BUYER,SHOES', createdAfter: 'yesterday' });
    expect(validator.validateRequest('searchOrders', { query })).toEqual([
      'query parameter createdAfter: must match format "date-time" (got "yesterday")',
      'query parameter includedData at /1: must be one of "BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", ' +
        '"PROMOTION", "CANCELLATION", "FULFILLMENT", "PACKAGES", "TAX", "PAYMENT", "FULFILLMENT_ORDERS" (got "SHOES")',
    ]);
  });

  it('validates bodies: complete, missing, mistyped, and on an operation that takes none', () => {
    const op = 'ordersV0:confirmShipment';
    expect(validator.validateRequest(op, { body: confirmation, pathParams: { orderId: 'X' } })).toEqual([]);
    expect(validator.validateRequest(op, {})).toEqual(['request body: required body is missing']);
    const numeric = {
      ...confirmation,
      packageDetail: { ...confirmation.packageDetail, packageReferenceId: 1 },
    };
    expect(validator.validateRequest(op, { body: numeric })).toEqual([
      'request body at /packageDetail/packageReferenceId: must be string (got 1)',
    ]);
    expect(validator.validateRequest('ordersV0:getOrder', { body: {} })).toEqual([
      'request body: the operation takes no body',
    ]);
  });

  it("reports the invalid trigger value of Amazon's own confirmShipment 400 example", () => {
    const body = {
      ...confirmation,
      packageDetail: { ...confirmation.packageDetail, shipDate: '02/21/2022' },
    };
    expect(validator.validateRequest('ordersV0:confirmShipment', { body })).toEqual([
      'request body at /packageDetail/shipDate: must match format "date-time" (got "02/21/2022")',
    ]);
  });

  it('checks path parameters when given', () => {
    expect(validator.validateRequest('ordersV0:getOrder', { pathParams: {} })).toEqual([
      'path parameter orderId: required parameter is missing',
    ]);
  });
});
