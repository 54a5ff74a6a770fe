/**
 * Two client processes sharing one rate-limit bucket through PostgreSQL never exceed it together: each
 * child (test/fixtures/amazonClientProcess.ts) sends getOrder requests as fast as its limiter lets it,
 * to one counting loopback server, and in every window between two arrivals the arrivals number at
 * most burst + rate × window. The same run with a bucket per process (the negative control) overshoots,
 * which shows the assertion can fail. Needs a server: runs only with TEST_DATABASE_URL.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, TEST_DATABASE_URL } from '../../../test/support/testDb.ts';
import { firstRateViolation } from '../../../test/support/rateWindows.ts';
import type { Store } from '../openStore.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('../../../test/fixtures/amazonClientProcess.ts', import.meta.url));

// getOrder: 0.5 requests/s, burst 30. At timeScale 20 the limit is 10/s: 80 requests take ≈ 5 s.
const TIME_SCALE = 20;
const LIMIT = { rate: 0.5 * TIME_SCALE, burst: 30 };
const CALLS_PER_PROCESS = 40;
// The one tolerance: requests leave no earlier than their bucket allows, but the delay from there to the
// server (the reservation's round trip, the event loop, loopback) varies by some 10–25 ms here, and a
// late request followed by a prompt one shortens the window between them. 100 ms is one token at this
// rate; the negative control overshoots by some 30.
const DELIVERY_SLACK_MS = 100;

interface Counter {
  server: Server;
  url: string;
  arrivals: number[];
}

async function startCounter(): Promise<Counter> {
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/auth/o2/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({ access_token: 'Atza|shared', token_type: 'bearer', expires_in: 3600 }),
        );
      }
      if (req.url === '/warm-up') return res.writeHead(204).end();
      arrivals.push(performance.timeOrigin + performance.now());
      res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-RequestId': String(arrivals.length) });
      res.end(
        JSON.stringify({
          order: {
            orderId: '111-0000000-0000001',
            createdTime: '2026-01-05T10:00:00Z',
            lastUpdatedTime: '2026-01-05T10:00:00Z',
            salesChannel: { channelName: 'AMAZON' },
            orderItems: [],
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals };
}

function runChild(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child ${child.pid} did not finish within 60 s\n${output}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.skipIf(!TEST_DATABASE_URL)('two client processes sharing a bucket on PostgreSQL', () => {
  let store: Store & { schema?: string };
  let counter: Counter;
  beforeEach(async () => {
    store = await openTestStore();
    counter = await startCounter();
  });
  afterEach(async () => {
    counter.server.close();
    await store.close();
  });

  const runTwo = async (buckets: 'db' | 'memory') => {
    const env = {
      ...process.env,
      TEST_DATABASE_URL,
      DB_SCHEMA: store.schema,
      AMAZON_ENDPOINT: counter.url,
      TIME_SCALE: String(TIME_SCALE),
      CALLS: String(CALLS_PER_PROCESS),
      BUCKETS: buckets,
    };
    const results = await Promise.all([runChild(env), runChild(env)]);
    for (const result of results) expect(result.code, result.output).toBe(0);
    expect(counter.arrivals).toHaveLength(2 * CALLS_PER_PROCESS);
    return firstRateViolation(counter.arrivals, LIMIT, DELIVERY_SLACK_MS);
  };

  it('never exceed burst + rate × window together', async () => {
    expect(await runTwo('db')).toBeUndefined();
    // And they did use the limit: the 50 requests past the burst took at least 50 / rate.
    const span = Math.max(...counter.arrivals) - Math.min(...counter.arrivals);
    expect(span).toBeGreaterThanOrEqual(
      ((2 * CALLS_PER_PROCESS - LIMIT.burst) / LIMIT.rate) * 1000 - DELIVERY_SLACK_MS,
    );
  });

  it('overshoot with a bucket per process (the assertion has teeth)', async () => {
    expect(await runTwo('memory')).toBeDefined();
  });
});
