// The emulator's $metadata, read back by a published CSDL parser (odata2openapi, which parses EDMX with
// xml-js): an independent check that a generic OData tool understands what we serve.
import parseCsdl from 'odata2openapi/dist/parse.js';
import type { Service } from 'odata2openapi/dist/Service.js';
import { describe, expect, it } from 'vitest';
import { buildCsdl } from './csdl.ts';
import { metadataModel } from './metadataModel.ts';

// The package is CommonJS with an `exports.default`: under NodeNext it arrives wrapped once more.
const parse = ((parseCsdl as unknown as { default?: unknown }).default ?? parseCsdl) as unknown as (
  xml: string,
) => Promise<Service>;

describe('$metadata (CSDL)', async () => {
  const model = metadataModel();
  const xml = buildCsdl(model);
  const service = await parse(xml);

  it('parses as OData 4.0 with the F&O namespace', () => {
    expect(service.version).toBe('4.0');
    expect(service.defaultNamespace).toBe('Microsoft.Dynamics.DataEntities');
    expect(xml).toContain('<EntityContainer Name="Resources">');
  });

  it('declares every served entity set with its entity type and keys', () => {
    expect(service.entitySets.map((s) => s.name)).toEqual(model.sets.map((s) => s.name));
    expect(new Set(service.entityTypes.map((t) => t.name)).size).toBe(service.entityTypes.length);
    for (const set of service.entitySets) {
      const properties = new Set(set.entityType.properties.map((p) => p.name));
      expect(set.entityType.key?.length, set.name).toBeGreaterThan(0);
      for (const key of set.entityType.key ?? [])
        expect(properties.has(key.name), `${set.name}.${key.name}`).toBe(true);
    }
    const keysOf = (name: string) =>
      service.entitySets.find((s) => s.name === name)!.entityType.key!.map((k) => k.name);
    expect(keysOf('SalesOrderHeadersV2')).toEqual(['dataAreaId', 'SalesOrderNumber']);
    expect(keysOf('SalesOrderLines')).toEqual(['dataAreaId', 'InventoryLotId']);
    expect(service.entitySets.find((s) => s.name === 'SalesOrderHeadersV2')!.entityType.name).toBe(
      'SalesOrderHeaderV2',
    );
  });

  it('gives every property a resolvable type and marks value types not nullable', () => {
    // The parser lists navigation properties among the properties too, as `$ref`s or arrays: skip them.
    const enumNames = new Set(service.enumTypes.map((e) => `Microsoft.Dynamics.DataEntities.${e.name}`));
    for (const type of service.entityTypes) {
      for (const p of type.properties.filter(
        (q): q is typeof q & { type: string } => !!q.type && q.type !== 'array',
      ))
        expect(p.type.startsWith('Edm.') || enumNames.has(p.type), `${type.name}.${p.name}: ${p.type}`).toBe(
          true,
        );
    }
    const lines = service.entityTypes.find((t) => t.name === 'SalesOrderLine')!;
    expect(lines.properties.find((p) => p.name === 'LineAmount')).toMatchObject({
      type: 'Edm.Decimal',
      required: true,
    });
    const status = lines.properties.find((p) => p.name === 'SalesOrderLineStatus')!;
    expect(status.type).toBe('Microsoft.Dynamics.DataEntities.SalesStatus');
    expect(status.required).not.toBe(true); // no Nullable="false": nullable, as CSDL defaults it
  });

  it('declares enum types with their members in order', () => {
    const members = (name: string) => service.enumTypes.find((e) => e.name === name)!.memberNames;
    expect(members('SalesStatus')).toEqual(['None', 'Backorder', 'Delivered', 'Invoiced', 'Canceled']);
    expect(members('NoYes')).toEqual(['No', 'Yes']);
    expect(xml).toContain('<Member Name="Canceled" Value="4"/>');
  });

  it('declares navigation between served sets, with bindings in the container', () => {
    expect(xml).toContain(
      '<NavigationProperty Name="SalesOrderLines" Type="Collection(Microsoft.Dynamics.DataEntities.SalesOrderLine)"',
    );
    expect(xml).toContain(
      '<EntitySet Name="SalesOrderHeadersV2" EntityType="Microsoft.Dynamics.DataEntities.SalesOrderHeaderV2"><NavigationPropertyBinding Path="SalesOrderLines" Target="SalesOrderLines"/></EntitySet>',
    );
  });
});
