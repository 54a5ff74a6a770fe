/**
 * Atomic multi-entity writes through `$batch` change sets. The batch request itself goes through the
 * exchange like any POST (so an ambiguous failure of the whole batch ends with `outcomeUnknown`). Each
 * change set is all-or-nothing in F&O, which makes one failing *inside* the batch safe to reason about:
 * it was rolled back. Change sets refused with 429 (or absent from a complete answer: not run) were not
 * applied and are sent again in a new batch after the Retry-After; a change set the answer cannot account
 * for (cut off, fewer answers than operations) ends `outcomeUnknown`; every other failure becomes a
 * ConnectorError carrying the failing operation's F&O message.
 * Operations never refer to each other by Content-ID (`$1`): that is unconfirmed on real F&O, so a
 * change set that creates a header and its lines must name the header's number itself.
 */
import { randomUUID } from 'node:crypto';
import { ConnectorError, describeError, isConnectorError } from '../../errors.ts';
import { decide } from '../../http/retryPolicy.ts';
import { parseRetryAfter } from '../attemptOutcome.ts';
import type { D365Context } from '../context.ts';
import { fnoError, parseFnoErrorBody } from '../fnoErrors.ts';
import type { PreparedWrite } from '../writeRequests.ts';
import { decodeBatch, type ChangeSetOutcome, type OperationAnswer } from './decodeBatch.ts';
import { encodeBatch } from './multipart.ts';

export interface OperationResult {
  status: number;
  /** The JSON F&O returned (a created record), when any. */
  body?: unknown;
  etag?: string;
}

export type ChangeSetResult = { ok: true; results: OperationResult[] } | { ok: false; error: ConnectorError };

function resultOf(answer: OperationAnswer): OperationResult {
  let body: unknown;
  if (answer.body.trim()) {
    try {
      body = JSON.parse(answer.body);
    } catch {
      body = undefined;
    }
  }
  const etag =
    answer.headers.get('etag') ?? (body as { '@odata.etag'?: string } | undefined)?.['@odata.etag'];
  return { status: answer.status, ...(body !== undefined ? { body } : {}), ...(etag ? { etag } : {}) };
}

function failure(
  ops: readonly PreparedWrite[],
  answer: OperationAnswer,
  index: number,
  position: number,
  operations: Map<string, [number, number]>,
) {
  // The failing part names its operation by Content-ID when F&O echoes it; else blame the change set.
  const named = answer.contentId ? operations.get(answer.contentId) : undefined;
  const opIndex = named && named[0] === position ? named[1] : undefined;
  const op = ops[opIndex ?? 0]!;
  return fnoError({
    status: answer.status,
    body: parseFnoErrorBody(answer.body),
    method: op.method,
    entitySet: op.entitySet,
    context: { changeSet: index, ...(opIndex !== undefined ? { operation: opIndex } : {}) },
  });
}

/** A change set that may or may not have been applied: the caller reads its records back by key. */
function changeSetOutcomeUnknown(index: number, why: string): ConnectorError {
  return new ConnectorError(
    'transient',
    `D365 $batch change set ${index}: outcome unknown (${why}) — read its records back by their keys before sending it again`,
    { context: { outcomeUnknown: true, entitySet: '$batch', method: 'POST', changeSet: index } },
  );
}

/**
 * The error of a change set still waiting to be sent again when that second (or later) round failed.
 * The exchange's own error says whether the batch may have been applied (`outcomeUnknown`); a caller's
 * abort that did not come out of the exchange as such ended a wait, before anything was sent.
 */
function resendFailure(error: unknown, index: number, signal: AbortSignal | undefined): ConnectorError {
  if (isConnectorError(error)) {
    return new ConnectorError(error.kind, error.message, {
      retryable: error.retryable,
      cause: error,
      context: { ...error.context, changeSet: index },
    });
  }
  if (signal?.aborted) {
    return new ConnectorError(
      'transient',
      `D365 $batch change set ${index} was not sent again: the call was cancelled`,
      { context: { changeSet: index, entitySet: '$batch', notApplied: true, aborted: true } },
    );
  }
  return changeSetOutcomeUnknown(index, `the batch failed unexpectedly: ${describeError(error)}`);
}

/**
 * Sends the change sets in one `$batch`; one result per change set, in order. A failure of the first
 * POST is thrown (nothing is known of any change set: an ambiguous one says `outcomeUnknown`). Once a
 * round has answered, the results it brought are kept: a later round that fails (a lost answer, a
 * cancelled wait) ends only the change sets it was resending, each with that error.
 */
export async function executeBatch(
  context: D365Context,
  changeSets: readonly (readonly PreparedWrite[])[],
  options: { signal?: AbortSignal } = {},
): Promise<ChangeSetResult[]> {
  const { signal } = options;
  // An empty change set has nothing to apply: it is not sent (and a batch of only those sends nothing).
  const results: (ChangeSetResult | undefined)[] = changeSets.map((ops) =>
    ops.length === 0 ? { ok: true, results: [] } : undefined,
  );
  let pending = changeSets.flatMap((ops, index) => (ops.length > 0 ? [index] : []));
  let waitMs = 0;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const encoded = encodeBatch(
      pending.map((index) => changeSets[index]!),
      randomUUID(),
    );
    let outcomes: ChangeSetOutcome[];
    try {
      if (waitMs > 0) await context.sleep(waitMs, signal);
      const response = await context.exchange({
        method: 'POST',
        url: `${context.dataRoot}/$batch`,
        entitySet: '$batch',
        headers: { 'content-type': encoded.contentType, accept: 'multipart/mixed' },
        body: encoded.body,
        idempotent: false,
        signal,
      });
      outcomes = decodeBatch(
        response.text,
        response.headers.get('content-type'),
        pending.map((index) => changeSets[index]!.length),
      );
    } catch (error) {
      if (attempt === 1) throw error;
      for (const index of pending) results[index] = { ok: false, error: resendFailure(error, index, signal) };
      break;
    }
    const again: number[] = [];
    let retryAfterMs: number | undefined;
    let throttled = false;
    for (const [position, outcome] of outcomes.entries()) {
      const index = pending[position]!;
      if (outcome.state === 'applied') {
        results[index] = { ok: true, results: outcome.answers.map(resultOf) };
      } else if (outcome.state === 'unknown') {
        results[index] = { ok: false, error: changeSetOutcomeUnknown(index, outcome.why) };
      } else if (outcome.state === 'notRun' || outcome.failed.status === 429) {
        again.push(index);
        if (outcome.state === 'failed') {
          throttled = true;
          const wait = parseRetryAfter(outcome.failed.headers.get('retry-after') ?? null);
          if (wait !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, wait);
        }
      } else {
        results[index] = {
          ok: false,
          error: failure(changeSets[index]!, outcome.failed, index, position, encoded.operations),
        };
      }
    }
    pending = again;
    if (pending.length === 0) break;
    const decision = throttled
      ? decide({ status: 429, retryAfterMs }, attempt, context.policy, context.random())
      : { retry: attempt < context.policy.maxAttempts, waitMs: 0, reason: 'not run' };
    // Retry-After is already in the server's time; only the client's own backoff is scaled.
    waitMs = retryAfterMs !== undefined ? decision.waitMs : decision.waitMs / context.timeScale;
    if (!decision.retry || waitMs > context.maxWaitMs) {
      for (const index of pending) {
        results[index] = {
          ok: false,
          error: new ConnectorError('transient', `D365 did not run this change set (${decision.reason})`, {
            context: {
              changeSet: index,
              notApplied: true,
              ...(throttled ? { retryAfterMs: Math.round(waitMs) } : {}),
            },
          }),
        };
      }
      break;
    }
  }
  return results as ChangeSetResult[];
}

/**
 * One atomic change set: all operations applied, or a ConnectorError — F&O's reason (nothing applied),
 * or `context.outcomeUnknown` when the answer could not say.
 */
export async function runChangeSet(
  context: D365Context,
  operations: readonly PreparedWrite[],
  options: { signal?: AbortSignal } = {},
): Promise<OperationResult[]> {
  const [result] = await executeBatch(context, [operations], options);
  if (!result!.ok) throw result!.error;
  return result!.results;
}
