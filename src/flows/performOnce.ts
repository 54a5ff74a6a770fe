/**
 * Exactly-once writes to a remote that is not idempotent (Amazon's confirmShipment, an F&O create
 * without a natural key). The intent is recorded before sending; if an earlier attempt left it pending
 * (crash, lost answer), `check` asks the remote whether that write landed, and only a "no" sends again.
 */
import type { Queryable } from '../store/db.ts';
import { findIntent, recordIntent, resolveIntent } from '../store/repos/intents.ts';

export interface OnceOptions<R> {
  connectionId: string;
  flow: string;
  operation: string;
  /** Unique per logical write, e.g. `${orderId}/${packageReferenceId}`. */
  key: string;
  request: unknown;
  /** Performs the write; throws on failure. */
  send(): Promise<R>;
  /** Reads the remote: the write's result if it landed, undefined if it did not. */
  check(): Promise<R | undefined>;
}

export type OnceOutcome<R> = { status: 'sent' | 'already-done' | 'reconciled'; result: R };

export async function performOnce<R>(db: Queryable, o: OnceOptions<R>): Promise<OnceOutcome<R>> {
  const existing = await findIntent(db, o);
  if (existing?.state === 'done') return { status: 'already-done', result: existing.result as R };
  if (existing?.state === 'pending') {
    const landed = await o.check();
    if (landed !== undefined) {
      await resolveIntent(db, existing.id, 'done', landed);
      return { status: 'reconciled', result: landed };
    }
  }
  const intent = await recordIntent(db, o);
  // If `send` throws, the intent stays pending on purpose: whether the write landed is unknown until
  // `check` says so on the next attempt.
  const result = await o.send();
  await resolveIntent(db, intent.id, 'done', result);
  return { status: 'sent', result };
}

/** For a definite refusal by the remote (validation error): the write did not happen, do not check again. */
export async function rejectIntent(
  db: Queryable,
  o: Pick<OnceOptions<unknown>, 'connectionId' | 'operation' | 'key'>,
  reason: string,
) {
  const existing = await findIntent(db, o);
  if (existing) await resolveIntent(db, existing.id, 'rejected', { reason });
}
