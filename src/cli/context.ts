/**
 * What every command receives: the parts main.ts plugs in (flows, web server, API token handling),
 * the environment, where to print, and the global options (`--config`, `--data-dir`) turned into a
 * loaded configuration. Commands never read process.env or import the web server themselves.
 *
 * Start-up cost: every command module is loaded to build the command line, so this module and the
 * command modules import only light code at the top (types with `import type`). The configuration
 * schema (zod, yaml), the logger (pino), the flows, the store, the runtime and the web server are loaded
 * with `await import()` by the command that needs them: `connector --help` or a usage error loads none.
 */
import type { Command } from 'commander';
import type { LoadedConfig } from '../config/load.ts';
import type { ApiRole, ConnectorConfig } from '../config/schema.ts';
import { ConnectorError } from '../errors.ts';
import type { AnyFlow } from '../engine/flow.ts';
import type { Logger } from '../log/logger.ts';
import { Progress, type ProgressTerminal } from './progress/progress.ts';
import type { Runtime } from '../runtime.ts';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/** An API token as the web server takes it (web/apiToken.ts); the CLI only passes it along. */
export interface ApiTokenEntry {
  name: string;
  role: ApiRole;
  secret: string;
}

export interface CliDeps {
  /** The flows this version runs (src/flows/index.ts), loaded on first call: only some commands need them. */
  loadFlows(): Promise<AnyFlow[]>;
  startWebServer(runtime: Runtime, options: { apiTokens: ApiTokenEntry[] }): Promise<WebServer>;
  /** A worker's GET /metrics alone, behind the API tokens (`worker --metrics-port`). */
  startMetricsServer(
    runtime: Runtime,
    options: { apiTokens: ApiTokenEntry[]; port: number; host?: string },
  ): Promise<WebServer>;
  /** The API tokens `start` serves (server.apiTokens, CONNECTOR_API_TOKEN or the demo token file). */
  loadApiTokens(options: { config: ConnectorConfig; env: NodeJS.ProcessEnv; demo: boolean }): {
    tokens: ApiTokenEntry[];
    /** The demo token's file: printed, never the token. */
    path?: string;
    source: string;
  };
  readApiTokenFile(dataDir: string): string | undefined;
}

export interface CliContext {
  deps: CliDeps;
  env: NodeJS.ProcessEnv;
  /** Results, for people or (with --json) programs. */
  out(text: string): void;
  /** Progress and problems. */
  err(text: string): void;
  /** Aborted at the first SIGINT/SIGTERM (reason: the signal's name); long-running commands stop. */
  signal: AbortSignal;
  /** stderr when it is a terminal: long work draws its progress bar there (progress/progress.ts). */
  progressTerminal?: ProgressTerminal;
}

/** Progress for long work: a bar on the terminal, or now and then a plain line through `err`. */
export function progressOf(ctx: CliContext): Progress {
  return new Progress({ terminal: ctx.progressTerminal, line: (text) => ctx.err(text) });
}

export interface GlobalOptions {
  config?: string;
  dataDir?: string;
}

export async function loadCliConfig(
  command: Command,
  ctx: CliContext,
  overrides: { port?: number } = {},
): Promise<LoadedConfig> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const { loadConfig } = await import('../config/load.ts');
  return loadConfig({
    configPath: globals.config,
    env: ctx.env,
    overrides: { dataDir: globals.dataDir, port: overrides.port },
  });
}

/**
 * Process log on stderr: quiet for one-shot commands, `info` for the long-running ones; readable lines
 * at a terminal, JSON otherwise or with LOG_FORMAT=json (log/logFormat.ts).
 */
export async function cliLogger(ctx: CliContext, longRunning: boolean): Promise<Logger> {
  const { createLogger } = await import('../log/logger.ts');
  return createLogger({ level: ctx.env.LOG_LEVEL ?? (longRunning ? 'info' : 'warn'), env: ctx.env });
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/**
 * CONNECTOR_DB_SCHEMA puts the connector's tables (and pg-boss's, in `<schema>_pgboss`) in their own
 * PostgreSQL schemas, so several installations or test runs can share one database. PostgreSQL only.
 */
export function dbSchemas(loaded: LoadedConfig, env: NodeJS.ProcessEnv) {
  const schema = env.CONNECTOR_DB_SCHEMA;
  if (!schema || !loaded.config.database) return {};
  if (!SCHEMA_NAME.test(schema)) {
    throw new ConnectorError(
      'config',
      'CONNECTOR_DB_SCHEMA must be lower-case letters, digits and underscores (max 41), starting with a letter',
    );
  }
  return { schema, bossSchema: `${schema}_pgboss` };
}
