/**
 * Browser sessions, held on the server (table api_sessions): the `connector_session` cookie carries a
 * random id and nothing else, and the table keeps its hash, the API token that signed in, and when the
 * session began and was last used. A session ends when its holder signs out, when it has not been used
 * for `idleMinutes`, `maxHours` after sign-in whatever happens, and when its token is removed from the
 * configuration or given a new secret. (The cookie used to be a signed expiry: signing out could not
 * end it, and it outlived restarts until the token changed.)
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
import {
  createApiSession,
  deleteEndedApiSessions,
  findApiSession,
  revokeApiSession,
  touchApiSession,
} from '../store/repos/apiSessions.ts';
import { tokenFingerprint, type ApiToken } from './apiToken.ts';

export const SESSION_COOKIE = 'connector_session';

export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMinutes: 60, maxHours: 12 };

/** 32 random bytes, base64url: exactly this form is a session id; anything else is refused unread. */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;
/** Ended sessions are forgotten a day later (kept until then so their holder is told why). */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export type SessionLookup = { ok: true; token: ApiToken; key: string } | { ok: false; reason: string };

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

export class Sessions {
  private readonly idleMs: number;
  private readonly maxMs: number;
  /** Use is written at most this often per session: not every request needs a database write. */
  private readonly touchEveryMs: number;

  constructor(
    private readonly db: Db,
    private readonly tokens: ApiToken[],
    private readonly limits: SessionLimits,
    private readonly now: () => Date,
  ) {
    this.idleMs = limits.idleMinutes * 60_000;
    this.maxMs = limits.maxHours * 3_600_000;
    this.touchEveryMs = Math.min(60_000, this.idleMs / 10);
  }

  /** Starts a session for `token`: the cookie value and how long the cookie may live. */
  async issue(token: ApiToken): Promise<{ value: string; maxAgeSeconds: number }> {
    const now = this.now();
    const value = randomBytes(32).toString('base64url');
    await deleteEndedApiSessions(this.db, new Date(now.getTime() - FORGET_AFTER_MS));
    await createApiSession(this.db, {
      idHash: hashOf(value),
      tokenName: token.name,
      tokenFingerprint: tokenFingerprint(token),
      now,
      expiresAt: new Date(now.getTime() + this.maxMs),
    });
    return { value, maxAgeSeconds: this.maxMs / 1000 };
  }

  /** The token a cookie's session acts for, or why it does not; `touch` records the use. */
  async lookup(value: string | undefined, touch = true): Promise<SessionLookup> {
    if (value === undefined || !COOKIE_VALUE.test(value)) {
      return { ok: false, reason: 'the session is not valid' };
    }
    const key = hashOf(value);
    const session = await findApiSession(this.db, key);
    if (!session) return { ok: false, reason: 'the session is not valid' };
    const now = this.now().getTime();
    if (session.revokedAt) return { ok: false, reason: 'the session has ended (signed out)' };
    if (now >= session.expiresAt.getTime()) {
      return { ok: false, reason: `the session has expired (${this.limits.maxHours} h after sign-in)` };
    }
    if (now - session.lastSeenAt.getTime() >= this.idleMs) {
      return { ok: false, reason: `the session has expired (unused for ${this.limits.idleMinutes} min)` };
    }
    const token = this.tokens.find((t) => t.name === session.tokenName);
    if (!token || tokenFingerprint(token) !== session.tokenFingerprint) {
      return { ok: false, reason: 'the API token of this session was changed or removed' };
    }
    if (touch && now - session.lastSeenAt.getTime() >= this.touchEveryMs) {
      await touchApiSession(this.db, key, new Date(now));
    }
    return { ok: true, token, key };
  }

  /** Ends the cookie's session, if it names one. */
  async revoke(value: string | undefined): Promise<void> {
    if (value !== undefined && COOKIE_VALUE.test(value)) {
      await revokeApiSession(this.db, hashOf(value), this.now());
    }
  }
}
