/**
 * Atomic multi-entity writes through `$batch` change sets. The batch request itself goes through the
 * exchange like any POST (so an ambiguous failure of the whole batch ends with `outcomeUnknown`). Each
 * change set is all-or-nothing in F&O, which makes one failing *inside* the batch safe to reason about:
 * it was rolled back. Change sets refused with 429 (or not run because an earlier one failed) were not
 * applied and are sent again in a new batch after the Retry-After; every other failure becomes a
 * ConnectorError carrying the failing operation's F&O message.
 * Operations never refer to each other by Content-ID (`$1`): that is unconfirmed on real F&O, so a
 * change set that creates a header and its lines must name the header's number itself.
 */
import { randomUUID } from 'node:crypto';
import { ConnectorError } from '../../errors.ts';
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
  outcome: Extract<ChangeSetOutcome, { ok: false }>,
  index: number,
  operations: Map<string, [number, number]>,
) {
  const answer = outcome.failed;
  if (!answer) {
    // Run, yet answered with no operation at all: the change set's outcome cannot be read.
    return new ConnectorError(
      'remote',
      `D365 answered change set ${index} of the $batch without any result`,
      {
        context: { changeSet: index, entitySet: '$batch' },
      },
    );
  }
  // The failing part names its operation by Content-ID when F&O echoes it; else blame the change set.
  const opIndex = answer.contentId ? operations.get(answer.contentId)?.[1] : undefined;
  const op = ops[opIndex ?? 0]!;
  return fnoError({
    status: answer.status,
    body: parseFnoErrorBody(answer.body),
    method: op.method,
    entitySet: op.entitySet,
    context: { changeSet: index, ...(opIndex !== undefined ? { operation: opIndex } : {}) },
  });
}

/** Sends the change sets in one `$batch`; one result per change set, in order. */
export async function executeBatch(
  context: D365Context,
  changeSets: readonly (readonly PreparedWrite[])[],
  options: { signal?: AbortSignal } = {},
): Promise<ChangeSetResult[]> {
  // An empty change set has nothing to apply: it is not sent (and a batch of only those sends nothing).
  const results: (ChangeSetResult | undefined)[] = changeSets.map((ops) =>
    ops.length === 0 ? { ok: true, results: [] } : undefined,
  );
  let pending = changeSets.flatMap((ops, index) => (ops.length > 0 ? [index] : []));
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const encoded = encodeBatch(
      pending.map((index) => changeSets[index]!),
      randomUUID(),
    );
    const response = await context.exchange({
      method: 'POST',
      url: `${context.dataRoot}/$batch`,
      entitySet: '$batch',
      headers: { 'content-type': encoded.contentType, accept: 'multipart/mixed' },
      body: encoded.body,
      idempotent: false,
      signal: options.signal,
    });
    const outcomes = decodeBatch(response.text, response.headers.get('content-type'), pending.length);
    const again: number[] = [];
    let retryAfterMs: number | undefined;
    outcomes.forEach((outcome, position) => {
      const index = pending[position]!;
      if (outcome.ok) results[index] = { ok: true, results: outcome.answers.map(resultOf) };
      else if (!outcome.executed || outcome.failed?.status === 429) {
        again.push(index);
        const wait = parseRetryAfter(outcome.failed?.headers.get('retry-after') ?? null);
        if (wait !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, wait);
      } else
        results[index] = {
          ok: false,
          error: failure(changeSets[index]!, outcome, index, encoded.operations),
        };
    });
    pending = again;
    if (pending.length === 0) break;
    const throttled = outcomes.some((o) => !o.ok && o.failed?.status === 429);
    const decision = throttled
      ? decide({ status: 429, retryAfterMs }, attempt, context.policy, context.random())
      : { retry: attempt < context.policy.maxAttempts, waitMs: 0, reason: 'not run' };
    // Retry-After is already in the server's time; only the client's own backoff is scaled.
    const waitMs = retryAfterMs !== undefined ? decision.waitMs : decision.waitMs / context.timeScale;
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
    if (waitMs > 0) await context.sleep(waitMs, options.signal);
  }
  return results as ChangeSetResult[];
}

/** One atomic change set: all operations applied, or a ConnectorError with F&O's reason and nothing applied. */
export async function runChangeSet(
  context: D365Context,
  operations: readonly PreparedWrite[],
  options: { signal?: AbortSignal } = {},
): Promise<OperationResult[]> {
  const [result] = await executeBatch(context, [operations], options);
  if (!result!.ok) throw result!.error;
  return result!.results;
}
