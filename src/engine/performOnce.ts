/**
 * Exactly-once writes to a remote that is not idempotent (Amazon's confirmShipment, an F&O create
 * without a natural key). The intent is recorded before sending; if an earlier attempt left it pending
 * (crash, lost answer), `check` asks the remote whether that write landed, and only a "no" sends again.
 *
 * Intents are recorded and resolved through the run's `commit`, so a run that lost its lease (another
 * process took the service over) stops before sending. Requests and answers are sealed at rest.
 */
import { ConnectorError } from '../errors.ts';
import type { Queryable } from '../store/db.ts';
import type { Store } from '../store/openStore.ts';
import { findIntent, openIntentValue, recordIntent, resolveIntent } from '../store/repos/intents.ts';

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
  /**
   * A pending write sent less than this long ago may still be under way in the remote (the process that
   * sent it died, or its answer was cut off while the remote kept working): `check` cannot see it yet,
   * so it is not sent again until this time has passed — a transient error says so. Default 0.
   */
  settleMs?: number;
  /**
   * The caller's own record of the landed write, committed in the same transaction that marks the
   * intent done (one transaction fewer per write, and the two can never disagree). For an intent found
   * done already it runs in a transaction of its own, so a record lost to a crash is written then.
   */
  record?(tx: Queryable, outcome: OnceOutcome<R>): Promise<void>;
}

/** What performOnce needs of a run: its store and its lease-guarded commit (RunContext has both). */
export interface OnceContext {
  store: Store;
  commit<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** A write that may still be landing: try again after `context.retryAfterMs`, never send it now. */
export class WriteSettling extends ConnectorError {
  constructor(operation: string, ageMs: number, settleMs: number) {
    super(
      'transient',
      `an earlier attempt at ${operation} was sent ${Math.round(ageMs / 1000)} s ago and may still be under way; ` +
        `it is checked again after ${Math.round(settleMs / 1000)} s rather than sent twice`,
      { retryable: true, context: { settling: true, retryAfterMs: Math.max(0, settleMs - ageMs) } },
    );
  }
}

export type OnceOutcome<R> = { status: 'sent' | 'already-done' | 'reconciled'; result: R };

export async function performOnce<R>(ctx: OnceContext, o: OnceOptions<R>): Promise<OnceOutcome<R>> {
  const { sealer } = ctx.store;
  const existing = await findIntent(ctx.store.db, o);
  if (existing?.state === 'done') {
    const outcome: OnceOutcome<R> = {
      status: 'already-done',
      result: openIntentValue(sealer, existing.result) as R,
    };
    if (o.record) await ctx.commit((tx) => o.record!(tx, outcome));
    return outcome;
  }
  if (existing?.state === 'pending') {
    const landed = await o.check();
    if (landed !== undefined) return done(ctx, o, existing.id, { status: 'reconciled', result: landed });
    const settleMs = o.settleMs ?? 0;
    if (existing.sentAgeMs < settleMs) throw new WriteSettling(o.operation, existing.sentAgeMs, settleMs);
  }
  const intent = await ctx.commit((tx) => recordIntent(tx, sealer, o));
  // If `send` throws, the intent stays pending on purpose: whether the write landed is unknown until
  // `check` says so on the next attempt.
  const result = await o.send();
  return done(ctx, o, intent.id, { status: 'sent', result });
}

/** Marks the intent done, with the caller's record of it in the same transaction. */
async function done<R>(
  ctx: OnceContext,
  o: OnceOptions<R>,
  intentId: Parameters<typeof resolveIntent>[2],
  outcome: OnceOutcome<R>,
): Promise<OnceOutcome<R>> {
  await ctx.commit(async (tx) => {
    await resolveIntent(tx, ctx.store.sealer, intentId, 'done', outcome.result);
    if (o.record) await o.record(tx, outcome);
  });
  return outcome;
}

/** For a definite refusal by the remote (validation error): the write did not happen, do not check again. */
export async function rejectIntent(
  ctx: OnceContext,
  o: Pick<OnceOptions<unknown>, 'connectionId' | 'operation' | 'key'>,
  reason: string,
) {
  const existing = await findIntent(ctx.store.db, o);
  if (existing)
    await ctx.commit((tx) => resolveIntent(tx, ctx.store.sealer, existing.id, 'rejected', { reason }));
}
