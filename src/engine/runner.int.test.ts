import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/support/testDb.ts';
import { createLogger } from '../log/logger.ts';
import { parseConfig } from '../config/load.ts';
import type { Store } from '../store/openStore.ts';
import {
  acquireLease,
  assertLease,
  ensureService,
  getService,
  LeaseLostError,
  releaseLease,
  renewLease,
} from '../store/repos/services.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { getCursor, setCursor } from '../store/repos/cursors.ts';
import { readFeed } from '../store/repos/feed.ts';
import { listRuns } from '../store/repos/runs.ts';
import { ConnectorError } from '../errors.ts';
import { GLOBAL_CONNECTION } from './flow.ts';
import { dryRun, executeRun, type RunnerDeps } from './runner.ts';
import { leaseGuardedCommit } from './runContext.ts';
import { stubFlow } from '../../test/support/stubFlow.ts';

let store: Store;
let deps: RunnerDeps;
const silent = createLogger({ level: 'silent' });

beforeEach(async () => {
  store = await openTestStore();
  deps = {
    config: parseConfig({ jobs: { runTimeoutSeconds: 30 } }, 'test'),
    store,
    log: silent,
    holder: 'test/1',
    shutdown: new AbortController().signal,
  };
});
afterEach(async () => store.close());

/** Counts to `total` in pages of `pageSize`, the cursor advancing with each page's work. */
function counterFlow(total: number, pageSize: number, hooks: { failAt?: number; error?: Error } = {}) {
  const key = { connectionId: GLOBAL_CONNECTION, flow: 'counter' };
  return stubFlow({
    id: 'counter',
    async load(ctx) {
      return { done: Number((await getCursor(ctx.store.db, key)) ?? 0) };
    },
    plan(s) {
      const next = Array.from({ length: Math.min(pageSize, total - s.done) }, (_, i) => s.done + i + 1);
      return {
        actions: next.map((n) => ({ action: 'count', externalId: String(n), description: `count ${n}` })),
        hasMore: s.done + next.length < total,
        backlog: total - s.done,
      };
    },
    async apply(plan, _s, ctx) {
      const last = Number(plan.actions[plan.actions.length - 1]!.externalId);
      if (hooks.failAt !== undefined && last >= hooks.failAt) throw hooks.error ?? new Error('boom');
      await ctx.commit((tx) => setCursor(tx, key, String(last)));
      return { items: plan.actions.length, errors: 0 };
    },
  });
}

async function prepare(flowId = 'counter') {
  await ensureService(store.db, {
    connectionId: GLOBAL_CONNECTION,
    flow: flowId,
    enabled: true,
    intervalSeconds: 60,
  });
}

describe('executeRun', () => {
  it('works page by page until nothing waits, and records the run and its statistics', async () => {
    await prepare();
    const summary = await executeRun(deps, counterFlow(25, 10));
    expect(summary).toMatchObject({ outcome: 'succeeded', items: 25, pages: 3 });
    expect(await getCursor(store.db, { connectionId: GLOBAL_CONNECTION, flow: 'counter' })).toBe('25');
    const service = await getService(store.db, GLOBAL_CONNECTION, 'counter');
    expect(service).toMatchObject({ itemsProcessed: 25, lastOutcome: 'succeeded', leaseHolder: null });
    expect((await listRuns(store.db, GLOBAL_CONNECTION, 'counter'))[0]).toMatchObject({
      items: 25,
      outcome: 'succeeded',
    });
    const feed = await readFeed(store.db, { flow: 'counter' });
    expect(feed[0]!.message).toMatch(/25 item\(s\) processed/);
    expect(feed[0]!.runId).toBe(summary.runId);
  });

  it('stops at a page boundary when the process shuts down, keeping what it committed', async () => {
    await prepare();
    const shutdown = new AbortController();
    shutdown.abort();
    const summary = await executeRun({ ...deps, shutdown: shutdown.signal }, counterFlow(25, 10));
    expect(summary).toMatchObject({ outcome: 'interrupted', items: 10 });
    expect(await getCursor(store.db, { connectionId: GLOBAL_CONNECTION, flow: 'counter' })).toBe('10');
  });

  it('ends a run whose time is up in the middle of a page as interrupted, not failed, and keeps the pages before', async () => {
    await prepare();
    const shortRuns = { ...deps, config: parseConfig({ jobs: { runTimeoutSeconds: 1 } }, 'test') };
    const counter = counterFlow(3, 1);
    const flow = stubFlow({
      ...counter,
      async apply(plan, snapshot, ctx) {
        if (plan.actions[0]!.externalId === '2') {
          // A call in flight when the time is up: cut off by the run's signal.
          await new Promise((_resolve, reject) =>
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)),
          );
        }
        return counter.apply(plan, snapshot, ctx);
      },
    });
    const summary = await executeRun(shortRuns, flow);
    expect(summary).toMatchObject({ outcome: 'interrupted', items: 1 });
    expect(summary.retryableError).toBeUndefined();
    expect(summary.message).toContain('the run time was up in the middle of a page');
    expect(await getCursor(store.db, { connectionId: GLOBAL_CONNECTION, flow: 'counter' })).toBe('1');
  });

  it('records a failure; transient errors ask for a retry, others do not', async () => {
    await prepare();
    const transient = await executeRun(
      deps,
      counterFlow(25, 10, { failAt: 20, error: new ConnectorError('transient', 'remote busy') }),
    );
    expect(transient).toMatchObject({ outcome: 'failed', items: 10, message: 'remote busy' });
    expect(transient.retryableError).toBeInstanceOf(ConnectorError);
    const permanent = await executeRun(
      deps,
      counterFlow(25, 10, { failAt: 20, error: new ConnectorError('auth', 'refresh token revoked') }),
    );
    expect(permanent.retryableError).toBeUndefined();
    const feed = await readFeed(store.db, { flow: 'counter', level: 'error' });
    expect(feed[0]!.message).toMatch(/run failed: refresh token revoked/);
    expect(await getCursor(store.db, { connectionId: GLOBAL_CONNECTION, flow: 'counter' })).toBe('10');
  });

  it('skips when another process holds the lease', async () => {
    await prepare();
    await acquireLease(store.db, GLOBAL_CONNECTION, 'counter', 'other/2', 60);
    const summary = await executeRun(deps, counterFlow(5, 10));
    expect(summary).toMatchObject({ outcome: 'skipped', items: 0 });
    expect(await getCursor(store.db, { connectionId: GLOBAL_CONNECTION, flow: 'counter' })).toBeUndefined();
  });

  it('dry run plans without writing', async () => {
    await prepare();
    const plan = await dryRun(deps, counterFlow(5, 3), GLOBAL_CONNECTION);
    expect(plan.actions.map((a) => a.externalId)).toEqual(['1', '2', '3']);
    expect(plan.hasMore).toBe(true);
    expect(await listRuns(store.db, GLOBAL_CONNECTION, 'counter')).toEqual([]);
  });
});

describe('commit', () => {
  it('lets a flow write to the feed and the store from inside its commit without deadlocking', async () => {
    await prepare('inside');
    const flow = stubFlow({
      ...counterFlow(1, 1),
      id: 'inside',
      async apply(_plan, _s, ctx) {
        await ctx.commit(async (tx) => {
          await setCursor(tx, { connectionId: GLOBAL_CONNECTION, flow: 'inside' }, 'done');
          await ctx.log.info('written while committing');
          await getCursor(ctx.store.db, { connectionId: GLOBAL_CONNECTION, flow: 'inside' });
        });
        return { items: 1, errors: 0 };
      },
    });
    const summary = await executeRun(deps, flow);
    expect(summary.outcome).toBe('succeeded');
    expect((await readFeed(store.db, { text: 'while committing' })).length).toBe(1);
  });
});

describe('lease fencing', () => {
  it('refuses a commit from a run whose lease was taken over, and keeps the newer work', async () => {
    await prepare();
    const key = { connectionId: GLOBAL_CONNECTION, flow: 'counter' };
    const old = (await acquireLease(store.db, GLOBAL_CONNECTION, 'counter', 'slow/1', 60))!;
    // The old holder stalls past its lease; another process takes over.
    await store.db.query(`UPDATE services SET lease_expires_at = now() - interval '1 second'`);
    const current = (await acquireLease(store.db, GLOBAL_CONNECTION, 'counter', 'fast/2', 60))!;
    expect(current.token).toBeGreaterThan(old.token);
    await leaseGuardedCommit(store, current)((tx) => setCursor(tx, key, 'new'));
    await expect(leaseGuardedCommit(store, old)((tx) => setCursor(tx, key, 'stale'))).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    expect(await getCursor(store.db, key)).toBe('new');
    await expect(store.db.transaction((tx) => assertLease(tx, current))).resolves.toBeUndefined();
  });

  it('renews and commits on a lease that lapsed while nobody took it over (a stalled holder)', async () => {
    await prepare();
    const key = { connectionId: GLOBAL_CONNECTION, flow: 'counter' };
    const lease = (await acquireLease(store.db, GLOBAL_CONNECTION, 'counter', 'stalled/1', 60))!;
    await store.db.query(`UPDATE services SET lease_expires_at = now() - interval '1 second'`);
    await leaseGuardedCommit(store, lease)((tx) => setCursor(tx, key, 'after the stall'));
    expect(await renewLease(store.db, lease, 60)).toBe(true);
    // Renewed: nobody else may take it now.
    expect(await acquireLease(store.db, GLOBAL_CONNECTION, 'counter', 'other/2', 60)).toBeUndefined();
    expect(await getCursor(store.db, key)).toBe('after the stall');
  });

  it('does not revive a released lease with a renewal that arrives late', async () => {
    await prepare();
    const lease = (await acquireLease(store.db, GLOBAL_CONNECTION, 'counter', 'done/1', 60))!;
    await releaseLease(store.db, lease);
    expect(await renewLease(store.db, lease, 60)).toBe(false);
    await expect(store.db.transaction((tx) => assertLease(tx, lease))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await acquireLease(store.db, GLOBAL_CONNECTION, 'counter', 'next/2', 60)).toBeDefined();
  });

  it('keeps the lease of a run that finishes its last page after its time, so nobody takes over', async () => {
    await prepare();
    // 2 s runs: renewed every 0.5 s. Without renewal after the run's time the lease would have lapsed
    // by 4 s; the page below ends at 4.5 s and must still hold it.
    const shortRuns = { ...deps, config: parseConfig({ jobs: { runTimeoutSeconds: 2 } }, 'test') };
    let takeover: unknown = 'not tried';
    const flow = stubFlow({
      ...counterFlow(1, 1),
      async apply(_plan, _s, ctx) {
        await sleep(4500);
        takeover = await acquireLease(store.db, GLOBAL_CONNECTION, 'counter', 'eager/2', 60);
        await ctx.commit((tx) => setCursor(tx, { connectionId: GLOBAL_CONNECTION, flow: 'counter' }, '1'));
        return { items: 1, errors: 0 };
      },
    });
    const summary = await executeRun(shortRuns, flow);
    expect(takeover).toBeUndefined();
    expect(summary.outcome).toBe('succeeded');
  });
});
