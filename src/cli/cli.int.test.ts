/**
 * The real `connector` command on the embedded database, in order: direct mode on a fresh data
 * directory, then beside a running `connector start` on the same directory (through its API), its
 * graceful stop, and a restart after SIGKILL. One data directory is reused because PGlite's initdb
 * costs seconds; each test leaves it unlocked for the next.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// The embedded database only, whatever TEST_DATABASE_URL says: the PostgreSQL pass would run the same
// processes again (src/cli/cliPostgres.int.test.ts covers the CLI on PostgreSQL).
import { onPostgres } from '../../test/support/testDb.ts';
import { loadConfig } from '../config/load.ts';
import { openStore } from '../store/openStore.ts';
import { saveRecord } from '../store/repos/records.ts';
import {
  apiGet,
  killAll,
  readToken,
  runCli,
  spawnCli,
  startServer,
  waitFor,
  type RunningServer,
} from '../../test/support/cliTestKit.ts';

// Each command is a process that opens the database: on a loaded two-core machine a run of them takes
// longer than the suite's default test timeout.
const SPAWNS_MANY_PROCESSES = 180_000;

let dataDir: string;
/** Records seeded in direct mode; the first is resolved there, the second through the API. */
const toResolve: number[] = [];
const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args]);

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'connector-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface FeedEntry {
  id: number;
  flow: string | null;
  message: string;
}

describe.runIf(!onPostgres)('with no connector running (direct mode)', () => {
  afterEach(() => killAll());

  it(
    'migrates, plans without writing, syncs and shows the status',
    async () => {
      const first = await cli('migrate');
      expect(first.stdout).toContain('Applied 001_init');
      expect((await cli('migrate')).stdout).toContain('Up to date');

      for (let i = 0; i < 2; i++) {
        const plan = await cli('plan', 'heartbeat');
        expect(plan.code).toBe(0);
        expect(plan.stdout).toContain('record heartbeat #1'); // the first plan wrote nothing
        expect(plan.stdout).toContain('nothing was written');
      }
      const sync = await cli('sync', 'heartbeat');
      expect(sync.code, sync.stderr).toBe(0);
      expect(sync.stdout).toMatch(/heartbeat \(global\): succeeded — 1 item\(s\) processed/);

      const status = await cli('status', '--json');
      const services = JSON.parse(status.stdout).services as Array<Record<string, unknown>>;
      expect(services.find((s) => s.flow === 'heartbeat')).toMatchObject({
        enabled: true,
        itemsProcessed: 1,
        lastRun: { outcome: 'succeeded' },
      });
      expect((await cli('status')).stdout).toMatch(
        /Connector not running here[\s\S]*heartbeat\s+global\s+yes\s+succeeded/,
      );
    },
    SPAWNS_MANY_PROCESSES,
  );

  it('refuses an unknown flow, listing the known ones', async () => {
    const result = await cli('sync', 'import-everything');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('there is no flow "import-everything"');
    expect(result.stderr).toMatch(/known flows: heartbeat, retention/);
  });

  it('lists every problem of an invalid config file with its path and exits 2', async () => {
    const file = join(dataDir, 'bad.yaml');
    writeFileSync(
      file,
      'server: { port: 99999 }\njobs: { retryLimit: -1 }\nconnections:\n' +
        '  - id: Bad_Id\n    amazon: { sellingPartnerId: A1, region: mars, marketplaces: [] }\n' +
        '    d365: { environmentUrl: not-a-url, tenantId: t }\n',
    );
    const result = await runCli(['--config', file, 'status']);
    expect(result.code).toBe(2);
    for (const path of [
      'server.port',
      'jobs.retryLimit',
      'connections[0].id',
      'connections[0].amazon.region',
    ]) {
      expect(result.stderr).toContain(path);
    }
    expect(result.stderr).toContain('connections[0].d365.environmentUrl');
  });

  it('says plainly when a live process without an API holds the data directory', async () => {
    const locked = mkdtempSync(join(tmpdir(), 'connector-locked-'));
    try {
      const owner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
      writeFileSync(join(locked, 'connector.lock'), JSON.stringify(owner));
      const result = await runCli(['--data-dir', locked, 'status']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`in use by process ${process.pid} on ${hostname()}`);
      expect(result.stderr).toContain('serves no API');
    } finally {
      rmSync(locked, { recursive: true, force: true });
    }
  });

  it(
    'retries one record or many by reason, running the flow here; replay needs a stored payload; resolves',
    async () => {
      const store = await openStore({
        config: loadConfig({ overrides: { dataDir }, env: {} }).config,
        demo: true,
      });
      const ids: number[] = [];
      try {
        for (const externalId of ['beat-a', 'beat-b', 'beat-c']) {
          const base = { connectionId: 'global', flow: 'heartbeat', externalId, state: 'failed' as const };
          ids.push((await saveRecord(store.db, store.sealer, { ...base, reason: 'unknown SKU X1' })).id);
        }
        // Resolved here and through the running connector's API below.
        for (const externalId of ['beat-r1', 'beat-r2']) {
          const base = {
            connectionId: 'global',
            flow: 'heartbeat',
            externalId,
            state: 'needs_attention' as const,
          };
          toResolve.push((await saveRecord(store.db, store.sealer, { ...base, reason: 'done by hand?' })).id);
        }
      } finally {
        await store.close();
      }
      const one = await cli('retry', String(ids[0]));
      expect(one.code, one.stderr).toBe(0);
      expect(one.stdout).toContain(`Record ${ids[0]} (heartbeat, global, beat-a) is pending again.`);
      expect(one.stdout).toMatch(/heartbeat \(global\): succeeded/);

      const many = await cli('retry', '--reason', 'unknown sku', '--flow', 'heartbeat');
      expect(many.code, many.stderr).toBe(0);
      expect(many.stdout).toContain('2 record(s) are pending again.');

      const replay = await cli('replay', String(ids[1]));
      expect(replay.code).toBe(1);
      expect(replay.stderr).toContain(`record ${ids[1]} has no stored payload to replay`);

      expect((await cli('retry', '999999')).code).toBe(2); // there is no record 999999
      const usage = await cli('retry');
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('give a record id');

      const resolved = await cli('resolve', String(toResolve[0]), '--note', 'confirmed in Seller Central');
      expect(resolved.code, resolved.stderr).toBe(0);
      expect(resolved.stdout).toContain(
        `Record ${toResolve[0]} (heartbeat, global, beat-r1) is resolved: synced, by operator (CLI).`,
      );
      expect(resolved.stdout).not.toMatch(/heartbeat \(global\): succeeded/); // no run
      expect((await cli('resolve', '999999')).code).toBe(2);
      const badNote = await cli('resolve', String(toResolve[1]), '--note', 'two\nlines');
      expect(badNote.code).toBe(2);
      expect(badNote.stderr).toContain('must be one line without control characters');
    },
    SPAWNS_MANY_PROCESSES,
  );

  it('refuses `worker` without a shared PostgreSQL', async () => {
    const result = await cli('worker');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL');
  });
});

describe.runIf(!onPostgres)('beside a running `connector start`', () => {
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    server = await startServer(['--data-dir', dataDir]);
    token = readToken(dataDir);
  });
  afterEach(() => killAll([server?.child]));
  afterAll(() => killAll());

  it('serves /healthz, prints the token file (not the token) and the heartbeat reaches the feed', async () => {
    expect(server.stdout()).toContain(join(dataDir, 'api-token'));
    expect(server.stdout() + server.stderr()).not.toContain(token);
    await waitFor('a heartbeat in the feed', async () => {
      const { entries } = await apiGet<{ entries: FeedEntry[] }>(
        `${server.url}/api/feed?flow=heartbeat`,
        token,
      );
      return entries.find((e) => /Heartbeat #\d+/.test(e.message));
    });
  });

  it('shows status and feed through its API (the data directory is locked by the server)', async () => {
    const status = await cli('status');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`Connector running: the connector at ${server.url}`);
    expect(status.stdout).toMatch(/heartbeat\s+global\s+yes/);

    const feed = JSON.parse((await cli('feed', '--flow', 'heartbeat', '--json')).stdout) as {
      entries: FeedEntry[];
    };
    expect(feed.entries.length).toBeGreaterThan(0);
    expect(feed.entries.every((e) => e.flow === 'heartbeat')).toBe(true);
  });

  it('queues a sync, prints a plan and refuses an unknown flow through its API', async () => {
    expect((await cli('sync', 'heartbeat')).stdout).toContain(
      'heartbeat (global): queued in the running connector',
    );
    const plan = await cli('plan', 'heartbeat');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/record heartbeat #\d+/);

    const unknown = await cli('plan', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/known flows: heartbeat, retention/);
  });

  it('resolves a record through its API; a synced one is refused (exit 1)', async () => {
    const resolved = await cli('resolve', String(toResolve[1]), '--json');
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(JSON.parse(resolved.stdout)).toMatchObject({
      mode: 'api',
      record: { id: toResolve[1], state: 'synced', summary: { resolution: null } },
    });
    const again = await cli('resolve', String(toResolve[0]));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`record ${toResolve[0]} is synced; only records needing attention`);
  });

  it('disables and enables a flow through its API', async () => {
    const enabledOf = async () => {
      const { services } = JSON.parse((await cli('status', '--json')).stdout) as {
        services: Array<{ flow: string; enabled: boolean }>;
      };
      return services.find((s) => s.flow === 'heartbeat')?.enabled;
    };
    expect((await cli('disable', 'heartbeat')).stdout).toContain('heartbeat (global): disabled');
    expect(await enabledOf()).toBe(false);
    expect((await cli('enable', 'heartbeat')).stdout).toContain('heartbeat (global): enabled');
    expect(await enabledOf()).toBe(true);
  });

  it('follows the feed: entries written after the first ones shown are streamed', async () => {
    const follow = spawnCli(['--data-dir', dataDir, 'feed', '--follow', '--text', 'Heartbeat #', '-n', '1']);
    await waitFor('the latest heartbeat', async () =>
      follow.stdout().includes('Heartbeat #') ? true : undefined,
    );
    await fetch(`${server.url}/api/services/heartbeat/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    await waitFor('a streamed heartbeat', async () =>
      (follow.stdout().match(/Heartbeat #/g)?.length ?? 0) >= 2 ? true : undefined,
    );
    follow.child.kill('SIGINT');
    expect((await follow.exited).code).toBe(0);
  });

  it('refuses a second start on the same data directory, naming the owner', async () => {
    const second = await cli('start', '--port', '0');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`in use by process ${server.child.pid}`);
  });

  it('stops gracefully on SIGTERM: exit 0, lock released, "Connector stopped" in the feed', async () => {
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(existsSync(join(dataDir, 'connector.lock'))).toBe(false);
    const stopped = JSON.parse((await cli('feed', '--text', 'Connector stopped', '--json')).stdout) as {
      entries: FeedEntry[];
    };
    expect(stopped.entries.length).toBeGreaterThan(0);
  });
});

describe.runIf(!onPostgres)('after a crash', () => {
  afterEach(() => killAll());

  it('starts again after the previous server was killed with SIGKILL (stale lock taken over)', async () => {
    const killed = await startServer(['--data-dir', dataDir]);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(existsSync(join(dataDir, 'connector.lock'))).toBe(true);

    const again = await startServer(['--data-dir', dataDir]);
    expect((await cli('status')).stdout).toContain(`pid ${again.child.pid}`);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  });
});
