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
import { afterEach } from 'vitest';
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
import { confirmShipment } from '../../../src/amazon/orders/confirmShipment.ts';
import { createRemotesFactory } from '../../../src/runtime.ts';
import { FlowRegistry } from '../../../src/engine/registry.ts';
import { executeRun, dryRun, type RunnerDeps, type RunSummary } from '../../../src/engine/runner.ts';
import { importOrdersFlow } from '../../../src/flows/importOrders/flow.ts';
import { confirmShipmentsFlow } from '../../../src/flows/confirmShipments/flow.ts';
import type { Remotes } from '../../../src/flows/domain/remotes.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { Operations, type Scheduler } from '../../../src/ops/operations.ts';
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
  /** The configuration in force (changed by `reconfigure`). */
  readonly config: ConnectorConfig;
  store: Store;
  /** The runner's dependencies in force (changed by `reconfigure`). */
  readonly deps: RunnerDeps<Remotes>;
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
  /** One run of confirm-shipments (packing slips → Amazon shipment confirmations). */
  runShipments(): Promise<RunSummary>;
  /** The records of confirm-shipments (one per Amazon order with packing slips). */
  shipmentRecords(): Promise<SyncRecord[]>;
  plan(): ReturnType<typeof dryRun>;
  records(): Promise<SyncRecord[]>;
  /** D365 sales order headers (cross-company), straight from the emulator's OData endpoint. */
  salesOrders(filter?: string): Promise<Json[]>;
  salesOrderLines(salesOrderNumber: string): Promise<Json[]>;
  /** Any OData read of the D365 emulator (`CustomersV3?cross-company=true&$filter=…`): the `value` rows. */
  d365Read(path: string): Promise<Json[]>;
  /**
   * The connector restarted with another configuration over the same store and emulators: new settings
   * (merged over the demo's, as at start) and mapping tables, fresh remote clients (no cached look-ups).
   */
  reconfigure(options: Pick<HarnessOptions, 'settings' | 'shipmentSettings' | 'mappings' | 'fetch'>): void;
  /** The operator's operations (`connector retry`, `replay`…); "run now" runs import-orders here. */
  ops(): Operations;
  /**
   * The order ships on Amazon: a merchant-fulfilled order's shipment confirmed by the seller (Orders v0
   * confirmShipment, every unit in one package), an Amazon-fulfilled one shipped by Amazon (`/_sim/`).
   */
  shipOnAmazon(orderId: string): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Merged over the demo settings of services['import-orders']. */
  settings?: Record<string, unknown>;
  /** Merged over the demo settings of services['confirm-shipments']. */
  shipmentSettings?: Record<string, unknown>;
  mappings?: ConnectorConfig['mappings'];
  d365?: Partial<D365EmulatorOptions>;
  amazonRoles?: { buyer?: boolean; recipient?: boolean };
  /**
   * The fetch the connector's remote clients use (both remotes): wrap the real one to change what
   * crosses the wire — substitute Amazon's answers, cut requests short.
   */
  fetch?: typeof fetch;
  /** Speeds up both emulators and the clients' rate table (default TIME_SCALE). */
  timeScale?: number;
}

async function json(response: Response) {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function startOrdersHarness(options: HarnessOptions = {}): Promise<OrdersHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'orders-'));
  let offset = 0;
  const timeScale = options.timeScale ?? TIME_SCALE;
  const amazon = createAmazonEmulator({
    seed: 'none',
    timeScale,
    now: () => Date.now() + offset,
    ...(options.amazonRoles && { roles: options.amazonRoles }),
  });
  const d365 = createD365Emulator({ seed: 'demo', timeScale, ...options.d365 });
  const servedAmazon: ServedEmulator = await serveEmulator(amazon.app);
  const servedD365: ServedEmulator = await serveEmulator(d365.app);
  const base = configSchema.parse({ dataDir, timeScale, jobs: { runTimeoutSeconds: 60 } });
  const demo = withDemoConnection(
    { config: base, demo: true, source: 'test' },
    { amazonUrl: servedAmazon.url, d365Url: servedD365.url, close: async () => undefined },
    [importOrdersFlow, confirmShipmentsFlow],
  ).config;
  const configure = (
    o: Pick<HarnessOptions, 'settings' | 'shipmentSettings' | 'mappings'>,
  ): ConnectorConfig => ({
    ...demo,
    services: {
      ...demo.services,
      'import-orders': { ...demo.services['import-orders'], ...o.settings },
      'confirm-shipments': { ...demo.services['confirm-shipments'], ...o.shipmentSettings },
    },
    mappings: { ...demo.mappings, ...o.mappings },
  });
  let config = configure(options);
  const store = await openTestStore();
  for (const flow of ['import-orders', 'confirm-shipments'])
    await ensureService(store.db, {
      connectionId: DEMO_CONNECTION_ID,
      flow,
      enabled: true,
      intervalSeconds: 5,
    });
  const log = createLogger({ level: 'silent' });
  const depsFor = (c: ConnectorConfig, fetchFn?: typeof fetch): RunnerDeps<Remotes> => ({
    config: c,
    store,
    log,
    holder: 'test/1',
    shutdown: new AbortController().signal,
    remotes: createRemotesFactory({ config: c, store, log, ...(fetchFn && { fetch: fetchFn }) }),
  });
  let deps = depsFor(config, options.fetch);
  const run = () => executeRun(deps, importOrdersFlow, DEMO_CONNECTION_ID, 'test');
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
  // "Run now" from an operation (retry) runs the flow at once, as the CLI's inline scheduler does.
  const scheduler: Scheduler = {
    keys: (flow) => [{ flow, connectionId: DEMO_CONNECTION_ID }],
    runNow: async (flow) => {
      await run();
      return [{ flow, connectionId: DEMO_CONNECTION_ID }];
    },
    setEnabled: async (flow) => [{ flow, connectionId: DEMO_CONNECTION_ID }],
  };
  return {
    get config() {
      return config;
    },
    store,
    get deps() {
      return deps;
    },
    amazon,
    d365,
    amazonUrl: servedAmazon.url,
    d365Url: servedD365.url,
    amazonLater(ms = (3 * 60_000) / timeScale + 1000) {
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
    run,
    runShipments: () => executeRun(deps, confirmShipmentsFlow, DEMO_CONNECTION_ID, 'test'),
    plan: () => dryRun(deps, importOrdersFlow, DEMO_CONNECTION_ID),
    records: () => listRecords(store.db, { flow: 'import-orders', limit: 500 }),
    shipmentRecords: () => listRecords(store.db, { flow: 'confirm-shipments', limit: 500 }),
    salesOrders: (filter) =>
      odata(
        `SalesOrderHeadersV2?cross-company=true${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}`,
      ),
    salesOrderLines: (number) =>
      odata(
        `SalesOrderLines?cross-company=true&$filter=${encodeURIComponent(`SalesOrderNumber eq '${number}'`)}`,
      ),
    d365Read: odata,
    reconfigure(o) {
      config = configure(o);
      deps = depsFor(config, o.fetch);
    },
    ops: () => new Operations(deps, new FlowRegistry([importOrdersFlow]), scheduler),
    async shipOnAmazon(orderId) {
      const { body: order } = await amazonSim('GET', `/orders/${orderId}`);
      if (order.fulfilledBy === 'AMAZON') {
        const { status, body } = await amazonSim('POST', `/orders/${orderId}/ship`);
        if (status !== 200) throw new Error(`shipping failed: ${status} ${JSON.stringify(body)}`);
        return;
      }
      const amazonClient = deps.remotes!(config.connections[0]!).amazon;
      await confirmShipment(amazonClient, orderId, {
        marketplaceId: order.marketplaceId,
        packageDetail: {
          packageReferenceId: '1',
          carrierCode: 'UPS',
          trackingNumber: `1Z${orderId.replace(/\D/g, '').slice(-10)}`,
          shipDate: new Date(Date.now() - 60_000).toISOString(),
          orderItems: order.items.map((i: { orderItemId: string; quantityOrdered: number }) => ({
            orderItemId: i.orderItemId,
            quantity: i.quantityOrdered,
          })),
        },
      });
    },
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

/** Harnesses started through the returned function are closed after each test of the file. */
export function harnessPerTest(): (options?: HarnessOptions) => Promise<OrdersHarness> {
  const started: OrdersHarness[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((h) => h.close()));
  });
  return async (options) => {
    const h = await startOrdersHarness(options);
    started.push(h);
    return h;
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
