/**
 * The embedded adapter: PGlite (PostgreSQL compiled to WASM) in `<dataDir>/pglite`, or in memory for
 * tests. PGlite runs one connection and queues queries; `transaction` holds it exclusively, so keep
 * transactions short and never wait on a remote inside one.
 *
 * A query on the outer handle issued from *inside* a transaction's callback (a feed line written while
 * committing, say) would wait for the transaction that waits for it: a deadlock of the whole process.
 * Such queries are recognised through AsyncLocalStorage and run on the transaction instead.
 *
 * PGlite's initdb leaves its files 0666 (it chmods them explicitly, so the umask does not help), and
 * a few it rewrites on every open come out 0644: the files are made private (0600, directories 0700)
 * after each open and close. PostgreSQL's own later files are created 0600 anyway.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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

/** Makes the database's files readable by their owner alone: 0600 files, 0700 directories. */
export function makePrivate(path: string): void {
  chmodSync(path, 0o700);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) makePrivate(child);
    else if (entry.isFile()) chmodSync(child, 0o600);
  }
}

export async function createPglite(path?: string, options: PgliteOptions = {}): Promise<PGlite> {
  if (path) mkdirSync(path, { recursive: true, mode: 0o700 });
  const pg = await PGlite.create({
    ...(path ? { dataDir: path } : {}),
    parsers,
    loadDataDir: options.loadDataDir,
  });
  if (path) makePrivate(path);
  return pg;
}

export function wrapPglite(pg: PGlite, path?: string): Db {
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
      if (path) makePrivate(path);
    },
  };
}

export async function openPglite(path?: string, options: PgliteOptions = {}): Promise<Db> {
  return wrapPglite(await createPglite(path, options), path);
}
