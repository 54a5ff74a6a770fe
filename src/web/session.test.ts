import { describe, expect, it } from 'vitest';
import { createSessionCodec, secretsEqual, SESSION_TTL_SECONDS } from './session.ts';

const now = new Date('2026-03-01T10:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('session cookies', () => {
  const codec = createSessionCodec('token-a');

  it('are valid until they expire after 12 hours', () => {
    const { value, expiresAt } = codec.issue(now);
    expect(expiresAt).toEqual(later(SESSION_TTL_SECONDS));
    expect(codec.verify(value, now)).toBe(true);
    expect(codec.verify(value, later(SESSION_TTL_SECONDS - 1))).toBe(true);
    expect(codec.verify(value, later(SESSION_TTL_SECONDS))).toBe(false);
  });

  it('survive a restart with the same token and die when the token changes', () => {
    const { value } = codec.issue(now);
    expect(createSessionCodec('token-a').verify(value, now)).toBe(true);
    expect(createSessionCodec('token-b').verify(value, now)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['garbage', 'not-a-session'],
    ['the token itself', 'token-a'],
  ])('refuse a %s value', (_name, value) => {
    expect(codec.verify(value, now)).toBe(false);
  });

  it('refuse a value whose expiry was changed', () => {
    const { value } = codec.issue(now);
    const [version, , nonce, mac] = value.split('.');
    const extended = [version, String(later(10 * SESSION_TTL_SECONDS).getTime()), nonce, mac].join('.');
    expect(codec.verify(extended, later(2 * SESSION_TTL_SECONDS))).toBe(false);
  });

  it('are different on every login', () => {
    expect(codec.issue(now).value).not.toBe(codec.issue(now).value);
  });
});

describe('secretsEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', 'abc', false],
  ])('%s vs %s → %s', (a, b, equal) => {
    expect(secretsEqual(a, b)).toBe(equal);
  });
});
