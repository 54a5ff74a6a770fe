/**
 * GET /metrics as a scraper sees it (issue 20): refused without a token, served to any API token, and
 * valid Prometheus text (read by a strict parser) holding the service, record, queue, remote-exchange
 * and process series docs/operations.md lists — with the numbers the database and the clients hold.
 * The registry is composed as runtime.ts composes it.
 */
import type { Hono } from 'hono';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteMetrics } from '../../../src/http/remoteMetrics.ts';
import { registerOperatorMetrics } from '../../../src/ops/metrics/operatorMetrics.ts';
import { endRun, startRun } from '../../../src/store/repos/runs.ts';
import { createWebApp } from '../../../src/web/app.ts';
import { withContractCheck } from '../../support/apiContract.ts';
import { parsePrometheusText, sampleValue, type Family } from '../../support/prometheusText.ts';
import {
  openTestWeb,
  seedRecord,
  TEST_TOKEN,
  TEST_TOKENS,
  viewerBearer,
  type TestWeb,
} from '../../support/webTestKit.ts';

let web: TestWeb;
let app: Hono;
const registry = new Registry();

beforeAll(async () => {
  web = await openTestWeb();
  collectDefaultMetrics({ register: registry });
  registerOperatorMetrics(registry, { db: web.store.db, bossSchema: web.bossSchema });
  const observer = createRemoteMetrics(registry).observerFor('eu1');
  for (const durationMs of [40, 700]) {
    observer.exchange({
      remote: 'amazon',
      operation: 'orders.getOrder',
      outcome: 'ok',
      status: 200,
      durationMs,
      attempts: 2,
      throttled: 1,
      waitedMs: 500,
    });
  }
  observer.exchange({
    remote: 'd365',
    operation: 'POST SalesOrderHeadersV2',
    outcome: 'transient',
    status: 503,
    durationMs: 3000,
    attempts: 3,
    throttled: 0,
    waitedMs: 0,
  });
  observer.quotaSlot?.({ remote: 'amazon', quota: 'feedType:JSON_LISTINGS_FEED', event: 'taken' });

  const run = { connectionId: 'eu1', flow: 'import-test' };
  await startRun(web.store.db, { ...run, id: 'run-1', trigger: 'manual' });
  await endRun(web.store.db, {
    ...run,
    id: 'run-1',
    outcome: 'succeeded',
    items: 5,
    errors: 2,
    message: 'done',
    backlog: 7,
    lagSeconds: 42.5,
  });
  await startRun(web.store.db, { ...run, id: 'run-2', trigger: 'schedule' });
  await endRun(web.store.db, { ...run, id: 'run-2', outcome: 'failed', items: 0, errors: 0, message: 'x' });
  for (const externalId of ['o-1', 'o-2']) {
    await seedRecord(web.store, { externalId, state: 'needs_attention', reason: 'no item for SKU' });
  }
  await seedRecord(web.store, { externalId: 'o-3', state: 'synced' });
  await web.ops.runNow('heartbeat'); // a job waiting in its queue

  app = withContractCheck(
    createWebApp({ ops: web.ops, db: web.store.db, apiTokens: TEST_TOKENS, metrics: registry }),
    TEST_TOKEN,
  );
});
afterAll(async () => web?.close());

async function scrape(): Promise<{ families: Map<string, Family>; contentType: string | null }> {
  const res = await app.request('/metrics', { headers: viewerBearer });
  expect(res.status).toBe(200);
  return { families: parsePrometheusText(await res.text()), contentType: res.headers.get('content-type') };
}

describe('/metrics', () => {
  it('is refused without an API token, and with a wrong one', async () => {
    const none = await app.request('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await app.request('/metrics', {
      headers: { authorization: 'Bearer not-a-token-at-all-0000' },
    });
    expect(wrong.status).toBe(401);
  });

  it('serves a viewer valid Prometheus text, every family with its help and type', async () => {
    const { families, contentType } = await scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const family of families.values()) {
      expect(family.help, family.name).not.toBe('');
      expect(family.type, family.name).not.toBe('untyped');
    }
  });

  it('per service: runs by outcome, items, errors, backlog, lag, last success; records waiting by state', async () => {
    const { families } = await scrape();
    const service = { flow: 'import-test', connection: 'eu1' };
    expect(sampleValue(families, 'connector_service_runs_total', { ...service, outcome: 'succeeded' })).toBe(
      1,
    );
    expect(sampleValue(families, 'connector_service_runs_total', { ...service, outcome: 'failed' })).toBe(1);
    expect(sampleValue(families, 'connector_service_items_processed_total', service)).toBe(5);
    expect(sampleValue(families, 'connector_service_errors_total', service)).toBe(2);
    expect(sampleValue(families, 'connector_service_backlog', service)).toBe(7);
    expect(sampleValue(families, 'connector_service_lag_seconds', service)).toBe(42.5);
    expect(sampleValue(families, 'connector_service_enabled', service)).toBe(1);
    expect(sampleValue(families, 'connector_service_running', service)).toBe(0);
    expect(sampleValue(families, 'connector_service_interval_seconds', service)).toBeGreaterThan(0);
    const lastSuccess = sampleValue(families, 'connector_service_last_success_timestamp_seconds', service)!;
    expect(Math.abs(lastSuccess - Date.now() / 1000)).toBeLessThan(120);
    expect(
      sampleValue(families, 'connector_service_last_run_end_timestamp_seconds', service),
    ).toBeGreaterThanOrEqual(lastSuccess);
    expect(sampleValue(families, 'connector_records', { ...service, state: 'needs_attention' })).toBe(2);
    expect(sampleValue(families, 'connector_records', { ...service, state: 'synced' })).toBeUndefined();
    // A service that never reported a backlog has none, rather than a misleading 0.
    expect(
      sampleValue(families, 'connector_service_backlog', { flow: 'import-test', connection: 'us1' }),
    ).toBeUndefined();
  });

  it('the job queue depth per queue and state', async () => {
    const { families } = await scrape();
    expect(
      sampleValue(families, 'connector_job_queue_depth', { queue: 'flow.heartbeat', state: 'created' }),
    ).toBe(1);
  });

  it('remote requests, attempts, 429s, waits and a latency histogram per remote and operation; feed slots', async () => {
    const { families } = await scrape();
    const getOrder = { remote: 'amazon', connection: 'eu1', operation: 'orders.getOrder' };
    expect(sampleValue(families, 'connector_remote_requests_total', { ...getOrder, outcome: 'ok' })).toBe(2);
    expect(sampleValue(families, 'connector_remote_attempts_total', getOrder)).toBe(4);
    expect(sampleValue(families, 'connector_remote_throttled_total', getOrder)).toBe(2);
    expect(sampleValue(families, 'connector_remote_wait_seconds_total', getOrder)).toBe(1);
    expect(sampleValue(families, 'connector_remote_request_duration_seconds_count', getOrder)).toBe(2);
    expect(
      sampleValue(families, 'connector_remote_request_duration_seconds_bucket', { ...getOrder, le: '0.05' }),
    ).toBe(1);
    expect(
      sampleValue(families, 'connector_remote_request_duration_seconds_bucket', { ...getOrder, le: '1' }),
    ).toBe(2);
    const post = { remote: 'd365', operation: 'POST SalesOrderHeadersV2', outcome: 'transient' };
    expect(sampleValue(families, 'connector_remote_requests_total', post)).toBe(1);
    expect(
      sampleValue(families, 'connector_remote_quota_slots_total', {
        quota: 'feedType:JSON_LISTINGS_FEED',
        event: 'taken',
      }),
    ).toBe(1);
  });

  it("the process's own metrics (prom-client's defaults)", async () => {
    const { families } = await scrape();
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(families.has(name), name).toBe(true);
    }
  });
});

describe('the strict Prometheus text reader', () => {
  it('refuses what Prometheus refuses', () => {
    const ok = '# HELP a_total A.\n# TYPE a_total counter\na_total{x="1"} 3\n';
    expect(sampleValue(parsePrometheusText(ok), 'a_total', { x: '1' })).toBe(3);
    for (const bad of [
      'b 1\n', // no family
      '# TYPE a gauge\na{x=1} 1\n', // unquoted label value
      '# TYPE a gauge\na 1\na 2\n', // the same series twice
      '# TYPE a gauge\na one\n', // not a number
      '# TYPE a gauge\na 1', // no final line feed
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 1\n', // not cumulative
    ]) {
      expect(() => parsePrometheusText(bad), bad).toThrow();
    }
  });
});
