// Entity rows in the journaled DurableTables: one table per entity set, keyed by the canonical key string.
// Each stored record carries F&O's RecId and a RecVersion beside the row, which the ETag is made of.
// Every write outside an open change set is its own change set, committed before the call returns, so a
// business simulation that writes directly is as durable as an OData request.
import type { DurableTables } from '../../shared/durableTables.ts';
import type { EntityStore, Row } from './behaviour.ts';
import { writeFault } from './errors.ts';
import { narrowingKey, type Narrowing } from './filterNarrowing.ts';
import { canonicalKey } from './keys.ts';
import type { EntitySetModel, MetadataModel } from './metadataModel.ts';
import { completeRow, defaultValue, toStoredValue } from './values.ts';

/** What a table holds per row: the row, its RecVersion and RecId. */
export interface StoredRecord {
  r: Row;
  v: number;
  id: number;
}

/** Engine bookkeeping (RecId counter, seeding flag, token key) lives in this table. */
export const META_TABLE = '_meta';
/** F&O's RecIds of a fresh database start here. */
const FIRST_REC_ID = 5_637_144_576;

export class DurableEntityStore implements EntityStore {
  private depth = 0;

  constructor(
    readonly tables: DurableTables,
    readonly model: MetadataModel,
  ) {}

  list(entitySet: string, company?: string): Row[] {
    return this.records(entitySet, company).map((rec) => rec.r);
  }

  listBy(entitySet: string, company: string, field: string, value: unknown): Row[] {
    const set = this.setModel(entitySet);
    const scope = set.hasCompany ? company.toLowerCase() : '';
    const records = this.tables.lookup(
      set.name,
      field,
      (rec) =>
        fieldIndexKey(
          set.hasCompany ? (rec as StoredRecord).r.dataAreaId : '',
          (rec as StoredRecord).r[field],
        ),
      fieldIndexKey(scope, value),
    ) as StoredRecord[];
    return records.map((rec) => rec.r);
  }

  /** The stored records (optionally one company's) whose string `field`, lower-cased, is one of `values`. */
  recordsWhere(entitySet: string, company: string | undefined, where: Narrowing): StoredRecord[] {
    const set = this.setModel(entitySet);
    const { field, values } = where;
    const found = this.tables.lookup(
      set.name,
      `caseless:${field}`,
      (rec) => narrowingKey((rec as StoredRecord).r[field]),
      values,
    ) as StoredRecord[];
    if (company === undefined || !set.hasCompany) return found;
    const wanted = company.toLowerCase();
    return found.filter((rec) => rec.r.dataAreaId === wanted);
  }

  /** The stored records of a set (with RecVersion and RecId), optionally one company's. */
  records(entitySet: string, company?: string): StoredRecord[] {
    const set = this.setModel(entitySet);
    const all = this.tables.rows(set.name) as StoredRecord[];
    if (company === undefined || !set.hasCompany) return all;
    const wanted = company.toLowerCase();
    return all.filter((rec) => rec.r.dataAreaId === wanted);
  }

  get(entitySet: string, key: Row): Row | undefined {
    return this.record(entitySet, key)?.r;
  }

  record(entitySet: string, key: Row): StoredRecord | undefined {
    const set = this.setModel(entitySet);
    return this.tables.get(set.name, canonicalKey(set, storedKey(set, key))) as StoredRecord | undefined;
  }

  insert(entitySet: string, row: Row): Row {
    const set = this.setModel(entitySet);
    const complete = completeRow(set, row);
    const key = canonicalKey(set, complete);
    return this.atomically(() => {
      if (this.tables.get(set.name, key)) throw duplicateKey(set, complete);
      this.tables.put(set.name, key, { r: complete, v: 0, id: this.nextRecId() } satisfies StoredRecord);
      return complete;
    });
  }

  replace(entitySet: string, row: Row): Row {
    const set = this.setModel(entitySet);
    const complete = completeRow(set, row);
    const key = canonicalKey(set, complete);
    return this.atomically(() => {
      const existing = this.tables.get(set.name, key) as StoredRecord | undefined;
      if (!existing)
        throw writeFault(
          `Cannot edit a record in ${set.name} (${set.entityType}). The record does not exist.`,
        );
      this.tables.put(set.name, key, {
        r: complete,
        v: existing.v + 1,
        id: existing.id,
      } satisfies StoredRecord);
      return complete;
    });
  }

  delete(entitySet: string, key: Row): void {
    const set = this.setModel(entitySet);
    const id = canonicalKey(set, storedKey(set, key));
    this.atomically(() => {
      if (!this.tables.get(set.name, id))
        throw writeFault(
          `Cannot delete a record in ${set.name} (${set.entityType}). The record does not exist.`,
        );
      this.tables.delete(set.name, id);
    });
  }

  /** Joins the open change set, or opens one that commits (durably) when `fn` returns and rolls back if it throws. */
  atomically<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth++;
    try {
      return this.tables.atomically(fn);
    } finally {
      this.depth--;
    }
  }

  meta<T>(name: string): T | undefined {
    return this.tables.get(META_TABLE, name) as T | undefined;
  }

  setMeta(name: string, value: unknown): void {
    this.atomically(() => this.tables.put(META_TABLE, name, value));
  }

  setModel(entitySet: string): EntitySetModel {
    const set = this.model.set(entitySet);
    if (!set) throw new Error(`EntityStore: '${entitySet}' is not an entity set of the metadata extract`);
    return set;
  }

  private nextRecId(): number {
    const next = this.meta<number>('recId') ?? FIRST_REC_ID;
    this.tables.put(META_TABLE, 'recId', next + 1);
    return next;
  }
}

/** A row's bucket in a field index: its company and the field's value, exactly as stored. */
export function fieldIndexKey(company: unknown, value: unknown): string {
  return `${String(company)}\u0000${typeof value}\u0000${String(value)}`;
}

/** The key fields of a row in stored form (a missing key part is the empty value, e.g. a variant without a style). */
function storedKey(set: EntitySetModel, row: Row): Row {
  const key: Row = {};
  for (const k of set.keys) {
    const field = set.field(k)!;
    key[k] = row[k] === undefined ? defaultValue(field) : toStoredValue(field, row[k]);
  }
  return key;
}

/** F&O's duplicate-key Infolog ("Cannot create a record in … The record already exists."). */
function duplicateKey(set: EntitySetModel, row: Row) {
  const values = set.keys.map((k) => `${k}: ${String(row[k])}`).join(', ');
  return writeFault(
    `Write failed for table row of type '${set.entityType}'. Infolog: Error: Cannot create a record in ${set.name} (${set.entityType}). ${values}. The record already exists.`,
  );
}

/** F&O's ETag: W/"base64('<RecVersion>,<RecId>')". */
export function etagOf(record: StoredRecord): string {
  return `W/"${Buffer.from(`'${record.v},${record.id}'`).toString('base64')}"`;
}
