/**
 * The embedded adapter: PGlite (PostgreSQL compiled to WASM) in `<dataDir>/pglite`, or in memory for
 * tests. PGlite runs one connection and queues queries; `transaction` holds it exclusively, so keep
 * transactions short and never wait on a remote inside one.
 */
import { PGlite } from '@electric-sql/pglite';
import type { Db, QueryResult, Queryable } from './db.ts';

function toResult<T>(res: { rows: unknown[]; affectedRows?: number }): QueryResult<T> {
  return { rows: res.rows as T[], rowCount: res.affectedRows ?? res.rows.length };
}

export async function openPglite(path?: string): Promise<Db> {
  // BIGINT as JS numbers, as the PostgreSQL adapter does: our ids and counters stay below 2^53.
  const parsers = { 20: (value: string) => Number(value) };
  const pg = await PGlite.create(path ? { dataDir: path, parsers } : { parsers });
  let closed = false;
  const run = async <T>(q: Queryable | PGlite, text: string, values?: unknown[]) =>
    toResult<T>(await (q as PGlite).query(text, values as unknown[] | undefined));
  return {
    kind: 'pglite',
    query: <T>(text: string, values?: unknown[]) => run<T>(pg, text, values),
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
