/**
 * Commands with no connector running here: the store is opened in this process (taking the data
 * directory's lock, for the embedded database) on first use and `Operations` does the work, with an
 * inline scheduler that runs flows in-process. On the embedded database we are the only owner, so any
 * run lease left by a killed process is released first, as `connector start` does.
 */
import { hostname } from 'node:os';
import type { LoadedConfig } from '../config/load.ts';
import { Operations } from '../ops/operations.ts';
import type { AnyFlow } from '../engine/flow.ts';
import { FlowRegistry } from '../engine/registry.ts';
import type { PageProgress, RunnerDeps } from '../engine/runner.ts';
import { createRemotesFactory } from '../runtime.ts';
import { serviceKeys, type ServiceKey } from '../engine/serviceKeys.ts';
import { validateAllSettings } from '../engine/settings.ts';
import { openStore, type Store } from '../store/openStore.ts';
import { releaseAllLeases } from '../store/repos/services.ts';
import { readFeed } from '../store/repos/feed.ts';
import { cliLogger, dbSchemas, type CliContext } from './context.ts';
import { CommandFailed } from './errors.ts';
import { InlineScheduler } from './inlineScheduler.ts';
import {
  toJson,
  type FeedQuery,
  type FeedView,
  type RetryFilter,
  type RunView,
  type Target,
} from './target.ts';

interface Opened {
  store: Store;
  ops: Operations;
  scheduler: InlineScheduler;
}

const FOLLOW_POLL_MS = 1000;

export class DirectTarget implements Target {
  readonly mode = 'direct';
  readonly describe: string;
  private readonly registry: FlowRegistry;
  private opened?: Promise<Opened>;
  onRun?: (key: ServiceKey, run: RunView) => void;
  onPage?: (page: PageProgress) => void;

  constructor(
    private readonly ctx: CliContext,
    private readonly loaded: LoadedConfig,
    flows: AnyFlow[],
  ) {
    this.registry = new FlowRegistry(flows);
    const where = loaded.config.database
      ? 'the PostgreSQL database'
      : `the data directory ${loaded.config.dataDir}`;
    this.describe = `Connector not running here: reading ${where} directly`;
  }

  private open(): Promise<Opened> {
    this.opened ??= (async () => {
      const { config } = this.loaded;
      validateAllSettings(config, this.registry.all());
      const { schema } = dbSchemas(this.loaded, this.ctx.env);
      const store = await openStore({ config, demo: this.loaded.demo, env: this.ctx.env, schema });
      if (store.db.kind === 'pglite') await releaseAllLeases(store.db);
      const log = await cliLogger(this.ctx, false);
      const deps: RunnerDeps = {
        config,
        store,
        log,
        holder: `${hostname()}/${process.pid}/cli`,
        shutdown: this.ctx.signal,
        // Runs, checks and backfills made here call the remotes themselves.
        remotes: createRemotesFactory({ config, store, log, env: this.ctx.env }),
        onPage: (page) => this.onPage?.(page),
      };
      const scheduler = new InlineScheduler(deps, this.registry, (key, summary) =>
        this.onRun?.(key, summary),
      );
      return { store, ops: new Operations(deps, this.registry, scheduler), scheduler };
    })();
    return this.opened;
  }

  /** Checks flow and connection names before anything is opened, so a typo costs nothing. */
  private checkNames(flow?: string, connection?: string): void {
    serviceKeys(this.loaded.config, this.registry, flow, connection);
  }

  async services() {
    return toJson(await (await this.open()).ops.services());
  }

  async runNow(flow: string, connection?: string) {
    this.checkNames(flow, connection);
    const { ops, scheduler } = await this.open();
    const from = scheduler.runs.length;
    const keys: ServiceKey[] = await ops.runNow(flow, connection);
    return { keys, runs: scheduler.runs.slice(from) };
  }

  async setEnabled(flow: string, enabled: boolean, connection?: string) {
    this.checkNames(flow, connection);
    return (await this.open()).ops.setEnabled(flow, enabled, connection);
  }

  async plan(flow: string, connection?: string) {
    this.checkNames(flow, connection);
    return toJson(await (await this.open()).ops.plan(flow, connection));
  }

  async check(flow?: string, connection?: string) {
    this.checkNames(flow, connection);
    return (await this.open()).ops.check(flow, connection);
  }

  async backfill(flow: string, since: Date, connection?: string) {
    this.checkNames(flow, connection);
    const { ops, scheduler } = await this.open();
    await scheduler.prepare(); // the service rows exist before a flow records work for them
    return ops.backfill(flow, since, connection);
  }

  async feed(query: FeedQuery) {
    const { ops } = await this.open();
    const { connection, ...rest } = query;
    return toJson(await ops.feed({ ...rest, connectionId: connection }));
  }

  async follow(query: FeedQuery, afterId: number | undefined, onEntry: (entry: FeedView) => void) {
    const { store } = await this.open();
    if (store.db.kind === 'pglite') {
      throw new CommandFailed(
        `no connector is running on ${this.loaded.config.dataDir}, so its live feed does not move: ` +
          'start it (`connector start`) and follow the feed beside it',
      );
    }
    // PostgreSQL: workers elsewhere may be writing; poll for what is newer than the last entry shown.
    let last = afterId ?? (await readFeed(store.db, { limit: 1 }))[0]?.id ?? 0;
    const filter = { connectionId: query.connection, flow: query.flow, level: query.level, text: query.text };
    while (!this.ctx.signal.aborted) {
      for (const entry of await readFeed(store.db, { ...filter, afterId: last, limit: 500 })) {
        onEntry(toJson(entry));
        last = entry.id;
      }
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
    }
  }

  async retry(id: number) {
    const { ops, scheduler } = await this.open();
    await scheduler.prepare();
    const from = scheduler.runs.length;
    return { record: toJson(await ops.retry(id, 'operator (CLI)')), runs: scheduler.runs.slice(from) };
  }

  async retryMany(filter: RetryFilter) {
    const { ops, scheduler } = await this.open();
    await scheduler.prepare();
    const from = scheduler.runs.length;
    const retried = await ops.retryMany({ ...filter, connectionId: filter.connection }, 'operator (CLI)');
    return { retried, runs: scheduler.runs.slice(from) };
  }

  async resolve(id: number, note?: string) {
    const { ops } = await this.open();
    return { record: toJson(await ops.resolve(id, 'operator (CLI)', note)) };
  }

  async replay(id: number): Promise<RunView> {
    const { ops, scheduler } = await this.open();
    await scheduler.prepare(); // the replay runs under the service's lease, which lives in its row
    const { retryableError: _ignored, ...summary } = await ops.replay(id);
    return summary;
  }

  async close() {
    const opened = await this.opened?.catch(() => undefined); // a failed open has nothing to close
    await opened?.store.close();
  }
}
