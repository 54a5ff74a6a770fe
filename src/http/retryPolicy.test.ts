import { describe, expect, it } from 'vitest';
import { backoffMs, decide, DEFAULT_RETRY_POLICY, type CallOutcome } from './retryPolicy.ts';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('decide', () => {
  const table: Array<
    [
      string,
      CallOutcome,
      number,
      {
        retry: boolean;
        waitMs?: number;
        refreshToken?: boolean;
        waitForBucket?: boolean;
        outcomeUnknown?: boolean;
      },
    ]
  > = [
    ['200 succeeds', { status: 200 }, 1, { retry: false }],
    ['204 succeeds', { status: 204 }, 3, { retry: false }],
    [
      '429 without Retry-After backs off',
      { status: 429, remoteCode: 'QuotaExceeded' },
      1,
      { retry: true, waitMs: 100 },
    ],
    [
      '429 with Retry-After waits exactly that',
      { status: 429, retryAfterMs: 7000 },
      2,
      { retry: true, waitMs: 7000 },
    ],
    ['500 backs off', { status: 500 }, 2, { retry: true, waitMs: 200 }],
    ['503 backs off, capped', { status: 503 }, 3, { retry: true, waitMs: 400 }],
    ['503 honours Retry-After', { status: 503, retryAfterMs: 1500 }, 1, { retry: true, waitMs: 1500 }],
    ['504 retries', { status: 504 }, 1, { retry: true, waitMs: 100 }],
    ['network reset retries', { networkError: 'ECONNRESET' }, 1, { retry: true, waitMs: 100 }],
    [
      'unknown network failure does not',
      { networkError: 'ERR_TLS_CERT_ALTNAME_INVALID' },
      1,
      { retry: false },
    ],
    ['401 refreshes the token once', { status: 401 }, 1, { retry: true, waitMs: 0, refreshToken: true }],
    ['401 twice is an auth problem', { status: 401 }, 2, { retry: false }],
    [
      '403 expired token refreshes once',
      { status: 403, message: 'The access token you provided has expired.' },
      1,
      { retry: true, refreshToken: true },
    ],
    [
      '403 for a missing role is final',
      { status: 403, message: 'Access to requested resource is denied.' },
      1,
      { retry: false },
    ],
    ['400 is final', { status: 400, remoteCode: 'InvalidInput' }, 1, { retry: false }],
    ['404 is final', { status: 404 }, 1, { retry: false }],
    ['409 is final', { status: 409 }, 1, { retry: false }],
    ['retryable but out of attempts', { status: 503 }, 4, { retry: false }],
    [
      '429 with a token bucket waits for the bucket',
      { status: 429, remoteCode: 'QuotaExceeded', bucketLimited: true },
      1,
      { retry: true, waitMs: 0, waitForBucket: true },
    ],
    [
      '429 with a bucket still honours a Retry-After',
      { status: 429, retryAfterMs: 900, bucketLimited: true },
      1,
      { retry: true, waitMs: 900 },
    ],
    ['429 with a bucket gives up in the end', { status: 429, bucketLimited: true }, 4, { retry: false }],
    [
      '429 on a non-idempotent write retries (it was not applied)',
      { status: 429, idempotent: false, bucketLimited: true },
      1,
      { retry: true, waitForBucket: true },
    ],
    [
      '403 expired after a 429 still refreshes once',
      { status: 403, message: 'The access token you provided has expired.', tokenRefreshed: false },
      2,
      { retry: true, refreshToken: true },
    ],
    [
      '403 expired after a refresh is final',
      { status: 403, message: 'The access token you provided has expired.', tokenRefreshed: true },
      2,
      { retry: false },
    ],
    [
      'non-idempotent 403 expired refreshes (not applied)',
      { status: 403, message: 'expired', idempotent: false },
      1,
      { retry: true, refreshToken: true },
    ],
    [
      'non-idempotent 500: outcome unknown',
      { status: 500, idempotent: false },
      1,
      { retry: false, outcomeUnknown: true },
    ],
    [
      'non-idempotent 503: outcome unknown',
      { status: 503, idempotent: false },
      1,
      { retry: false, outcomeUnknown: true },
    ],
    [
      'non-idempotent reset after sending: outcome unknown',
      { networkError: 'ECONNRESET', idempotent: false },
      1,
      { retry: false, outcomeUnknown: true },
    ],
    [
      'non-idempotent timeout: outcome unknown',
      { networkError: 'ABORT_TIMEOUT', idempotent: false },
      1,
      { retry: false, outcomeUnknown: true },
    ],
    [
      'non-idempotent connection refused retries (never sent)',
      { networkError: 'ECONNREFUSED', idempotent: false },
      1,
      { retry: true, outcomeUnknown: false },
    ],
    [
      'non-idempotent 400 is final, outcome known',
      { status: 400, remoteCode: 'InvalidInput', idempotent: false },
      1,
      { retry: false, outcomeUnknown: false },
    ],
  ];

  it.each(table)('%s', (_name, outcome, attempt, expected) => {
    const decision = decide(outcome, attempt, policy, 1);
    expect(decision.retry).toBe(expected.retry);
    if (expected.waitMs !== undefined) expect(decision.waitMs).toBe(expected.waitMs);
    if (expected.refreshToken !== undefined) expect(decision.refreshToken).toBe(expected.refreshToken);
    if (expected.waitForBucket !== undefined) expect(decision.waitForBucket).toBe(expected.waitForBucket);
    if (expected.outcomeUnknown !== undefined)
      expect(decision.outcomeUnknown ?? false).toBe(expected.outcomeUnknown);
    expect(decision.reason).toBeTruthy();
  });

  it('says why it gave up', () => {
    expect(decide({ status: 500 }, 4, policy).reason).toMatch(/gave up after 4 attempts/);
  });
});

describe('backoffMs', () => {
  it('grows exponentially up to the cap and scales with jitter', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffMs(a, policy, 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffMs(3, policy, 0.5)).toBe(200);
    expect(backoffMs(3, policy, 0)).toBe(0);
  });

  it('has sane defaults', () => {
    expect(backoffMs(20, DEFAULT_RETRY_POLICY, 1)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
  });
});
