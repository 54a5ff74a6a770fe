/**
 * Records entering needs_attention, batched per service: one alert for what the runs since the last
 * look put there — how many records, and the most frequent reasons — rather than one per record. The
 * problem lasts while any record of the service still needs attention, and is resolved when none does
 * (retried, replayed or resolved by hand). New records during a problem alert again once it has cooled.
 */
import type { EffectiveRules } from '../config/alertsSchema.ts';
import type { Queryable } from '../store/db.ts';
import type { ServiceState } from '../store/repos/services.ts';
import { needsAttentionFacts } from '../store/repos/alertFacts.ts';
import { readAlertState } from '../store/repos/alertStates.ts';
import type { Observation } from './alertEvent.ts';

export async function observeNeedsAttention(
  q: Queryable,
  rules: EffectiveRules,
  services: ServiceState[],
): Promise<Observation[]> {
  if (!rules.needsAttention.enabled) return [];
  const out: Observation[] = [];
  for (const service of services) {
    const key = { connectionId: service.connectionId, rule: 'needsAttention', subject: service.flow };
    const watermark = (await readAlertState(q, key))?.watermark ?? 0;
    const facts = await needsAttentionFacts(
      q,
      service.connectionId,
      service.flow,
      watermark,
      rules.needsAttention.reasons,
    );
    const fresh = facts.newRecords > 0;
    out.push({
      rule: 'needsAttention',
      subject: service.flow,
      active: facts.open > 0,
      fresh,
      watermark: facts.lastEventId,
      coolDownMinutes: rules.needsAttention.coolDownMinutes,
      severity: 'warning',
      title:
        facts.open === 0
          ? `${service.flow}: no record needs attention any more`
          : fresh
            ? `${service.flow}: ${facts.newRecords} record(s) entered needs_attention`
            : `${service.flow}: ${facts.open} record(s) need attention`,
      facts: {
        'records needing attention': facts.open,
        ...(fresh && { 'new in this batch': facts.newRecords, runs: facts.runs }),
        ...Object.fromEntries(facts.reasons.map((r, i) => [`reason ${i + 1}`, `${r.reason} (${r.records})`])),
      },
    });
  }
  return out;
}
