/**
 * The remote clients a connection-scoped flow talks through: one Amazon SP-API client and one D365 F&O
 * client per connection, built on first use with the connection's secrets resolved at that moment, and
 * kept for the life of the process (their token caches and rate-limit state are worth keeping).
 * Amazon's token buckets live in the database, so every worker process sharing it shares one budget.
 * Tests hand in their own factory (a fetch of their own, a clock).
 */
import type { ConnectionConfig, ConnectorConfig } from '../config/schema.ts';
import { resolveSecret } from '../config/secrets.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/openStore.ts';
import { createDbBucketStore } from '../store/repos/rateBuckets.ts';
import { createDbProductTypeSchemaStore } from '../store/repos/productTypeSchemas.ts';
import { createAmazonClient, type AmazonClient } from '../amazon/client.ts';
import { connectionFromConfig, createD365Client, type D365Client } from '../d365/index.ts';

export interface Remotes {
  amazon: AmazonClient;
  d365: D365Client;
}

export type RemotesFactory = (connection: ConnectionConfig) => Remotes;

export interface RemotesOptions {
  config: ConnectorConfig;
  store: Store;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
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
        ...(options.fetch && { fetch: options.fetch }),
      }),
      d365: createD365Client({
        connection: connectionFromConfig(connection.d365, { env: options.env }),
        log,
        defaultCompany: side.marketplaces[0]?.legalEntity,
        timeScale: options.config.timeScale,
        ...(options.fetch && { fetch: options.fetch }),
      }),
    };
    cache.set(connection.id, remotes);
    return remotes;
  };
}
