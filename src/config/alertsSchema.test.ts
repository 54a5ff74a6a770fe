// The alerts settings: every mistake listed with its path (a literal webhook URL, an unknown rule key,
// a duplicate webhook, a webhook for a connection that does not exist), and the rules as they apply —
// defaults ← alerts.rules ← the connection's alerts.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load.ts';
import { ALERT_RULE_DEFAULTS, effectiveRules } from './alertsSchema.ts';
import { thrownBy } from '../../test/support/failure.ts';

const connection = (id: string, alerts?: unknown) => ({
  id,
  amazon: {
    sellingPartnerId: 'A1',
    region: 'na',
    marketplaces: [{ id: 'ATVPDKIKX0DER', legalEntity: 'usmf' }],
  },
  d365: { environmentUrl: 'https://contoso.operations.dynamics.com', tenantId: 't' },
  ...(alerts !== undefined && { alerts }),
});

describe('alerts configuration', () => {
  it('has sensible defaults: no webhook, every rule on', () => {
    const config = parseConfig({}, 'test');
    expect(config.alerts).toEqual({ evaluateSeconds: 60, webhooks: [], rules: {} });
    expect(effectiveRules(config.alerts.rules)).toEqual(ALERT_RULE_DEFAULTS);
    expect(ALERT_RULE_DEFAULTS.failingRuns.runs).toBe(3);
    expect(ALERT_RULE_DEFAULTS.orderFreshness).toMatchObject({ hours: 3, weeks: 4, minMedianPerHour: 2 });
  });

  it('lists every invalid setting with its path', () => {
    const raw = {
      connections: [connection('eu', { failingRuns: { runs: 0 }, lag: { services: { 'Bad Id': 5 } } })],
      alerts: {
        evaluateSeconds: 1,
        webhooks: [
          { name: 'slack', url: 'https://hooks.slack.com/services/T/B/SECRET', format: 'slack' },
          { name: 'slack', url: { env: 'SLACK_URL' }, format: 'discord' },
          { name: 'ops', url: { env: 'OPS_URL' }, connections: ['us'] },
        ],
        rules: { orderFreshness: { hours: 3, colour: 'red' } },
      },
    };
    const problems = thrownBy(() => parseConfig(raw, 'test'), ConfigError).problems;
    const paths = problems.map((p) => p.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'connections[0].alerts.failingRuns.runs',
        'connections[0].alerts.lag.services.Bad Id',
        'alerts.evaluateSeconds',
        'alerts.webhooks[0].url',
        'alerts.webhooks[1].format',
        'alerts.rules.orderFreshness',
      ]),
    );
    // The literal URL is refused for what it is, and never repeated in the message.
    expect(problems.join('\n')).not.toContain('SECRET');
  });

  it('refuses a webhook name used twice', () => {
    const hook = { name: 'ops', url: { env: 'OPS_URL' } };
    const problems = thrownBy(
      () => parseConfig({ alerts: { webhooks: [hook, hook] } }, 'test'),
      ConfigError,
    ).problems;
    expect(problems).toEqual(['alerts.webhooks[1].name: webhook "ops" is listed twice']);
  });

  it('refuses a webhook for a connection that does not exist', () => {
    const raw = {
      connections: [connection('eu')],
      alerts: { webhooks: [{ name: 'ops', url: { env: 'OPS_URL' }, connections: ['eu', 'us'] }] },
    };
    const problems = thrownBy(() => parseConfig(raw, 'test'), ConfigError).problems;
    expect(problems).toEqual([
      'alerts.webhooks[0].connections[1]: there is no connection "us" (known: global, eu)',
    ]);
  });

  it('merges the connection over alerts.rules over the defaults, field by field', () => {
    const config = parseConfig(
      {
        connections: [
          connection('eu', { failingRuns: { runs: 5 }, lag: { services: { 'import-orders': 600 } } }),
        ],
        alerts: {
          rules: {
            failingRuns: { coolDownMinutes: 10 },
            lag: { seconds: 1800, services: { 'confirm-shipments': 900 } },
            orderFreshness: { enabled: false },
          },
        },
      },
      'test',
    );
    const rules = effectiveRules(config.alerts.rules, config.connections[0]!.alerts);
    expect(rules.failingRuns).toEqual({ enabled: true, runs: 5, coolDownMinutes: 10 });
    expect(rules.lag).toEqual({
      enabled: true,
      seconds: 1800,
      services: { 'confirm-shipments': 900, 'import-orders': 600 },
      coolDownMinutes: 60,
    });
    expect(rules.orderFreshness.enabled).toBe(false);
    expect(effectiveRules(config.alerts.rules).failingRuns.runs).toBe(3);
  });
});
