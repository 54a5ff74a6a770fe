/**
 * Binds a descriptor to the client's generic operations, giving each entity module its typed functions
 * (`list`, `iterate`, `get`, `count`, and only the writes F&O and the connector allow on that entity,
 * each also as a change-set operation). A write left out is a decision, not an omission: see the
 * entity module for why.
 */
import type { OperationResult } from '../batch/runBatch.ts';
import type { D365Client } from '../client.ts';
import type { Page, ReadOptions, ReadRow } from '../reads.ts';
import type { PreparedWrite, WriteOptions } from '../writeRequests.ts';
import type { WriteCallOptions } from '../writes.ts';
import {
  rowSchema,
  type AnyEntity,
  type FieldName,
  type KeyOf,
  type NavName,
  type NavTarget,
  type Read,
  type RowOf,
} from './descriptor.ts';

export interface ReadApi<D extends AnyEntity> {
  readonly entity: D;
  list<
    K extends FieldName<D> = FieldName<D>,
    N extends NavName<D> = never,
    KN extends FieldName<NavTarget<D, N>> = FieldName<NavTarget<D, N>>,
  >(
    client: D365Client,
    options?: ReadOptions<D, K, N, KN> & { nextLink?: string },
  ): Promise<Page<ReadRow<D, K, N, KN>>>;
  iterate<
    K extends FieldName<D> = FieldName<D>,
    N extends NavName<D> = never,
    KN extends FieldName<NavTarget<D, N>> = FieldName<NavTarget<D, N>>,
  >(
    client: D365Client,
    options?: ReadOptions<D, K, N, KN>,
  ): AsyncIterable<ReadRow<D, K, N, KN>>;
  get<K extends FieldName<D> = FieldName<D>>(
    client: D365Client,
    key: KeyOf<D>,
    options?: { select?: readonly K[]; company?: string; signal?: AbortSignal },
  ): Promise<Read<Pick<RowOf<D>, K>> | undefined>;
  count(
    client: D365Client,
    options?: Pick<ReadOptions<D>, 'filter' | 'company' | 'crossCompany' | 'signal'>,
  ): Promise<number>;
}

export interface WriteApi<D extends AnyEntity> {
  create(client: D365Client, data: Partial<RowOf<D>>, options?: WriteCallOptions): Promise<Read<RowOf<D>>>;
  update(
    client: D365Client,
    key: KeyOf<D>,
    changes: Partial<RowOf<D>>,
    options?: WriteCallOptions,
  ): Promise<void>;
  remove(client: D365Client, key: KeyOf<D>, options?: WriteCallOptions): Promise<void>;
  createOp(client: D365Client, data: Partial<RowOf<D>>, options?: WriteOptions): PreparedWrite;
  updateOp(
    client: D365Client,
    key: KeyOf<D>,
    changes: Partial<RowOf<D>>,
    options?: WriteOptions,
  ): PreparedWrite;
  removeOp(client: D365Client, key: KeyOf<D>, options?: WriteOptions): PreparedWrite;
}

export type WriteKind = 'create' | 'update' | 'remove';

export type EntityApi<D extends AnyEntity, W extends WriteKind> = ReadApi<D> &
  Pick<WriteApi<D>, W | `${W}Op`>;

export function entityApi<D extends AnyEntity, const W extends WriteKind = never>(
  entity: D,
  writes: readonly W[] = [],
): EntityApi<D, W> {
  const read: ReadApi<D> = {
    entity,
    list: (client, options) => client.list(entity, options),
    iterate: (client, options) => client.iterate(entity, options),
    get: (client, key, options) => client.get(entity, key, options),
    count: (client, options) => client.count(entity, options),
  };
  const write: WriteApi<D> = {
    create: (client, data, options) => client.create(entity, data, options),
    update: (client, key, changes, options) => client.update(entity, key, changes, options),
    remove: (client, key, options) => client.remove(entity, key, options),
    createOp: (client, data, options) => client.ops.create(entity, data, options),
    updateOp: (client, key, changes, options) => client.ops.update(entity, key, changes, options),
    removeOp: (client, key, options) => client.ops.remove(entity, key, options),
  };
  const api: Record<string, unknown> = { ...read };
  for (const kind of writes) {
    api[kind] = write[kind];
    api[`${kind}Op`] = write[`${kind}Op`];
  }
  return api as EntityApi<D, W>;
}

/** Reads a created record out of a change-set result (F&O returns it in the operation's body). */
export function createdRow<D extends AnyEntity>(
  entity: D,
  result: OperationResult,
): Read<RowOf<D>> | undefined {
  const parsed = rowSchema(entity, Object.keys(entity.fields)).safeParse(result.body);
  return parsed.success ? (parsed.data as Read<RowOf<D>>) : undefined;
}
