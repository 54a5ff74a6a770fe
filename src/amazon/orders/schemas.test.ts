/**
 * The schemas against Amazon's own model: every object's field names and required fields match the
 * definition they stand for (walked from the response roots through every $ref), and every static
 * sandbox example of searchOrders and getOrder in the model parses.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getOrderResponse, searchOrdersResponse } from './schemasOrder.ts';
import { confirmShipmentRequest } from './schemasConfirmShipment.ts';

const MODELS = fileURLToPath(new URL('../../emulators/amazon/models/', import.meta.url));

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
    Record<string, { responses: Record<string, { 'x-amzn-api-sandbox'?: { static?: SandboxCase[] } }> }>
  >;
}

const load = (file: string) => JSON.parse(readFileSync(MODELS + file, 'utf8')) as Model;
const orders2026 = load('orders_2026-01-01.json');
const ordersV0 = load('ordersV0.json');

/** Compares a zod schema with a model schema; returns the differences with their paths. */
function compare(model: Model, swagger: SwaggerSchema, schema: z.ZodType, path: string, out: string[]): void {
  let zod = schema;
  while (zod instanceof z.ZodOptional) zod = zod.unwrap() as z.ZodType;
  const def = swagger.$ref ? model.definitions[swagger.$ref.replace('#/definitions/', '')]! : swagger;
  const kind = zod._zod.def.type;
  if (def.enum) {
    if (!(zod instanceof z.ZodEnum)) out.push(`${path}: model has enum, schema is ${kind}`);
    else if (JSON.stringify([...zod.options].sort()) !== JSON.stringify([...def.enum].sort()))
      out.push(`${path}: enum values differ`);
    return;
  }
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
      if (shape[key]) compare(model, def.properties![key]!, shape[key], `${path}.${key}`, out);
    return;
  }
  if (type === 'array') {
    if (!(zod instanceof z.ZodArray)) return void out.push(`${path}: model has array, schema is ${kind}`);
    return compare(model, def.items!, zod.element as z.ZodType, `${path}[]`, out);
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
