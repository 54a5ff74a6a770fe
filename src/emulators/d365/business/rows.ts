// Row writes the business side performs itself (seed, simulations, mirrors): always complete rows in
// metadata shape, and idempotent inserts so seeding an already seeded store changes nothing.
import type { EntityStore, Row } from '../engine/behaviour.ts';
import { completeRow, keyOf } from './metadata.ts';

export function insertRow(store: EntityStore, entitySet: string, row: Row): Row {
  return store.insert(entitySet, completeRow(entitySet, row));
}

/** Inserts unless a row with the same key exists (seeding twice is harmless). */
export function ensureRow(store: EntityStore, entitySet: string, row: Row): Row {
  const existing = store.get(entitySet, keyOf(entitySet, row));
  return existing ?? insertRow(store, entitySet, row);
}

/** Merges `changes` into the stored row with `key`; returns the new row, or undefined when absent. */
export function patchRow(store: EntityStore, entitySet: string, key: Row, changes: Row): Row | undefined {
  const existing = store.get(entitySet, key);
  if (!existing) return undefined;
  return store.replace(entitySet, completeRow(entitySet, { ...existing, ...changes }));
}

/** Replaces the row when it exists, inserts it otherwise. */
export function upsertRow(store: EntityStore, entitySet: string, row: Row): Row {
  const key = keyOf(entitySet, row);
  return patchRow(store, entitySet, key, row) ?? insertRow(store, entitySet, row);
}

/** Deletes the row with `key` when it exists (mirrors may lack a view, e.g. a master-only set). */
export function deleteIfExists(store: EntityStore, entitySet: string, key: Row): void {
  if (store.get(entitySet, keyOf(entitySet, key))) store.delete(entitySet, keyOf(entitySet, key));
}
