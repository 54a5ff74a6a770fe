/**
 * The alert tests' world (src/alerts/*.int.test.ts): a fresh database per test, a local webhook sink
 * (127.0.0.1) with one path per format under a secret-looking part, the test's own clock, a captured
 * process log, and writers of what the rules look at — runs, records needing attention, imported
 * orders — stamped with that clock. Nothing waits in real time, nothing reaches the internet.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import type { RuleId } from '../../src/config/alertsSchema.ts';
import type { AlertDeps } from '../../src/alerts/alertDeps.ts';
import { deliverDueAlerts } from '../../src/alerts/deliverAlerts.ts';
import { evaluateAlerts } from '../../src/alerts/evaluateAlerts.ts';
import { saveRecord } from '../../src/store/repos/records.ts';
import { startWebhookSink, type WebhookSink } from '../fixtures/webhookSink.ts';
import { useTestStore } from './testDb.ts';

/** The part of every test webhook URL that stands for its credential: it must show nowhere. */
export const SECRET_PATH = 'T0001/B0001/secret-token';

export function useAlertWorld() {
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

  return {
    store,
    get sink() {
      return sink;
    },
    now,
    at,
    advanceMinutes,
    advanceMs: (ms: number) => (clock += ms),
    /** Everything the process log received, for checks that a secret is not in it. */
    logText: () => logLines.join(''),
    alertDeps,
    look,
    run,
    needsAttention,
    resolveAll,
    order,
    orders,
  };
}
