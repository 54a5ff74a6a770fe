/**
 * Test databases: each test gets a fresh one. With TEST_DATABASE_URL set, a new schema on that
 * PostgreSQL server (dropped afterwards); otherwise an in-memory PGlite. Same migrations either way.
 * useTestStore gives each test of a file its own store; testOnce is performOnce's context over one.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import { createPglite, openPglite, wrapPglite } from '../../src/store/pgliteDb.ts';
import { openPostgres } from '../../src/store/postgresDb.ts';
import { migrate } from '../../src/store/migrate.ts';
import type { Db, Queryable } from '../../src/store/db.ts';
import { createSealer } from '../../src/store/crypto.ts';
import type { Store } from '../../src/store/openStore.ts';
import type { OnceContext } from '../../src/engine/performOnce.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const onPostgres = Boolean(TEST_DATABASE_URL);

export function uniqueSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export interface TestDb {
  db: Db;
  /** The PostgreSQL schema, when on PostgreSQL. */
  schema?: string;
  close(): Promise<void>;
}

// PGlite's initdb takes seconds; a migrated template, dumped once per test process, loads in a fraction.
let template: Promise<Blob> | undefined;
function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const pg = await createPglite();
    await migrate(wrapPglite(pg));
    const dump = await pg.dumpDataDir('none');
    await pg.close();
    return dump;
  })();
  return template;
}

export async function openTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  let db: Db;
  let schema: string | undefined;
  if (TEST_DATABASE_URL) {
    schema = uniqueSchema();
    db = await openPostgres({ url: TEST_DATABASE_URL, schema, max: 4 });
    if (options.migrate !== false) await migrate(db);
  } else if (options.migrate !== false) {
    db = await openPglite(undefined, { loadDataDir: await migratedTemplate() });
  } else {
    db = await openPglite();
  }
  return {
    db,
    schema,
    async close() {
      if (schema) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await db.close();
    },
  };
}

export async function openTestStore(): Promise<Store & { schema?: string }> {
  const t = await openTestDb();
  return { db: t.db, schema: t.schema, sealer: createSealer(randomBytes(32)), close: t.close };
}

/**
 * A fresh test store for each test of the file, opened before and closed after it. The store returned
 * reads the running test's, so a file keeps one `const store = useTestStore()` at its top.
 */
export function useTestStore(): Store {
  let current: Store | undefined;
  const open = () => {
    if (!current) throw new Error('useTestStore: no store is open (use it inside a test)');
    return current;
  };
  beforeEach(async () => {
    current = await openTestStore();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get db() {
      return open().db;
    },
    get sealer() {
      return open().sealer;
    },
    close: () => open().close(),
  };
}

/** performOnce's store and commit over a test store: its own transaction, no run's lease around it. */
export function testOnce(store: Store): OnceContext {
  return { store, commit: <T>(fn: (tx: Queryable) => Promise<T>) => store.db.transaction(fn) };
}
