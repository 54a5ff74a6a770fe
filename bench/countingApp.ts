/**
 * An emulator's app behind a counter, for benchmarks that must say how many requests a client made
 * and how long the remote took to answer them. Counts data requests (not token requests, not `/_sim/`),
 * the operations inside each OData `$batch` (one `METHOD url HTTP/1.1` line per part), 429 answers,
 * and the time from a request's arrival to its answer (the emulator's work plus any wait for this
 * process's event loop). Operations are keyed `METHOD EntitySet` so a reader sees what a flow asked for.
 */
import { performance } from 'node:perf_hooks';
import { Hono } from 'hono';

export interface RequestTally {
  /** HTTP requests to the data API, a `$batch` counted once. */
  requests: number;
  batches: number;
  /** Operations inside the `$batch` requests. */
  batchOperations: number;
  /** Per `METHOD EntitySet` (direct requests and batch parts alike). */
  operations: Record<string, number>;
  throttled: number;
  /** Summed time from arrival to answer of the data requests. */
  busyMs: number;
  /** When the last data request that was not a GET arrived (epoch ms). */
  lastWriteAt: number;
}

export function emptyTally(): RequestTally {
  return {
    requests: 0,
    batches: 0,
    batchOperations: 0,
    operations: {},
    throttled: 0,
    busyMs: 0,
    lastWriteAt: 0,
  };
}

const PART_LINE = /^(GET|POST|PATCH|PUT|MERGE|DELETE) (\S+) HTTP\/1\.[01]\r?$/gm;

/** `GET /data/SalesOrderHeadersV2?$filter=…` → `GET SalesOrderHeadersV2`; SP-API paths keep their shape. */
function operationOf(method: string, target: string, dataPrefix: string): string {
  const path = decodeURIComponent(target.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? '');
  const rest = path.startsWith(dataPrefix) ? path.slice(dataPrefix.length) : path;
  const name = rest.replace(/^\/+/, '').split(/[/(]/)[0] ?? '';
  return `${method} ${dataPrefix === '/data' ? name : path.replace(/\/[0-9-]{10,}/g, '/{id}')}`;
}

/**
 * `app` behind a counter. `isData` tells the requests to count (e.g. paths under `/data`); `dataPrefix`
 * is stripped from operation names (`/data` for OData, '' to keep SP-API paths).
 */
export function countingApp(
  app: Hono,
  tally: RequestTally,
  options: { isData(path: string): boolean; dataPrefix: string },
): Hono {
  const outer = new Hono();
  outer.all('*', async (c) => {
    const request = c.req.raw;
    const path = new URL(request.url).pathname;
    if (!options.isData(path)) return app.fetch(request);
    const start = performance.now();
    if (request.method !== 'GET') tally.lastWriteAt = Date.now();
    tally.requests++;
    const count = (op: string) => (tally.operations[op] = (tally.operations[op] ?? 0) + 1);
    if (decodeURIComponent(path) === `${options.dataPrefix}/$batch`) {
      tally.batches++;
      const body = await request.clone().text();
      for (const [, method, target] of body.matchAll(PART_LINE)) {
        tally.batchOperations++;
        count(operationOf(method!, target!, options.dataPrefix));
      }
    } else count(operationOf(request.method, path, options.dataPrefix));
    // The emulators build whole answers before they return one, so this is the time of the work.
    const response = await app.fetch(request);
    tally.busyMs += performance.now() - start;
    if (response.status === 429) tally.throttled++;
    return response;
  });
  return outer;
}
