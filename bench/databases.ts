/**
 * The two databases the benchmarks run on: PGlite in a temporary data directory (as the connector keeps
 * it, on disk), and a throwaway schema on a PostgreSQL server (DATABASE_URL, or the local test server).
 * Each comes with the pg-boss schema to use and a cleanup that removes everything it made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openPglite } from '../src/store/pgliteDb.ts';
import { openPostgres } from '../src/store/postgresDb.ts';
import { migrate } from '../src/store/migrate.ts';
import type { Db } from '../src/store/db.ts';

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDb {
  label: 'PGlite' | 'PostgreSQL';
  db: Db;
  bossSchema: string;
  close(): Promise<void>;
}

export async function openBenchPglite(): Promise<BenchDb> {
  const dir = mkdtempSync(join(tmpdir(), 'connector-bench-'));
  const db = await openPglite(join(dir, 'pglite'));
  await migrate(db);
  return {
    label: 'PGlite',
    db,
    bossSchema: 'pgboss',
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openBenchPostgres(url: string): Promise<BenchDb> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const db = await openPostgres({ url, schema });
  await migrate(db);
  const bossSchema = `${schema}_boss`;
  return {
    label: 'PostgreSQL',
    db,
    bossSchema,
    async close() {
      await db.query(`DROP SCHEMA IF EXISTS "${bossSchema}" CASCADE`);
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.close();
    },
  };
}

/** The server's version, or why it cannot be reached. */
export async function postgresVersion(url: string): Promise<{ version?: string; error?: string }> {
  try {
    const db = await openPostgres({ url, max: 1 });
    try {
      const { rows } = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      return { version: rows[0]?.v };
    } finally {
      await db.close();
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
