/**
 * Numbered SQL migrations (`migrations/NNN_name.sql`), applied in order at start and by
 * `connector migrate`. Each runs in its own transaction under an advisory lock, so several processes
 * starting together against one PostgreSQL apply each migration exactly once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const LOCK_KEY = 7_305_200_001; // arbitrary, constant: "connector migrations"

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{3}_.+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(MIGRATIONS_DIR + file, 'utf8'),
    }));
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;

/**
 * Creates the bookkeeping table under the migration lock: `IF NOT EXISTS` alone is not safe against a
 * concurrent create (duplicate type or catalog row), and several processes may start together.
 */
async function ensureTable(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query(CREATE_TABLE);
  });
}

export async function appliedVersions(db: Db): Promise<number[]> {
  await ensureTable(db);
  const { rows } = await db.query<{ version: number }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  return rows.map((r) => r.version);
}

/**
 * Applies what is missing; returns the migrations applied now. `until` stops after that version (tests
 * of a migration over data written by the versions before it).
 */
export async function migrate(db: Db, options: { until?: number } = {}): Promise<Migration[]> {
  await ensureTable(db);
  const applied: Migration[] = [];
  for (const migration of listMigrations().filter((m) => m.version <= (options.until ?? Infinity))) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const { rows } = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
        migration.version,
      ]);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration);
  }
  return applied;
}

/** True when every known migration is applied (readiness). Reads only: a probe must not write. */
export async function isCurrent(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS present`,
  );
  if (!rows[0]?.present) return false;
  const versions = new Set(
    (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
  );
  return listMigrations().every((m) => versions.has(m.version));
}

/**
 * Splits a migration into statements so each runs through the parameterised path, which both adapters
 * share inside a transaction. Our migrations keep `;` out of strings and bodies.
 */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
