/**
 * Turns one observation into at most one event: under the rule state's row lock, decides the
 * transition (transition.ts), stores the new state, and when something is to be sent writes it to the
 * live feed and one outbox row per webhook — all in one transaction, so an alert is either decided and
 * queued for every webhook, or not at all.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookConfig } from '../config/alertsSchema.ts';
import { createFeedLogger } from '../engine/feedLogger.ts';
import { redactText, redactValue } from '../log/redact.ts';
import { enqueueAlert } from '../store/repos/alertOutbox.ts';
import { lockAlertState, saveAlertState } from '../store/repos/alertStates.ts';
import type { AlertDeps } from './alertDeps.ts';
import type { AlertEvent, Observation } from './alertEvent.ts';
import { decide } from './transition.ts';

/** The webhooks that take this connection's alerts. */
export function webhooksFor(webhooks: readonly WebhookConfig[], connectionId: string): WebhookConfig[] {
  return webhooks.filter((hook) => !hook.connections || hook.connections.includes(connectionId));
}

export async function recordObservation(
  deps: AlertDeps,
  connectionId: string,
  observation: Observation,
  now: Date,
): Promise<AlertEvent | undefined> {
  const key = { connectionId, rule: observation.rule, subject: observation.subject };
  return deps.db.transaction(async (tx) => {
    const state = await lockAlertState(tx, key);
    // Another process may have looked first: only what is newer than the stored watermark is fresh.
    const fresh = Boolean(observation.fresh) && (observation.watermark ?? 0) > state.watermark;
    const decision = decide(
      state,
      { active: observation.active, fresh },
      observation.coolDownMinutes * 60_000,
      now,
    );
    const watermark = Math.max(state.watermark, observation.watermark ?? 0);
    const changed =
      decision.status !== state.status ||
      decision.since?.getTime() !== state.since?.getTime() ||
      decision.lastFiredAt?.getTime() !== state.lastFiredAt?.getTime() ||
      watermark !== state.watermark;
    if (changed) await saveAlertState(tx, { ...key, ...decision, watermark });
    if (!decision.send) return undefined;

    const event: AlertEvent = {
      id: randomUUID(),
      status: decision.send,
      rule: observation.rule,
      connection: connectionId,
      subject: observation.subject,
      severity: observation.severity,
      // Webhooks leave the installation (Slack, Teams) and the outbox keeps the event: the same safety net
      // as the feed and the logs, for a record reason or a run error that quotes an e-mail address.
      title: redactText(observation.title),
      facts: redactValue(observation.facts) as AlertEvent['facts'],
      at: now.toISOString(),
      since: (decision.since ?? state.since)?.toISOString() ?? null,
    };
    const hooks = webhooksFor(deps.config.alerts.webhooks, connectionId);
    const feed = createFeedLogger(tx, deps.log, {
      connectionId,
      flow: deps.flows.includes(observation.subject) ? observation.subject : null,
    });
    const fields = { alert: observation.rule, status: event.status, webhooks: hooks.map((h) => h.name) };
    if (event.status === 'resolved') await feed.info(`Resolved: ${event.title}`, fields);
    else if (event.severity === 'critical') await feed.error(`Alert: ${event.title}`, fields);
    else await feed.warn(`Alert: ${event.title}`, fields);
    for (const hook of hooks) await enqueueAlert(tx, hook.name, event, now);
    return event;
  });
}
