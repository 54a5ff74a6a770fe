/**
 * pg-boss 10 on either database, through its `db` option: one `executeSql` over our storage port
 * (DESIGN §2.3). pg-boss sends parameterised single statements and, for its locked sections and
 * migrations, parameterless multi-statement scripts: those go through `exec`.
 */
import PgBoss from 'pg-boss';
import type { Db } from '../store/db.ts';

export const BOSS_SCHEMA = 'pgboss';

export interface BossOptions {
  schema?: string;
  /** How often pg-boss fails expired jobs and archives old ones. */
  maintenanceIntervalSeconds: number;
}

export function createBoss(db: Db, options: BossOptions): PgBoss {
  const adapter = {
    executeSql: (text: string, values?: unknown[]) =>
      values && values.length > 0 ? db.query(text, values) : db.exec(text),
  };
  return new PgBoss({
    db: adapter,
    schema: options.schema ?? BOSS_SCHEMA,
    supervise: true,
    // Our services reschedule themselves (sub-minute intervals); pg-boss cron is not used.
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
  } as PgBoss.ConstructorOptions);
}

/**
 * Several processes starting together against one PostgreSQL race each other creating pg-boss's schema
 * and queues: a duplicate-key error on the schema, or a deadlock inside pg-boss's `create_queue`. `fn`
 * runs while a transaction on a connection of its own holds an advisory lock, so starts take turns
 * (`fn` itself uses other pooled connections). The embedded database has one process: no lock.
 */
export async function withStartupLock<T>(db: Db, schema: string, fn: () => Promise<T>): Promise<T> {
  if (db.kind !== 'postgres') return fn();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`amazon-d365-connector.jobs.${schema}`]);
    return fn();
  });
}

/**
 * Active jobs left by a process that died (embedded database only: we own every job there). They are
 * removed rather than failed: failing would wait out a retry delay and use up a retry for each crash,
 * while the supervisor re-arms the service at once because its last run never ended.
 */
export async function dropOrphanedJobs(db: Db, schema = BOSS_SCHEMA): Promise<number> {
  const { rowCount } = await db.query(`DELETE FROM ${schema}.job WHERE state = 'active'`);
  return rowCount;
}
