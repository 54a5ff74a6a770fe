// POST, PATCH/PUT and DELETE with F&O's pipeline (behaviour.ts): read-only check → payload read (unknown
// property, wrong type or enum member = 400) → computed fields refused or ignored → the business hook →
// defaults for missing fields → store, all in one atomic change set that is durably committed before the
// answer. `If-Match` with a stale ETag is a 412; no `If-Match` (or `*`) updates unconditionally, as F&O does.
import type { EntityBehaviour, Row } from './behaviour.ts';
import { etagOf, type StoredRecord } from './entityStore.ts';
import { EngineFault, payloadFault, writeFault } from './errors.ts';
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
import { addressed } from './readHandler.ts';
import { contextUrl, metadataLevel, serializeRecord } from './serialize.ts';
import { toStoredValue, unknownProperty } from './values.ts';

function behaviourOf(
  engine: EngineContext,
  set: EntitySetModel,
  method: string,
): EntityBehaviour | undefined {
  const behaviour = engine.behaviours.get(set.name);
  if (behaviour?.readOnly)
    throw new EngineFault(
      400,
      `The entity set '${set.name}' is read-only: ${method} is not allowed.`,
      'payload',
    );
  return behaviour;
}

/** Reads a JSON body into stored values of the fields it names (annotations such as @odata.type dropped). */
function readPayload(set: EntitySetModel, body: string): Row {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw payloadFault('The request body is not valid JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw payloadFault('The request body must be a JSON object with the entity’s properties.');
  const payload: Row = {};
  for (const [name, value] of Object.entries(json)) {
    if (name === '@odata.type') {
      const type = String(value).replace(/^#/, '');
      if (type !== set.qualifiedType)
        throw payloadFault(`A type named '${type}' could not be resolved by the model.`);
      continue;
    }
    if (name.includes('@')) continue;
    const field = set.field(name);
    if (!field) {
      if (set.navigation.some((n) => n.name === name))
        throw payloadFault(`Deep insert and update of navigation property '${name}' are not supported.`);
      throw unknownProperty(set, name);
    }
    payload[name] = toStoredValue(field, value);
  }
  return payload;
}

function applyComputed(behaviour: EntityBehaviour | undefined, set: EntitySetModel, payload: Row): Row {
  const computed = behaviour?.computed;
  if (!computed) return payload;
  const result = { ...payload };
  for (const name of computed.fields) {
    if (!(name in result)) continue;
    if (computed.onWrite === 'refuse')
      throw writeFault(
        `Write failed for table row of type '${set.entityType}'. Infolog: Error: Field '${name}' is calculated by the system and cannot be set.`,
      );
    delete result[name];
  }
  return result;
}

/** `If-Match`: absent or `*` passes; otherwise one of the listed ETags must be the row's current one. */
function checkIfMatch(request: ODataRequest, set: EntitySetModel, record: StoredRecord): void {
  const header = request.headers.get('If-Match');
  if (header === null || header.trim() === '*') return;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  const current = strip(etagOf(record));
  if (header.split(',').some((tag) => strip(tag) === current)) return;
  throw new EngineFault(
    412,
    `Cannot edit a record in ${set.name} (${set.entityType}). The values displayed in the form are not current, so an update or deletion cannot be made. The values in the database will be displayed again.`,
    'write',
  );
}

const prefers = (request: ODataRequest, what: string) => (request.headers.get('Prefer') ?? '').includes(what);

function entityResponse(
  status: number,
  set: EntitySetModel,
  record: StoredRecord,
  request: ODataRequest,
  headers: Record<string, string>,
) {
  const serviceRoot = serviceRootOf(request.url);
  const level = metadataLevel(request.headers.get('Accept'));
  const body: Row =
    level === 'none' ? {} : { '@odata.context': contextUrl(serviceRoot, set, { entity: true }) };
  Object.assign(body, serializeRecord(set, record, { serviceRoot, level }));
  return jsonResponse(status, body, { ETag: etagOf(record), ...headers });
}

export function createEntity(
  engine: EngineContext,
  set: EntitySetModel,
  request: ODataRequest,
): ODataResponse {
  const behaviour = behaviourOf(engine, set, 'POST');
  const payload = applyComputed(behaviour, set, readPayload(set, request.body));
  // The company of a write is the payload's dataAreaId (F&O's PrimaryCompanyContext), else the default one.
  const company = set.hasCompany
    ? String(payload.dataAreaId || engine.defaultCompany).toLowerCase()
    : engine.defaultCompany;
  if (set.hasCompany) payload.dataAreaId = company;
  const record = engine.store.atomically(() => {
    const row = behaviour?.onCreate ? behaviour.onCreate(payload, engine.context(company)) : payload;
    const stored = engine.store.insert(set.name, row);
    return engine.store.record(set.name, stored)!;
  });
  const location = `${serviceRootOf(request.url)}/${set.name}(${formatKey(set, record.r)})`;
  if (prefers(request, 'return=minimal'))
    return {
      status: 204,
      headers: { ...ODATA_HEADERS, ETag: etagOf(record), Location: location, 'OData-EntityId': location },
    };
  return entityResponse(201, set, record, request, { Location: location });
}

export function updateEntity(
  engine: EngineContext,
  set: EntitySetModel,
  key: Row,
  request: ODataRequest,
  mode: 'patch' | 'put',
  options: QueryOptions,
): ODataResponse {
  const behaviour = behaviourOf(engine, set, mode.toUpperCase());
  const existing = addressed(engine, set, key, options);
  checkIfMatch(request, set, existing);
  const patch = applyComputed(behaviour, set, readPayload(set, request.body));
  for (const k of set.keys) {
    if (k in patch && String(patch[k]).toLowerCase() !== String(existing.r[k]).toLowerCase())
      throw writeFault(
        `Write failed for table row of type '${set.entityType}'. Infolog: Error: The key field '${k}' cannot be changed.`,
      );
  }
  const before = existing.r;
  const keyValues = Object.fromEntries(set.keys.map((k) => [k, before[k]]));
  // PATCH merges into the row; PUT replaces it (unnamed fields go back to their defaults in store.replace).
  const after = mode === 'patch' ? { ...before, ...patch, ...keyValues } : { ...patch, ...keyValues };
  const company = set.hasCompany ? String(before.dataAreaId) : engine.defaultCompany;
  const record = engine.store.atomically(() => {
    const row = behaviour?.onUpdate ? behaviour.onUpdate(before, after, engine.context(company)) : after;
    return engine.store.record(set.name, engine.store.replace(set.name, row))!;
  });
  if (prefers(request, 'return=representation')) return entityResponse(200, set, record, request, {});
  return { status: 204, headers: { ...ODATA_HEADERS, ETag: etagOf(record) } };
}

export function deleteEntity(
  engine: EngineContext,
  set: EntitySetModel,
  key: Row,
  request: ODataRequest,
  options: QueryOptions,
): ODataResponse {
  const behaviour = behaviourOf(engine, set, 'DELETE');
  const existing = addressed(engine, set, key, options);
  checkIfMatch(request, set, existing);
  const company = set.hasCompany ? String(existing.r.dataAreaId) : engine.defaultCompany;
  engine.store.atomically(() => {
    behaviour?.onDelete?.(existing.r, engine.context(company));
    // A cascade in onDelete may already have removed the row itself.
    if (engine.store.record(set.name, existing.r)) engine.store.delete(set.name, existing.r);
  });
  return { status: 204, headers: { ...ODATA_HEADERS } };
}
