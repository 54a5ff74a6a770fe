/**
 * The real `connector` command on a PostgreSQL server (only with TEST_DATABASE_URL): a config file
 * naming the database, tables in a schema of their own (CONNECTOR_DB_SCHEMA), a `worker` process doing
 * the scheduled work while one-shot commands open the database directly, then a `connector start`
 * found at its configured address so commands go through its API.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cliEnv,
  freePort,
  killAll,
  runCli,
  spawnCli,
  startServer,
  waitFor,
} from '../../test/support/cliTestKit.ts';
import { parsePrometheusText, sampleValue } from '../../test/support/prometheusText.ts';

// Each command is a process that opens the database: on a loaded two-core machine a run of them takes
// longer than the suite's default test timeout.
const SPAWNS_MANY_PROCESSES = 180_000;

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('connector CLI on PostgreSQL', () => {
  const schema = `cli_${randomBytes(5).toString('hex')}`;
  let dir: string;
  let port: number;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) =>
    runCli(['--config', join(dir, 'connector.yaml'), '--data-dir', dir, ...args], env);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'connector-cli-pg-'));
    port = await freePort();
    writeFileSync(
      join(dir, 'connector.yaml'),
      `database: { url: { env: DATABASE_URL } }\nserver: { port: ${port} }\n`,
    );
    env = cliEnv({
      DATABASE_URL: url,
      CONNECTOR_DB_SCHEMA: schema,
      CONNECTOR_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      CONNECTOR_API_TOKEN: randomBytes(24).toString('hex'),
    });
  });
  afterEach(() => killAll());
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}_pgboss" CASCADE`);
    await client.end();
  });

  it(
    'runs a worker (its metrics scraped) beside direct commands, then goes through a started server',
    async () => {
      expect((await cli('migrate')).stdout).toContain('Applied 001_init');

      const metricsPort = await freePort();
      const worker = spawnCli(
        [
          '--config',
          join(dir, 'connector.yaml'),
          '--data-dir',
          dir,
          'worker',
          '--metrics-port',
          `${metricsPort}`,
        ],
        env,
      );
      const beats = async () => {
        const status = await cli('status', '--json');
        const { services } = JSON.parse(status.stdout) as {
          services: Array<{ flow: string; itemsProcessed: number }>;
        };
        return services.find((s) => s.flow === 'heartbeat')?.itemsProcessed ?? 0;
      };
      await waitFor('the worker to run the heartbeat', async () => ((await beats()) > 0 ? true : undefined));

      // Its metrics listener: this worker's own series, behind the API token, on 127.0.0.1.
      const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
      await waitFor('the worker to name its metrics URL', async () =>
        worker.stdout().includes(`Worker metrics at ${metricsUrl}`) ? true : undefined,
      );
      expect((await fetch(metricsUrl)).status).toBe(401);
      const scraped = await fetch(metricsUrl, {
        headers: { authorization: `Bearer ${env.CONNECTOR_API_TOKEN}` },
      });
      expect(scraped.status).toBe(200);
      const families = parsePrometheusText(await scraped.text());
      const heartbeat = { flow: 'heartbeat', connection: 'global', outcome: 'succeeded' };
      expect(sampleValue(families, 'connector_service_runs_total', heartbeat)).toBeGreaterThan(0);
      for (const name of ['connector_remote_requests_total', 'process_cpu_user_seconds_total']) {
        expect(families.has(name), name).toBe(true);
      }

      const sync = await cli('sync', 'heartbeat');
      expect(sync.code, sync.stderr).toBe(0);
      expect(sync.stdout).toMatch(/heartbeat \(global\): (succeeded|skipped)/);
      expect((await cli('status')).stdout).toContain(
        'Connector not running here: reading the PostgreSQL database',
      );

      const server = await startServer(
        ['--config', join(dir, 'connector.yaml'), '--data-dir', dir],
        env,
        port,
      );
      const status = await cli('status');
      expect(status.stdout).toContain(`Connector running: the connector at http://127.0.0.1:${port}`);

      server.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      expect((await worker.exited).code).toBe(0);
      const stopped = await cli('feed', '--text', 'Connector stopped', '--json');
      expect((JSON.parse(stopped.stdout) as { entries: unknown[] }).entries.length).toBeGreaterThanOrEqual(2);
    },
    SPAWNS_MANY_PROCESSES,
  );
});
