/**
 * The `alerts` section of the configuration (issue 20) and the per-connection `connections[].alerts`
 * overrides: which webhooks receive alerts, and the rules with their thresholds and cool-downs.
 * docs/configuration.md ("Alerts") and docs/operations.md document every key and must change with it.
 *
 * Rule settings are partial on purpose: a connection names only what it changes, and the effective
 * rule is defaults ← `alerts.rules` ← `connections[].alerts` (see `effectiveRules`). Defaults live in
 * one constant rather than in zod `.default()`s, which would fill every override in and mask the layer
 * below it.
 */
import { z } from 'zod';
import { secretRef } from './secretRef.ts';

/** Minutes after an alert during which the same rule and subject stay quiet (flapping, repeats). */
const coolDownMinutes = z
  .int()
  .min(0)
  .max(7 * 24 * 60);
const serviceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a service (flow) id such as import-orders');

const failingRuns = z
  .strictObject({ enabled: z.boolean(), runs: z.int().min(1).max(100), coolDownMinutes })
  .partial();
const needsAttention = z
  .strictObject({ enabled: z.boolean(), reasons: z.int().min(1).max(20), coolDownMinutes })
  .partial();
const lag = z
  .strictObject({
    enabled: z.boolean(),
    seconds: z.int().min(1),
    /** Per service: `import-orders: 900`. */
    services: z.record(serviceId, z.int().min(1)),
    coolDownMinutes,
  })
  .partial();
const noSuccess = z
  .strictObject({ enabled: z.boolean(), intervals: z.int().min(1).max(10_000), coolDownMinutes })
  .partial();
const orderFreshness = z
  .strictObject({
    enabled: z.boolean(),
    hours: z.int().min(1).max(72),
    minMedianPerHour: z.number().positive().max(100_000),
    weeks: z.int().min(1).max(12),
    coolDownMinutes,
  })
  .partial();

export const alertRulesSchema = z
  .strictObject({ failingRuns, needsAttention, lag, noSuccess, orderFreshness })
  .partial();
export type AlertRulesConfig = z.infer<typeof alertRulesSchema>;

export const WEBHOOK_FORMATS = ['json', 'slack', 'teams'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

const webhookSchema = z.strictObject({
  /** Named in the feed and the logs instead of the URL, which often is itself the secret. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be letters, digits, dots, dashes (max 64)'),
  /** The URL is a secret reference: Slack and Teams webhook URLs carry their credential in the path. */
  url: secretRef,
  format: z.enum(WEBHOOK_FORMATS).default('json'),
  /** Only these connections' alerts ("global" for the built-in services); default: all. */
  connections: z.array(z.string().min(1)).min(1).optional(),
});
export type WebhookConfig = z.infer<typeof webhookSchema>;

export const alertsSchema = z
  .strictObject({
    /** How often the rules are looked at, in seconds. */
    evaluateSeconds: z.int().min(5).max(3600).default(60),
    webhooks: z
      .array(webhookSchema)
      .max(20)
      .default([])
      .superRefine((hooks, ctx) => {
        const seen = new Set<string>();
        hooks.forEach((hook, index) => {
          if (seen.has(hook.name)) {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'name'],
              message: `webhook "${hook.name}" is listed twice`,
            });
          }
          seen.add(hook.name);
        });
      }),
    /** The rules for every connection and the built-in services; a connection's `alerts` overrides them. */
    rules: alertRulesSchema.default({}),
  })
  .prefault({});
export type AlertsConfig = z.infer<typeof alertsSchema>;

/** The rules as they apply, every field filled in. */
export interface EffectiveRules {
  failingRuns: { enabled: boolean; runs: number; coolDownMinutes: number };
  needsAttention: { enabled: boolean; reasons: number; coolDownMinutes: number };
  lag: { enabled: boolean; seconds: number; services: Record<string, number>; coolDownMinutes: number };
  noSuccess: { enabled: boolean; intervals: number; coolDownMinutes: number };
  orderFreshness: {
    enabled: boolean;
    hours: number;
    minMedianPerHour: number;
    weeks: number;
    coolDownMinutes: number;
  };
}
export type RuleId = keyof EffectiveRules;

export const ALERT_RULE_DEFAULTS: EffectiveRules = {
  failingRuns: { enabled: true, runs: 3, coolDownMinutes: 60 },
  needsAttention: { enabled: true, reasons: 3, coolDownMinutes: 30 },
  lag: { enabled: true, seconds: 3600, services: {}, coolDownMinutes: 60 },
  noSuccess: { enabled: true, intervals: 10, coolDownMinutes: 60 },
  orderFreshness: { enabled: true, hours: 3, minMedianPerHour: 2, weeks: 4, coolDownMinutes: 180 },
};

/** defaults ← `alerts.rules` ← the connection's `alerts` (per rule, field by field; lag's services merged). */
export function effectiveRules(global: AlertRulesConfig, connection?: AlertRulesConfig): EffectiveRules {
  const merge = <K extends RuleId>(rule: K): EffectiveRules[K] => ({
    ...ALERT_RULE_DEFAULTS[rule],
    ...global[rule],
    ...connection?.[rule],
  });
  const rules: EffectiveRules = {
    failingRuns: merge('failingRuns'),
    needsAttention: merge('needsAttention'),
    lag: merge('lag'),
    noSuccess: merge('noSuccess'),
    orderFreshness: merge('orderFreshness'),
  };
  rules.lag.services = { ...global.lag?.services, ...connection?.lag?.services };
  return rules;
}
