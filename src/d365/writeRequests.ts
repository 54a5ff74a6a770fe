/**
 * The HTTP shape of each write, built once and used both for a direct call and as an operation inside
 * a `$batch` change set, so the two cannot drift apart. Updates and deletes carry `If-Match`: the ETag
 * the record was read with when the caller has one (F&O then refuses to overwrite a newer version), or
 * `*` (explicitly "whatever version"). Keyed calls carry `cross-company=true` so records outside the
 * F&O user's default company are found.
 */
import { callCompany, entityUrl, type D365Context } from './context.ts';
import type { AnyEntity, KeyOf, RowOf } from './entity/descriptor.ts';
import { toPayload } from './entity/payload.ts';
import type { HttpMethod } from './exchange.ts';
import { keyPredicate } from './odata/key.ts';

export interface PreparedWrite {
  method: Exclude<HttpMethod, 'GET'>;
  url: string;
  entitySet: string;
  headers: Record<string, string>;
  body?: string;
}

export interface WriteOptions {
  company?: string;
  /** The `@odata.etag` the record was read with. */
  etag?: string;
}

const JSON_HEADERS = { 'content-type': 'application/json; odata.metadata=minimal' };

function keyedUrl(context: D365Context, entity: AnyEntity, key: Record<string, unknown>, company?: string) {
  const crossCompany = entity.companyScoped ? '?cross-company=true' : '';
  return entityUrl(context, entity.entitySet, `${keyPredicate(entity, key, company)}${crossCompany}`);
}

export function prepareCreate<D extends AnyEntity>(
  context: D365Context,
  entity: D,
  data: Partial<RowOf<D>>,
  options: WriteOptions = {},
): PreparedWrite {
  // A company the data names picks the legal entity, as `dataAreaId` in a key does: the client's default
  // company fills in only when neither the call nor the data names one (a call's company must agree).
  const named = (data as Record<string, unknown>).dataAreaId;
  const company = options.company ?? (typeof named === 'string' && named ? named : context.defaultCompany);
  const body = toPayload(entity, data as Record<string, unknown>, { company });
  return {
    method: 'POST',
    url: entityUrl(context, entity.entitySet),
    entitySet: entity.entitySet,
    headers: { ...JSON_HEADERS, prefer: 'return=representation' },
    body: JSON.stringify(body),
  };
}

export function prepareUpdate<D extends AnyEntity>(
  context: D365Context,
  entity: D,
  key: KeyOf<D>,
  changes: Partial<RowOf<D>>,
  options: WriteOptions = {},
): PreparedWrite {
  const company = callCompany(context, options);
  const body = toPayload(entity, changes as Record<string, unknown>, { company, omitKeys: true });
  return {
    method: 'PATCH',
    url: keyedUrl(context, entity, key, company),
    entitySet: entity.entitySet,
    headers: { ...JSON_HEADERS, 'if-match': options.etag ?? '*' },
    body: JSON.stringify(body),
  };
}

export function prepareRemove<D extends AnyEntity>(
  context: D365Context,
  entity: D,
  key: KeyOf<D>,
  options: WriteOptions = {},
): PreparedWrite {
  return {
    method: 'DELETE',
    url: keyedUrl(context, entity, key, callCompany(context, options)),
    entitySet: entity.entitySet,
    headers: { 'if-match': options.etag ?? '*' },
  };
}
