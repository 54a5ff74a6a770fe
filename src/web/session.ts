/**
 * Browser sessions without server-side state: the `connector_session` cookie carries its expiry and a
 * nonce, signed with an HMAC whose key is derived from the API token. So a session survives a restart
 * (same token, same key), every session ends when the token changes, and no session table is needed.
 * Also the constant-time comparison of a presented bearer token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'connector_session';
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

const VERSION = 'v1';

export interface SessionCodec {
  /** A new cookie value, valid for SESSION_TTL_SECONDS from `now`. */
  issue(now?: Date): { value: string; expiresAt: Date };
  /** True for an untampered value signed with this token's key and not yet expired. */
  verify(value: string | undefined, now?: Date): boolean;
}

/** Compares two secrets in time independent of where they differ (hashing first equalises lengths). */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHmac('sha256', 'connector/compare').update(presented, 'utf8').digest();
  const b = createHmac('sha256', 'connector/compare').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function createSessionCodec(apiToken: string): SessionCodec {
  // A derived key rather than the token itself: the cookie's MAC never doubles as a token oracle.
  const key = createHmac('sha256', apiToken).update('connector/session-cookie').digest();
  const sign = (body: string) => createHmac('sha256', key).update(body).digest('base64url');

  return {
    issue(now = new Date()) {
      const expiresAt = new Date(now.getTime() + SESSION_TTL_SECONDS * 1000);
      const body = `${VERSION}.${expiresAt.getTime()}.${randomBytes(16).toString('base64url')}`;
      return { value: `${body}.${sign(body)}`, expiresAt };
    },
    verify(value, now = new Date()) {
      if (!value) return false;
      const parts = value.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) return false;
      const body = parts.slice(0, 3).join('.');
      const mac = Buffer.from(parts[3]!, 'base64url');
      const expected = Buffer.from(sign(body), 'base64url');
      if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return false;
      const expires = Number(parts[1]);
      // The upper bound refuses a cookie claiming a lifetime longer than any we issue.
      return (
        Number.isSafeInteger(expires) &&
        expires > now.getTime() &&
        expires <= now.getTime() + SESSION_TTL_SECONDS * 1000
      );
    },
  };
}
