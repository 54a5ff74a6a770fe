/**
 * Direct writes. A create (POST) is not idempotent: after an ambiguous failure it is not resent and the
 * error says `outcomeUnknown` — the caller looks the record up by its own reference first. Updates
 * (PATCH with the same body) and deletes may be resent — but their answer to the resend may describe what
 * the attempt whose answer was lost did: a delete that then finds nothing has done its work, and a PATCH
 * with an ETag that is then refused (412) may have changed the record itself, so its outcome is unknown.
 */
import { ConnectorError } from '../errors.ts';
import type { D365Context } from './context.ts';
import { rowSchema, type AnyEntity, type KeyOf, type Read, type RowOf } from './entity/descriptor.ts';
import { outcomeUnknown } from './exchange.ts';
import { fnoError, parseFnoErrorBody } from './fnoErrors.ts';
import { parseJson } from './reads.ts';
import { prepareCreate, prepareRemove, prepareUpdate, type WriteOptions } from './writeRequests.ts';

export interface WriteCallOptions extends WriteOptions {
  signal?: AbortSignal;
}

/** Creates the record and returns it as F&O stored it (number sequences and defaults filled in). */
export async function create<D extends AnyEntity>(
  context: D365Context,
  entity: D,
  data: Partial<RowOf<D>>,
  options: WriteCallOptions = {},
): Promise<Read<RowOf<D>>> {
  const prepared = prepareCreate(context, entity, data, options);
  const response = await context.exchange({ ...prepared, idempotent: false, signal: options.signal });
  if (!response.text.trim()) {
    throw new ConnectorError('remote', `D365 created a ${entity.entitySet} record but did not return it`, {
      context: { entitySet: entity.entitySet, status: response.status, applied: true },
    });
  }
  let body: unknown;
  try {
    body = parseJson(response.text, entity.entitySet);
  } catch (error) {
    // A 2xx means F&O created the record: say so, or a caller might create it again.
    throw new ConnectorError(
      'remote',
      `D365 created a ${entity.entitySet} record but its answer is not JSON`,
      {
        context: { entitySet: entity.entitySet, status: response.status, applied: true },
        cause: error,
      },
    );
  }
  const row = rowSchema(entity, Object.keys(entity.fields)).safeParse(body);
  if (!row.success) {
    throw new ConnectorError(
      'remote',
      `D365 created a ${entity.entitySet} record this connector cannot read back`,
      {
        context: { entitySet: entity.entitySet, applied: true, field: row.error.issues[0]?.path.join('.') },
      },
    );
  }
  return row.data as Read<RowOf<D>>;
}

export async function update<D extends AnyEntity>(
  context: D365Context,
  entity: D,
  key: KeyOf<D>,
  changes: Partial<RowOf<D>>,
  options: WriteCallOptions = {},
): Promise<void> {
  const prepared = prepareUpdate(context, entity, key, changes, options);
  const response = await context.exchange({
    ...prepared,
    idempotent: true,
    passStatuses: [412],
    signal: options.signal,
  });
  if (response.status !== 412) return;
  const activityId = response.headers.get('ms-dyn-aid');
  const ids = { attempts: response.attempts, ...(activityId ? { activityId } : {}) };
  if (response.afterAmbiguousAttempt) {
    // The ETag no longer matches — perhaps because the attempt whose answer was lost applied this very
    // change. Reporting a conflict would be false as often as true: the caller reads the record back.
    throw outcomeUnknown('PATCH', entity.entitySet, '412 after an attempt whose answer was lost', {
      status: 412,
      ...ids,
    });
  }
  throw fnoError({
    status: 412,
    body: parseFnoErrorBody(response.text),
    method: 'PATCH',
    entitySet: entity.entitySet,
    context: ids,
  });
}

export async function remove<D extends AnyEntity>(
  context: D365Context,
  entity: D,
  key: KeyOf<D>,
  options: WriteCallOptions = {},
): Promise<void> {
  const prepared = prepareRemove(context, entity, key, options);
  const response = await context.exchange({
    ...prepared,
    idempotent: true,
    passStatuses: [404],
    signal: options.signal,
  });
  if (response.status === 404 && !response.afterAmbiguousAttempt) {
    throw fnoError({
      status: 404,
      body: parseFnoErrorBody(response.text),
      method: 'DELETE',
      entitySet: entity.entitySet,
    });
  }
}
