/**
 * Starting and stopping the connector's long-running parts in order: store → job engine → services →
 * web server. `connector start` runs all of them in one process; `connector worker` runs everything
 * but the web server, for extra processes sharing one PostgreSQL. Test fixtures call this too, with
 * flows of their own.
 *
 * It is also where the remote clients are built (`createRemotesFactory`): one Amazon SP-API client and
 * one D365 F&O client per connection, on first use, with the connection's secrets resolved at that
 * moment, and kept for the life of the process (their token caches and rate-limit state are worth
 * keeping). Amazon's token buckets live in the database, so every worker sharing it shares one budget.
 * The engine gets the factory and never imports a client; tests hand in their own (a fetch, a clock).
 */
import { hostname } from 'node:os';
import type PgBoss from 'pg-boss';
import type { Registry } from 'prom-client';
import type { LoadedConfig } from './config/load.ts';
import type { ConnectionConfig, ConnectorConfig } from './config/schema.ts';
import { resolveSecret } from './config/secrets.ts';
import { createAmazonClient } from './amazon/client.ts';
import type { ExchangeObserver } from './http/exchangeObserver.ts';
import { connectionFromConfig, createD365Client } from './d365/index.ts';
import type { Remotes } from './flows/domain/remotes.ts';
import { createDbBucketStore } from './store/repos/rateBuckets.ts';
import { createDbProductTypeSchemaStore } from './store/repos/productTypeSchemas.ts';
import { ConnectorError } from './errors.ts';
import type { Logger } from './log/logger.ts';
import { openStore, type Store } from './store/openStore.ts';
import { releaseAllLeases } from './store/repos/services.ts';
import type { ServiceManager } from './jobs/serviceManager.ts';
import { FlowRegistry } from './engine/registry.ts';
import type { AnyFlow } from './engine/flow.ts';
import { validateAllSettings } from './engine/settings.ts';
import { createFeedLogger } from './engine/feedLogger.ts';
import type { RunnerDeps } from './engine/runner.ts';
import type { AlertService } from './alerts/alertService.ts';

export type RemotesFactory = (connection: ConnectionConfig) => Remotes;

export interface RemotesOptions {
  config: ConnectorConfig;
  store: Store;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Told of every exchange of a connection's clients (the metrics seam). */
  observerFor?: (connectionId: string) => ExchangeObserver;
}

const secret = (ref: Parameters<typeof resolveSecret>[0] | undefined, env?: NodeJS.ProcessEnv) =>
  ref === undefined ? undefined : resolveSecret(ref, env);

export function createRemotesFactory(options: RemotesOptions): RemotesFactory {
  const cache = new Map<string, Remotes>();
  const bucketStore = createDbBucketStore(options.store.db);
  const productTypeSchemas = createDbProductTypeSchemaStore(options.store.db);
  return (connection) => {
    const cached = cache.get(connection.id);
    if (cached) return cached;
    const { amazon: side } = connection;
    const log = options.log.child({ connection: connection.id });
    const observer = options.observerFor?.(connection.id);
    const remotes: Remotes = {
      amazon: createAmazonClient({
        connection: {
          ...side,
          lwaClientId: secret(side.lwaClientId, options.env),
          lwaClientSecret: secret(side.lwaClientSecret, options.env),
          refreshToken: secret(side.refreshToken, options.env),
        },
        timeScale: options.config.timeScale,
        bucketStore,
        productTypeSchemas,
        log,
        observer,
        ...(options.fetch && { fetch: options.fetch }),
      }),
      d365: createD365Client({
        connection: connectionFromConfig(connection.d365, { env: options.env }),
        log,
        observer,
        defaultCompany: side.marketplaces[0]?.legalEntity,
        timeScale: options.config.timeScale,
        ...(options.fetch && { fetch: options.fetch }),
      }),
    };
    cache.set(connection.id, remotes);
    return remotes;
  };
}

export interface RuntimeOptions {
  loaded: LoadedConfig;
  flows: AnyFlow[];
  role: 'all' | 'worker';
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** PostgreSQL schemas for the connector's and pg-boss's tables (tests isolate themselves this way). */
  schema?: string;
  bossSchema?: string;
  superviseSeconds?: number;
  /**
   * Runs once the data directory is ours (the store's lock is taken) and before any service: demo mode
   * starts its emulators here and adds their connection to the configuration. `close` runs at stop.
   */
  attach?: (loaded: LoadedConfig) => Promise<{ loaded: LoadedConfig; close(): Promise<void> }>;
  /** Replaces the remote clients (tests: a fetch or clock of their own). */
  remotes?: (deps: {
    config: LoadedConfig['config'];
    store: Store;
    log: Logger;
    observerFor?: RemotesOptions['observerFor'];
  }) => RemotesFactory;
  /**
   * Starts the web server — the API for role 'all', a worker's metrics listener when asked — given by
   * the CLI so this module stays free of web imports. Only role 'all' names it in the store's lock.
   */
  startWeb?: (runtime: Runtime) => Promise<{ url: string; close(): Promise<void> }>;
}

export interface Runtime {
  loaded: LoadedConfig;
  store: Store;
  boss: PgBoss;
  registry: FlowRegistry;
  services: ServiceManager;
  runnerDeps: RunnerDeps;
  /** This process's Prometheus metrics (web/metricsRoute.ts serves them at /metrics). */
  metrics?: Registry;
  web?: { url: string; close(): Promise<void> };
  /** Alert rules and webhook deliveries, beside the services (src/alerts). */
  alerts?: AlertService;
  stop(reason?: string): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { log } = options;
  let { loaded } = options;
  validateAllSettings(loaded.config, options.flows);
  if (options.role === 'worker' && !loaded.config.database) {
    throw new ConnectorError(
      'config',
      '`connector worker` needs a shared PostgreSQL server (set DATABASE_URL or database.url): the embedded ' +
        'database belongs to one process. Use `connector start` to run everything in one process.',
    );
  }
  const parts = await loadStartParts();
  const { BOSS_SCHEMA, createBoss, dropOrphanedJobs, withStartupLock, ServiceManager, createAlertService } =
    parts;
  const store = await openStore({
    config: loaded.config,
    demo: loaded.demo,
    env: options.env,
    schema: options.schema,
  });
  let attached: { close(): Promise<void> } | undefined;
  if (options.attach) {
    try {
      const attachment = await options.attach(loaded);
      attached = attachment;
      loaded = attachment.loaded;
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  const { config } = loaded;
  const bossSchema = options.bossSchema ?? BOSS_SCHEMA;
  const boss = createBoss(store.db, {
    schema: bossSchema,
    maintenanceIntervalSeconds: Math.min(60, Math.max(1, config.jobs.runTimeoutSeconds)),
  });
  boss.on('error', (error) => log.warn({ err: error }, 'job engine error'));
  const shutdown = new AbortController();
  const registry = new FlowRegistry(options.flows);
  const metrics = createMetrics(parts, store, bossSchema);
  const runnerDeps: RunnerDeps = {
    config,
    store,
    log,
    holder: `${hostname()}/${process.pid}`,
    shutdown: shutdown.signal,
    remotes: (options.remotes ?? createRemotesFactory)({
      config,
      store,
      log,
      env: options.env,
      observerFor: metrics.remote.observerFor,
    }),
  };
  try {
    await withStartupLock(store.db, bossSchema, () => boss.start());
    if (store.db.kind === 'pglite') {
      // We own the embedded database alone: whatever a previous process left running is orphaned.
      const orphans = await dropOrphanedJobs(store.db, bossSchema);
      await releaseAllLeases(store.db);
      if (orphans > 0)
        log.info(
          { orphans },
          'removed jobs left active by the previous process; their services run again now',
        );
    }
  } catch (error) {
    await store.close();
    await attached?.close();
    throw error;
  }
  const services = new ServiceManager({ ...runnerDeps, boss, registry, bossSchema });
  await withStartupLock(store.db, bossSchema, () => services.prepare());

  const feed = createFeedLogger(store.db, log, {});
  const alerts = createAlertService({
    db: store.db,
    config,
    log,
    flows: registry.all().map((f) => f.id),
    env: options.env,
  });
  let stopping: Promise<void> | undefined;
  const runtime: Runtime = {
    loaded,
    store,
    boss,
    registry,
    services,
    runnerDeps,
    metrics: metrics.registry,
    alerts,
    stop(reason = 'stop requested') {
      stopping ??= (async () => {
        await feed.info(`Connector stopping (${reason}): running work finishes first`, {
          process: runnerDeps.holder,
        });
        shutdown.abort();
        await services.stop();
        await alerts.stop();
        await runtime.web?.close().catch(() => undefined);
        await boss.stop({ graceful: true, wait: true, timeout: (config.jobs.runTimeoutSeconds + 5) * 1000 });
        await services.drain();
        await feed.info('Connector stopped', { process: runnerDeps.holder });
        await store.close();
        await attached?.close();
      })();
      return stopping;
    },
  };
  if (options.startWeb) {
    try {
      runtime.web = await options.startWeb(runtime);
    } catch (error) {
      // Without this the job engine and the database stay open and the process never exits.
      await runtime.stop('the web server could not start').catch(() => undefined);
      throw error;
    }
    if (options.role === 'all') store.lock?.update({ apiUrl: runtime.web.url });
  }
  // Workers start last: a start that fails (busy port, say) has run no work.
  await services.start({ superviseSeconds: options.superviseSeconds });
  alerts.start();
  await feed.info(
    `Connector started (${options.role === 'all' ? 'server and workers' : 'worker'}, ` +
      `${store.db.kind === 'pglite' ? 'embedded database' : 'PostgreSQL'}${loaded.demo ? ', demo mode' : ''})`,
    { process: runnerDeps.holder, flows: registry.all().map((f) => f.id) },
  );
  return runtime;
}

/**
 * The process's metrics registry: Node's process metrics (prom-client's defaults), this process's
 * remote exchanges, and the operator's numbers read from the shared database at each scrape.
 */
function createMetrics(parts: StartParts, store: Store, bossSchema: string) {
  const { collectDefaultMetrics, Registry, registerOperatorMetrics, createRemoteMetrics } = parts;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerOperatorMetrics(registry, { db: store.db, bossSchema });
  return { registry, remote: createRemoteMetrics(registry) };
}

/**
 * What only a starting connector needs — the job engine (pg-boss), the metrics (prom-client), the alerts —
 * loaded when it starts, not with this module: a one-shot CLI command that opens the store itself
 * (`connector sync`, `status`…) imports this module for createRemotesFactory alone.
 */
async function loadStartParts() {
  const { BOSS_SCHEMA, createBoss, dropOrphanedJobs, withStartupLock } = await import('./jobs/boss.ts');
  const { ServiceManager } = await import('./jobs/serviceManager.ts');
  const { createAlertService } = await import('./alerts/alertService.ts');
  const { registerOperatorMetrics } = await import('./ops/metrics/operatorMetrics.ts');
  const { createRemoteMetrics } = await import('./http/remoteMetrics.ts');
  const { collectDefaultMetrics, Registry } = await import('prom-client');
  return {
    BOSS_SCHEMA,
    createBoss,
    dropOrphanedJobs,
    withStartupLock,
    ServiceManager,
    createAlertService,
    registerOperatorMetrics,
    createRemoteMetrics,
    collectDefaultMetrics,
    Registry,
  };
}

type StartParts = Awaited<ReturnType<typeof loadStartParts>>;
