/**
 * Drains the alert outbox: claims the rows that are due, posts each to its webhook in the webhook's
 * format, and records the result — delivered, retried later (deliveryPolicy.ts) or given up with a line
 * in the live feed. Runs beside the flows, never inside a run, so a slow or failing webhook delays
 * nothing but its own alerts. Webhooks are named in the feed and the log, never their URLs.
 */
import { resolveSecret } from '../config/secrets.ts';
import { createFeedLogger } from '../engine/feedLogger.ts';
import { describeError } from '../errors.ts';
import {
  claimDueAlerts,
  markDelivered,
  markFailed,
  markRetry,
  type OutboxRow,
} from '../store/repos/alertOutbox.ts';
import type { AlertDeps } from './alertDeps.ts';
import type { AlertEvent } from './alertEvent.ts';
import {
  DELIVERY_POLICY,
  judgeDelivery,
  type DeliveryDecision,
  type DeliveryPolicy,
} from './deliveryPolicy.ts';
import { postWebhook } from './postWebhook.ts';
import { webhookBody } from './webhookBody.ts';

export interface DeliveryOptions {
  policy?: DeliveryPolicy;
  /** Rows taken per call; they are posted side by side. */
  batch?: number;
  /** Aborted on shutdown: posts under way stop and their rows come due again. */
  signal?: AbortSignal;
}

export interface DeliveryCounts {
  delivered: number;
  retrying: number;
  failed: number;
}

async function attempt(deps: AlertDeps, row: OutboxRow, policy: DeliveryPolicy, signal?: AbortSignal) {
  const hook = deps.config.alerts.webhooks.find((h) => h.name === row.webhook);
  if (!hook) return { result: 'give-up', reason: 'the webhook is no longer configured' } as const;
  let url: string;
  try {
    url = resolveSecret(hook.url, deps.env);
  } catch (error) {
    // A secret missing now may be there later (a file being rotated): retried like a network error.
    return {
      ...judgeDelivery({ networkError: 'URL unavailable' }, row.attempts, policy),
      detail: describeError(error),
    };
  }
  const body = webhookBody(hook.format, row.event as AlertEvent);
  const outcome = await postWebhook(deps.fetch ?? fetch, url, body, { timeoutMs: policy.timeoutMs, signal });
  return judgeDelivery(outcome, row.attempts, policy);
}

export async function deliverDueAlerts(
  deps: AlertDeps,
  now: Date,
  options: DeliveryOptions = {},
): Promise<DeliveryCounts> {
  const policy = options.policy ?? DELIVERY_POLICY;
  const counts: DeliveryCounts = { delivered: 0, retrying: 0, failed: 0 };
  // Claimed past the longest a post may take, so no other process takes a row while it is in flight.
  const rows = await claimDueAlerts(deps.db, now, policy.timeoutMs * 2 + 30_000, options.batch ?? 10);
  await Promise.all(
    rows.map(async (row) => {
      const decision: DeliveryDecision & { detail?: string } = await attempt(
        deps,
        row,
        policy,
        options.signal,
      );
      await settle(deps, row, decision, now);
      if (decision.result === 'delivered') counts.delivered++;
      else if (decision.result === 'retry') counts.retrying++;
      else counts.failed++;
    }),
  );
  return counts;
}

async function settle(
  deps: AlertDeps,
  row: OutboxRow,
  decision: DeliveryDecision & { detail?: string },
  now: Date,
) {
  const event = row.event as AlertEvent;
  const log = deps.log.child({ webhook: row.webhook, alert: event.rule, attempt: row.attempts });
  if (decision.result === 'delivered') {
    await markDelivered(deps.db, row.id, now);
    log.debug('alert delivered to its webhook');
  } else if (decision.result === 'retry') {
    await markRetry(deps.db, row.id, new Date(now.getTime() + decision.waitMs), decision.reason);
    log.info(
      { reason: decision.reason, detail: decision.detail, waitMs: decision.waitMs },
      'alert delivery will be retried',
    );
  } else {
    await markFailed(deps.db, row.id, now, decision.reason);
    const feed = createFeedLogger(deps.db, deps.log, { connectionId: event.connection });
    await feed.error(
      `Alert "${event.title}" could not be delivered to webhook "${row.webhook}": ${decision.reason}`,
      { webhook: row.webhook, alert: event.rule, attempts: row.attempts },
    );
  }
}
