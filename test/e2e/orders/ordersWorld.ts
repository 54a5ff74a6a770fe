/**
 * The world of the order-import crash test: a temporary directory, both emulators running as their own
 * processes (`connector emulate … --state`, time scale 100), a configuration file pointing the
 * connector at them with the demo settings and mappings, and — on PostgreSQL — a schema of its own.
 * `startConnector` runs `connector start` on it; `close` stops everything and removes everything.
 * Other flows' crash tests (shipmentsCrash.test.ts) use the same world, with their own services'
 * settings and mapping tables beside the import's (`WorldOptions`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoConnection } from '../../../src/cli/demoEmulators.ts';
import { importOrdersDemo } from '../../../src/flows/importOrders/demo.ts';
import { createSealer } from '../../../src/store/crypto.ts';
import type { Db } from '../../../src/store/db.ts';
import { migrate } from '../../../src/store/migrate.ts';
import { openPglite } from '../../../src/store/pgliteDb.ts';
import { openPostgres } from '../../../src/store/postgresDb.ts';
import { TEST_DATABASE_URL, uniqueSchema } from '../../support/testDb.ts';
import { killAll, spawnCli, type TestProcess } from '../../fixtures/childProcess.ts';
import { d365Reader, type D365Reader } from './d365Reader.ts';
import type { Json } from './orderMix.ts';

export const TIME_SCALE = 100;
export const FLOW = 'import-orders';

export interface RunningConnector {
  process: TestProcess;
  /** The connector's web API (records, services), answering with the world's API token. */
  apiUrl: string;
}

export interface ConnectorRecord {
  id: number;
  externalId: string;
  state: string;
  reason: string | null;
  lastError: string | null;
  summary: Record<string, unknown>;
}

/** What another flow's crash test adds to the world's configuration. */
export interface WorldOptions {
  /** `services.<flow>` sections besides the import's (heartbeat, retention and the other flows stay off). */
  services?: Record<string, Record<string, unknown>>;
  /** Mapping tables besides the import's demo tables. */
  mappings?: Record<string, unknown[]>;
}

export interface OrdersWorld {
  database: 'pglite' | 'postgres';
  d365: D365Reader;
  /** A `/_sim/` call to the Amazon emulator; fails on anything but 2xx. */
  amazonSim(method: string, path: string, body?: unknown): Promise<Json>;
  /** A `/_sim/` call to the D365 emulator (packing slips, product receipts); fails on anything but 2xx. */
  d365Sim(method: string, path: string, body?: unknown): Promise<Json>;
  /** (Re)writes the connector's configuration, with these keys over the test's import settings. */
  writeConfig(settings?: Record<string, unknown>): void;
  startConnector(name: string): Promise<RunningConnector>;
  /** The records of a flow (the import's by default), through the connector's web API. */
  records(connector: RunningConnector, flow?: string): Promise<ConnectorRecord[]>;
  /** The customer key the connector derives from `text` (its keyed digest, as planCustomer.ts does). */
  customerKey(text: string): string;
  /**
   * PostgreSQL only: the retry count of the job of `flow` (the import by default) a process started
   * after `since` is running, if any (pg-boss's job table, read only). Undefined on PGlite, whose
   * database the connector holds.
   */
  runningJobRetries(since: Date, flow?: string): Promise<number | undefined>;
  /** The connector's database; on PGlite only while no connector runs. */
  openDb(): Promise<Db>;
  close(): Promise<void>;
}

/** A clean environment: nothing from the developer's shell (database, config, keys) leaks in. */
function baseEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR };
}

/** `/_sim/` calls to the emulator at `url`: JSON in and out, anything but 2xx thrown with its body. */
export function simCaller(url: string) {
  return async (method: string, path: string, body?: unknown): Promise<Json> => {
    const response = await fetch(`${url}/_sim${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /_sim${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

async function startEmulator(kind: 'amazon' | 'd365', dir: string): Promise<{ url: string }> {
  const seed = kind === 'amazon' ? 'none' : 'demo';
  const child = spawnCli(
    `${kind} emulator`,
    [
      'emulate',
      kind,
      '--port',
      '0',
      '--seed',
      seed,
      '--time-scale',
      String(TIME_SCALE),
      '--state',
      join(dir, `${kind}.state`),
    ],
    baseEnv(),
  );
  const [, url] = await child.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 'its address');
  return { url: url! };
}

export async function createOrdersWorld(
  database: 'pglite' | 'postgres',
  baseSettings: Record<string, unknown>,
  options: WorldOptions = {},
): Promise<OrdersWorld> {
  if (database === 'postgres' && !TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const dir = mkdtempSync(join(tmpdir(), 'orders-crash-'));
  const dataDir = join(dir, 'data');
  const configPath = join(dir, 'connector.json');
  const schema = database === 'postgres' ? uniqueSchema('orders') : undefined;
  const encryptionKey = randomBytes(32);
  const apiToken = randomBytes(24).toString('hex');
  const sealer = createSealer(encryptionKey);
  let jobsDb: Db | undefined;
  try {
    const [amazon, d365] = await Promise.all([startEmulator('amazon', dir), startEmulator('d365', dir)]);
    const connection = demoConnection(dir, {
      amazonUrl: amazon.url,
      d365Url: d365.url,
      close: async () => {},
    });
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      // Exchanges with the remotes are `debug` lines, and the kill tests tell where a run was from them.
      LOG_LEVEL: 'debug',
      CONNECTOR_API_TOKEN: apiToken,
      CONNECTOR_ENCRYPTION_KEY: encryptionKey.toString('hex'),
      ...(schema ? { DATABASE_URL: TEST_DATABASE_URL, CONNECTOR_DB_SCHEMA: schema } : {}),
    };
    const writeConfig = (settings: Record<string, unknown> = {}) => {
      const config = {
        dataDir,
        timeScale: TIME_SCALE,
        server: { host: '127.0.0.1', port: 0 },
        ...(schema ? { database: { url: { env: 'DATABASE_URL' } } } : {}),
        // Short runs. On PostgreSQL a job a killed process left active expires after twice this, and
        // each kill of the same job doubles its retry delay: a run that often ends before the next kill
        // starts the next job afresh. (PGlite drops such jobs at the next start.)
        jobs: { runTimeoutSeconds: schema ? 1 : 2, retryLimit: 100, retryDelaySeconds: 1 },
        connections: [connection],
        services: {
          [FLOW]: { ...importOrdersDemo().settings, ...baseSettings, ...settings },
          heartbeat: { enabled: false },
          retention: { enabled: false },
          // Other sync flows stay off unless a test names them: a crash test kills one flow's runs.
          'confirm-shipments': { enabled: false },
          ...options.services,
        },
        mappings: { ...importOrdersDemo().mappings!, ...options.mappings },
      };
      writeFileSync(configPath, JSON.stringify(config, null, 2));
    };
    writeConfig();

    return {
      database,
      d365: d365Reader(d365.url),
      amazonSim: simCaller(amazon.url),
      d365Sim: simCaller(d365.url),
      writeConfig,
      async startConnector(name) {
        const child = spawnCli(name, ['--config', configPath, 'start'], env);
        const [, apiUrl] = await child.waitForOutput(
          /Connector running at (http:\/\/\S+)/,
          'its "running" line',
        );
        return { process: child, apiUrl: apiUrl! };
      },
      async records(connector, flow = FLOW) {
        const records: ConnectorRecord[] = [];
        let before: number | null | undefined;
        do {
          const query = `flow=${flow}&limit=500${before ? `&before=${before}` : ''}`;
          const response = await fetch(`${connector.apiUrl}/api/records?${query}`, {
            headers: { authorization: `Bearer ${apiToken}` },
            signal: AbortSignal.timeout(5000),
          });
          if (!response.ok) throw new Error(`GET /api/records: ${response.status}`);
          const page = (await response.json()) as { records: ConnectorRecord[]; nextBefore: number | null };
          records.push(...page.records);
          before = page.nextBefore;
        } while (before);
        return records;
      },
      customerKey: (text) => `AMZ-${sealer.digest(text).slice(0, 16)}`,
      async runningJobRetries(since, flow = FLOW) {
        if (!schema) return undefined;
        jobsDb ??= await openPostgres({ url: TEST_DATABASE_URL!, max: 1 });
        const { rows } = await jobsDb.query<{ retry_count: number }>(
          `SELECT retry_count FROM "${schema}_pgboss".job
            WHERE name = $1 AND state = 'active' AND started_on > $2`,
          [`flow.${flow}`, since],
        );
        return rows[0]?.retry_count;
      },
      async openDb() {
        const db = schema
          ? await openPostgres({ url: TEST_DATABASE_URL!, schema, max: 2 })
          : await openPglite(join(dataDir, 'pglite'));
        await migrate(db);
        return db;
      },
      async close() {
        await killAll();
        await jobsDb?.close();
        if (schema) await dropSchemas(schema);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await killAll();
    if (schema) await dropSchemas(schema);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The connector's schema and pg-boss's beside it (`<schema>_pgboss`, cli/context.ts). */
async function dropSchemas(schema: string): Promise<void> {
  const db = await openPostgres({ url: TEST_DATABASE_URL!, max: 1 });
  try {
    for (const name of [schema, `${schema}_pgboss`])
      await db.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`).catch(() => undefined);
  } finally {
    await db.close();
  }
}
