/**
 * The storage port (DESIGN §2.2): the whole connector talks to its database through `query` and
 * `transaction`, so PGlite (embedded) and a PostgreSQL server are interchangeable. One SQL dialect.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<T>>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (migrations, pg-boss DDL). Returns the last result. */
  exec(sql: string): Promise<QueryResult<Record<string, unknown>>>;
  close(): Promise<void>;
}
