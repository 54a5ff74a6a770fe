/**
 * The query string of a read: `$filter`, `$select` (by default every field of the descriptor, so F&O
 * sends exactly what the schema reads), `$orderby`, `$top`, `$skip`, `$count`, one level of `$expand`
 * with a nested `$select` (F&O expands one level only), and the company scope: a company becomes
 * `dataAreaId eq '<id>'` plus `cross-company=true` (without it F&O reads only the default company of
 * the user the app is mapped to), `crossCompany` alone reads every company the user may see.
 */
import type { AnyEntity, FieldName, NavName, NavTarget } from '../entity/descriptor.ts';
import { filterBuilder, type Filter, type FilterBuilder } from './filter.ts';
import { stringLiteral } from './literals.ts';

export type OrderBy<D extends AnyEntity> = FieldName<D> | `${FieldName<D>} ${'asc' | 'desc'}`;

export interface ReadQuery<
  D extends AnyEntity,
  K extends FieldName<D> = FieldName<D>,
  N extends NavName<D> = never,
  KN extends FieldName<NavTarget<D, N>> = FieldName<NavTarget<D, N>>,
> {
  filter?: (where: FilterBuilder<D>) => Filter;
  select?: readonly K[];
  orderBy?: readonly OrderBy<D>[];
  top?: number;
  skip?: number;
  /** Adds `@odata.count` (all matching rows) to the first page. */
  count?: boolean;
  expand?: { navigation: N; select?: readonly KN[] };
}

/** A read query whatever its selected fields (the functions that only interpret it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyReadQuery<D extends AnyEntity = AnyEntity> = ReadQuery<D, any, any, any>;

export interface CompanyScope {
  /** Read this legal entity (dataAreaId). */
  company?: string;
  /** Read every legal entity the F&O user may see (ignored when `company` is given). */
  crossCompany?: boolean;
}

export interface BuiltQuery {
  params: Array<[string, string]>;
  /** The fields the query names, for the metadata check. */
  select: string[];
  expandSelect?: string[];
  filter?: Filter;
}

/**
 * encodeURIComponent for query values, keeping `$ , :` readable. (fetch's URL parser still encodes `'`
 * in a query as `%27`; F&O decodes either form.)
 */
export function encodeQueryValue(text: string): string {
  return encodeURIComponent(text).replaceAll('%24', '$').replaceAll('%2C', ',').replaceAll('%3A', ':');
}

export function toQueryString(params: ReadonlyArray<readonly [string, string]>): string {
  if (params.length === 0) return '';
  return `?${params.map(([name, value]) => `${name}=${encodeQueryValue(value)}`).join('&')}`;
}

/** The params that scope a request to a company (reads by filter; keyed calls need only the flag). */
export function companyFilter(
  entity: AnyEntity,
  scope: CompanyScope,
): { filter?: Filter; crossCompany: boolean } {
  if (!entity.companyScoped) return { crossCompany: false };
  if (scope.company) {
    return {
      filter: { text: `dataAreaId eq ${stringLiteral(scope.company)}`, fields: ['dataAreaId'], op: 'cmp' },
      crossCompany: true,
    };
  }
  return { crossCompany: scope.crossCompany === true };
}

export function buildReadQuery<D extends AnyEntity>(
  entity: D,
  query: AnyReadQuery<D>,
  scope: CompanyScope,
): BuiltQuery {
  const params: Array<[string, string]> = [];
  const scoped = companyFilter(entity, scope);
  const own = query.filter?.(filterBuilder(entity));
  const filters = [scoped.filter, own].filter((f): f is Filter => f !== undefined);
  const filter = filters.length > 0 ? filterBuilder(entity).and(...filters) : undefined;
  if (filter) params.push(['$filter', filter.text]);

  const select = [...((query.select as string[] | undefined) ?? Object.keys(entity.fields))];
  params.push(['$select', select.join(',')]);

  let expandSelect: string[] | undefined;
  if (query.expand) {
    const target = entity.navigations[query.expand.navigation]!();
    expandSelect = [...((query.expand.select as string[] | undefined) ?? Object.keys(target.fields))];
    params.push(['$expand', `${query.expand.navigation}($select=${expandSelect.join(',')})`]);
  }
  if (query.orderBy?.length) params.push(['$orderby', query.orderBy.join(',')]);
  if (query.top !== undefined) params.push(['$top', String(query.top)]);
  if (query.skip !== undefined) params.push(['$skip', String(query.skip)]);
  if (query.count) params.push(['$count', 'true']);
  if (scoped.crossCompany) params.push(['cross-company', 'true']);
  return { params, select, ...(expandSelect ? { expandSelect } : {}), ...(filter ? { filter } : {}) };
}
