/**
 * The alert service as runtime.ts runs it: the first look at the rules waits one evaluation period
 * (a restarting process is not itself the alarm), later passes look once per period and deliver what is
 * due on every pass; a rule switched off resolves what it had raised. The clock is the test's.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.ts';
import { ensureService } from '../store/repos/services.ts';
import { listAlertStates } from '../store/repos/alertStates.ts';
import { useTestStore } from '../../test/support/testDb.ts';
import { startWebhookSink, type WebhookSink } from '../../test/fixtures/webhookSink.ts';
import type { AlertEvent } from './alertEvent.ts';
import { createAlertService } from './alertService.ts';

const store = useTestStore();
let sink: WebhookSink;
let clock: number;
beforeEach(async () => {
  sink = await startWebhookSink();
  clock = Date.parse('2025-03-03T10:20:00Z');
});
afterEach(async () => {
  await sink.close();
});

function service(rules: Record<string, unknown> = {}) {
  const config = parseConfig(
    { alerts: { evaluateSeconds: 60, rules, webhooks: [{ name: 'hook', url: { env: 'HOOK' } }] } },
    'test',
  );
  return createAlertService({
    db: store.db,
    config,
    log: pino({ level: 'silent' }),
    flows: ['heartbeat'],
    env: { HOOK: `${sink.url}/hook` },
    now: () => new Date(clock),
  });
}

async function failThreeRuns() {
  await ensureService(store.db, {
    connectionId: 'global',
    flow: 'heartbeat',
    enabled: true,
    intervalSeconds: 10,
  });
  for (let i = 1; i <= 3; i++) {
    await store.db.query(
      `INSERT INTO runs (id, connection_id, flow, trigger, started_at, ended_at, outcome, message)
       VALUES ($1, 'global', 'heartbeat', 'schedule', $2, $2, 'failed', 'boom')`,
      [`r${i}`, new Date(clock - 60_000 + i)],
    );
  }
}

describe('the alert service', () => {
  it('looks at the rules once per period, the first time one period after its start', async () => {
    await failThreeRuns();
    const alerts = service({ noSuccess: { enabled: false } });
    await alerts.tick();
    expect(sink.calls).toHaveLength(0); // just started: no look yet
    clock += 59_000;
    await alerts.tick();
    expect(sink.calls).toHaveLength(0);
    clock += 1_000;
    await alerts.tick();
    expect((sink.bodies('/hook') as AlertEvent[]).map((b) => [b.rule, b.status])).toEqual([
      ['failingRuns', 'firing'],
    ]);
    await alerts.stop();
  });

  it('resolves what a rule raised when the rule is switched off', async () => {
    await failThreeRuns();
    const on = service({ noSuccess: { enabled: false } });
    clock += 60_000;
    await on.tick();
    expect(sink.calls).toHaveLength(1);
    const off = service({ failingRuns: { enabled: false }, noSuccess: { enabled: false } });
    clock += 60_000;
    await off.tick();
    const bodies = sink.bodies('/hook') as AlertEvent[];
    expect(bodies.map((b) => b.status)).toEqual(['firing', 'resolved']);
    expect(bodies[1]!.title).toBe('heartbeat: no longer watched by the failingRuns rule');
    expect((await listAlertStates(store.db)).filter((s) => s.status !== 'ok')).toEqual([]);
  });
});
