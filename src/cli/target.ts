/**
 * Where a command goes. Beside a running `connector start` — the data directory's lock names its API
 * address, or (PostgreSQL) the configured host:port answers /healthz — commands use its HTTP API, so
 * the runs happen in the connector and nothing opens the database twice. An embedded database locked
 * by a live process without an API is refused plainly. Otherwise the command opens the store itself.
 */
import type { Command } from 'commander';
import type { LoadedConfig } from '../config/load.ts';
import type { ConnectorConfig } from '../config/schema.ts';
import { ConnectorError } from '../errors.ts';
import type { ServiceStatus } from '../ops/operations.ts';
import type { Plan } from '../engine/flow.ts';
import type { ServiceKey } from '../engine/serviceKeys.ts';
import type { PageProgress, RunSummary } from '../engine/runner.ts';
import type { FlowBackfill, FlowCheck } from '../engine/hooks.ts';
import { isLockHeld, readLock } from '../store/dataDirLock.ts';
import type { FeedEntry, FeedLevel } from '../store/repos/feed.ts';
import type { RecordState, SyncRecord } from '../store/repos/records.ts';
import { ApiClient } from './apiClient.ts';
import { loadCliConfig, type CliContext } from './context.ts';
import { CommandFailed } from './errors.ts';

/** A value as it travels as JSON: dates become ISO strings. */
export type Jsonify<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Jsonify<U>>
    : T extends object
      ? { [K in keyof T]: Jsonify<T[K]> }
      : T;

export const toJson = <T>(value: T): Jsonify<T> => JSON.parse(JSON.stringify(value)) as Jsonify<T>;

export type ServiceView = Jsonify<ServiceStatus>;
export type FeedView = Jsonify<FeedEntry>;
export type RecordView = Jsonify<SyncRecord>;
export type PlanView = { connection: string; plan: Jsonify<Plan> };
export type RunView = Omit<RunSummary, 'retryableError'>;
export type CheckView = FlowCheck;
export type BackfillView = FlowBackfill;

export interface FeedQuery {
  connection?: string;
  flow?: string;
  level?: FeedLevel;
  text?: string;
  limit?: number;
}

export interface RetryFilter {
  state?: RecordState;
  flow?: string;
  connection?: string;
  reason?: string;
}

export interface Target {
  mode: 'api' | 'direct';
  /** One line saying what the command talks to. */
  describe: string;
  services(): Promise<ServiceView[]>;
  /** Through the API the runs are queued; inline, they ran and `runs` holds their summaries. */
  runNow(flow: string, connection?: string): Promise<{ keys: ServiceKey[]; runs?: RunView[] }>;
  setEnabled(flow: string, enabled: boolean, connection?: string): Promise<ServiceKey[]>;
  plan(flow: string, connection?: string): Promise<PlanView[]>;
  /** Pre-flight of every flow with a check (or the one named), per connection; writes nothing. */
  check(flow?: string, connection?: string): Promise<CheckView[]>;
  /** Records a backfill from `since` per connection; the flow's next runs work through it. */
  backfill(flow: string, since: Date, connection?: string): Promise<BackfillView[]>;
  /** Newest first. */
  feed(query: FeedQuery): Promise<FeedView[]>;
  /** Calls `onEntry` for every new entry after `afterId` until the context's signal aborts. */
  follow(query: FeedQuery, afterId: number | undefined, onEntry: (e: FeedView) => void): Promise<void>;
  retry(id: number): Promise<{ record: RecordView; runs?: RunView[] }>;
  retryMany(filter: RetryFilter): Promise<{ retried: number; runs?: RunView[] }>;
  /** Settles a record a person handled outside the connector: synced, its flow not run. */
  resolve(id: number, note?: string): Promise<{ record: RecordView }>;
  replay(id: number): Promise<RunView>;
  close(): Promise<void>;
  /** Told of each run made in this process (direct mode only). */
  onRun?: (key: ServiceKey, run: RunView) => void;
  /** Told after each page a run in this process applies (direct mode only). */
  onPage?: (page: PageProgress) => void;
}

/** The address to reach a server configured on `host` (a wildcard listen address means this machine). */
export function serverUrl(server: Pick<ConnectorConfig['server'], 'host' | 'port'>): string {
  const host = ['0.0.0.0', '::', ''].includes(server.host) ? '127.0.0.1' : server.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${server.port}`;
}

/** True when the server at `url` answers 200 on `/healthz` (or another probe such as `/readyz`). */
export async function answersHealth(url: string, probe = '/healthz'): Promise<boolean> {
  try {
    const res = await fetch(new URL(probe, url), { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

function apiToken(ctx: CliContext, dataDir: string, url: string): { token: string; source: string } {
  const fromEnv = ctx.env.CONNECTOR_API_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'CONNECTOR_API_TOKEN' };
  const fromFile = ctx.deps.readApiTokenFile(dataDir);
  if (fromFile) return { token: fromFile, source: `${dataDir}/api-token` };
  throw new ConnectorError(
    'config',
    `the connector at ${url} needs an API token: set CONNECTOR_API_TOKEN (in demo mode it is in ` +
      `<data-dir>/api-token, and ${dataDir}/api-token does not exist)`,
  );
}

/**
 * Direct mode, loaded on demand: the store, the runner and the flows cost a command a second or more of
 * start-up, and beside a running connector (through its API) none of them is needed.
 */
async function openDirect(ctx: CliContext, loaded: LoadedConfig): Promise<Target> {
  const { DirectTarget } = await import('./directTarget.ts');
  return new DirectTarget(ctx, loaded, await ctx.deps.loadFlows());
}

export async function openTarget(command: Command, ctx: CliContext): Promise<Target> {
  const loaded = await loadCliConfig(command, ctx);
  const { config } = loaded;
  const viaApi = (url: string, owner: string) => {
    const { token, source } = apiToken(ctx, config.dataDir, url);
    return new ApiClient({ baseUrl: url, token, tokenSource: source, signal: ctx.signal, owner });
  };
  if (config.database) {
    const url = serverUrl(config.server);
    if (await answersHealth(url)) return viaApi(url, `the connector at ${url}`);
    return openDirect(ctx, loaded);
  }
  const owner = readLock(config.dataDir);
  if (isLockHeld(owner)) {
    const who = `process ${owner.pid} on ${owner.host} (since ${owner.startedAt})`;
    if (!owner.apiUrl) {
      throw new CommandFailed(
        `The data directory ${config.dataDir} is in use by ${who}, which serves no API: another CLI ` +
          'command, or a connector still starting. Wait for it to finish and try again, or stop it.',
      );
    }
    if (!(await answersHealth(owner.apiUrl))) {
      throw new CommandFailed(
        `The data directory ${config.dataDir} belongs to the connector run by ${who}, but its API at ` +
          `${owner.apiUrl} does not answer (starting or stopping?). Try again in a moment.`,
      );
    }
    return viaApi(owner.apiUrl, `the connector at ${owner.apiUrl} (pid ${owner.pid})`);
  }
  return openDirect(ctx, loaded);
}

/** Opens the target, runs `fn` with it, and always closes it (releasing the data directory). */
export async function withTarget<T>(
  command: Command,
  ctx: CliContext,
  fn: (target: Target) => Promise<T>,
): Promise<T> {
  const target = await openTarget(command, ctx);
  try {
    return await fn(target);
  } finally {
    await target.close();
  }
}
