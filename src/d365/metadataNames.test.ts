/**
 * The mechanical check that the client speaks F&O's real vocabulary: every entity set, key, field,
 * navigation and enum the descriptors name must exist in the metadata extract (src/emulators/d365/metadata/*.json, taken
 * verbatim from a live F&O $metadata), with a compatible type; and every request the entity modules'
 * query builders actually send names only fields of its entity set.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  json,
  sampleRow,
  startFakeD365,
  testClient,
  type FakeD365,
  type RecordedRequest,
} from '../../test/support/d365TestKit.ts';
import { allEntities } from './entities/catalog.ts';
import { iterateOnHand } from './entities/inventory.ts';
import { iterateSalesPrices } from './entities/pricing.ts';
import {
  createSalesOrderWithLines,
  findSalesOrdersByReference,
  salesOrderHeaders,
} from './entities/salesOrders.ts';
import { iteratePackingSlipsSince } from './entities/shipping.ts';
import type { FieldMap, NavMap } from './entity/descriptor.ts';
import { allEnums } from './entity/enums.ts';
import type { FieldKind } from './entity/fields.ts';

interface MetaField {
  name: string;
  edmType: string;
  enumType?: string;
}
interface MetaEntity {
  entitySet: string;
  keys: string[];
  fields: MetaField[];
  navigation: Array<{ name: string; targetEntitySet: string }>;
}
const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../emulators/d365/metadata/${name}`, import.meta.url), 'utf8'));
const metaEntities = new Map<string, MetaEntity>(
  (read('entities.json').entities as MetaEntity[]).map((e) => [e.entitySet, e]),
);
const metaEnums = read('enums.json').enums as Record<
  string,
  { members: Array<{ name: string }>; metadataName?: string }
>;

const EDM: Record<Exclude<FieldKind, 'enum'>, string> = {
  string: 'Edm.String',
  decimal: 'Edm.Decimal',
  int32: 'Edm.Int32',
  int64: 'Edm.Int64',
  date: 'Edm.DateTimeOffset',
  dateTime: 'Edm.DateTimeOffset',
  guid: 'Edm.Guid',
};

describe('descriptors against the F&O metadata extract', () => {
  it.each(allEntities.map((e) => [e.entitySet, e] as const))('%s', (set, entity) => {
    const meta = metaEntities.get(set);
    expect(meta, `entity set ${set} is not in the metadata`).toBeDefined();
    expect([...entity.keys]).toEqual(meta!.keys);
    const metaFields = new Map(meta!.fields.map((f) => [f.name, f]));
    for (const [name, field] of Object.entries(entity.fields as FieldMap)) {
      const m = metaFields.get(name);
      expect(m, `${set}.${name} is not in the metadata`).toBeDefined();
      if (field.kind === 'enum') {
        expect(m!.enumType, `${set}.${name} is not an enum field`).toBe(field.enumDef!.name);
      } else {
        expect(m!.edmType, `${set}.${name}`).toBe(EDM[field.kind]);
      }
    }
    expect(Object.keys(entity.schema.shape)).toEqual(Object.keys(entity.fields));
    for (const [nav, target] of Object.entries(entity.navigations as NavMap)) {
      const m = meta!.navigation.find((n) => n.name === nav);
      expect(m, `${set} has no navigation ${nav}`).toBeDefined();
      expect(m!.targetEntitySet).toBe(target().entitySet);
    }
  });

  it.each(allEnums.map((e) => [e.name, e] as const))('enum %s', (name, def) => {
    const meta = metaEnums[name];
    expect(meta, `enum ${name} is not in the metadata`).toBeDefined();
    expect(meta!.metadataName ?? name).toBe(name);
    expect([...def.members]).toEqual(meta!.members.map((m) => m.name));
  });
});

/** Field names an OData request uses, by where they appear. */
function namesIn(request: RecordedRequest): { set: string; fields: string[]; expand: Map<string, string[]> } {
  const [, set = '', keys = ''] =
    /^\/data\/([^(/?]+)(?:\(([^)]*)\))?/.exec(decodeURIComponent(request.path)) ?? [];
  const fields = [...keys.matchAll(/([A-Za-z_]\w*)=/g)].map((m) => m[1]!);
  const q = request.query;
  const filter = q.get('$filter') ?? '';
  // Identifiers before a comparison operator (literals are quoted, numbers or after the operator).
  fields.push(...[...filter.matchAll(/([A-Za-z_]\w*) (?:eq|ne|gt|ge|lt|le) /g)].map((m) => m[1]!));
  fields.push(...(q.get('$select')?.split(',') ?? []));
  fields.push(
    ...(q
      .get('$orderby')
      ?.split(',')
      .map((o) => o.split(' ')[0]!) ?? []),
  );
  const expand = new Map<string, string[]>();
  for (const m of (q.get('$expand') ?? '').matchAll(/(\w+)(?:\(\$select=([^)]*)\))?/g)) {
    expand.set(m[1]!, m[2]?.split(',') ?? []);
  }
  if (request.body.trim().startsWith('{')) fields.push(...Object.keys(JSON.parse(request.body) as object));
  return { set, fields: fields.filter(Boolean), expand };
}

describe('requests the entity modules send', () => {
  let fake: FakeD365;
  beforeAll(async () => {
    fake = await startFakeD365((req, res) => {
      if (req.method === 'POST')
        return json(res, 201, sampleRow(salesOrderHeaders, { SalesOrderNumber: 'SO-1' }));
      json(res, 200, { value: [] });
    });
  });
  afterAll(async () => fake.close());

  it('name only entity sets, fields and navigations of the metadata', async () => {
    const { client } = testClient(fake, { defaultCompany: 'usmf' });
    await findSalesOrdersByReference(client, '113-0000000-0000000');
    for await (const _ of iterateOnHand(client, { warehouseIds: ['11', '12'] })) void _;
    for await (const _ of iterateSalesPrices(client, { currency: 'USD' })) void _;
    for await (const _ of iteratePackingSlipsSince(client, '2024-05-01T00:00:00Z')) void _;
    await client.list(salesOrderHeaders, { expand: { navigation: 'SalesOrderLines' } });
    await createSalesOrderWithLines(client, { header: { OrderingCustomerAccountNumber: 'C1' }, lines: [] });
    for (const entity of allEntities) await client.list(entity, { top: 1 });

    const requests = fake.dataRequests();
    expect(requests.length).toBeGreaterThan(allEntities.length);
    const seen = new Set(requests.flatMap((r) => namesIn(r).fields));
    // The check is not vacuous: names from filters, orderings and bodies were found.
    for (const name of [
      'CustomersOrderReference',
      'InventoryWarehouseId',
      'PriceCurrencyCode',
      'CreatedOn',
      'OrderingCustomerAccountNumber',
    ]) {
      expect(seen.has(name), name).toBe(true);
    }
    for (const request of requests) {
      const { set, fields, expand } = namesIn(request);
      const meta = metaEntities.get(set);
      expect(meta, `request to unknown entity set ${set}`).toBeDefined();
      const known = new Set(meta!.fields.map((f) => f.name));
      for (const field of fields) expect(known.has(field), `${set}.${field} in ${request.url}`).toBe(true);
      for (const [nav, select] of expand) {
        const target = metaEntities.get(meta!.navigation.find((n) => n.name === nav)?.targetEntitySet ?? '');
        expect(target, `${set} has no navigation ${nav}`).toBeDefined();
        const targetFields = new Set(target!.fields.map((f) => f.name));
        for (const field of select) expect(targetFields.has(field), `${nav}.${field}`).toBe(true);
      }
    }
  });
});
