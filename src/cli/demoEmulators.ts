// Demo mode (`npm start` with no configuration): both emulators run inside the connector's process with
// their state in the data directory, and the configuration gains one connection to them and each flow's
// demo defaults (its settings and mapping tables), all built from the demo catalogue. Their state files are
// saved before each answer, so a restart — even after SIGKILL — finds the orders and stock exactly as
// the connector last saw them.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import type { ConnectionConfig, ConnectorConfig } from '../config/schema.ts';
import type { AnyFlow } from '../engine/flow.ts';
import { demoCatalogue } from '../demo/demoCatalogue.ts';
import { createAmazonEmulator } from '../emulators/amazon/app.ts';
import { createD365Emulator } from '../emulators/d365/app.ts';
import { serveEmulator } from '../emulators/shared/serveEmulator.ts';

export const DEMO_CONNECTION_ID = 'demo';

export interface DemoEmulators {
  amazonUrl: string;
  d365Url: string;
  close(): Promise<void>;
}

export async function startDemoEmulators(dataDir: string, timeScale: number): Promise<DemoEmulators> {
  const dir = resolve(dataDir, 'emulators');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const amazon = createAmazonEmulator({ seed: 'demo', timeScale, stateFile: join(dir, 'amazon.state') });
  const d365 = createD365Emulator({ seed: 'demo', timeScale, stateFile: join(dir, 'd365.state') });
  const servedAmazon = await serveEmulator(amazon.app);
  const servedD365 = await serveEmulator(d365.app).catch(async (error: unknown) => {
    await servedAmazon.close(); // nothing may keep listening when the start fails
    await amazon.close();
    await d365.close();
    throw error;
  });
  return {
    amazonUrl: servedAmazon.url,
    d365Url: servedD365.url,
    async close() {
      await Promise.all([servedAmazon.close(), servedD365.close()]);
      await amazon.close();
      await d365.close();
    },
  };
}

/** Writes the catalogue's demo credentials as secret files: the config only ever holds references. */
function demoSecret(dir: string, name: string, value: string): { file: string } {
  const file = join(dir, name);
  writeFileSync(file, value + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { file };
}

/**
 * The demo's marketplace profiles, from the catalogue: one customer per marketplace (AMZ-US, AMZ-CA),
 * shipping from the legal entity's default site and warehouse.
 */
export function demoMarketplaces(): ConnectionConfig['amazon']['marketplaces'] {
  const { marketplaces, legalEntities } = demoCatalogue();
  return marketplaces.map((m) => {
    const company = legalEntities.find((le) => le.dataAreaId === m.legalEntity);
    return {
      id: m.id,
      legalEntity: m.legalEntity,
      customerAccount: `AMZ-${m.countryCode}`,
      ...(company && { site: company.defaultSiteId, warehouse: company.defaultWarehouseId }),
    };
  });
}

export function demoConnection(dataDir: string, emulators: DemoEmulators): ConnectionConfig {
  const catalogue = demoCatalogue();
  const secrets = resolve(dataDir, 'emulators', 'secrets');
  mkdirSync(secrets, { recursive: true, mode: 0o700 });
  return {
    id: DEMO_CONNECTION_ID,
    amazon: {
      sellingPartnerId: catalogue.seller.sellingPartnerId,
      region: catalogue.seller.region,
      sandbox: false,
      marketplaces: demoMarketplaces(),
      endpoint: emulators.amazonUrl,
      tokenEndpoint: `${emulators.amazonUrl}/auth/o2/token`,
      lwaClientId: demoSecret(secrets, 'lwa-client-id', catalogue.seller.lwa.clientId),
      lwaClientSecret: demoSecret(secrets, 'lwa-client-secret', catalogue.seller.lwa.clientSecret),
      refreshToken: demoSecret(secrets, 'lwa-refresh-token', catalogue.seller.lwa.refreshToken),
    },
    d365: {
      // The emulator is the environment: its own URL is the OData base and the token audience.
      environmentUrl: emulators.d365Url,
      tenantId: catalogue.d365.tenantId,
      clientId: demoSecret(secrets, 'entra-client-id', catalogue.d365.clientId),
      clientSecret: demoSecret(secrets, 'entra-client-secret', catalogue.d365.clientSecret),
      authority: emulators.d365Url,
      tokenEndpoint: `${emulators.d365Url}/${catalogue.d365.tenantId}/oauth2/v2.0/token`,
      maxConcurrentRequests: 4,
    },
  };
}

/**
 * The demo configuration: its connection to the running emulators, and each flow's demo defaults (its
 * settings and mapping tables, which the flow builds from the demo catalogue). What the configuration
 * already had wins: its keys of `services.<flow>` and its mapping tables are kept as they are.
 */
export function withDemoConnection(
  loaded: LoadedConfig,
  emulators: DemoEmulators,
  flows: readonly AnyFlow[],
): LoadedConfig {
  const { config } = loaded;
  const connection = demoConnection(config.dataDir, emulators);
  const services = { ...config.services };
  const mappings: ConnectorConfig['mappings'] = {};
  for (const flow of flows) {
    const defaults = flow.demo?.();
    if (defaults?.settings) services[flow.id] = { ...defaults.settings, ...config.services[flow.id] };
    for (const [table, rows] of Object.entries(defaults?.mappings ?? {}))
      mappings[table] = [...(mappings[table] ?? []), ...rows];
  }
  return {
    ...loaded,
    config: { ...config, connections: [connection], services, mappings: { ...mappings, ...config.mappings } },
  };
}
