// The scheduler against the real job engine (pg-boss on PGlite, or on PostgreSQL in a schema of its own).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type PgBoss from 'pg-boss';
import { openTestStore } from '../../test/support/testDb.ts';
import { parseConfig } from '../config/load.ts';
import { createLogger } from '../log/logger.ts';
import type { Store } from '../store/openStore.ts';
import { getService, type ServiceState } from '../store/repos/services.ts';
import { ConnectorError } from '../errors.ts';
import { GLOBAL_CONNECTION } from '../engine/flow.ts';
import { FlowRegistry } from '../engine/registry.ts';
import { createBoss } from './boss.ts';
import { dueInSeconds, ServiceManager } from './serviceManager.ts';
import { deadLetterName } from './queues.ts';
import { stubFlow } from '../../test/support/stubFlow.ts';

let store: Store & { schema?: string };
let boss: PgBoss;
let manager: ServiceManager;
let runs: number;
let gate: Promise<void> = Promise.resolve();
let failures: number;
const shutdown = new AbortController();

async function waitFor(what: string, predicate: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Counts its runs; fails while `failures` > 0. */
const tick = stubFlow({
  id: 'tick',
  schedule: { intervalSeconds: 3600, enabledByDefault: true },
  plan: () => ({ actions: [{ action: 'tick', description: 'tick' }], hasMore: false }),
  async apply() {
    await gate;
    if (failures > 0) {
      failures--;
      throw new ConnectorError('transient', 'remote busy');
    }
    runs++;
    return { items: 1, errors: 0 };
  },
});

async function startManager(services: Record<string, unknown>, jobs: Record<string, number> = {}) {
  const config = parseConfig({ services, jobs: { retryDelaySeconds: 1, ...jobs } }, 'test');
  const bossSchema = store.schema ? `${store.schema}_boss` : 'pgboss';
  boss = createBoss(store.db, { schema: bossSchema, maintenanceIntervalSeconds: 1 });
  boss.on('error', () => undefined);
  await boss.start();
  manager = new ServiceManager({
    config,
    store,
    log: createLogger({ level: 'silent' }),
    holder: 'test/1',
    shutdown: shutdown.signal,
    boss,
    registry: new FlowRegistry([tick]),
    bossSchema,
  });
  await manager.prepare();
  await manager.start();
}

beforeEach(async () => {
  store = await openTestStore();
  runs = 0;
  failures = 0;
  gate = Promise.resolve();
});
afterEach(async () => {
  // Let a run under way finish (and its failure be recorded) before the tables go.
  failures = 0;
  gate = Promise.resolve();
  await manager?.stop();
  await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
  await manager?.drain();
  if (store.schema) await store.db.query(`DROP SCHEMA IF EXISTS "${store.schema}_boss" CASCADE`);
  await store.close();
});

describe('dueInSeconds', () => {
  const base = { intervalSeconds: 60, lastStartedAt: null, lastEndedAt: null } as unknown as ServiceState;
  const t = (s: number) => new Date(1_000_000 + s * 1000);
  it('is immediate for a service that never ran or whose last run never ended', () => {
    expect(dueInSeconds(base, 1_000_000)).toBe(0);
    expect(dueInSeconds({ ...base, lastStartedAt: t(10), lastEndedAt: t(5) }, t(20).getTime())).toBe(0);
  });
  it('is one interval after the last run ended otherwise', () => {
    expect(dueInSeconds({ ...base, lastStartedAt: t(0), lastEndedAt: t(5) }, t(20).getTime())).toBe(45);
    expect(dueInSeconds({ ...base, lastStartedAt: t(0), lastEndedAt: t(5) }, t(100).getTime())).toBe(0);
  });
});

describe('ServiceManager', () => {
  it('runs an enabled service at start and again after its interval', async () => {
    await startManager({ tick: { intervalSeconds: 1 } });
    // `runs` counts in apply(); the service row is updated when the run is recorded, a moment later.
    const recorded = async () => (await getService(store.db, GLOBAL_CONNECTION, 'tick'))?.itemsProcessed ?? 0;
    await waitFor('two runs recorded', async () => runs >= 2 && (await recorded()) >= 2);
    const state = await getService(store.db, GLOBAL_CONNECTION, 'tick');
    expect(state).toMatchObject({ enabled: true, lastOutcome: 'succeeded' });
    expect(state!.itemsProcessed).toBeGreaterThanOrEqual(2);
    expect(state!.nextRunAt).toBeInstanceOf(Date);
  });

  it('run now replaces the waiting job by an immediate one', async () => {
    await startManager({});
    await waitFor('the first run', () => runs === 1);
    expect(await manager.runNow('tick')).toEqual([{ flow: 'tick', connectionId: GLOBAL_CONNECTION }]);
    await waitFor('the manual run', () => runs === 2);
  });

  it('run now during a run starts one more run right after it (never a second job beside the running one)', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    await startManager({});
    await waitFor('the first run to be under way', async () => {
      const state = await getService(store.db, GLOBAL_CONNECTION, 'tick');
      return state?.lastStartedAt !== null;
    });
    await manager.runNow('tick');
    await manager.runNow('tick'); // asked twice: still one extra run
    expect(runs).toBe(0);
    gate = Promise.resolve();
    open();
    await waitFor('the requested run after the first', () => runs === 2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(runs).toBe(2);
  });

  it('a disabled service does not run on its schedule; enabling runs it at once', async () => {
    await startManager({ tick: { enabled: false, intervalSeconds: 1 } });
    await new Promise((r) => setTimeout(r, 2500));
    expect(runs).toBe(0);
    await manager.setEnabled('tick', true);
    await waitFor('a run after enable', () => runs >= 1);
    await manager.setEnabled('tick', false);
    const after = runs;
    await new Promise((r) => setTimeout(r, 2500));
    expect(runs).toBeLessThanOrEqual(after + 1); // at most the run that was already under way
    expect((await getService(store.db, GLOBAL_CONNECTION, 'tick'))!.enabled).toBe(false);
  });

  it('retries a transient failure with backoff, and dead-letters a run that keeps failing', async () => {
    failures = 1;
    await startManager({}, { retryLimit: 1 });
    await waitFor('the retried run to succeed', () => runs === 1);
    expect(failures).toBe(0);

    failures = 100;
    // retryLimit 1: the first attempt and one retry fail, then the job goes to the dead-letter queue.
    await manager.runNow('tick');
    await waitFor('a dead letter', async () => (await boss.getQueueSize(deadLetterName('tick'))) > 0, 30_000);
  });

  it('refuses unknown flows and connections with the known ones named', async () => {
    await startManager({});
    expect(() => manager.keys('import-orders')).toThrow(
      /there is no flow "import-orders".*known flows: tick/,
    );
    expect(() => manager.keys('tick', 'nope')).toThrow(/there is no connection "nope"/);
  });
});
