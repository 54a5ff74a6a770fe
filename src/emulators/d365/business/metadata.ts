// The metadata extract as the business rules need it: which fields an entity set has, its key, enum
// members, and the value F&O shows for a field nobody set. Rows the business side writes itself (seed,
// simulations, mirrors of one table in several entity sets) are completed here so they look like the
// rows F&O serves: every field present, empty strings, zeros, 1900 dates and first enum members.
import { readFileSync } from 'node:fs';

interface FieldMeta {
  name: string;
  edmType: string;
  enumType?: string;
  nullable: boolean;
}
interface EntityMeta {
  entitySet: string;
  keys: string[];
  fields: FieldMeta[];
}

const metadataDir = new URL('../metadata/', import.meta.url);
const entities = new Map<string, { keys: string[]; fields: Map<string, FieldMeta> }>();
for (const e of (
  JSON.parse(readFileSync(new URL('entities.json', metadataDir), 'utf8')) as { entities: EntityMeta[] }
).entities) {
  entities.set(e.entitySet, { keys: e.keys, fields: new Map(e.fields.map((f) => [f.name, f])) });
}
const enums = new Map<string, string[]>(
  Object.entries(
    (
      JSON.parse(readFileSync(new URL('enums.json', metadataDir), 'utf8')) as {
        enums: Record<string, { members: { name: string }[] }>;
      }
    ).enums,
  ).map(([name, e]) => [name, e.members.map((m) => m.name)]),
);

/** F&O's empty Date value; UtcDateTime fields use midnight instead (reference §2.6). */
export const NO_DATE = '1900-01-01T12:00:00Z';
export const NO_DATETIME = '1900-01-01T00:00:00Z';

export function hasEntitySet(entitySet: string): boolean {
  return entities.has(entitySet);
}

function entity(entitySet: string) {
  const e = entities.get(entitySet);
  if (!e) throw new Error(`Entity set ${entitySet} is not in the metadata extract`);
  return e;
}

export function keysOf(entitySet: string): string[] {
  return entity(entitySet).keys;
}

export function fieldNames(entitySet: string): string[] {
  return [...entity(entitySet).fields.keys()];
}

export function hasField(entitySet: string, field: string): boolean {
  return entity(entitySet).fields.has(field);
}

export function enumTypeOf(entitySet: string, field: string): string | undefined {
  return entity(entitySet).fields.get(field)?.enumType;
}

export function enumMembers(enumType: string): string[] {
  const members = enums.get(enumType);
  if (!members) throw new Error(`Enum ${enumType} is not in the metadata extract`);
  return members;
}

/** The key of `row` in `entitySet`, in metadata key order. */
export function keyOf(entitySet: string, row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(keysOf(entitySet).map((k) => [k, row[k]]));
}

/** Without an AXType in the extract, UtcDateTime fields are told from Date fields by their names. */
function isUtcDateTime(field: string): boolean {
  return /DateTime|CreatedOn|^Effective$|^Expiration$|ValidFrom$|ValidTo$|DateTime1$/.test(field);
}

function emptyValue(f: FieldMeta): unknown {
  if (f.enumType) return enums.get(f.enumType)?.[0] ?? '';
  switch (f.edmType) {
    case 'Edm.String':
      return '';
    case 'Edm.DateTimeOffset':
      return isUtcDateTime(f.name) ? NO_DATETIME : NO_DATE;
    case 'Edm.Guid':
      return '00000000-0000-0000-0000-000000000000';
    case 'Edm.Binary':
      return '';
    case 'Edm.Boolean':
      return false;
    default:
      return 0; // Int32, Int64, Decimal
  }
}

/**
 * `row` with every field of the entity set present, F&O's empty values where unset. A field the entity
 * set does not have is a programming error here (the business side only writes metadata names).
 */
export function completeRow(entitySet: string, row: Record<string, unknown>): Record<string, unknown> {
  const e = entity(entitySet);
  for (const name of Object.keys(row)) {
    if (!e.fields.has(name)) throw new Error(`${entitySet} has no field ${name}`);
  }
  const out: Record<string, unknown> = {};
  for (const f of e.fields.values()) out[f.name] = row[f.name] ?? emptyValue(f);
  return out;
}

/** The fields of `row` that `entitySet` also has: what a second view over the same table shows. */
export function projectRow(entitySet: string, row: Record<string, unknown>): Record<string, unknown> {
  const e = entity(entitySet);
  return Object.fromEntries(Object.entries(row).filter(([k]) => e.fields.has(k)));
}
