/**
 * The per-service rules: failing runs in a row, lag over its threshold, and no successful run for N
 * intervals. A service switched off is never a problem (its operator chose it), so its alerts resolve.
 * Lag is what the service's flow last reported for its runs (services.lag_seconds, set by the runner
 * from `plan.lagSeconds`); a flow that does not report lag is never judged on it.
 */
import type { EffectiveRules } from '../config/alertsSchema.ts';
import type { Queryable } from '../store/db.ts';
import type { ServiceState } from '../store/repos/services.ts';
import { lastProgress, recentRunOutcomes } from '../store/repos/alertFacts.ts';
import { describeSeconds, type Observation } from './alertEvent.ts';

export async function observeServices(
  q: Queryable,
  rules: EffectiveRules,
  services: ServiceState[],
  now: Date,
): Promise<Observation[]> {
  const out: Observation[] = [];
  for (const service of services) {
    const flow = service.flow;
    if (rules.failingRuns.enabled) {
      const { runs, coolDownMinutes } = rules.failingRuns;
      const outcomes = await recentRunOutcomes(q, service.connectionId, flow, runs);
      const active =
        service.enabled && outcomes.length >= runs && outcomes.every((o) => o.outcome === 'failed');
      out.push({
        rule: 'failingRuns',
        subject: flow,
        active,
        coolDownMinutes,
        severity: 'critical',
        title: active ? `${flow}: the last ${runs} runs failed` : `${flow}: runs no longer failing`,
        facts: active ? { 'last error': outcomes[0]?.message ?? 'unknown' } : {},
      });
    }
    if (rules.lag.enabled) {
      const threshold = rules.lag.services[flow] ?? rules.lag.seconds;
      const lag = service.lagSeconds;
      const active = service.enabled && lag !== null && lag > threshold;
      out.push({
        rule: 'lag',
        subject: flow,
        active,
        coolDownMinutes: rules.lag.coolDownMinutes,
        severity: 'warning',
        title: active
          ? `${flow}: ${describeSeconds(lag!)} behind (threshold ${describeSeconds(threshold)})`
          : `${flow}: caught up (lag within ${describeSeconds(threshold)})`,
        facts: lag === null ? {} : { lag: describeSeconds(lag), threshold: describeSeconds(threshold) },
      });
    }
    if (rules.noSuccess.enabled) {
      const { intervals, coolDownMinutes } = rules.noSuccess;
      const progress = await lastProgress(q, service.connectionId, flow);
      const since = progress.lastSuccessAt ?? progress.firstRunAt;
      const limitMs = intervals * service.intervalSeconds * 1000;
      const quietMs = since ? now.getTime() - since.getTime() : 0;
      const active = service.enabled && since !== null && quietMs > limitMs;
      out.push({
        rule: 'noSuccess',
        subject: flow,
        active,
        coolDownMinutes,
        severity: 'critical',
        title: active
          ? `${flow}: no successful run for ${describeSeconds(quietMs / 1000)} (${intervals} intervals)`
          : `${flow}: a run succeeded again`,
        facts: active
          ? {
              'last success': progress.lastSuccessAt?.toISOString() ?? 'never',
              interval: describeSeconds(service.intervalSeconds),
            }
          : {},
      });
    }
  }
  return out;
}
