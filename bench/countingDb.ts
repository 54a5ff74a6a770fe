/**
 * Counters around the connector's own I/O, for the benchmarks that run the connector in a child process
 * (bench/importOrdersConnector.ts, bench/shipmentsConnector.ts): the database port wrapped to count and
 * time statements and transactions, and a `fetch` that times each exchange per remote. Everything passes
 * straight through; only counting is added.
 */
import { performance } from 'node:perf_hooks';
import type { Db, Queryable } from '../src/store/db.ts';

export interface DbTally {
  statements: number;
  transactions: number;
  /** Statements run inside transactions (counted in `statements` too). */
  statementsInTransactions: number;
  /** Time in statements outside transactions plus whole transactions. */
  ms: number;
  /** Statements by their opening words (`INSERT INTO records`, `SELECT … FROM intents`…). */
  byKind: Record<string, number>;
  /** Each statement's own time by kind (inside transactions too, so the kinds add up to more than `ms`). */
  msByKind: Record<string, number>;
}

export function emptyDbTally(): DbTally {
  return { statements: 0, transactions: 0, statementsInTransactions: 0, ms: 0, byKind: {}, msByKind: {} };
}

/**
 * `INSERT INTO feed (…) VALUES …` → `INSERT feed`; `SELECT … FROM records WHERE …` → `SELECT records`. A
 * function after FROM (`extract(epoch FROM now() - sent_at)`) is not a table.
 */
export function kindOf(text: string): string {
  const sql = text.replace(/\s+/g, ' ').trim();
  const verb = sql.split(' ')[0]?.toUpperCase() ?? '?';
  const table =
    /\b(?:INTO|UPDATE|FROM)\s+("?[\w.]+"?)(?![\w.(])/i.exec(sql)?.[1] ?? /^\w+\s+(\w+)/.exec(sql)?.[1] ?? '';
  return `${verb} ${table}`.trim();
}

function countQueries(q: Queryable, tally: DbTally, inTransaction: boolean): Queryable {
  return {
    query: async (text, values) => {
      tally.statements++;
      const kind = kindOf(text);
      tally.byKind[kind] = (tally.byKind[kind] ?? 0) + 1;
      if (inTransaction) tally.statementsInTransactions++;
      const start = performance.now();
      try {
        return await q.query(text, values);
      } finally {
        const ms = performance.now() - start;
        tally.msByKind[kind] = (tally.msByKind[kind] ?? 0) + ms;
        if (!inTransaction) tally.ms += ms;
      }
    },
  };
}

/** The storage port with counters around it; everything else passes straight through. */
export function countingDb(db: Db, tally: DbTally): Db {
  return {
    kind: db.kind,
    ...countQueries(db, tally, false),
    async transaction(fn) {
      tally.transactions++;
      const start = performance.now();
      try {
        return await db.transaction((tx) => fn(countQueries(tx, tally, true)));
      } finally {
        tally.ms += performance.now() - start;
      }
    },
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  };
}

export interface FetchTally {
  /** Summed durations of the clients' exchanges (requests in flight at once count each). */
  amazonFetchMs: number;
  d365FetchMs: number;
  amazonRequests: number;
  d365Requests: number;
}

export const emptyFetchTally = (): FetchTally => ({
  amazonFetchMs: 0,
  d365FetchMs: 0,
  amazonRequests: 0,
  d365Requests: 0,
});

/** A fetch that times each exchange, as Amazon's (URLs under `amazonUrl`) or D365's (the rest). */
export function timedFetch(amazonUrl: string, tally: FetchTally): typeof fetch {
  return async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const start = performance.now();
    try {
      return await fetch(input, init);
    } finally {
      const ms = performance.now() - start;
      if (url.startsWith(amazonUrl)) {
        tally.amazonFetchMs += ms;
        tally.amazonRequests++;
      } else {
        tally.d365FetchMs += ms;
        tally.d365Requests++;
      }
    }
  };
}
