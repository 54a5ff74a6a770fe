import { describe, expect, it } from 'vitest';
import { defaultAmazonModels } from './loadModels.ts';
import { createModelValidator } from './modelValidator.ts';
import { listOperations } from './operations.ts';
import type { ModelQuirk } from './quirks.ts';

const validator = createModelValidator();
const raw = createModelValidator({ quirks: [] });

/** Every static example response of every loaded model, with the status it is declared under. */
const examples = listOperations(defaultAmazonModels()).flatMap((op) =>
  Object.entries(op.operation.responses).flatMap(([code, response]) =>
    (response['x-amzn-api-sandbox']?.static ?? []).map((c, i) => ({
      name: `${op.key} ${code} #${i}`,
      key: op.key,
      status: Number(code),
      // A status without a schema sends no body, whatever placeholder the example holds (`{}` under 204).
      body: response.schema ? c.response : undefined,
    })),
  ),
);

const order = {
  AmazonOrderId: '902-1845936-5435065',
  PurchaseDate: '2024-01-02T03:04:05Z',
  LastUpdateDate: '2024-01-02T03:04:05Z',
  OrderStatus: 'Unshipped',
};

describe('model validation of responses', () => {
  it('covers the static examples of every model (111, as in reference §10)', () => {
    expect(examples).toHaveLength(111);
  });

  it.each(examples)('$name validates against its declared schema', ({ key, status, body }) => {
    expect(validator.validate(key, status, body)).toEqual([]);
  });

  it('finds nothing to forgive in them: the allow-list is checked against them in sandbox/replay.test.ts', () => {
    expect(examples.flatMap((e) => raw.validate(e.key, e.status, e.body))).toEqual([]);
  });

  it('accepts a well-formed body and reports a missing required field with its pointer', () => {
    expect(validator.validate('ordersV0:getOrder', 200, { payload: order })).toEqual([]);
    const { OrderStatus: _, ...withoutStatus } = order;
    expect(validator.validate('ordersV0:getOrder', 200, { payload: withoutStatus })).toEqual([
      'response 200 at /payload/OrderStatus: required property is missing',
    ]);
  });

  it('reports a wrong type and an enum violation with the offending value', () => {
    const body = { payload: { Orders: [{ ...order, OrderStatus: 'Lost', NumberOfItemsShipped: '2' }] } };
    expect(validator.validate('ordersV0:getOrders', 200, body)).toEqual([
      'response 200 at /payload/Orders/0/OrderStatus: must be one of "Pending", "Unshipped", ' +
        '"PartiallyShipped", "Shipped", "Canceled", "Unfulfillable", "InvoiceUnconfirmed", "PendingAvailability" ' +
        '(got "Lost")',
      'response 200 at /payload/Orders/0/NumberOfItemsShipped: must be integer (got "2")',
    ]);
  });

  it('reports a format violation (date-time) in the 2026 model', () => {
    const problems = validator.validate('orders_2026-01-01:searchOrders', 200, {
      orders: [],
      createdBefore: '2024-13-01',
    });
    expect(problems).toEqual([
      'response 200 at /createdBefore: must match format "date-time" (got "2024-13-01")',
    ]);
  });

  it('refuses an undeclared status, a body on a schemaless status, and a missing body', () => {
    expect(validator.validate('ordersV0:confirmShipment', 418, {})).toEqual([
      'response 418: status 418 is not declared by ordersV0:confirmShipment (declared: 204, 400, 401, 403, 404, 429, 500, 503)',
    ]);
    expect(validator.validate('ordersV0:confirmShipment', 204, undefined)).toEqual([]);
    expect(validator.validate('ordersV0:confirmShipment', 204, {})).toEqual([
      'response 204: the model declares no body for this status, but one was sent',
    ]);
    expect(validator.validate('ordersV0:getOrder', 404, undefined)).toEqual([
      'response 404: body is missing (the model declares one)',
    ]);
  });

  it('forgives a quirk only for its exact operation, place, pointer, keyword and value', () => {
    const quirk: ModelQuirk = {
      name: 'test',
      why: 'test',
      operation: 'ordersV0:getOrder',
      where: 'response 200',
      pointer: '/payload/OrderStatus',
      keyword: 'enum',
      value: 'Lost',
    };
    const v = createModelValidator({ quirks: [quirk] });
    expect(v.validate('ordersV0:getOrder', 200, { payload: { ...order, OrderStatus: 'Lost' } })).toEqual([]);
    expect(v.validate('ordersV0:getOrder', 200, { payload: { ...order, OrderStatus: 'Gone' } })).toHaveLength(
      1,
    );
    expect(v.validate('ordersV0:getOrder', 400, { payload: { ...order, OrderStatus: 'Lost' } })).toHaveLength(
      1,
    );
  });
});
