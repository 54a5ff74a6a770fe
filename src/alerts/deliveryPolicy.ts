/**
 * Whether to try a webhook delivery again, and when — a pure decision (DESIGN §4.3), tested as a table
 * in deliveryPolicy.test.ts; sleeping is the outbox's business (the row's next_attempt_at).
 * A 2xx is delivered. 408, 429, 5xx and network errors are retried with doubling waits (a 429's
 * Retry-After is honoured up to the longest wait). Any other answer (a revoked Slack URL answers 404 or
 * 410, a refused body 400) will not change by waiting: given up at once, and said so in the feed.
 */

export interface DeliveryPolicy {
  maxAttempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** One attempt's limit: a webhook that never answers must not hold a delivery slot forever. */
  timeoutMs: number;
}

export const DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 10,
  firstDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  timeoutMs: 10_000,
};

export interface DeliveryOutcome {
  status?: number;
  /** A network error code (ECONNREFUSED, ETIMEDOUT, …) when no answer arrived. */
  networkError?: string;
  retryAfterMs?: number;
}

export type DeliveryDecision =
  | { result: 'delivered' }
  | { result: 'retry'; waitMs: number; reason: string }
  | { result: 'give-up'; reason: string };

export function describeOutcome(outcome: DeliveryOutcome): string {
  return outcome.status !== undefined ? `HTTP ${outcome.status}` : (outcome.networkError ?? 'no answer');
}

/** `attempts`: attempts made so far, this one included. */
export function judgeDelivery(
  outcome: DeliveryOutcome,
  attempts: number,
  policy: DeliveryPolicy = DELIVERY_POLICY,
): DeliveryDecision {
  const { status } = outcome;
  if (status !== undefined && status >= 200 && status < 300) return { result: 'delivered' };
  const reason = describeOutcome(outcome);
  const transient = status === undefined || status === 408 || status === 429 || status >= 500;
  if (!transient) return { result: 'give-up', reason: `${reason}: the webhook refused the alert` };
  if (attempts >= policy.maxAttempts)
    return { result: 'give-up', reason: `${reason} after ${attempts} attempts` };
  const backoff = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (attempts - 1));
  const waitMs = Math.min(policy.maxDelayMs, Math.max(backoff, outcome.retryAfterMs ?? 0));
  return { result: 'retry', waitMs, reason };
}
