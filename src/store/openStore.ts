/**
 * Opens the store the configuration asks for: a PostgreSQL server when `database.url` is set, else the
 * embedded PGlite database in `<dataDir>/pglite` guarded by the data-directory lock. Migrations are
 * applied unless the caller says otherwise.
 */
import { join } from 'node:path';
import type { ConnectorConfig } from '../config/schema.ts';
import { resolveSecret } from '../config/secrets.ts';
import type { Db } from './db.ts';
import { acquireDataDirLock, type DataDirLock } from './dataDirLock.ts';
import { migrate } from './migrate.ts';
import { createSealer, loadMasterKey, type Sealer } from './crypto.ts';

export interface Store {
  db: Db;
  sealer: Sealer;
  /** Held only for the embedded database. */
  lock?: DataDirLock;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  config: ConnectorConfig;
  demo: boolean;
  env?: NodeJS.ProcessEnv;
  migrate?: boolean;
  /** PostgreSQL schema (tests give each test its own). */
  schema?: string;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const env = options.env ?? process.env;
  const { config } = options;
  const sealer = createSealer(loadMasterKey({ env, dataDir: config.dataDir, demo: options.demo }));
  let db: Db;
  let lock: DataDirLock | undefined;
  // Only the driver in use is loaded: the other costs a CLI command's start-up for nothing.
  if (config.database) {
    const { openPostgres } = await import('./postgresDb.ts');
    db = await openPostgres({ url: resolveSecret(config.database.url, env), schema: options.schema });
  } else {
    lock = acquireDataDirLock(config.dataDir);
    try {
      const { openPglite } = await import('./pgliteDb.ts');
      db = await openPglite(join(config.dataDir, 'pglite'));
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  if (options.migrate !== false) await migrate(db);
  return {
    db,
    sealer,
    lock,
    async close() {
      await db.close();
      lock?.release();
    },
  };
}
