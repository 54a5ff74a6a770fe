/**
 * One look at every rule of every connection (and of the built-in services, under "global"): gathers
 * the observations and records each (recordObservation.ts). It reads what runs have already recorded,
 * so it never waits for a run or holds one up. Returns the events it decided, for the caller to count.
 */
import { effectiveRules, type RuleId } from '../config/alertsSchema.ts';
import { GLOBAL_CONNECTION } from '../engine/flow.ts';
import { listServices } from '../store/repos/services.ts';
import { listAlertStates, type AlertState } from '../store/repos/alertStates.ts';
import type { AlertDeps } from './alertDeps.ts';
import type { AlertEvent, Observation } from './alertEvent.ts';
import { observeNeedsAttention } from './observeNeedsAttention.ts';
import { observeOrderFreshness } from './observeOrderFreshness.ts';
import { observeServices } from './observeServices.ts';
import { recordObservation } from './recordObservation.ts';

export async function evaluateAlerts(deps: AlertDeps, now: Date): Promise<AlertEvent[]> {
  const { config, db } = deps;
  const services = (await listServices(db)).filter((s) => deps.flows.includes(s.flow));
  const known = new Map((await listAlertStates(db)).map((s) => [stateKey(s), s]));
  const events: AlertEvent[] = [];
  const connections = [
    ...config.connections.map((c) => ({ id: c.id, own: c.alerts })),
    { id: GLOBAL_CONNECTION, own: undefined },
  ];
  for (const connection of connections) {
    const rules = effectiveRules(config.alerts.rules, connection.own);
    const mine = services.filter((s) => s.connectionId === connection.id);
    const observations: Observation[] = [
      ...(await observeServices(db, rules, mine, now)),
      ...(await observeNeedsAttention(db, rules, mine)),
      ...(connection.id === GLOBAL_CONNECTION
        ? []
        : await observeOrderFreshness(db, connection.id, rules, mine, now)),
    ];
    observations.push(...unwatched(known.values(), connection.id, observations));
    for (const observation of observations) {
      const state = known.get(stateKey({ connectionId: connection.id, ...observation }));
      if (isQuiet(observation, state)) continue;
      const event = await recordObservation(deps, connection.id, observation, now);
      if (event) events.push(event);
    }
  }
  return events;
}

const stateKey = (k: { connectionId: string; rule: string; subject: string }) =>
  `${k.connectionId}\u0000${k.rule}\u0000${k.subject}`;

/** Nothing wrong, nothing was wrong, nothing new seen: no transaction needed (most looks, most rules). */
function isQuiet(observation: Observation, state: AlertState | undefined): boolean {
  return (
    !observation.active &&
    (state?.status ?? 'ok') === 'ok' &&
    (observation.watermark ?? 0) <= (state?.watermark ?? 0)
  );
}

/**
 * A problem nobody watches any more — its rule switched off, its service gone or switched off between
 * looks — would stay "firing" forever: it is observed as over, so its alert resolves.
 */
function unwatched(states: Iterable<AlertState>, connectionId: string, seen: Observation[]): Observation[] {
  const watched = new Set(seen.map((o) => `${o.rule}\u0000${o.subject}`));
  return [...states]
    .filter((s) => s.connectionId === connectionId && s.status !== 'ok')
    .filter((s) => !watched.has(`${s.rule}\u0000${s.subject}`))
    .map((s) => ({
      rule: s.rule as RuleId,
      subject: s.subject,
      active: false,
      coolDownMinutes: 0,
      severity: 'warning' as const,
      title: `${s.subject}: no longer watched by the ${s.rule} rule`,
      facts: {},
    }));
}
