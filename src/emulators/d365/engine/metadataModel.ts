// The model the OData engine serves: entity sets with their keys, typed fields, navigation and the enum
// types, built once from the metadata extract (metadata/entities.json, enums.json). Everything the engine
// knows about F&O's schema comes from here, so `$metadata`, the query engine and write validation agree.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { deriveNavigation } from './navigation.ts';

export const NAMESPACE = 'Microsoft.Dynamics.DataEntities';
export const CONTAINER = 'Resources';

/**
 * How a field's values behave. F&O maps both X++ Date and UtcDateTime to Edm.DateTimeOffset; the extract
 * does not say which is which, so `date` (serialised at T12:00:00Z) is inferred from the field name.
 */
export type FieldKind =
  'string' | 'int32' | 'int64' | 'decimal' | 'datetime' | 'date' | 'guid' | 'binary' | 'enum';

export interface EnumModel {
  /** The name in `$metadata` and in `$filter` enum literals (the real name where the extract knows it). */
  name: string;
  members: { name: string; value: number }[];
}

export interface FieldModel {
  name: string;
  /** The type as `$metadata` declares it, e.g. `Edm.Decimal`, `Microsoft.Dynamics.DataEntities.NoYes`. */
  edmType: string;
  kind: FieldKind;
  nullable: boolean;
  enumType?: EnumModel;
}

export interface NavigationModel {
  name: string;
  target: string;
  many: boolean;
  /** Source field → target field pairs that join the two sets; absent when the engine cannot $expand it. */
  join?: [string, string][];
}

export interface EntitySetModel {
  name: string;
  /** Singular EntityType name, e.g. `SalesOrderHeaderV2`. */
  entityType: string;
  qualifiedType: string;
  keys: string[];
  fields: FieldModel[];
  field(name: string): FieldModel | undefined;
  /** Company-specific (has `dataAreaId`); shared entities such as ProductsV2 ignore the company. */
  hasCompany: boolean;
  navigation: NavigationModel[];
}

export interface MetadataModel {
  sets: EntitySetModel[];
  set(name: string): EntitySetModel | undefined;
  enums: EnumModel[];
  /** An enum type by its `$metadata` name. */
  enum(name: string): EnumModel | undefined;
}

const entitiesSchema = z.object({
  entities: z.array(
    z.object({
      entitySet: z.string(),
      entityType: z.string().nullable(),
      keys: z.array(z.string()),
      fields: z.array(
        z.object({
          name: z.string(),
          edmType: z.string(),
          nullable: z.boolean(),
          enumType: z.string().optional(),
        }),
      ),
      navigation: z
        .array(
          z.object({ name: z.string(), targetEntitySet: z.string(), multiplicity: z.enum(['one', 'many']) }),
        )
        .default([]),
    }),
  ),
});
const enumsSchema = z.object({
  enums: z.record(
    z.string(),
    z.object({
      members: z.array(z.object({ name: z.string(), value: z.number() })),
      metadataName: z.string().optional(),
    }),
  ),
});

/** UtcDateTime fields by name; every other Edm.DateTimeOffset field is an X++ Date. */
const UTC_DATE_TIME = /DateTime|^CreatedOn$|^Effective$|^Expiration$|ValidFrom$|ValidTo$/;

/** Entity types whose singular name a plain rule would get wrong (the plural is not the last word). */
const ENTITY_TYPE_NAMES: Record<string, string> = {
  UnitsOfMeasure: 'UnitOfMeasure',
  WarehousesOnHandV2: 'WarehouseOnHandV2',
  InventorySitesOnHandV2: 'InventorySiteOnHandV2',
  WarehouseInventoryStatusesOnHandV2: 'WarehouseInventoryStatusOnHandV2',
  PackingSlipTrackingInformation: 'PackingSlipTrackingInformation',
  SalesCharge: 'SalesCharge',
};

/** F&O's convention: the EntityType is the singular public name (`CustomerGroups` → `CustomerGroup`). */
export function singularEntityType(entitySet: string): string {
  if (ENTITY_TYPE_NAMES[entitySet]) return ENTITY_TYPE_NAMES[entitySet];
  const [, stem = entitySet, version = ''] = /^(.*?)(V\d+)?$/.exec(entitySet) ?? [];
  let singular = stem;
  if (stem.endsWith('ies')) singular = `${stem.slice(0, -3)}y`;
  else if (/(sses|xes|ches|shes)$/.test(stem)) singular = stem.slice(0, -2);
  else if (stem.endsWith('s') && !stem.endsWith('ss')) singular = stem.slice(0, -1);
  return singular + version;
}

function kindOf(edmType: string, name: string): FieldKind {
  switch (edmType) {
    case 'Edm.String':
      return 'string';
    case 'Edm.Int32':
      return 'int32';
    case 'Edm.Int64':
      return 'int64';
    case 'Edm.Decimal':
      return 'decimal';
    case 'Edm.Guid':
      return 'guid';
    case 'Edm.Binary':
      return 'binary';
    case 'Edm.DateTimeOffset':
      return UTC_DATE_TIME.test(name) ? 'datetime' : 'date';
    default:
      throw new Error(`metadata extract: unsupported EDM type ${edmType} of ${name}`);
  }
}

const readJson = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../metadata/${file}`, import.meta.url), 'utf8'));

let cached: MetadataModel | undefined;

/** The model of every entity set in the extract (built once; it is immutable). */
export function metadataModel(): MetadataModel {
  cached ??= buildModel(
    entitiesSchema.parse(readJson('entities.json')),
    enumsSchema.parse(readJson('enums.json')),
  );
  return cached;
}

function buildModel(
  extract: z.infer<typeof entitiesSchema>,
  enumExtract: z.infer<typeof enumsSchema>,
): MetadataModel {
  const enumsByExtractName = new Map<string, EnumModel>();
  for (const [name, e] of Object.entries(enumExtract.enums))
    enumsByExtractName.set(name, { name: e.metadataName ?? name, members: e.members });
  const used = new Set<EnumModel>();
  const sets: EntitySetModel[] = extract.entities.map((e) => {
    const fields = e.fields.map((f): FieldModel => {
      if (!f.enumType)
        return { name: f.name, edmType: f.edmType, kind: kindOf(f.edmType, f.name), nullable: f.nullable };
      const enumType = enumsByExtractName.get(f.enumType);
      if (!enumType)
        throw new Error(`metadata extract: enum ${f.enumType} of ${e.entitySet}.${f.name} is missing`);
      used.add(enumType);
      return {
        name: f.name,
        edmType: `${NAMESPACE}.${enumType.name}`,
        kind: 'enum',
        nullable: f.nullable,
        enumType,
      };
    });
    const byName = new Map(fields.map((f) => [f.name, f]));
    const entityType = e.entityType ?? singularEntityType(e.entitySet);
    return {
      name: e.entitySet,
      entityType,
      qualifiedType: `${NAMESPACE}.${entityType}`,
      keys: e.keys,
      fields,
      field: (name: string) => byName.get(name),
      hasCompany: byName.has('dataAreaId'),
      navigation: [],
    };
  });
  const bySet = new Map(sets.map((s) => [s.name, s]));
  const raw = new Map(extract.entities.map((e) => [e.entitySet, e.navigation]));
  for (const set of sets) set.navigation = deriveNavigation(set, raw.get(set.name) ?? [], bySet);
  const enums = [...used].sort((a, b) => a.name.localeCompare(b.name));
  const enumsByName = new Map(enums.map((e) => [e.name, e]));
  return { sets, set: (name) => bySet.get(name), enums, enum: (name) => enumsByName.get(name) };
}
