/**
 * A typed `$filter` builder over an entity descriptor: field names are checked by the compiler against
 * the descriptor (and the descriptor against the metadata), and each value is written in its field's
 * literal form. Only what F&O supports is offered: comparisons, and/or/not; enums compare with eq/ne
 * only; there is no `in` or `has` on F&O, so `anyOf` expands to `or`. In a string `eq`, F&O treats `*`
 * as a wildcard ("contains" is `eq '*text*'`) — a literal asterisk cannot be matched.
 */
import { ConnectorError } from '../../errors.ts';
import type { AnyEntity, FieldMap, FieldName, FieldsOf } from '../entity/descriptor.ts';
import type { Field } from '../entity/fields.ts';
import { literalFor } from './literals.ts';

export interface Filter {
  readonly text: string;
  /** Every field name used, for the metadata check. */
  readonly fields: readonly string[];
  readonly op: 'cmp' | 'and' | 'or' | 'not';
}

type FieldAt<D extends AnyEntity, K extends FieldName<D>> = FieldsOf<D>[K];

/** What a filter accepts for a field: date kinds also take Date objects, Int64 takes bigint. */
export type FilterValue<F> =
  F extends Field<unknown, 'date' | 'dateTime'>
    ? string | Date
    : F extends Field<unknown, 'int64'>
      ? number | bigint
      : F extends Field<infer T>
        ? Exclude<T, null>
        : never;

/** Fields F&O can order-compare (`gt`, `lt`…): everything but enums. */
export type OrderedField<D extends AnyEntity> = {
  [K in FieldName<D>]: FieldAt<D, K> extends Field<unknown, 'enum'> ? never : K;
}[FieldName<D>];

type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export interface FilterBuilder<D extends AnyEntity> {
  eq<K extends FieldName<D>>(field: K, value: FilterValue<FieldAt<D, K>> | null): Filter;
  ne<K extends FieldName<D>>(field: K, value: FilterValue<FieldAt<D, K>> | null): Filter;
  gt<K extends OrderedField<D>>(field: K, value: FilterValue<FieldAt<D, K>>): Filter;
  ge<K extends OrderedField<D>>(field: K, value: FilterValue<FieldAt<D, K>>): Filter;
  lt<K extends OrderedField<D>>(field: K, value: FilterValue<FieldAt<D, K>>): Filter;
  le<K extends OrderedField<D>>(field: K, value: FilterValue<FieldAt<D, K>>): Filter;
  /** `field eq a or field eq b …` — F&O has no `in`; keep lists short (the URL has a length limit). */
  anyOf<K extends FieldName<D>>(field: K, values: readonly FilterValue<FieldAt<D, K>>[]): Filter;
  and(...filters: Filter[]): Filter;
  or(...filters: Filter[]): Filter;
  not(filter: Filter): Filter;
}

/** Dates before this are F&O's "no date"; comparing with null means comparing with this boundary. */
const FIRST_REAL_DATE = '1901-01-01T00:00:00Z';

function combine(op: 'and' | 'or', filters: Filter[]): Filter {
  if (filters.length === 0) throw new ConnectorError('config', `an empty "${op}" filter`);
  if (filters.length === 1) return filters[0]!;
  const text = filters.map((f) => (f.op === 'cmp' || f.op === 'not' || f.op === op ? f.text : `(${f.text})`));
  return { text: text.join(` ${op} `), fields: filters.flatMap((f) => f.fields), op };
}

export function filterBuilder<D extends AnyEntity>(entity: D): FilterBuilder<D> {
  const fields = entity.fields as FieldMap;
  const compare = (op: Comparison, name: string, value: unknown): Filter => {
    const field = fields[name];
    if (!field)
      throw new ConnectorError('config', `${entity.entitySet} has no field ${name} in its descriptor`);
    if (field.kind === 'enum' && op !== 'eq' && op !== 'ne') {
      throw new ConnectorError('config', `F&O compares enum field ${name} only with eq or ne`);
    }
    if (value === null && (field.kind === 'date' || field.kind === 'dateTime')) {
      // F&O stores "no date" as a day in 1900, never as null.
      if (op !== 'eq' && op !== 'ne')
        throw new ConnectorError('config', `cannot order-compare ${name} with null`);
      return { text: `${name} ${op === 'eq' ? 'lt' : 'ge'} ${FIRST_REAL_DATE}`, fields: [name], op: 'cmp' };
    }
    return { text: `${name} ${op} ${literalFor(field, value, name)}`, fields: [name], op: 'cmp' };
  };
  return {
    eq: (field, value) => compare('eq', field, value),
    ne: (field, value) => compare('ne', field, value),
    gt: (field, value) => compare('gt', field, value),
    ge: (field, value) => compare('ge', field, value),
    lt: (field, value) => compare('lt', field, value),
    le: (field, value) => compare('le', field, value),
    anyOf: (field, values) => {
      if (values.length === 0) throw new ConnectorError('config', `anyOf(${field}) needs at least one value`);
      return combine(
        'or',
        values.map((value) => compare('eq', field, value)),
      );
    },
    and: (...filters) => combine('and', filters),
    or: (...filters) => combine('or', filters),
    not: (filter) => ({ text: `not (${filter.text})`, fields: filter.fields, op: 'not' }),
  };
}
