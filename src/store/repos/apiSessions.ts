/**
 * Browser sessions of the web API, by the hash of their cookie (the web layer decides what a valid
 * session is: see web/sessions.ts). Times come from the caller's clock, so expiry is tested without
 * waiting.
 */
import type { Queryable } from '../db.ts';

export interface ApiSession {
  tokenName: string;
  tokenFingerprint: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

interface Row {
  token_name: string;
  token_fingerprint: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

export async function createApiSession(
  q: Queryable,
  s: { idHash: string; tokenName: string; tokenFingerprint: string; now: Date; expiresAt: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO api_sessions (id_hash, token_name, token_fingerprint, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, $4, $4, $5)`,
    [s.idHash, s.tokenName, s.tokenFingerprint, s.now, s.expiresAt],
  );
}

export async function findApiSession(q: Queryable, idHash: string): Promise<ApiSession | undefined> {
  const { rows } = await q.query<Row>('SELECT * FROM api_sessions WHERE id_hash = $1', [idHash]);
  const r = rows[0];
  return (
    r && {
      tokenName: r.token_name,
      tokenFingerprint: r.token_fingerprint,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
    }
  );
}

/** Records use of a session (it keeps it from ending idle); never moves the time back. */
export async function touchApiSession(q: Queryable, idHash: string, now: Date): Promise<void> {
  await q.query('UPDATE api_sessions SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id_hash = $1', [
    idHash,
    now,
  ]);
}

/** Ends a session for good; true when it was still open. */
export async function revokeApiSession(q: Queryable, idHash: string, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE api_sessions SET revoked_at = $2 WHERE id_hash = $1 AND revoked_at IS NULL',
    [idHash, now],
  );
  return rowCount > 0;
}

/** Forgets sessions that expired or were revoked before `before`. */
export async function deleteEndedApiSessions(q: Queryable, before: Date): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM api_sessions WHERE expires_at < $1 OR revoked_at < $1', [
    before,
  ]);
  return rowCount;
}
