/**
 * Alert rules end to end against a real database and a local webhook sink (127.0.0.1): each rule fires
 * once, stays quiet while the problem lasts, sends "resolved" when it ends, and honours its cool-down
 * when the problem comes back; every alert reaches the feed and the generic, Slack and Teams webhooks,
 * never showing a webhook URL. The clock is the test's (alertTestKit.ts); webhook delivery itself —
 * retries, refusals, a hanging webhook — is deliverAlerts.int.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { RuleId } from '../config/alertsSchema.ts';
import { readFeed } from '../store/repos/feed.ts';
import { ensureService } from '../store/repos/services.ts';
import { SECRET_PATH, useAlertWorld } from '../../test/support/alertTestKit.ts';
import type { AlertEvent } from './alertEvent.ts';

const w = useAlertWorld();
const { store, alertDeps, look, run, needsAttention, resolveAll, order, orders, at, now, advanceMinutes } = w;

interface RuleCase {
  rule: RuleId;
  coolDownMinutes: number;
  settings?: Record<string, unknown>;
  setup?: () => Promise<void>;
  trigger: () => Promise<void>;
  clear: () => Promise<void>;
  retrigger?: () => Promise<void>;
}

const HOUR = 3_600_000;
const cases: RuleCase[] = [
  {
    rule: 'failingRuns',
    coolDownMinutes: 60,
    trigger: async () => {
      for (let i = 0; i < 3; i++) await run('import-orders', 'failed');
    },
    clear: () => run('import-orders', 'succeeded'),
  },
  {
    rule: 'lag',
    coolDownMinutes: 60,
    settings: { services: { 'import-orders': 900 } },
    trigger: async () => {
      await store.db.query(`UPDATE services SET lag_seconds = 1800 WHERE flow = 'import-orders'`);
    },
    clear: async () => {
      await store.db.query(`UPDATE services SET lag_seconds = 30 WHERE flow = 'import-orders'`);
    },
  },
  {
    rule: 'noSuccess',
    coolDownMinutes: 60,
    // 10 intervals of 60 s: eleven quiet minutes are too many.
    setup: () => run('import-orders', 'succeeded'),
    trigger: async () => {
      advanceMinutes(11);
    },
    clear: () => run('import-orders', 'succeeded'),
  },
  {
    rule: 'needsAttention',
    coolDownMinutes: 30,
    trigger: async () => {
      await needsAttention('SKU X-1 has no D365 item');
      await needsAttention('SKU X-1 has no D365 item');
      await needsAttention('no mode of delivery for Expedited');
    },
    clear: resolveAll,
    retrigger: () => needsAttention('SKU X-2 has no D365 item'),
  },
  {
    rule: 'orderFreshness',
    coolDownMinutes: 300,
    // Busy (5 orders an hour) for sixteen hours either side of now in each of the last four weeks; an
    // order came in a minute ago. Four hours later, the last three complete hours were dead.
    setup: async () => {
      const times: Date[] = [];
      for (let week = 1; week <= 4; week++) {
        for (let h = -16; h <= 16; h++)
          for (let n = 0; n < 5; n++) times.push(at(h * HOUR - week * 168 * HOUR));
      }
      await orders(times);
      await order(at(-60_000));
    },
    trigger: async () => {
      advanceMinutes(4 * 60);
    },
    clear: () => order(now()),
  },
];

describe('alert rules', () => {
  it.each(cases.map((c) => [c.rule, c] as const))(
    '%s fires once, honours its cool-down and recovers',
    async (_name, c) => {
      const deps = alertDeps({ [c.rule]: { coolDownMinutes: c.coolDownMinutes, ...c.settings } });
      for (const flow of ['import-orders', 'confirm-shipments']) {
        await ensureService(store.db, { connectionId: 'c1', flow, enabled: true, intervalSeconds: 60 });
      }
      await c.setup?.();
      expect(await look(deps, c.rule)).toEqual([]); // the first look with nothing wrong yet…
      await c.trigger();
      expect(await look(deps, c.rule)).toEqual([[c.rule, 'firing']]);
      expect(await look(deps, c.rule)).toEqual([]); // one problem, one alert
      await c.clear();
      expect(await look(deps, c.rule)).toEqual([[c.rule, 'resolved']]);
      await (c.retrigger ?? c.trigger)();
      expect(await look(deps, c.rule)).toEqual([]); // back within the cool-down: quiet
      advanceMinutes(c.coolDownMinutes);
      expect(await look(deps, c.rule)).toEqual([[c.rule, 'firing']]); // still there once cooled

      // Every webhook got the three events, in order, in its own format.
      const json = w.sink.bodies(`/json/${SECRET_PATH}`) as AlertEvent[];
      const mine = json.filter((b) => b.rule === c.rule);
      expect(mine.map((b) => b.status)).toEqual(['firing', 'resolved', 'firing']);
      expect(mine[0]).toMatchObject({ connection: 'c1', version: 1 });
      const slack = w.sink.bodies(`/slack/${SECRET_PATH}`) as Array<{ text: string }>;
      const teams = w.sink.bodies(`/teams/${SECRET_PATH}`) as Array<{ type: string }>;
      expect(slack).toHaveLength(json.length);
      expect(teams).toHaveLength(json.length);
      expect(slack.filter((b) => b.text.startsWith('[RESOLVED]'))).toHaveLength(
        json.filter((b) => b.status === 'resolved').length,
      );
      expect(teams.every((b) => b.type === 'message')).toBe(true);

      // The feed says it too — naming the webhooks, never their URLs.
      const feed = await readFeed(store.db, { connectionId: 'c1', limit: 1000 });
      const lines = feed.filter((e) => e.fields.alert === c.rule);
      expect(lines.map((e) => e.message.split(':')[0])).toEqual(['Alert', 'Resolved', 'Alert'].reverse());
      expect(lines[0]!.fields.webhooks).toEqual(['generic', 'chat', 'teams']);
      expect(JSON.stringify(feed)).not.toContain('secret-token');
      expect(w.logText()).not.toContain('secret-token');
    },
  );

  it('batches records entering needs_attention: one alert with the count and the first reasons', async () => {
    const deps = alertDeps({ needsAttention: { reasons: 2 } });
    await ensureService(store.db, {
      connectionId: 'c1',
      flow: 'import-orders',
      enabled: true,
      intervalSeconds: 60,
    });
    await needsAttention('SKU X-1 has no D365 item');
    await needsAttention('SKU X-1 has no D365 item');
    await needsAttention('no mode of delivery for Expedited');
    await needsAttention('customer group AMZ is missing');
    expect(await look(deps)).toEqual([['needsAttention', 'firing']]);
    const [body] = w.sink.bodies(`/json/${SECRET_PATH}`) as AlertEvent[];
    expect(body!.title).toBe('import-orders: 4 record(s) entered needs_attention');
    expect(body!.facts).toEqual({
      'records needing attention': 4,
      'new in this batch': 4,
      runs: 1,
      'reason 1': 'SKU X-1 has no D365 item (2)',
      'reason 2': 'customer group AMZ is missing (1)',
    });
  });

  it('sends no e-mail address a record reason quotes: webhooks leave the installation', async () => {
    const deps = alertDeps();
    await ensureService(store.db, {
      connectionId: 'c1',
      flow: 'import-orders',
      enabled: true,
      intervalSeconds: 60,
    });
    await needsAttention('no D365 customer for buyer jane.doe@example.com');
    expect(await look(deps)).toEqual([['needsAttention', 'firing']]);
    const [body] = w.sink.bodies(`/json/${SECRET_PATH}`) as AlertEvent[];
    expect(body!.facts['reason 1']).toBe('no D365 customer for buyer [redacted] (1)');
    expect(JSON.stringify(w.sink.calls)).not.toContain('jane.doe');
  });

  it('does not judge a service switched off, and a quiet night never alerts on orders', async () => {
    const deps = alertDeps();
    await ensureService(store.db, {
      connectionId: 'c1',
      flow: 'import-orders',
      enabled: false,
      intervalSeconds: 60,
    });
    for (let i = 0; i < 5; i++) await run('import-orders', 'failed');
    await store.db.query(`UPDATE services SET lag_seconds = 99999`);
    advanceMinutes(24 * 60);
    expect(await look(deps)).toEqual([]);
    await store.db.query(`UPDATE services SET enabled = true`);
    // Enabled, with no order history at all: failing, lagging, not succeeding — but orders are not "late".
    expect((await look(deps)).map(([rule]) => rule).sort()).toEqual(['failingRuns', 'lag', 'noSuccess']);
  });
});
