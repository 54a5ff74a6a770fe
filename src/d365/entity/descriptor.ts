/**
 * An entity descriptor: the entity set, its key and the fields the connector uses, each named exactly
 * as in F&O's metadata. Everything else derives from it — the zod schema rows are read with, the
 * `$select` list, the typed filter builder, key formatting, write payloads — so a name exists in one
 * place and `metadataNames.test.ts` can check it against the metadata extract mechanically.
 */
import { z } from 'zod';
import type { Field, ValueOf } from './fields.ts';

export type FieldMap = Record<string, Field<unknown>>;

/** Navigation properties the connector expands, each pointing at its target's descriptor (lazily). */
export type NavMap = Record<string, () => AnyEntity>;

export interface EntityDescriptor<
  F extends FieldMap = FieldMap,
  K extends keyof F & string = keyof F & string,
  N extends NavMap = NavMap,
> {
  readonly entitySet: string;
  readonly keys: readonly K[];
  readonly fields: F;
  /** Reads one whole row (all fields of the descriptor); unknown properties are dropped. */
  readonly schema: z.ZodObject<{ [P in keyof F]: F[P]['schema'] }>;
  /** Company-specific (has `dataAreaId` in its key) rather than shared across legal entities. */
  readonly companyScoped: boolean;
  readonly navigations: N;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEntity = EntityDescriptor<any, any, any>;

export type FieldsOf<D extends AnyEntity> = D['fields'];
export type FieldName<D extends AnyEntity> = keyof FieldsOf<D> & string;
export type KeyName<D extends AnyEntity> = D['keys'][number];
export type RowOf<D extends AnyEntity> = { [P in FieldName<D>]: ValueOf<FieldsOf<D>[P]> };
export type NavName<D extends AnyEntity> = keyof D['navigations'] & string;
export type NavTarget<D extends AnyEntity, N extends NavName<D>> = ReturnType<D['navigations'][N]>;

/** A row as read: the selected fields plus the ETag F&O sends with every record. */
export type Read<T> = T & { '@odata.etag'?: string };

/** The key of one record; `dataAreaId` may be left out and is then taken from the call's company. */
export type KeyOf<D extends AnyEntity> = Omit<Pick<RowOf<D>, KeyName<D>>, 'dataAreaId'> & {
  dataAreaId?: string;
};

export function defineEntity<
  F extends FieldMap,
  const K extends keyof F & string,
  N extends NavMap = NavMap,
>(spec: {
  entitySet: string;
  keys: readonly [K, ...K[]];
  fields: F;
  navigations?: N;
}): EntityDescriptor<F, K, N> {
  for (const key of spec.keys) {
    if (!(key in spec.fields)) throw new Error(`${spec.entitySet}: key field ${key} is not among its fields`);
  }
  const shape = Object.fromEntries(Object.entries(spec.fields).map(([name, field]) => [name, field.schema]));
  return {
    entitySet: spec.entitySet,
    keys: spec.keys,
    fields: spec.fields,
    schema: z.object(shape) as EntityDescriptor<F, K, N>['schema'],
    companyScoped: (spec.keys as readonly string[]).includes('dataAreaId'),
    navigations: (spec.navigations ?? {}) as N,
  };
}

/** The schema for a `$select`ed subset (always including the ETag annotation). */
export function rowSchema(entity: AnyEntity, select: readonly string[]): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = { '@odata.etag': z.string().optional() };
  for (const name of select) {
    const field = (entity.fields as FieldMap)[name];
    if (!field) throw new Error(`${entity.entitySet} has no field ${name} in its descriptor`);
    shape[name] = field.schema;
  }
  return z.object(shape);
}
