/**
 * GET /metrics of a real `connector start` (issue 20): demo mode runs its flows against both emulators,
 * so the remote clients make real exchanges; a scraper with the API token reads valid Prometheus text
 * (the strict reader) holding the service series from the database and this process's remote-exchange
 * series — requests per remote and operation and a latency histogram — with counts the work produced.
 * No timing is asserted: the test waits (bounded) for the first runs and exchanges, then checks values.
 * PGlite only: demo mode is the embedded database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, killAll, readToken, startServer, waitFor } from '../support/cliTestKit.ts';
import { parsePrometheusText, type Family, type Sample } from '../support/prometheusText.ts';
import { onPostgres } from '../support/testDb.ts';

let dataDir: string | undefined;
afterEach(async () => {
  await killAll();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const samplesOf = (families: Map<string, Family>, name: string, labels: Record<string, string> = {}) =>
  [...families.values()]
    .flatMap((f) => f.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

const total = (samples: Sample[]) => samples.reduce((sum, s) => sum + s.value, 0);

describe.runIf(!onPostgres)('/metrics of a running connector', () => {
  it(
    'shows the services and the remote exchanges its flows made, to an API token only',
    { timeout: 150_000 },
    async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'metrics-e2e-'));
      const server = await startServer(['--data-dir', dataDir], cliEnv());
      const token = readToken(dataDir);
      const scrape = async () => {
        const res = await fetch(`${server.url}/metrics`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(10_000),
        });
        expect(res.status).toBe(200);
        return parsePrometheusText(await res.text());
      };

      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);

      // Both remotes answered at least once and some service finished a run.
      const families = await waitFor(
        'runs and exchanges with both remotes',
        async () => {
          const read = await scrape();
          const ok = (remote: string) =>
            total(samplesOf(read, 'connector_remote_requests_total', { remote, outcome: 'ok' })) > 0;
          const runs = total(samplesOf(read, 'connector_service_runs_total', { outcome: 'succeeded' }));
          return ok('amazon') && ok('d365') && runs > 0 ? read : undefined;
        },
        120_000,
      );

      // Service series: every demo service of the demo connection is listed, switched on.
      const enabled = samplesOf(families, 'connector_service_enabled', { connection: 'demo' });
      expect(enabled.map((s) => s.labels.flow)).toContain('import-orders');
      expect(enabled.every((s) => s.value === 1)).toBe(true);
      for (const name of ['connector_service_items_processed_total', 'connector_job_queue_depth']) {
        expect(families.has(name), name).toBe(true);
      }

      // Remote exchanges, per remote and operation: every requests series has its latency histogram,
      // with as many observations as exchanges and at least one attempt each.
      const requests = samplesOf(families, 'connector_remote_requests_total', { connection: 'demo' });
      const operations = new Set(requests.map((s) => `${s.labels.remote} ${s.labels.operation}`));
      expect([...operations].some((o) => o.startsWith('amazon '))).toBe(true);
      expect([...operations].some((o) => o.startsWith('d365 '))).toBe(true);
      for (const op of operations) {
        const [remote, operation] = op.split(/ (.*)/s) as [string, string];
        const labels = { remote, connection: 'demo', operation };
        const exchanges = total(samplesOf(families, 'connector_remote_requests_total', labels));
        const count = samplesOf(families, 'connector_remote_request_duration_seconds_count', labels);
        const sum = samplesOf(families, 'connector_remote_request_duration_seconds_sum', labels);
        const inf = samplesOf(families, 'connector_remote_request_duration_seconds_bucket', {
          ...labels,
          le: '+Inf',
        });
        expect(
          count.map((s) => s.value),
          op,
        ).toEqual([exchanges]);
        expect(
          inf.map((s) => s.value),
          op,
        ).toEqual([exchanges]);
        expect(sum[0]!.value, op).toBeGreaterThan(0);
        const attempts = total(samplesOf(families, 'connector_remote_attempts_total', labels));
        expect(attempts, op).toBeGreaterThanOrEqual(exchanges);
      }
      // No label carries a URL, a token or a secret: only the bounded names of the remotes.
      const labelValues = [...families.values()].flatMap((f) =>
        f.samples.flatMap((s) => Object.values(s.labels)),
      );
      expect(labelValues.filter((v) => /https?:|Bearer|secret|token=/i.test(v))).toEqual([]);
      expect(labelValues.some((v) => v.includes(token))).toBe(false);
    },
  );
});
