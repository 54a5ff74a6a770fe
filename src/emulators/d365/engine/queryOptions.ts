// The system query options of a request, parsed and checked against the entity set: $filter, $select,
// $orderby, $top, $skip, $count, one-level $expand with a nested $select, $format, our paging $skiptoken,
// and F&O's `cross-company`. Other `$` options are refused as F&O's OData layer does; custom (non-`$`)
// options are ignored.
import type { Row } from './behaviour.ts';
import { queryFault } from './errors.ts';
import { compileFilter } from './filterEval.ts';
import { narrowing, type Narrowing } from './filterNarrowing.ts';
import { parseFilter } from './filterParser.ts';
import type { EntitySetModel, FieldModel, MetadataModel, NavigationModel } from './metadataModel.ts';

export interface ExpandItem {
  nav: NavigationModel;
  target: EntitySetModel;
  select?: string[];
}

export interface QueryOptions {
  filter?: (row: Row) => boolean;
  /** The rows an index names as the only ones the filter can match (filterNarrowing.ts). */
  narrowing?: Narrowing;
  /** Selected property names; undefined = all. */
  select?: string[];
  orderby: { field: FieldModel; desc: boolean }[];
  top?: number;
  skip?: number;
  count: boolean;
  expand: ExpandItem[];
  /** Rows of the (filtered, ordered, $skip/$top-limited) result already sent in earlier pages. */
  skiptoken: number;
  crossCompany: boolean;
}

const SUPPORTED = new Set([
  '$filter',
  '$select',
  '$orderby',
  '$top',
  '$skip',
  '$count',
  '$expand',
  '$format',
  '$skiptoken',
]);

export function parseQueryOptions(
  params: URLSearchParams,
  set: EntitySetModel,
  model: MetadataModel,
): QueryOptions {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name))
      throw queryFault(
        `Query option '${name}' was specified more than once, but it must be specified at most once.`,
      );
    seen.add(name);
    if (name.startsWith('$') && !SUPPORTED.has(name))
      throw queryFault(`The query parameter '${name}' is not supported.`);
  }
  const text = (name: string) => params.get(name) ?? undefined;
  const format = text('$format');
  if (format !== undefined && !/^(json|application\/json)/i.test(format))
    throw queryFault(`The requested $format '${format}' is not supported; use json.`);
  const filterText = text('$filter');
  const filterAst = filterText === undefined ? undefined : parseFilter(filterText);
  return {
    filter: filterAst && compileFilter(model, set, filterAst),
    narrowing: filterAst && narrowing(set, filterAst),
    select: parseSelect(text('$select'), set),
    orderby: parseOrderBy(text('$orderby'), set),
    top: nonNegative('$top', text('$top')),
    skip: nonNegative('$skip', text('$skip')),
    count: parseCount(text('$count')),
    expand: parseExpand(text('$expand'), set, model),
    skiptoken: nonNegative('$skiptoken', text('$skiptoken')) ?? 0,
    crossCompany: (params.get('cross-company') ?? '').toLowerCase() === 'true',
  };
}

function nonNegative(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()))
    throw queryFault(
      `Invalid value '${value}' for ${name} query option found. The ${name} query option requires a non-negative integer value.`,
    );
  return Number(value);
}

function parseCount(value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw queryFault(`'${value}' is not a valid count option.`);
}

const noProperty = (set: EntitySetModel, name: string) =>
  queryFault(`Could not find a property named '${name}' on type '${set.qualifiedType}'.`);

export function parseSelect(value: string | undefined, set: EntitySetModel): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((s) => s.trim());
  if (names.includes('*')) return undefined;
  const selected: string[] = [];
  for (const name of names) {
    if (name === '') throw queryFault(`Syntax error: the $select clause '${value}' has an empty item.`);
    if (set.field(name)) selected.push(name);
    // Selecting a navigation property only matters together with $expand, which includes it anyway.
    else if (!set.navigation.some((n) => n.name === name)) throw noProperty(set, name);
  }
  return selected;
}

function parseOrderBy(value: string | undefined, set: EntitySetModel): QueryOptions['orderby'] {
  if (value === undefined) return [];
  return value.split(',').map((item) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/.exec(item);
    if (!m) {
      if (item.includes('/'))
        throw queryFault(`Navigation paths are not supported in $orderby ('${item.trim()}').`);
      throw queryFault(`Syntax error in $orderby at '${item.trim()}'.`);
    }
    const field = set.field(m[1]!);
    if (!field) throw noProperty(set, m[1]!);
    return { field, desc: m[2] === 'desc' };
  });
}

/** Splits at commas outside parentheses: `A($select=x,y),B`. */
function splitOutsideParens(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function parseExpand(value: string | undefined, set: EntitySetModel, model: MetadataModel): ExpandItem[] {
  if (value === undefined) return [];
  return splitOutsideParens(value).map((raw) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*$/s.exec(raw);
    if (!m) {
      if (raw.includes('/') || raw.trim() === '*')
        throw queryFault(`$expand is supported to one level only, without '*' or paths ('${raw.trim()}').`);
      throw queryFault(`Syntax error in $expand at '${raw.trim()}'.`);
    }
    const nav = set.navigation.find((n) => n.name === m[1]);
    if (!nav)
      throw queryFault(
        `Could not find a navigation property named '${m[1]}' on type '${set.qualifiedType}'.`,
      );
    if (!nav.join)
      throw queryFault(
        `The emulator cannot expand '${nav.name}': the metadata extract does not say how it joins.`,
      );
    const target = model.set(nav.target)!;
    let select: string[] | undefined;
    for (const option of (m[2] ?? '').split(';').filter((o) => o.trim() !== '')) {
      const eq = option.indexOf('=');
      const name = option.slice(0, eq).trim();
      if (name === '$select') select = parseSelect(option.slice(eq + 1), target);
      else if (name === '$expand') throw queryFault('$expand is supported to one level only.');
      else
        throw queryFault(`The nested query option '${name}' in $expand is not supported; only $select is.`);
    }
    return { nav, target, select };
  });
}
