/**
 * The embedded adapter: PGlite (PostgreSQL compiled to WASM) in `<dataDir>/pglite`, or in memory for
 * tests. PGlite runs one connection and queues queries; `transaction` holds it exclusively, so keep
 * transactions short and never wait on a remote inside one.
 *
 * A query on the outer handle issued from *inside* a transaction's callback (a feed line written while
 * committing, say) would wait for the transaction that waits for it: a deadlock of the whole process.
 * Such queries are recognised through AsyncLocalStorage and run on the transaction instead.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite, type Transaction } from '@electric-sql/pglite';
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
  const openTransaction = new AsyncLocalStorage<Transaction>();
  return {
    kind: 'pglite',
    query: async <T>(text: string, values?: unknown[]) =>
      toResult<T>(await (openTransaction.getStore() ?? pg).query(text, values)),
    async exec(sql) {
      const results = await (openTransaction.getStore() ?? pg).exec(sql);
      const last = results[results.length - 1];
      return last ? toResult(last) : { rows: [], rowCount: 0 };
    },
    transaction: (fn) =>
      pg.transaction((tx) =>
        openTransaction.run(tx, () =>
          fn({
            query: async <T>(text: string, values?: unknown[]) => toResult<T>(await tx.query(text, values)),
          }),
        ),
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
