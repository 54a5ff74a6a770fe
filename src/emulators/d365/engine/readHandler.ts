// GET of collections, single entities, properties and navigations. Collections follow F&O: without
// `cross-company=true` only the default company's rows; filter, order, then $skip/$top, then server paging
// at `pageSize` with an `@odata.nextLink` that repeats every other option plus `$skiptoken=<rows sent>`.
// Keyed access to another company without `cross-company=true` is a 404, as on F&O.
import type { Row } from './behaviour.ts';
import type { StoredRecord } from './entityStore.ts';
import { etagOf } from './entityStore.ts';
import { notFound } from './errors.ts';
import { expander, navigationIndex } from './expand.ts';
import { formatKey } from './keys.ts';
import type { EntitySetModel } from './metadataModel.ts';
import {
  jsonResponse,
  ODATA_HEADERS,
  serviceRootOf,
  type EngineContext,
  type ODataRequest,
  type ODataResponse,
} from './odataService.ts';
import type { QueryOptions } from './queryOptions.ts';
import type { ResourcePath } from './resourcePath.ts';
import { contextUrl, metadataLevel, serializeRecord } from './serialize.ts';
import { compareSortKeys, sortKey } from './values.ts';

/** The company whose rows a request sees: the default company, or all with `cross-company=true`. */
export const scopeOf = (engine: EngineContext, options: QueryOptions) =>
  options.crossCompany ? undefined : engine.defaultCompany;

/** The stored record a keyed URL addresses, or F&O's 404 (also for another company without cross-company). */
export function addressed(
  engine: EngineContext,
  set: EntitySetModel,
  key: Row,
  options: QueryOptions,
): StoredRecord {
  const scope = scopeOf(engine, options);
  if (set.hasCompany && scope !== undefined && key.dataAreaId !== scope.toLowerCase())
    throw notFound(set.name);
  const record = engine.store.record(set.name, key);
  if (!record) throw notFound(set.name);
  return record;
}

function query(records: StoredRecord[], options: QueryOptions): StoredRecord[] {
  const rows = options.filter ? records.filter((rec) => options.filter!(rec.r)) : records;
  if (options.orderby.length === 0) return rows;
  // Each row's sort keys are computed once (date-times parsed, strings lower-cased), not per comparison.
  const keyed = rows.map((rec) => ({
    rec,
    keys: options.orderby.map(({ field }) => sortKey(field, rec.r[field.name])),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < options.orderby.length; i++) {
      const c = compareSortKeys(a.keys[i]!, b.keys[i]!);
      if (c !== 0) return options.orderby[i]!.desc ? -c : c;
    }
    return 0; // Array.prototype.sort is stable: ties keep insertion order, so pages never overlap
  });
  return keyed.map((k) => k.rec);
}

function page(
  engine: EngineContext,
  set: EntitySetModel,
  records: StoredRecord[],
  options: QueryOptions,
  request: ODataRequest,
): ODataResponse {
  const matched = query(records, options);
  const skip = options.skip ?? 0;
  const window = matched.slice(skip, options.top === undefined ? undefined : skip + options.top);
  const sent = window.slice(options.skiptoken, options.skiptoken + engine.pageSize);
  const serviceRoot = serviceRootOf(request.url);
  const level = metadataLevel(request.headers.get('Accept'));
  const expand = expander(engine, options.expand, scopeOf(engine, options), { serviceRoot, level });
  const value = sent.map((rec) => {
    const out = serializeRecord(set, rec, { serviceRoot, level, select: options.select });
    expand(rec.r, out);
    return out;
  });
  const body: Row = {};
  if (level !== 'none') body['@odata.context'] = contextUrl(serviceRoot, set, options);
  if (options.count) body['@odata.count'] = matched.length;
  body.value = value;
  const nextOffset = options.skiptoken + sent.length;
  if (nextOffset < window.length) body['@odata.nextLink'] = nextLink(request.url, nextOffset);
  return jsonResponse(200, body);
}

/** The request's own URL with `$skiptoken` moved on: every other option is kept verbatim. */
function nextLink(url: URL, offset: number): string {
  const params = [...url.searchParams].filter(([name]) => name !== '$skiptoken');
  params.push(['$skiptoken', String(offset)]);
  const query = params.map(
    ([k, v]) => `${encodeURIComponent(k).replace('%24', '$')}=${encodeURIComponent(v)}`,
  );
  return `${url.origin}${url.pathname}?${query.join('&')}`;
}

const countResponse = (n: number): ODataResponse => ({
  status: 200,
  headers: { ...ODATA_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  body: String(n),
});

export function readCollection(
  engine: EngineContext,
  set: EntitySetModel,
  options: QueryOptions,
  request: ODataRequest,
  count: boolean,
): ODataResponse {
  const scope = scopeOf(engine, options);
  const records = options.narrowing
    ? engine.store.recordsWhere(set.name, scope, options.narrowing)
    : engine.store.records(set.name, scope);
  if (count) return countResponse(query(records, { ...options, orderby: [] }).length);
  return page(engine, set, records, options, request);
}

export function readEntity(
  engine: EngineContext,
  set: EntitySetModel,
  key: Row,
  options: QueryOptions,
  request: ODataRequest,
): ODataResponse {
  const record = addressed(engine, set, key, options);
  const serviceRoot = serviceRootOf(request.url);
  const level = metadataLevel(request.headers.get('Accept'));
  const out: Row = {};
  if (level !== 'none') out['@odata.context'] = contextUrl(serviceRoot, set, { ...options, entity: true });
  Object.assign(out, serializeRecord(set, record, { serviceRoot, level, select: options.select }));
  expander(engine, options.expand, scopeOf(engine, options), { serviceRoot, level })(record.r, out);
  return jsonResponse(200, out, { ETag: etagOf(record) });
}

export function readProperty(
  engine: EngineContext,
  path: ResourcePath & { kind: 'property' },
  options: QueryOptions,
  request: ODataRequest,
): ODataResponse {
  const record = addressed(engine, path.set, path.key, options);
  const value = record.r[path.property];
  if (path.raw)
    return {
      status: 200,
      headers: { ...ODATA_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
      body: String(value),
    };
  const context = `${serviceRootOf(request.url)}/$metadata#${path.set.name}(${formatKey(path.set, record.r)})/${path.property}`;
  return jsonResponse(200, { '@odata.context': context, value });
}

export function readNavigation(
  engine: EngineContext,
  path: ResourcePath & { kind: 'navigation' },
  options: QueryOptions,
  request: ODataRequest,
): ODataResponse {
  const record = addressed(engine, path.set, path.key, options);
  if (!path.nav.join) throw notFound(path.nav.name);
  const target = engine.model.set(path.nav.target)!;
  const found = navigationIndex(engine, path.nav, scopeOf(engine, options))(record.r);
  if (path.count) return countResponse(found.length);
  // The query options were parsed against the target set: they shape the navigated collection.
  if (path.nav.many) return page(engine, target, found, options, request);
  if (!found[0]) return { status: 204, headers: { ...ODATA_HEADERS } };
  const serviceRoot = serviceRootOf(request.url);
  const level = metadataLevel(request.headers.get('Accept'));
  const out: Row = { '@odata.context': contextUrl(serviceRoot, target, { entity: true }) };
  Object.assign(out, serializeRecord(target, found[0], { serviceRoot, level }));
  return jsonResponse(200, out, { ETag: etagOf(found[0]) });
}
