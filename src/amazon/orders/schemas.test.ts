/**
 * The schemas against Amazon's own model: every object's field names and required fields match the
 * definition they stand for (walked from the response roots through every $ref), every enum knows the
 * model's values (open in answers, closed in requests), and every static sandbox example of
 * searchOrders and getOrder in the model parses.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { getOrderResponse, searchOrdersResponse, type Order } from './schemasOrder.ts';
import {
  FULFILLED_BY,
  FULFILLMENT_STATUSES,
  INCLUDED_DATA,
  isKnown,
  orderRequestLists,
  type FulfillmentStatus,
} from './schemasCommon.ts';
import { confirmShipmentRequest } from './schemasConfirmShipment.ts';

const MODELS = fileURLToPath(new URL('../../emulators/amazon/models/', import.meta.url));

interface SwaggerParameter {
  name: string;
  enum?: string[];
  items?: { enum?: string[] };
}
interface SwaggerSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  required?: string[];
  properties?: Record<string, SwaggerSchema>;
  items?: SwaggerSchema;
}
interface SandboxCase {
  request: { parameters: Record<string, { value?: unknown }> };
  response: unknown;
}
interface Model {
  definitions: Record<string, SwaggerSchema>;
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: SwaggerParameter[];
        responses: Record<string, { 'x-amzn-api-sandbox'?: { static?: SandboxCase[] } }>;
      }
    >
  >;
}

const load = (file: string) => JSON.parse(readFileSync(MODELS + file, 'utf8')) as Model;
const orders2026 = load('orders_2026-01-01.json');
const ordersV0 = load('ordersV0.json');

/** The values an enum schema knows: a closed `z.enum`, or an open one (`openEnum`: enum | string). */
function enumValues(zod: z.ZodType): { open: boolean; values: string[] } | undefined {
  if (zod instanceof z.ZodEnum) return { open: false, values: zod.options.map(String) };
  if (zod instanceof z.ZodUnion) {
    const [known, other, ...rest] = zod.options as z.ZodType[];
    if (known instanceof z.ZodEnum && other instanceof z.ZodString && rest.length === 0)
      return { open: true, values: known.options.map(String) };
  }
  return undefined;
}

/** Differences between the model's enum values and ours, and whether ours is open or closed as wanted. */
function compareEnum(modelValues: string[], zod: z.ZodType, side: Side, path: string, out: string[]): void {
  const ours = enumValues(zod);
  if (!ours) return void out.push(`${path}: model has enum, schema is ${zod._zod.def.type}`);
  if (ours.open !== (side === 'answer'))
    out.push(`${path}: enum of ${side === 'answer' ? 'an answer must be open' : 'a request must be closed'}`);
  const unknown = modelValues.filter((v) => !ours.values.includes(v));
  const invented = ours.values.filter((v) => !modelValues.includes(v));
  if (unknown.length > 0) out.push(`${path}: model's enum values unknown to the schema: [${unknown}]`);
  if (invented.length > 0) out.push(`${path}: enum values not in the model: [${invented}]`);
}

/**
 * Answers are parsed leniently (an enum value Amazon adds later passes through), requests strictly (a
 * value Amazon does not know is refused before sending).
 */
type Side = 'answer' | 'request';

/** Compares a zod schema with a model schema; returns the differences with their paths. */
function compare(
  model: Model,
  swagger: SwaggerSchema,
  schema: z.ZodType,
  path: string,
  out: string[],
  side: Side = 'answer',
): void {
  let zod = schema;
  while (zod instanceof z.ZodOptional) zod = zod.unwrap() as z.ZodType;
  const def = swagger.$ref ? model.definitions[swagger.$ref.replace('#/definitions/', '')]! : swagger;
  const kind = zod._zod.def.type;
  if (def.enum) return compareEnum(def.enum, zod, side, path, out);
  const type = def.type ?? (def.properties ? 'object' : undefined);
  if (type === 'object') {
    if (!(zod instanceof z.ZodObject)) return void out.push(`${path}: model has object, schema is ${kind}`);
    const shape = zod.shape as Record<string, z.ZodType>;
    const modelKeys = Object.keys(def.properties ?? {}).sort();
    const ourKeys = Object.keys(shape).sort();
    if (JSON.stringify(modelKeys) !== JSON.stringify(ourKeys))
      out.push(`${path}: fields differ: model [${modelKeys}] vs schema [${ourKeys}]`);
    const required = ourKeys.filter((k) => !(shape[k] instanceof z.ZodOptional)).sort();
    if (JSON.stringify([...(def.required ?? [])].sort()) !== JSON.stringify(required))
      out.push(`${path}: required differ: model [${def.required ?? []}] vs schema [${required}]`);
    for (const key of modelKeys)
      if (shape[key]) compare(model, def.properties![key]!, shape[key], `${path}.${key}`, out, side);
    return;
  }
  if (type === 'array') {
    if (!(zod instanceof z.ZodArray)) return void out.push(`${path}: model has array, schema is ${kind}`);
    return compare(model, def.items!, zod.element as z.ZodType, `${path}[]`, out, side);
  }
  const expected = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean' }[type ?? ''];
  if (expected !== kind) out.push(`${path}: model has ${type}, schema is ${kind}`);
  if (type === 'integer' && zod.safeParse(1.5).success) out.push(`${path}: integer accepts 1.5`);
  if (def.format === 'date-time' && zod.safeParse('not a date').success)
    out.push(`${path}: date-time unchecked`);
}

describe('Orders 2026-01-01 schemas follow the model', () => {
  it.each([
    ['SearchOrdersResponse', searchOrdersResponse],
    ['GetOrderResponse', getOrderResponse],
  ] as const)('%s: same fields, same required fields, same types', (name, schema) => {
    const differences: string[] = [];
    compare(orders2026, { $ref: `#/definitions/${name}` }, schema, name, differences);
    expect(differences).toEqual([]);
  });

  const cases = (path: string) =>
    Object.entries(orders2026.paths[path]!.get!.responses).flatMap(([status, response]) =>
      (response['x-amzn-api-sandbox']?.static ?? []).map(
        (c, i) => [`${status} #${i + 1}`, status, c] as const,
      ),
    );

  it.each(cases('/orders/2026-01-01/orders').filter(([, status]) => status === '200'))(
    'searchOrders sandbox example %s parses',
    (_name, _status, example) => {
      const parsed = searchOrdersResponse.parse(example.response);
      expect(parsed.orders.length).toBeGreaterThan(0);
      // Nothing the model declares is lost on the way through.
      expect(parsed).toEqual(example.response);
    },
  );

  it.each(cases('/orders/2026-01-01/orders/{orderId}').filter(([, status]) => status === '200'))(
    'getOrder sandbox example %s parses',
    (_name, _status, example) => {
      const parsed = getOrderResponse.parse(example.response);
      expect(parsed.order.orderId).toBe(example.request.parameters.orderId!.value);
      expect(parsed).toEqual(example.response);
    },
  );

  it('the filters a request carries are closed and know every value of the model', () => {
    const differences: string[] = [];
    const lists = orderRequestLists.shape;
    for (const [path, name] of [
      ['/orders/2026-01-01/orders', 'fulfillmentStatuses'],
      ['/orders/2026-01-01/orders', 'fulfilledBy'],
      ['/orders/2026-01-01/orders', 'includedData'],
      ['/orders/2026-01-01/orders/{orderId}', 'includedData'],
    ] as const) {
      const parameter = orders2026.paths[path]!.get!.parameters!.find((p) => p.name === name)!;
      const element = lists[name].unwrap().element as z.ZodType;
      compareEnum(
        parameter.items?.enum ?? parameter.enum ?? [],
        element,
        'request',
        `${path} ${name}`,
        differences,
      );
    }
    expect(differences).toEqual([]);
    expect(lists.fulfillmentStatuses.unwrap().element.options).toEqual(FULFILLMENT_STATUSES);
    expect(lists.fulfilledBy.unwrap().element.options).toEqual(FULFILLED_BY);
    expect(lists.includedData.unwrap().element.options).toEqual(INCLUDED_DATA);
  });

  it('passes enum values Amazon adds later through, keeping the known ones typed', () => {
    const example = cases('/orders/2026-01-01/orders')[0]![2].response as { orders: Order[] };
    const [first] = example.orders;
    const added = {
      ...first!,
      programs: ['PRIME', 'SOME_NEW_PROGRAM'],
      fulfillment: { ...first!.fulfillment, fulfillmentStatus: 'AWAITING_PICKUP' },
      packages: [{ packageReferenceId: '1', packageStatus: { status: 'LOST_IN_TRANSIT' } }],
      orderItems: [{ ...first!.orderItems[0]!, measurement: { unit: 'BUSHELS', value: 2 } }],
    };
    const parsed = searchOrdersResponse.parse({ orders: [added] });
    expect(parsed.orders[0]).toEqual(added);

    const status = parsed.orders[0]!.fulfillment!.fulfillmentStatus;
    expectTypeOf(status).toEqualTypeOf<FulfillmentStatus | (string & {})>();
    expect(isKnown(FULFILLMENT_STATUSES, status)).toBe(false);
    expect(isKnown(FULFILLMENT_STATUSES, 'SHIPPED')).toBe(true);
    // Open, not absent: a value of the wrong type still fails.
    const wrong = { ...added, fulfillment: { ...added.fulfillment, fulfillmentStatus: 7 } };
    expect(searchOrdersResponse.safeParse({ orders: [wrong] }).success).toBe(false);
  });

  it('tolerates fields Amazon adds later, and requires what the model requires', () => {
    const example = cases('/orders/2026-01-01/orders/{orderId}')[0]![2].response as {
      order: Record<string, unknown>;
    };
    expect(getOrderResponse.safeParse({ order: { ...example.order, brandNewField: 1 } }).success).toBe(true);
    const { createdTime: _dropped, ...withoutCreated } = example.order;
    const result = getOrderResponse.safeParse({ order: withoutCreated });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['order', 'createdTime']);
  });
});

describe('confirmShipment request follows the v0 model', () => {
  const confirm = ordersV0.paths['/orders/v0/orders/{orderId}/shipmentConfirmation']!.post!;

  it('has the model’s fields and required fields', () => {
    const differences: string[] = [];
    // The schema's input side (packageReferenceId may be given as a number) is checked on the wire
    // shape: compare the object structure, not the transforms.
    const wire = z.object({
      marketplaceId: z.string(),
      codCollectionMethod: z.enum(['DirectPayment']).optional(),
      packageDetail: z.object(
        Object.fromEntries(
          Object.entries(confirmShipmentRequest.shape.packageDetail.shape).map(([k, v]) => [
            k,
            k === 'packageReferenceId' ? z.string() : k === 'shipDate' ? z.iso.datetime() : v,
          ]),
        ),
      ),
    });
    compare(
      ordersV0,
      { $ref: '#/definitions/ConfirmShipmentRequest' },
      wire,
      'ConfirmShipmentRequest',
      differences,
      'request',
    );
    expect(differences).toEqual([]);
    expect(Object.keys(confirmShipmentRequest.shape).sort()).toEqual(
      ['codCollectionMethod', 'marketplaceId', 'packageDetail'].sort(),
    );
  });

  it('accepts the sandbox 204 example body unchanged', () => {
    const example = confirm.responses['204']!['x-amzn-api-sandbox']!.static![0]!;
    const body = example.request.parameters.body!.value;
    expect(confirmShipmentRequest.parse(body)).toEqual(body);
  });

  it('sends packageReferenceId as a string and a Date as ISO 8601', () => {
    const parsed = confirmShipmentRequest.parse({
      marketplaceId: 'ATVPDKIKX0DER',
      packageDetail: {
        packageReferenceId: 2,
        carrierCode: 'UPS',
        trackingNumber: '1Z999',
        shipDate: new Date('2026-03-01T10:00:00Z'),
        orderItems: [{ orderItemId: '1', quantity: 1 }],
      },
    });
    expect(parsed.packageDetail.packageReferenceId).toBe('2');
    expect(parsed.packageDetail.shipDate).toBe('2026-03-01T10:00:00.000Z');
  });

  it.each([
    ['a zero package reference', { packageReferenceId: '0' }, 'packageDetail.packageReferenceId'],
    ['a non-numeric package reference', { packageReferenceId: 'A1' }, 'packageDetail.packageReferenceId'],
    ['the sandbox 400 date', { shipDate: '02/21/2022' }, 'packageDetail.shipDate'],
    ['"Other" without a carrier name', { carrierCode: 'Other' }, 'packageDetail.carrierName'],
    ['a field Amazon does not have', { carrier: 'UPS' }, 'packageDetail'],
  ])('refuses %s', (_name, change, path) => {
    const result = confirmShipmentRequest.safeParse({
      marketplaceId: 'ATVPDKIKX0DER',
      packageDetail: {
        packageReferenceId: '1',
        carrierCode: 'UPS',
        trackingNumber: '1Z999',
        shipDate: '2026-03-01T10:00:00Z',
        orderItems: [{ orderItemId: '1', quantity: 1 }],
        ...change,
      },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
