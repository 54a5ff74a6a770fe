import { describe, expect, it } from 'vitest';
import { networkErrorCode } from './networkError.ts';

describe('networkErrorCode', () => {
  const withCause = (cause: unknown) => new TypeError('fetch failed', { cause });
  it.each([
    [
      'a cause with a code',
      withCause(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
      'ECONNRESET',
    ],
    [
      'an undici socket error',
      withCause(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })),
      'UND_ERR_SOCKET',
    ],
    [
      'a dual-stack connect failure',
      withCause(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })])),
      'ECONNREFUSED',
    ],
    [
      'a timeout',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      'ABORT_TIMEOUT',
    ],
    ['nothing known', new Error('odd'), 'unknown'],
    ['not an error', 'boom', 'unknown'],
  ])('reads %s', (_name, error, code) => {
    expect(networkErrorCode(error)).toBe(code);
  });
});
