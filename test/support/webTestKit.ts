/**
 * For the web API's tests only: a test store (PGlite, or a PostgreSQL schema with TEST_DATABASE_URL)
 * with the real job engine and ServiceManager — queues and service rows prepared, but no workers
 * started, so "run now" leaves a job waiting that a test can inspect — and the app built over them.
 * A test file opens one (an embedded database takes seconds to create) and `reset()` empties every
 * table before each test, so each test still starts from a fresh, migrated database. Two connections (eu1, us1) and two flows: the built-in heartbeat (global) and
 * `import-test` (per connection, with replay).
 */
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Hono } from 'hono';
import { withContractCheck } from './apiContract.ts';
import { openTestStore } from './testDb.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { ConnectorConfig } from '../../src/config/schema.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createBoss } from '../../src/jobs/boss.ts';
import { queueName } from '../../src/jobs/queues.ts';
import { ServiceManager } from '../../src/jobs/serviceManager.ts';

import { FlowRegistry } from '../../src/engine/registry.ts';
import type { RunnerDeps } from '../../src/engine/runner.ts';
import { heartbeatFlow } from '../../src/flows/heartbeat/flow.ts';
import { Operations } from '../../src/ops/operations.ts';
import type { Runtime } from '../../src/runtime.ts';
import type { Store } from '../../src/store/openStore.ts';
import { saveRecord, type RecordState, type SyncRecord } from '../../src/store/repos/records.ts';
import { savePayload } from '../../src/store/repos/payloads.ts';
import { createWebApp, type WebAppDeps } from '../../src/web/app.ts';
import { stubFlow } from './stubFlow.ts';
import type { ApiToken } from '../../src/web/apiToken.ts';

export const TEST_TOKEN = 'test-token-0123456789abcdef';
export const bearer = { authorization: `Bearer ${TEST_TOKEN}` };
/** A read-only token beside the operator's. */
export const VIEWER_TOKEN = 'viewer-token-0123456789abcdef';
export const viewerBearer = { authorization: `Bearer ${VIEWER_TOKEN}` };
export const TEST_TOKENS: ApiToken[] = [
  { name: 'tester', role: 'operator', secret: TEST_TOKEN },
  { name: 'watcher', role: 'viewer', secret: VIEWER_TOKEN },
];

const connection = (id: string, marketplace: string) => ({
  id,
  amazon: {
    sellingPartnerId: `SP-${id}`,
    region: 'eu',
    marketplaces: [{ id: marketplace, legalEntity: 'usmf' }],
  },
  d365: { environmentUrl: 'https://d365.invalid', tenantId: 'tenant' },
});

export const testConfig: ConnectorConfig = parseConfig(
  { connections: [connection('eu1', 'A1PA6795UKMFR9'), connection('us1', 'ATVPDKIKX0DER')] },
  'web test',
);

/**
 * A per-connection flow whose replay marks the record synced and remembers what it was given; its check
 * passes and its backfill only answers.
 */
export const importTestFlow = stubFlow({
  id: 'import-test',
  title: 'Import test',
  scope: 'connection',
  plan(_snapshot, ctx) {
    return {
      actions: [{ action: 'import', description: `import for ${ctx.connectionId}` }],
      hasMore: false,
      backlog: 1,
    };
  },
  async check() {
    return [{ name: 'test setup', ok: true, detail: 'nothing to check in a test' }];
  },
  async backfill(since) {
    return `backfill from ${since.toISOString()} noted`;
  },
  async replay(record, payload, ctx) {
    await ctx.commit((tx) =>
      saveRecord(tx, ctx.store.sealer, {
        connectionId: record.connectionId,
        flow: record.flow,
        externalId: record.externalId,
        state: 'synced',
        summary: { replayedFrom: (payload as { orderId?: string }).orderId ?? null },
        message: 'replayed',
      }),
    );
    return { items: 1, errors: 0 };
  },
});

export interface TestWeb {
  store: Store & { schema?: string };
  boss: PgBoss;
  bossSchema: string;
  services: ServiceManager;
  ops: Operations;
  app: Hono;
  /** The parts startWebServer needs, as a Runtime. */
  runtime: Runtime;
  /** Jobs waiting in a flow's queue, as (connection, trigger). */
  waitingJobs(flow: string): Promise<Array<{ connectionId: string; trigger: string }>>;
  /** Empties every table (ids restart) and every queue, then prepares the services again. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function openTestWeb(app: Partial<WebAppDeps> = {}): Promise<TestWeb> {
  const store = await openTestStore();
  const bossSchema = store.schema ? `${store.schema}_boss` : 'pgboss';
  const boss = createBoss(store.db, { schema: bossSchema, maintenanceIntervalSeconds: 60 });
  const shutdown = new AbortController();
  const log = createLogger({ level: 'silent' });
  const registry = new FlowRegistry([heartbeatFlow, importTestFlow]);
  const runnerDeps: RunnerDeps = {
    config: testConfig,
    store,
    log,
    holder: 'web-test',
    shutdown: shutdown.signal,
  };
  try {
    await boss.start();
  } catch (error) {
    await store.close();
    throw error;
  }
  const services = new ServiceManager({ ...runnerDeps, boss, registry, bossSchema });
  await services.prepare();
  const ops = new Operations(runnerDeps, registry, services);
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      shutdown.abort();
      await boss.stop({ graceful: false, wait: true, close: false });
      if (store.schema) await store.db.query(`DROP SCHEMA IF EXISTS "${bossSchema}" CASCADE`);
      await store.close();
    })());
  return {
    store,
    boss,
    bossSchema,
    services,
    ops,
    // Every answer a test receives is checked against the API's OpenAPI document.
    app: withContractCheck(
      createWebApp({ ops, db: store.db, apiTokens: TEST_TOKENS, streamPollMs: 20, log, ...app }),
      TEST_TOKEN,
    ),
    runtime: {
      loaded: { config: testConfig, demo: false, source: 'web test' },
      store,
      boss,
      registry,
      services,
      runnerDeps,
      stop: close,
    },
    async waitingJobs(flow) {
      const { rows } = await store.db.query<{ data: { connectionId: string; trigger: string } }>(
        `SELECT data FROM ${bossSchema}.job WHERE name = $1 AND state = 'created' ORDER BY created_on`,
        [queueName(flow)],
      );
      return rows.map((r) => ({ connectionId: r.data.connectionId, trigger: r.data.trigger }));
    },
    async reset() {
      const { rows } = await store.db.query<{ name: string }>(
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
      );
      await store.db.query(`TRUNCATE ${rows.map((r) => `"${r.name}"`).join(', ')} RESTART IDENTITY CASCADE`);
      await store.db.query(`DELETE FROM ${bossSchema}.job`);
      await services.prepare();
    },
    close,
  };
}

/** One TestWeb for a test file, reset before each test. */
export function useTestWeb(app: Partial<WebAppDeps> = {}): () => TestWeb {
  let web: TestWeb | undefined;
  beforeAll(async () => {
    web = await openTestWeb(app);
  });
  beforeEach(async () => web!.reset());
  afterAll(async () => web?.close());
  return () => web!;
}

/** A JSON answer as the tests read it: loosely typed, asserted on with expect. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function jsonOf(res: Response): Promise<Json> {
  return res.json();
}

export interface Seed {
  externalId: string;
  state: RecordState;
  connectionId?: string;
  flow?: string;
  reason?: string;
  personal?: unknown;
  /** Stored as the record's raw payload; `personalPaths` are sealed in it. */
  payload?: unknown;
  personalPaths?: string[];
}

/** A record (and its payload) written through the repositories, as a flow would. */
export async function seedRecord(store: Store, seed: Seed): Promise<SyncRecord> {
  const connectionId = seed.connectionId ?? 'eu1';
  const payloadId =
    seed.payload === undefined
      ? undefined
      : await savePayload(store.db, store.sealer, {
          connectionId,
          kind: 'order',
          body: seed.payload,
          personalPaths: seed.personalPaths ?? [],
        });
  return saveRecord(store.db, store.sealer, {
    connectionId,
    flow: seed.flow ?? importTestFlow.id,
    externalId: seed.externalId,
    state: seed.state,
    reason: seed.reason,
    personal: seed.personal,
    payloadId,
    summary: { externalId: seed.externalId },
  });
}
