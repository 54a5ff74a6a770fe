/**
 * The F&O OData client — the one chokepoint for talking to D365 (DESIGN §4.2). It owns the Entra
 * token, the environment's concurrency cap and pause, retries and the exchange log; the entity modules
 * in `entities/` are thin typed functions over the generic operations here. Built only by main.ts (and
 * tests): `createD365Client({ connection, log, ... })`.
 */
import type { ExchangeObserver } from '../http/exchangeObserver.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retryPolicy.ts';
import { sleep as realSleep } from './abort.ts';
import { executeBatch, runChangeSet, type ChangeSetResult, type OperationResult } from './batch/runBatch.ts';
import { gateFor } from './concurrencyGate.ts';
import { dataRoot, environmentOrigin, type D365Connection } from './connection.ts';
import type { D365Context } from './context.ts';
import type { AnyEntity, FieldName, KeyOf, NavName, NavTarget, Read, RowOf } from './entity/descriptor.ts';
import { createExchange } from './exchange.ts';
import type { ExchangeLogger } from './exchangeLog.ts';
import { count, getByKey, iterate, listPage, type Page, type ReadOptions, type ReadRow } from './reads.ts';
import { createTokenProvider } from './tokenProvider.ts';
import { readWhereIn } from './readWhereIn.ts';
import type { FilterValue } from './odata/filter.ts';
import {
  prepareCreate,
  prepareRemove,
  prepareUpdate,
  type PreparedWrite,
  type WriteOptions,
} from './writeRequests.ts';
import { create, remove, update, type WriteCallOptions } from './writes.ts';

export interface D365ClientOptions {
  connection: D365Connection;
  log: ExchangeLogger;
  /** Told of every exchange (the metrics seam, issue 20). */
  observer?: ExchangeObserver;
  /** The legal entity (dataAreaId) calls address when they name none. */
  defaultCompany?: string;
  /**
   * Divides the client's own backoff, as the emulators speed up their windows. Retry-After is taken as
   * sent (an emulator scales it itself). Default 1.
   */
  timeScale?: number;
  fetch?: typeof fetch;
  retryPolicy?: RetryPolicy;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** One attempt may take this long before it counts as a network timeout. Default 120 s. */
  requestTimeoutMs?: number;
  /** Longer waits are not slept through but handed back as a transient error. Default 60 s. */
  maxWaitMs?: number;
  now?: () => number;
}

type Q<
  D extends AnyEntity,
  K extends FieldName<D>,
  N extends NavName<D>,
  KN extends FieldName<NavTarget<D, N>>,
> = ReadOptions<D, K, N, KN>;

export interface D365Client {
  readonly environmentUrl: string;
  readonly defaultCompany?: string;
  /** One page of rows; continue with `{ nextLink }` from the previous page. */
  list<
    D extends AnyEntity,
    K extends FieldName<D> = FieldName<D>,
    N extends NavName<D> = never,
    KN extends FieldName<NavTarget<D, N>> = FieldName<NavTarget<D, N>>,
  >(
    entity: D,
    options?: Q<D, K, N, KN> & { nextLink?: string },
  ): Promise<Page<ReadRow<D, K, N, KN>>>;
  /** Every matching row across F&O's server-driven pages. */
  iterate<
    D extends AnyEntity,
    K extends FieldName<D> = FieldName<D>,
    N extends NavName<D> = never,
    KN extends FieldName<NavTarget<D, N>> = FieldName<NavTarget<D, N>>,
  >(
    entity: D,
    options?: Q<D, K, N, KN>,
  ): AsyncIterable<ReadRow<D, K, N, KN>>;
  /**
   * Every row whose `field` is one of `values`, in as few requests as the URL allows (F&O has no `in`;
   * readWhereIn.ts). `filter`, when given, is ANDed to each request's.
   */
  readWhereIn<
    D extends AnyEntity,
    F extends FieldName<D>,
    K extends FieldName<D> = FieldName<D>,
    N extends NavName<D> = never,
    KN extends FieldName<NavTarget<D, N>> = FieldName<NavTarget<D, N>>,
  >(
    entity: D,
    field: F,
    values: Iterable<FilterValue<D['fields'][F]>>,
    options?: Q<D, K, N, KN>,
  ): Promise<ReadRow<D, K, N, KN>[]>;
  count<D extends AnyEntity>(
    entity: D,
    options?: Pick<ReadOptions<D>, 'filter' | 'company' | 'crossCompany' | 'signal'>,
  ): Promise<number>;
  get<D extends AnyEntity, K extends FieldName<D> = FieldName<D>>(
    entity: D,
    key: KeyOf<D>,
    options?: { select?: readonly K[]; company?: string; signal?: AbortSignal },
  ): Promise<Read<Pick<RowOf<D>, K>> | undefined>;
  create<D extends AnyEntity>(
    entity: D,
    data: Partial<RowOf<D>>,
    options?: WriteCallOptions,
  ): Promise<Read<RowOf<D>>>;
  update<D extends AnyEntity>(
    entity: D,
    key: KeyOf<D>,
    changes: Partial<RowOf<D>>,
    options?: WriteCallOptions,
  ): Promise<void>;
  remove<D extends AnyEntity>(entity: D, key: KeyOf<D>, options?: WriteCallOptions): Promise<void>;
  /** Operations to put in a change set (same shape as the direct calls). */
  readonly ops: {
    create<D extends AnyEntity>(entity: D, data: Partial<RowOf<D>>, options?: WriteOptions): PreparedWrite;
    update<D extends AnyEntity>(
      entity: D,
      key: KeyOf<D>,
      changes: Partial<RowOf<D>>,
      options?: WriteOptions,
    ): PreparedWrite;
    remove<D extends AnyEntity>(entity: D, key: KeyOf<D>, options?: WriteOptions): PreparedWrite;
  };
  /**
   * Several change sets in one `$batch`; each is atomic on its own, results in order. A failure of the
   * first POST is thrown; after that the results of earlier rounds are always returned.
   */
  batch(
    changeSets: readonly (readonly PreparedWrite[])[],
    options?: { signal?: AbortSignal },
  ): Promise<ChangeSetResult[]>;
  /**
   * One atomic change set: every operation applied, or a ConnectorError and none — unless it says
   * `outcomeUnknown` (the answer was lost or incomplete: read back before sending again).
   */
  changeSet(
    operations: readonly PreparedWrite[],
    options?: { signal?: AbortSignal },
  ): Promise<OperationResult[]>;
}

export function createD365Client(options: D365ClientOptions): D365Client {
  const { connection } = options;
  const environmentUrl = environmentOrigin(connection);
  const now = options.now ?? Date.now;
  const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const timeScale = options.timeScale ?? 1;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const fetchFn = options.fetch ?? fetch;
  const exchange = createExchange({
    fetch: fetchFn,
    tokens: createTokenProvider({ connection, fetch: fetchFn, now }),
    gate: gateFor(environmentUrl, connection.maxConcurrentRequests ?? 4),
    log: options.log,
    observer: options.observer,
    policy,
    sleep,
    random,
    timeScale,
    requestTimeoutMs: options.requestTimeoutMs ?? 120_000,
    maxWaitMs,
    now,
  });
  const context: D365Context = {
    exchange,
    dataRoot: dataRoot(connection),
    origin: new URL(environmentUrl).origin,
    ...(options.defaultCompany ? { defaultCompany: options.defaultCompany } : {}),
    policy,
    sleep,
    random,
    timeScale,
    maxWaitMs,
  };
  return {
    environmentUrl,
    ...(options.defaultCompany ? { defaultCompany: options.defaultCompany } : {}),
    list: (entity, opts) => listPage(context, entity, opts),
    iterate: (entity, opts) => iterate(context, entity, opts),
    readWhereIn: (entity, field, values, opts) => readWhereIn(context, entity, field, values, opts),
    count: (entity, opts) => count(context, entity, opts),
    get: (entity, key, opts) => getByKey(context, entity, key, opts),
    create: (entity, data, opts) => create(context, entity, data, opts),
    update: (entity, key, changes, opts) => update(context, entity, key, changes, opts),
    remove: (entity, key, opts) => remove(context, entity, key, opts),
    ops: {
      create: (entity, data, opts) => prepareCreate(context, entity, data, opts),
      update: (entity, key, changes, opts) => prepareUpdate(context, entity, key, changes, opts),
      remove: (entity, key, opts) => prepareRemove(context, entity, key, opts),
    },
    batch: (changeSets, opts) => executeBatch(context, changeSets, opts),
    changeSet: (operations, opts) => runChangeSet(context, operations, opts),
  };
}
