/**
 * The order import end to end, in one process: both emulators served on 127.0.0.1 (never the
 * internet), a fresh test store (PGlite, or PostgreSQL with TEST_DATABASE_URL), the demo connection and
 * the demo settings and mappings of `npm start`, and the real runner with the real `import-orders` flow.
 *
 * The Amazon emulator's clock runs ahead of the real one by an offset the test moves on
 * (`amazonLater`): Amazon hides orders updated in the last two minutes (scaled), so a test moves the
 * emulator past that instead of sleeping. The clients' rate limits run on real time at TIME_SCALE.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDemoConnection, DEMO_CONNECTION_ID } from '../../../src/cli/demoEmulators.ts';
import { configSchema, type ConnectorConfig } from '../../../src/config/schema.ts';
import { createAmazonEmulator, type AmazonEmulator } from '../../../src/emulators/amazon/app.ts';
import {
  createD365Emulator,
  type D365Emulator,
  type D365EmulatorOptions,
} from '../../../src/emulators/d365/app.ts';
import { serveEmulator, type ServedEmulator } from '../../../src/emulators/shared/serveEmulator.ts';
import { createRemotesFactory } from '../../../src/flows/remotes.ts';
import { executeRun, dryRun, type RunnerDeps, type RunSummary } from '../../../src/flows/runner.ts';
import { importOrdersFlow } from '../../../src/flows/importOrders/flow.ts';
import { createLogger } from '../../../src/log/logger.ts';
import type { Store } from '../../../src/store/openStore.ts';
import { ensureService } from '../../../src/store/repos/services.ts';
import { listRecords, type SyncRecord } from '../../../src/store/repos/records.ts';
import { openTestStore } from '../../support/testDb.ts';

export const TIME_SCALE = 100;
export const US = 'ATVPDKIKX0DER';
export const CA = 'A2EUQ1WTGCTBG2';
export const COMPANY = 'usmf';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface OrdersHarness {
  config: ConnectorConfig;
  store: Store;
  deps: RunnerDeps;
  amazon: AmazonEmulator;
  d365: D365Emulator;
  amazonUrl: string;
  d365Url: string;
  /** Moves the Amazon emulator's clock on (default: past the two-minute rule). */
  amazonLater(ms?: number): void;
  /** A `/_sim/` call to the Amazon emulator. */
  amazonSim(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  /** A `/_sim/` call to the D365 emulator. */
  d365Sim(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  /** Places an order on Amazon (checkout spec of the emulator) and returns its id. */
  placeOrder(spec: Json): Promise<string>;
  /** One run of import-orders, as the scheduler would start it. */
  run(): Promise<RunSummary>;
  plan(): ReturnType<typeof dryRun>;
  records(): Promise<SyncRecord[]>;
  /** D365 sales order headers (cross-company), straight from the emulator's OData endpoint. */
  salesOrders(filter?: string): Promise<Json[]>;
  salesOrderLines(salesOrderNumber: string): Promise<Json[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Merged over the demo settings of services['import-orders']. */
  settings?: Record<string, unknown>;
  mappings?: ConnectorConfig['mappings'];
  d365?: Partial<D365EmulatorOptions>;
  amazonRoles?: { buyer?: boolean; recipient?: boolean };
}

async function json(response: Response) {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function startOrdersHarness(options: HarnessOptions = {}): Promise<OrdersHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'orders-'));
  let offset = 0;
  const amazon = createAmazonEmulator({
    seed: 'none',
    timeScale: TIME_SCALE,
    now: () => Date.now() + offset,
    ...(options.amazonRoles && { roles: options.amazonRoles }),
  });
  const d365 = createD365Emulator({ seed: 'demo', timeScale: TIME_SCALE, ...options.d365 });
  const servedAmazon: ServedEmulator = await serveEmulator(amazon.app);
  const servedD365: ServedEmulator = await serveEmulator(d365.app);
  const base = configSchema.parse({ dataDir, timeScale: TIME_SCALE, jobs: { runTimeoutSeconds: 60 } });
  const demo = withDemoConnection(
    { config: base, demo: true, source: 'test' },
    { amazonUrl: servedAmazon.url, d365Url: servedD365.url, close: async () => undefined },
  ).config;
  const config: ConnectorConfig = {
    ...demo,
    services: {
      ...demo.services,
      'import-orders': { ...demo.services['import-orders'], ...options.settings },
    },
    mappings: { ...demo.mappings, ...options.mappings },
  };
  const store = await openTestStore();
  await ensureService(store.db, {
    connectionId: DEMO_CONNECTION_ID,
    flow: 'import-orders',
    enabled: true,
    intervalSeconds: 5,
  });
  const log = createLogger({ level: 'silent' });
  const deps: RunnerDeps = {
    config,
    store,
    log,
    holder: 'test/1',
    shutdown: new AbortController().signal,
    remotes: createRemotesFactory({ config, store, log }),
  };
  const amazonSim = async (method: string, path: string, body?: unknown) =>
    json(
      await fetch(`${servedAmazon.url}/_sim${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  const d365Sim = async (method: string, path: string, body?: unknown) =>
    json(
      await fetch(`${servedD365.url}/_sim${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  let d365Token: string | undefined;
  const odata = async (path: string) => {
    d365Token ??= (await remotesToken(config, servedD365.url)) as string;
    const response = await fetch(`${servedD365.url}/data/${path}`, {
      headers: { authorization: `Bearer ${d365Token}` },
    });
    const body = (await response.json()) as { value: Json[] };
    return body.value;
  };
  return {
    config,
    store,
    deps,
    amazon,
    d365,
    amazonUrl: servedAmazon.url,
    d365Url: servedD365.url,
    amazonLater(ms = (3 * 60_000) / TIME_SCALE + 1000) {
      offset += ms;
    },
    amazonSim,
    d365Sim,
    async placeOrder(spec) {
      const { status, body } = await amazonSim('POST', '/orders', spec);
      if (status !== 201 && status !== 200)
        throw new Error(`placing an order failed: ${status} ${JSON.stringify(body)}`);
      return body.orderId as string;
    },
    run: () => executeRun(deps, importOrdersFlow, DEMO_CONNECTION_ID, 'test'),
    plan: () => dryRun(deps, importOrdersFlow, DEMO_CONNECTION_ID),
    records: () => listRecords(store.db, { flow: 'import-orders', limit: 500 }),
    salesOrders: (filter) =>
      odata(
        `SalesOrderHeadersV2?cross-company=true${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}`,
      ),
    salesOrderLines: (number) =>
      odata(
        `SalesOrderLines?cross-company=true&$filter=${encodeURIComponent(`SalesOrderNumber eq '${number}'`)}`,
      ),
    async close() {
      await servedAmazon.close();
      await servedD365.close();
      await amazon.close();
      await d365.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An Entra token for reading the D365 emulator directly (the demo credentials). */
async function remotesToken(config: ConnectorConfig, d365Url: string): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const side = config.connections[0]!.d365;
  const secret = (ref: unknown) => readFileSync((ref as { file: string }).file, 'utf8').trim();
  const response = await fetch(side.tokenEndpoint!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: secret(side.clientId),
      client_secret: secret(side.clientSecret),
      scope: `${d365Url}/.default`,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}
