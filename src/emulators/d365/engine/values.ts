// Field values in F&O's canonical JSON form, which is also how rows are stored: strings never null (""),
// numbers as JSON numbers, enums as member names, DateTimeOffset in UTC to the second — X++ Date fields at
// T12:00:00Z — and unset dates in year 1900. Converting here once means filters, ordering, keys and
// responses all see the same values.
import { payloadFault } from './errors.ts';
import type { EntitySetModel, FieldModel } from './metadataModel.ts';
import type { Row } from './behaviour.ts';

export const EMPTY_DATE = '1900-01-01T12:00:00Z';
export const EMPTY_DATE_TIME = '1900-01-01T00:00:00Z';
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** F&O's value for a field nobody set (behaviour.ts: "" / 0 / 1900-01-01 / first enum member). */
export function defaultValue(field: FieldModel): unknown {
  switch (field.kind) {
    case 'string':
    case 'binary':
      return '';
    case 'int32':
    case 'int64':
    case 'decimal':
      return 0;
    case 'date':
      return EMPTY_DATE;
    case 'datetime':
      return EMPTY_DATE_TIME;
    case 'guid':
      return EMPTY_GUID;
    case 'enum':
      return field.enumType!.members[0]?.name ?? '';
  }
}

/** A parsed ISO date-time in F&O's form, or undefined when it is not one. */
export function canonicalDateTime(text: string, kind: 'date' | 'datetime'): string | undefined {
  if (!DATE_TIME.test(text)) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  return kind === 'date' ? `${iso.slice(0, 10)}T12:00:00Z` : `${iso.slice(0, 19)}Z`;
}

const cannotConvert = (value: unknown, field: FieldModel) =>
  payloadFault(
    `Cannot convert the literal '${typeof value === 'string' ? value : JSON.stringify(value)}' to the expected type '${field.edmType}'.`,
  );

/** Converts a JSON value written to `field` into its stored form; refuses what F&O's OData layer refuses. */
export function toStoredValue(field: FieldModel, value: unknown): unknown {
  if (value === null || value === undefined) {
    // Strings and enums are nullable in F&O's metadata but stored as ""/first member; value types are not.
    if (field.nullable) return defaultValue(field);
    throw payloadFault(
      `A null value was found for the property named '${field.name}', which has the expected type '${field.edmType}[Nullable=False]'. The expected type '${field.edmType}[Nullable=False]' does not allow null values.`,
    );
  }
  switch (field.kind) {
    case 'string':
      if (typeof value !== 'string') throw cannotConvert(value, field);
      return value;
    case 'int32':
    case 'int64':
    case 'decimal': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw cannotConvert(value, field);
      if (field.kind !== 'decimal' && !Number.isInteger(n)) throw cannotConvert(value, field);
      if (field.kind === 'int32' && (n > 2_147_483_647 || n < -2_147_483_648))
        throw cannotConvert(value, field);
      return n;
    }
    case 'date':
    case 'datetime': {
      const text = typeof value === 'string' ? canonicalDateTime(value, field.kind) : undefined;
      if (!text) throw cannotConvert(value, field);
      return text;
    }
    case 'guid':
      if (typeof value !== 'string' || !GUID.test(value)) throw cannotConvert(value, field);
      return value.toLowerCase();
    case 'binary':
      if (typeof value !== 'string' || !BASE64.test(value)) throw cannotConvert(value, field);
      return value;
    case 'enum': {
      const members = field.enumType!.members;
      const member =
        typeof value === 'string'
          ? (members.find((m) => m.name === value) ??
            (/^-?\d+$/.test(value) ? members.find((m) => m.value === Number(value)) : undefined))
          : undefined;
      if (!member) throw cannotConvert(value, field);
      return member.name;
    }
  }
}

/** A complete stored row: every field of the set, given values converted, the rest defaulted. */
export function completeRow(set: EntitySetModel, row: Row): Row {
  for (const name of Object.keys(row)) if (!set.field(name)) throw unknownProperty(set, name);
  const complete: Row = {};
  for (const field of set.fields) {
    const value = row[field.name];
    complete[field.name] = value === undefined ? defaultValue(field) : toStoredValue(field, value);
  }
  if (set.hasCompany) complete.dataAreaId = String(complete.dataAreaId).toLowerCase();
  return complete;
}

export const unknownProperty = (set: EntitySetModel, name: string) =>
  payloadFault(
    `The property '${name}' does not exist on type '${set.qualifiedType}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
  );

/**
 * Orders two stored values of one field the way F&O's SQL Server does: strings case-insensitively (the
 * database collation is case-insensitive), enums by their integer value, dates by instant.
 */
/**
 * A stored value reduced once to what compareStored compares — for sorting many rows, where comparing
 * raw values would parse the same date-time or lower-case the same string at every comparison.
 * compareSortKeys on two keys agrees with compareStored on the two values.
 */
export type SortKey = null | number | string;

export function sortKey(field: FieldModel | undefined, value: unknown): SortKey {
  if (value === null || value === undefined) return null;
  if (field?.kind === 'enum') return field.enumType!.members.find((m) => m.name === value)?.value ?? -1;
  if (field?.kind === 'date' || field?.kind === 'datetime') return Date.parse(String(value));
  if (typeof value === 'number') return value;
  return String(value).toLowerCase();
}

export function compareSortKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareStored(field: FieldModel | undefined, a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (field?.kind === 'enum') {
    const value = (name: unknown) => field.enumType!.members.find((m) => m.name === name)?.value ?? -1;
    return value(a) - value(b);
  }
  if (field?.kind === 'date' || field?.kind === 'datetime')
    return Date.parse(String(a)) - Date.parse(String(b));
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
