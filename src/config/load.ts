/**
 * Loading the configuration: a YAML or JSON file (`--config` or CONNECTOR_CONFIG), the environment for
 * the database URL, and command-line overrides. Parsed once at start-up; on any problem every problem
 * is reported at once with its path, so an operator fixes the file in one pass.
 * With no file at all the connector runs in demo mode (built-in config, emulators, generated secrets).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConnectorError } from '../errors.ts';
import { configSchema, type ConnectorConfig } from './schema.ts';

/** `timeScale` in demo mode (no configuration file, no shared database). */
export const DEMO_TIME_SCALE = 60;

export interface LoadedConfig {
  config: ConnectorConfig;
  /** True when no config file was given: demo mode with emulators and generated secrets. */
  demo: boolean;
  /** Where the config came from, for messages. */
  source: string;
}

export interface LoadOptions {
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  overrides?: { dataDir?: string; port?: number };
}

export class ConfigError extends ConnectorError {
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super('config', `Invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

function readStructuredFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read file: ${(error as NodeJS.ErrnoException).code ?? error}`]);
  }
  try {
    return path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(path, [
      `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    ]);
  }
}

/** Formats a zod issue path the way an operator reads a YAML file: connections[0].amazon.region */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

export function parseConfig(raw: unknown, source: string): ConnectorConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) {
    throw new ConfigError(
      source,
      result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
    );
  }
  return result.data;
}

function mergeMappingFiles(config: ConnectorConfig, baseDir: string, source: string): ConnectorConfig {
  const problems: string[] = [];
  const mappings = { ...config.mappings };
  config.mappingFiles.forEach((file, index) => {
    const path = resolve(baseDir, file);
    try {
      const parsed = parseConfig({ mappings: readStructuredFile(path) }, path);
      Object.assign(mappings, parsed.mappings);
    } catch (error) {
      const detail = error instanceof ConfigError ? error.problems.join('; ') : String(error);
      problems.push(`mappingFiles[${index}] (${file}): ${detail}`);
    }
  });
  if (problems.length > 0) throw new ConfigError(source, problems);
  return { ...config, mappings };
}

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const path = options.configPath ?? env.CONNECTOR_CONFIG;
  let raw: Record<string, unknown> = {};
  let source = 'built-in demo configuration';
  if (path) {
    source = resolve(path);
    const parsed = readStructuredFile(source);
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      throw new ConfigError(source, ['(top level): must be a mapping of settings']);
    }
    raw = { ...((parsed as Record<string, unknown> | null) ?? {}) };
  }
  if (env.DATABASE_URL && raw.database === undefined) raw.database = { url: { env: 'DATABASE_URL' } };
  // Demo mode runs against the emulators: at 60× searchOrders' burst of 20 and its rate of one call per
  // 3 minutes (every 3 s) keep up with the demo's 5-second poll, and nothing waits in real time.
  if (!path && raw.database === undefined) raw.timeScale = DEMO_TIME_SCALE;
  if (options.overrides?.dataDir) raw.dataDir = options.overrides.dataDir;
  if (options.overrides?.port !== undefined) {
    raw.server = { ...((raw.server as object | undefined) ?? {}), port: options.overrides.port };
  }
  let config = parseConfig(raw, source);
  if (path) config = mergeMappingFiles(config, dirname(source), source);
  // Demo mode generates its secrets per data directory: never for a shared PostgreSQL server, where
  // every machine would generate a different encryption key for the same data.
  return { config, demo: !path && !config.database, source };
}
