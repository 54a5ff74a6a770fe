/**
 * The embedded adapter: PGlite (PostgreSQL compiled to WASM) in `<dataDir>/pglite`, or in memory for
 * tests. PGlite runs one connection and queues queries; `transaction` holds it exclusively, so keep
 * transactions short and never wait on a remote inside one.
 */
import { PGlite } from '@electric-sql/pglite';
import type { Db, QueryResult } from './db.ts';

// BIGINT as JS numbers, as the PostgreSQL adapter does: our ids and counters stay below 2^53.
const parsers = { 20: (value: string) => Number(value) };

function toResult<T>(res: { rows: unknown[]; affectedRows?: number }): QueryResult<T> {
  return { rows: res.rows as T[], rowCount: res.affectedRows ?? res.rows.length };
}

export interface PgliteOptions {
  /** Start from a dumped data directory instead of running initdb (tests use a migrated template). */
  loadDataDir?: Blob;
}

export async function createPglite(path?: string, options: PgliteOptions = {}): Promise<PGlite> {
  return PGlite.create({ ...(path ? { dataDir: path } : {}), parsers, loadDataDir: options.loadDataDir });
}

export function wrapPglite(pg: PGlite): Db {
  let closed = false;
  return {
    kind: 'pglite',
    query: async <T>(text: string, values?: unknown[]) => toResult<T>(await pg.query(text, values)),
    async exec(sql) {
      const results = await pg.exec(sql);
      const last = results[results.length - 1];
      return last ? toResult(last) : { rows: [], rowCount: 0 };
    },
    transaction: (fn) =>
      pg.transaction((tx) =>
        fn({
          query: async <T>(text: string, values?: unknown[]) => toResult<T>(await tx.query(text, values)),
        }),
      ),
    async close() {
      if (closed) return;
      closed = true;
      await pg.close();
    },
  };
}

export async function openPglite(path?: string, options: PgliteOptions = {}): Promise<Db> {
  return wrapPglite(await createPglite(path, options));
}
