/**
 * A worker's metrics listener (metricsServer.ts) on a real port: GET /metrics to any API token and to
 * nobody else, on 127.0.0.1 when no host is given, nothing else served (not the API, whose tokens it
 * shares), a busy port refused naming --metrics-port.
 */
import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from '../../test/support/prometheusText.ts';
import {
  bearer,
  openTestWeb,
  TEST_TOKENS,
  viewerBearer,
  type TestWeb,
} from '../../test/support/webTestKit.ts';
import { createLogger } from '../log/logger.ts';
import { startMetricsServer } from './metricsServer.ts';
import type { WebServer } from './server.ts';

let web: TestWeb;
let server: WebServer;
const metrics = new Registry();

beforeAll(async () => {
  web = await openTestWeb();
  new Counter({ name: 'worker_test_total', help: 'A test counter.', registers: [metrics] }).inc(3);
  const runtime = { store: web.store, metrics, runnerDeps: { log: createLogger({ level: 'silent' }) } };
  server = await startMetricsServer(runtime, { apiTokens: TEST_TOKENS, port: 0 });
});
afterAll(async () => {
  await server?.close();
  await web?.close();
});

describe("a worker's metrics listener", () => {
  it('binds 127.0.0.1 unless told otherwise', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves Prometheus text to any API token (viewer or operator)', async () => {
    for (const headers of [viewerBearer, bearer]) {
      const res = await fetch(`${server.url}/metrics`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(sampleValue(parsePrometheusText(await res.text()), 'worker_test_total')).toBe(3);
    }
  });

  it('refuses a scrape without a token or with a wrong one', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: 'Bearer not-a-token-at-all-0000' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('not-a-token');
  });

  it('serves nothing else: not the API, not the health probes', async () => {
    for (const path of ['/api/services', '/healthz', '/']) {
      expect((await fetch(`${server.url}${path}`, { headers: bearer })).status, path).toBe(404);
    }
  });

  it('says which option to change when the port is taken', async () => {
    const port = Number(new URL(server.url).port);
    const runtime = { store: web.store, metrics, runnerDeps: { log: createLogger({ level: 'silent' }) } };
    await expect(startMetricsServer(runtime, { apiTokens: TEST_TOKENS, port })).rejects.toThrow(
      /metrics listener on 127\.0\.0\.1:\d+: the port is in use \(--metrics-port\)/,
    );
  });
});
