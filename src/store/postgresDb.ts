/**
 * The scale-out adapter: a PostgreSQL server shared by any number of connector processes. An optional
 * schema (tests give each test its own) is set as the search_path of every pooled connection.
 */
import pg from 'pg';
import type { Db, QueryResult } from './db.ts';

// Return BIGINT (ids, counters) as JS numbers, as PGlite does; our ids stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

export interface PostgresOptions {
  url: string;
  schema?: string;
  max?: number;
}

export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
    application_name: 'amazon-d365-connector',
  });
  pool.on('error', () => {
    /* an idle client died (server restart); the pool replaces it on the next query */
  });
  if (options.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
  const toResult = <T>(res: pg.QueryResult): QueryResult<T> => ({
    rows: res.rows as T[],
    rowCount: res.rowCount ?? res.rows.length,
  });
  return {
    kind: 'postgres',
    query: async <T>(text: string, values?: unknown[]) => toResult<T>(await pool.query(text, values)),
    async exec(sql) {
      const res = (await pool.query(sql)) as pg.QueryResult | pg.QueryResult[];
      const last = Array.isArray(res) ? res[res.length - 1] : res;
      return last ? toResult(last) : { rows: [], rowCount: 0 };
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <T>(text: string, values?: unknown[]) => toResult<T>(await client.query(text, values)),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
