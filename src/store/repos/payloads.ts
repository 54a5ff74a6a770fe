/**
 * Raw remote payloads, kept so a record can be replayed without calling the remote again. Personal
 * fields are sealed in place (see personalFields.ts); the same payload arriving twice is stored once,
 * recognised by a keyed HMAC of its plaintext.
 */
import type { Queryable } from '../db.ts';
import type { Sealer } from '../crypto.ts';
import { openFields, maskFields, sealFields } from '../personalFields.ts';

export interface StoredPayload {
  id: number;
  connectionId: string;
  kind: string;
  receivedAt: Date;
  purgedAt: Date | null;
  body: unknown;
}

export interface SavePayload {
  connectionId: string;
  kind: string;
  body: unknown;
  /** Paths of personal fields to seal (personalFields.ts syntax). */
  personalPaths: string[];
  purgeAfter?: Date;
}

/** NUL and unpaired UTF-16 surrogates: valid in JSON text, refused by PostgreSQL's jsonb. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what must go
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The payload with every unstorable character replaced by U+FFFD: a remote may send them (a broken
 * emoji, a stray NUL in a title), and one such payload must not fail the transaction storing a whole page.
 */
export function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD');
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k) as string, storable(v)]));
  return value;
}

export async function savePayload(q: Queryable, sealer: Sealer, p: SavePayload): Promise<number> {
  const digest = sealer.digest(JSON.stringify(p.body));
  const sealed = sealFields(storable(p.body), p.personalPaths, sealer);
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO payloads (connection_id, kind, digest, body, purge_after) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (connection_id, kind, digest) DO UPDATE SET
       -- The same payload again after its personal data was purged: keep it anew, so it can be replayed.
       body = CASE WHEN payloads.purged_at IS NULL THEN payloads.body ELSE EXCLUDED.body END,
       purge_after = CASE WHEN payloads.purged_at IS NULL THEN payloads.purge_after ELSE EXCLUDED.purge_after END,
       purged_at = NULL
     RETURNING id`,
    [p.connectionId, p.kind, digest, JSON.stringify(sealed), p.purgeAfter ?? null],
  );
  return rows[0]!.id;
}

/** Reads a payload; `reveal` opens sealed fields (authenticated users, replay), otherwise they are masked. */
export async function getPayload(
  q: Queryable,
  sealer: Sealer,
  id: number,
  reveal: boolean,
): Promise<StoredPayload | undefined> {
  const { rows } = await q.query<{
    id: number;
    connection_id: string;
    kind: string;
    received_at: Date;
    purged_at: Date | null;
    body: unknown;
  }>('SELECT id, connection_id, kind, received_at, purged_at, body FROM payloads WHERE id = $1', [id]);
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id,
    connectionId: r.connection_id,
    kind: r.kind,
    receivedAt: r.received_at,
    purgedAt: r.purged_at,
    body: reveal ? openFields(r.body, sealer) : maskFields(r.body),
  };
}

export async function setPayloadPurgeAfter(q: Queryable, id: number, purgeAfter: Date): Promise<void> {
  await q.query('UPDATE payloads SET purge_after = $2 WHERE id = $1', [id, purgeAfter]);
}
