/**
 * What one attempt's result means for the call: a success body parsed against its schema, a decision
 * to try again (from the pure retry policy), or the ConnectorError that ends the call — including the
 * "outcome unknown" end of a non-idempotent write that may have reached Amazon.
 */
import type { z } from 'zod';
import { ConnectorError } from '../errors.ts';
import { decide, type RetryDecision, type RetryPolicy } from '../http/retryPolicy.ts';
import {
  errorText,
  malformedBody,
  outcomeUnknown,
  readErrors,
  responseError,
  unreachable,
} from './amazonErrors.ts';
import type { AttemptResult } from './transport.ts';

export interface AttemptContext {
  operation: string;
  idempotent: boolean;
  /** The attempt that just ended, from 1. */
  attempts: number;
  tokenRefreshed: boolean;
  requestId?: string;
  policy: RetryPolicy;
  jitter: number;
}

/** Parses a 2xx body; without a schema the answer is expected empty (204) and yields undefined. */
export function parseSuccess<T>(
  schema: z.ZodType<T> | undefined,
  operation: string,
  status: number,
  text: string,
  requestId?: string,
): T {
  if (!schema) return undefined as T;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw malformedBody(operation, status, requestId, 'not JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw malformedBody(operation, status, requestId, parsed.error.issues);
  return parsed.data;
}

/** For an attempt that did not succeed: the decision to retry, or a thrown ConnectorError. */
export function judgeFailure(result: AttemptResult, ctx: AttemptContext): RetryDecision {
  const { operation, idempotent, attempts, requestId } = ctx;
  if (!result.answered) {
    if (result.callerAborted) throw cancelled(operation, !idempotent, attempts);
    const decision = decide(
      { networkError: result.networkError, idempotent },
      attempts,
      ctx.policy,
      ctx.jitter,
    );
    if (decision.outcomeUnknown)
      throw outcomeUnknown(operation, decision.reason, { networkError: result.networkError, attempts });
    if (!decision.retry) throw unreachable(operation, result.networkError, decision.reason, attempts);
    return decision;
  }
  const errors = readErrors(result.text);
  const retryAfter = Number(result.headers.get('retry-after'));
  const decision = decide(
    {
      status: result.status,
      remoteCode: errors[0]?.code,
      message: errorText(errors),
      retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined,
      idempotent,
      bucketLimited: true,
      tokenRefreshed: ctx.tokenRefreshed,
    },
    attempts,
    ctx.policy,
    ctx.jitter,
  );
  if (decision.outcomeUnknown)
    throw outcomeUnknown(operation, decision.reason, { status: result.status, requestId, attempts });
  if (!decision.retry)
    throw responseError({
      operation,
      status: result.status,
      errors,
      requestId,
      attempts,
      reason: decision.reason,
    });
  return decision;
}

/** The caller's signal ended the call: its run is out of time. A write in flight may have landed. */
export function cancelled(operation: string, writeInFlight: boolean, attempts: number): ConnectorError {
  if (writeInFlight)
    return outcomeUnknown(operation, 'cancelled while the request was in flight', { attempts });
  return new ConnectorError('transient', `Amazon ${operation} was cancelled before it was sent`, {
    context: { operation, aborted: true, attempts },
  });
}

/** A failure outside the exchange itself: the bucket store, or a wait cut short by the caller. */
export function otherFailure(
  error: unknown,
  operation: string,
  signal: AbortSignal | undefined,
  attempts: number,
) {
  if (signal?.aborted) return cancelled(operation, false, attempts);
  return new ConnectorError('transient', `Amazon ${operation} failed unexpectedly: ${String(error)}`, {
    cause: error,
    context: { operation, attempts },
  });
}
