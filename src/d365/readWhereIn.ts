/**
 * "Every row whose <field> is one of these values" — the read F&O has no operator for (OData `in` is not
 * supported): the values go out as `field eq a or field eq b …`, in as few requests as the URL allows.
 * A group holds at most 40 values and at most 1,600 characters of filter as sent (URL-encoded): F&O runs
 * behind IIS, whose default query-string limit is 2,048 characters, and the company filter and `$select`
 * take about 200 more, so long values make smaller groups. A value too long for any group goes alone.
 * Values are asked once however often they are given; no values, no request. An extra `filter` of the
 * caller's is ANDed to every group.
 */
import type { D365Context } from './context.ts';
import type { AnyEntity, FieldName, NavName, NavTarget } from './entity/descriptor.ts';
import { filterBuilder, type FilterValue } from './odata/filter.ts';
import { encodeQueryValue } from './odata/query.ts';
import { iterate, type ReadOptions, type ReadRow } from './reads.ts';

const MAX_VALUES_PER_REQUEST = 40;
const MAX_FILTER_CHARS = 1600;

type FieldValue<D extends AnyEntity, F extends FieldName<D>> = FilterValue<D['fields'][F]>;

/** Splits `values` into groups whose summed `cost` stays within the limits above. */
export function chunkValues<T>(values: readonly T[], cost: (value: T) => number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const value of values) {
    const c = cost(value);
    if (current.length > 0 && (current.length >= MAX_VALUES_PER_REQUEST || chars + c > MAX_FILTER_CHARS)) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(value);
    chars += c;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The groups of `values` one read of `entity` by `field` would send, each as its filter text costs. */
export function valueGroups<D extends AnyEntity, F extends FieldName<D>>(
  entity: D,
  field: F,
  values: Iterable<FieldValue<D, F>>,
): FieldValue<D, F>[][] {
  const where = filterBuilder(entity);
  const unique = [...new Set(values)];
  return chunkValues(unique, (value) => encodeQueryValue(`${where.eq(field, value).text} or `).length);
}

export async function readWhereIn<
  D extends AnyEntity,
  F extends FieldName<D>,
  K extends FieldName<D> = FieldName<D>,
  N extends NavName<D> = never,
  KN extends FieldName<NavTarget<D, N>> = FieldName<NavTarget<D, N>>,
>(
  context: D365Context,
  entity: D,
  field: F,
  values: Iterable<FieldValue<D, F>>,
  options: ReadOptions<D, K, N, KN> = {},
): Promise<ReadRow<D, K, N, KN>[]> {
  const rows: ReadRow<D, K, N, KN>[] = [];
  for (const group of valueGroups(entity, field, values)) {
    const read = iterate(context, entity, {
      ...options,
      filter: (w) =>
        options.filter ? w.and(options.filter(w), w.anyOf(field, group)) : w.anyOf(field, group),
    });
    for await (const row of read) rows.push(row);
  }
  return rows;
}
