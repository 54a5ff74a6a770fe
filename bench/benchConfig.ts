/**
 * The configuration a benchmark's connector process runs with: the demo connection pointed at the
 * parent's emulators, one flow's demo settings with the benchmark's own over them, its demo mapping
 * tables plus any extra rows, and PGlite in the data directory or PostgreSQL from `databaseEnv`.
 */
import { withDemoConnection } from '../src/cli/demoEmulators.ts';
import { configSchema, type ConnectorConfig } from '../src/config/schema.ts';
import type { AnyFlow } from '../src/engine/flow.ts';

export interface BenchConnectorJob {
  amazonUrl: string;
  d365Url: string;
  timeScale: number;
  dataDir: string;
  runTimeoutSeconds: number;
  /** PostgreSQL schema to use (the URL in the environment variable `databaseEnv`); PGlite when absent. */
  postgresSchema?: string;
}

export function benchConfig(
  job: BenchConnectorJob,
  flow: AnyFlow,
  databaseEnv: string,
  settings: Record<string, unknown>,
  extraMappings: ConnectorConfig['mappings'] = {},
): ConnectorConfig {
  const base = configSchema.parse({
    dataDir: job.dataDir,
    timeScale: job.timeScale,
    jobs: { runTimeoutSeconds: job.runTimeoutSeconds },
    ...(job.postgresSchema && { database: { url: { env: databaseEnv } } }),
  });
  const demo = withDemoConnection(
    { config: base, demo: true, source: 'benchmark' },
    { amazonUrl: job.amazonUrl, d365Url: job.d365Url, close: async () => undefined },
    [flow],
  ).config;
  const tables = [...new Set([...Object.keys(demo.mappings), ...Object.keys(extraMappings)])];
  return {
    ...demo,
    services: { ...demo.services, [flow.id]: { ...demo.services[flow.id], ...settings } },
    mappings: Object.fromEntries(
      tables.map((table) => [table, [...(demo.mappings[table] ?? []), ...(extraMappings[table] ?? [])]]),
    ),
  };
}
