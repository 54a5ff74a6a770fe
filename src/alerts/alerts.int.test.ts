/**
 * Alerts end to end against a real database and a local webhook sink (127.0.0.1): each rule fires once,
 * stays quiet while the problem lasts, sends "resolved" when it ends, and honours its cool-down when the
 * problem comes back; every alert reaches the feed and the generic, Slack and Teams webhooks. Delivery
 * retries a failing webhook with backoff and never holds up a run. The clock is the test's (runs, orders
 * and states are written with its times); nothing waits in real time, nothing reaches the internet.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.ts';
import type { RuleId } from '../config/alertsSchema.ts';
import { executeRun } from '../engine/runner.ts';
import { readFeed } from '../store/repos/feed.ts';
import { saveRecord } from '../store/repos/records.ts';
import { ensureService } from '../store/repos/services.ts';
import { listAlertOutbox } from '../store/repos/alertOutbox.ts';
import { useTestStore } from '../../test/support/testDb.ts';
import { stubFlow } from '../../test/support/stubFlow.ts';
import { startWebhookSink, type WebhookSink } from '../../test/fixtures/webhookSink.ts';
import type { AlertDeps } from './alertDeps.ts';
import type { AlertEvent } from './alertEvent.ts';
import { deliverDueAlerts } from './deliverAlerts.ts';
import { evaluateAlerts } from './evaluateAlerts.ts';

const store = useTestStore();
let sink: WebhookSink;
let clock: number;
let logLines: string[];
const now = () => new Date(clock);
const advanceMinutes = (n: number) => (clock += n * 60_000);

beforeEach(async () => {
  sink = await startWebhookSink();
  clock = Date.parse('2025-03-03T10:20:00Z'); // a Monday morning
  logLines = [];
});
afterEach(async () => {
  await sink.close();
});

const SECRET_PATH = 'T0001/B0001/secret-token';
const connection = {
  id: 'c1',
  amazon: {
    sellingPartnerId: 'A1',
    region: 'na',
    marketplaces: [{ id: 'ATVPDKIKX0DER', legalEntity: 'usmf' }],
  },
  d365: { environmentUrl: 'https://contoso.operations.dynamics.com', tenantId: 't' },
};

function alertDeps(rules: Record<string, unknown> = {}, webhooks?: unknown[]): AlertDeps {
  const config = parseConfig(
    {
      connections: [connection],
      alerts: {
        rules,
        webhooks: webhooks ?? [
          { name: 'generic', url: { env: 'HOOK_JSON' } },
          { name: 'chat', url: { env: 'HOOK_SLACK' }, format: 'slack' },
          { name: 'teams', url: { env: 'HOOK_TEAMS' }, format: 'teams' },
        ],
      },
    },
    'test',
  );
  const capture = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  return {
    db: store.db,
    config,
    log: pino({ level: 'debug' }, capture),
    flows: ['import-orders', 'confirm-shipments'],
    env: {
      HOOK_JSON: `${sink.url}/json/${SECRET_PATH}`,
      HOOK_SLACK: `${sink.url}/slack/${SECRET_PATH}`,
      HOOK_TEAMS: `${sink.url}/teams/${SECRET_PATH}`,
    },
  };
}

/** One minute later: a look at the rules and a delivery pass. Returns [rule, status] of what was sent. */
async function look(deps: AlertDeps, rule?: RuleId): Promise<Array<[string, string]>> {
  advanceMinutes(1);
  const events = await evaluateAlerts(deps, now());
  await deliverDueAlerts(deps, now());
  return events.filter((e) => !rule || e.rule === rule).map((e) => [e.rule, e.status]);
}

const at = (offsetMs = 0) => new Date(clock + offsetMs);
let runSeq = 0;
async function run(flow: string, outcome: 'failed' | 'succeeded') {
  runSeq++;
  await store.db.query(
    `INSERT INTO runs (id, connection_id, flow, trigger, started_at, ended_at, outcome, message)
     VALUES ($1, 'c1', $2, 'schedule', $3, $3, $4, $5)`,
    [`run-${runSeq}`, flow, at(runSeq), outcome, outcome === 'failed' ? 'D365 answered 503' : 'ok'],
  );
}
let recordSeq = 0;
async function needsAttention(reason: string) {
  recordSeq++;
  await saveRecord(store.db, store.sealer, {
    connectionId: 'c1',
    flow: 'import-orders',
    externalId: `111-${recordSeq}`,
    state: 'needs_attention',
    reason,
    runId: 'run-na',
  });
}
async function resolveAll() {
  const { rows } = await store.db.query<{ external_id: string }>(
    `SELECT external_id FROM records WHERE state = 'needs_attention'`,
  );
  for (const r of rows) {
    await saveRecord(store.db, store.sealer, {
      connectionId: 'c1',
      flow: 'import-orders',
      externalId: r.external_id,
      state: 'synced',
    });
  }
}
let orderSeq = 0;
async function order(time: Date) {
  orderSeq++;
  await store.db.query(
    `INSERT INTO imported_orders (connection_id, amazon_order_id, company, sales_order_number, customer_account,
                                  imported_at)
     VALUES ('c1', $1, 'usmf', $1, 'C1', $2)`,
    [`order-${orderSeq}`, time],
  );
}

async function orders(times: Date[]) {
  await store.db.query(
    `INSERT INTO imported_orders (connection_id, amazon_order_id, company, sales_order_number, customer_account,
                                  imported_at)
     SELECT 'c1', 'history-' || n, 'usmf', 'SO-' || n, 'C1', t
     FROM unnest($1::timestamptz[]) WITH ORDINALITY AS u(t, n)`,
    [times],
  );
}

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
      for (let w = 1; w <= 4; w++) {
        for (let h = -16; h <= 16; h++) for (let n = 0; n < 5; n++) times.push(at(h * HOUR - w * 168 * HOUR));
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
      const json = sink.bodies(`/json/${SECRET_PATH}`) as AlertEvent[];
      const mine = json.filter((b) => b.rule === c.rule);
      expect(mine.map((b) => b.status)).toEqual(['firing', 'resolved', 'firing']);
      expect(mine[0]).toMatchObject({ connection: 'c1', version: 1 });
      const slack = sink.bodies(`/slack/${SECRET_PATH}`) as Array<{ text: string }>;
      const teams = sink.bodies(`/teams/${SECRET_PATH}`) as Array<{ type: string }>;
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
      expect(logLines.join('')).not.toContain('secret-token');
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
    const [body] = sink.bodies(`/json/${SECRET_PATH}`) as AlertEvent[];
    expect(body!.title).toBe('import-orders: 4 record(s) entered needs_attention');
    expect(body!.facts).toEqual({
      'records needing attention': 4,
      'new in this batch': 4,
      runs: 1,
      'reason 1': 'SKU X-1 has no D365 item (2)',
      'reason 2': 'customer group AMZ is missing (1)',
    });
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
    sink.statuses = [500, 503];
    const deliver = () => deliverDueAlerts(deps, now());
    expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    clock += 29_000;
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 }); // the first wait is 30 s
    clock += 1_000;
    expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    clock += 59_000;
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 }); // then 60 s
    clock += 1_000;
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(sink.calls).toHaveLength(3);
    const [row] = await listAlertOutbox(store.db);
    expect(row).toMatchObject({ attempts: 3, delivered: true, lastError: null });
    clock += 3_600_000;
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 }); // sent once, never again
  });

  it('gives up on a webhook that refuses, and says so in the feed without its URL', async () => {
    const deps = oneHook();
    await fireOne(deps);
    sink.statuses = [404];
    expect(await deliverDueAlerts(deps, now())).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    const [line] = await readFeed(store.db, { text: 'could not be delivered' });
    expect(line!.message).toBe(
      'Alert "import-orders: the last 3 runs failed" could not be delivered to webhook "generic": ' +
        'HTTP 404: the webhook refused the alert',
    );
    expect(JSON.stringify(await readFeed(store.db, {}))).not.toContain(sink.url);
  });

  it('never holds up a run: a webhook that hangs delays only its own alert', async () => {
    const deps = oneHook();
    await fireOne(deps);
    sink.hang = true;
    const stop = new AbortController();
    let settled = false;
    const delivering = deliverDueAlerts(deps, now(), { signal: stop.signal }).finally(() => (settled = true));
    while (sink.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

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
