// The webhook delivery decision as a table: what is delivered, retried (and after how long), given up.
import { describe, expect, it } from 'vitest';
import { judgeDelivery, type DeliveryOutcome } from './deliveryPolicy.ts';

const policy = { maxAttempts: 5, firstDelayMs: 1000, maxDelayMs: 5000, timeoutMs: 100 };

const cases: Array<[string, DeliveryOutcome, number, string, number | undefined]> = [
  ['200 is delivered', { status: 200 }, 1, 'delivered', undefined],
  ['204 is delivered', { status: 204 }, 3, 'delivered', undefined],
  ['500 on the first attempt waits the first delay', { status: 500 }, 1, 'retry', 1000],
  ['503 on the third attempt waits four times it', { status: 503 }, 3, 'retry', 4000],
  ['waits never exceed the longest', { status: 502 }, 4, 'retry', 5000],
  ['a network error is retried', { networkError: 'ECONNREFUSED' }, 1, 'retry', 1000],
  ['a timeout is retried', { networkError: 'timeout' }, 2, 'retry', 2000],
  ['429 honours Retry-After', { status: 429, retryAfterMs: 3000 }, 1, 'retry', 3000],
  ['429 Retry-After is capped', { status: 429, retryAfterMs: 60_000 }, 1, 'retry', 5000],
  ['408 is retried', { status: 408 }, 1, 'retry', 1000],
  ['the last attempt gives up', { status: 500 }, 5, 'give-up', undefined],
  ['404 (a revoked Slack URL) gives up at once', { status: 404 }, 1, 'give-up', undefined],
  ['400 (a refused body) gives up at once', { status: 400 }, 1, 'give-up', undefined],
  ['a redirect is not followed and gives up', { status: 302 }, 1, 'give-up', undefined],
];

describe('judgeDelivery', () => {
  it.each(cases)('%s', (_name, outcome, attempts, result, waitMs) => {
    const decision = judgeDelivery(outcome, attempts, policy);
    expect(decision.result).toBe(result);
    if (decision.result === 'retry') expect(decision.waitMs).toBe(waitMs);
  });
});
