/**
 * Alert delivery to a local webhook sink (127.0.0.1), on the test's clock (alertTestKit.ts): a failing
 * webhook is retried with backoff until it answers and then never again, a refusing one is given up at
 * once and said so in the feed without its URL, and a hanging one delays only its own alert — never a
 * run — until shutdown aborts the post.
 */
import { describe, expect, it } from 'vitest';
import { executeRun } from '../engine/runner.ts';
import { readFeed } from '../store/repos/feed.ts';
import { ensureService } from '../store/repos/services.ts';
import { listAlertOutbox } from '../store/repos/alertOutbox.ts';
import { useAlertWorld } from '../../test/support/alertTestKit.ts';
import { stubFlow } from '../../test/support/stubFlow.ts';
import type { AlertDeps } from './alertDeps.ts';
import { deliverDueAlerts } from './deliverAlerts.ts';
import { evaluateAlerts } from './evaluateAlerts.ts';

const w = useAlertWorld();
const { store, alertDeps, run, now, advanceMinutes } = w;

describe('webhook delivery', () => {
  const oneHook = () => alertDeps({}, [{ name: 'generic', url: { env: 'HOOK_JSON' } }]);
  async function fireOne(deps: AlertDeps) {
    await ensureService(store.db, {
      connectionId: 'c1',
      flow: 'import-orders',
      enabled: true,
      intervalSeconds: 60,
    });
    for (let i = 0; i < 3; i++) await run('import-orders', 'failed');
    advanceMinutes(1);
    expect((await evaluateAlerts(deps, now())).map((e) => e.rule)).toEqual(['failingRuns']);
  }

  it('retries a failing webhook with backoff until it answers', async () => {
    const deps = oneHook();
    await fireOne(deps);
    w.sink.statuses = [500, 503];
    const deliver = () => deliverDueAlerts(deps, now());
    expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    w.advanceMs(29_000);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 }); // the first wait is 30 s
    w.advanceMs(1_000);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    w.advanceMs(59_000);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 }); // then 60 s
    w.advanceMs(1_000);
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(w.sink.calls).toHaveLength(3);
    const [row] = await listAlertOutbox(store.db);
    expect(row).toMatchObject({ attempts: 3, delivered: true, lastError: null });
    w.advanceMs(3_600_000);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 }); // sent once, never again
  });

  it('gives up on a webhook that refuses, and says so in the feed without its URL', async () => {
    const deps = oneHook();
    await fireOne(deps);
    w.sink.statuses = [404];
    expect(await deliverDueAlerts(deps, now())).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    const [line] = await readFeed(store.db, { text: 'could not be delivered' });
    expect(line!.message).toBe(
      'Alert "import-orders: the last 3 runs failed" could not be delivered to webhook "generic": ' +
        'HTTP 404: the webhook refused the alert',
    );
    expect(JSON.stringify(await readFeed(store.db, {}))).not.toContain(w.sink.url);
  });

  it('never holds up a run: a webhook that hangs delays only its own alert', async () => {
    const deps = oneHook();
    await fireOne(deps);
    w.sink.hang = true;
    const stop = new AbortController();
    let settled = false;
    const delivering = deliverDueAlerts(deps, now(), { signal: stop.signal }).finally(() => (settled = true));
    while (w.sink.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    const flow = stubFlow({ id: 'import-orders', scope: 'global' });
    await ensureService(store.db, {
      connectionId: 'global',
      flow: flow.id,
      enabled: true,
      intervalSeconds: 60,
    });
    const runnerDeps = {
      config: deps.config,
      store,
      log: deps.log,
      holder: 'test/1',
      shutdown: new AbortController().signal,
    };
    const summary = await executeRun(runnerDeps, flow, 'global');
    expect(summary.outcome).toBe('succeeded');
    expect(settled).toBe(false); // the delivery is still waiting for the webhook

    stop.abort(); // shutdown: the post stops, its row comes due again later
    expect(await delivering).toEqual({ delivered: 0, retrying: 1, failed: 0 });
  });
});
