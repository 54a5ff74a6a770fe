/**
 * Amazon's answers that are not a success, turned into ConnectorErrors classified by who must act
 * (DESIGN §4.4). Every error carries Amazon's `code`, `message`, `details` and the `x-amzn-RequestId`
 * (which Amazon support asks for) in its context. Bodies are never copied whole: SP-API bodies carry
 * buyers' personal data.
 */
import type { z } from 'zod';
import { ConnectorError } from '../errors.ts';

export interface AmazonErrorEntry {
  code: string;
  message: string;
  details?: string;
}

/** Reads `{"errors": [...]}` (v0 answers may carry `payload` beside it); anything else gives []. */
export function readErrors(text: string): AmazonErrorEntry[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return []; // an HTML page from a proxy or Amazon's RFC 7230 guard: the status says enough
  }
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) => {
    if (!e || typeof e !== 'object') return [];
    const { code, message, details } = e as Record<string, unknown>;
    return [
      {
        code: typeof code === 'string' ? code : 'unknown',
        message: typeof message === 'string' ? message : '',
        ...(typeof details === 'string' && details !== '' ? { details } : {}),
      },
    ];
  });
}

/** The text the retry decision reads to recognise an expired token (it may be in message or details). */
export function errorText(errors: AmazonErrorEntry[]): string {
  return errors.map((e) => [e.message, e.details].filter(Boolean).join(' ')).join('; ');
}

export interface FailedExchange {
  operation: string;
  status: number;
  errors: AmazonErrorEntry[];
  requestId?: string;
  attempts: number;
  /** Why the retry decision gave up. */
  reason: string;
}

export function responseError(failure: FailedExchange): ConnectorError {
  const { operation, status, errors, requestId, attempts, reason } = failure;
  const first = errors[0];
  const said = first ? `${status} ${first.code}: ${first.message}` : `${status}`;
  const context = {
    operation,
    status,
    code: first?.code,
    message: first?.message,
    details: first?.details,
    ...(errors.length > 1 ? { errors } : {}),
    requestId,
    attempts,
  };
  const where = requestId ? ` (request id ${requestId})` : '';
  if (status === 401 || status === 403) {
    const hint =
      'The app may lack the role this API needs, the seller’s authorisation may not cover this region or ' +
      'marketplace, or the connection’s region may be wrong. Check the app’s roles in the Developer ' +
      'Console and authorise it again in Seller Central.';
    return new ConnectorError('auth', `Amazon refused access to ${operation} (${said})${where}. ${hint}`, {
      context,
    });
  }
  if (status === 429 || status === 408 || status >= 500)
    return new ConnectorError('transient', `Amazon ${operation} failed (${said}; ${reason})${where}`, {
      context,
    });
  return new ConnectorError('remote', `Amazon refused ${operation} (${said})${where}`, {
    retryable: false,
    context,
  });
}

export function unreachable(
  operation: string,
  networkError: string,
  reason: string,
  attempts: number,
): ConnectorError {
  return new ConnectorError('transient', `Could not reach Amazon for ${operation} (${reason})`, {
    context: { operation, networkError, attempts },
  });
}

/**
 * A non-idempotent write may or may not have been applied. Its caller recorded an intent before
 * sending; it reads the remote (the order's packages, for confirmShipment) to learn the outcome.
 */
export function outcomeUnknown(
  operation: string,
  reason: string,
  context: { status?: number; networkError?: string; requestId?: string; attempts: number },
): ConnectorError {
  return new ConnectorError(
    'transient',
    `Amazon ${operation}: the request may have reached Amazon, but no usable answer came back (${reason}). ` +
      'It is not sent again blindly: read the order to learn whether it was applied.',
    { context: { operation, outcomeUnknown: true, ...context } },
  );
}

/** A success answer whose body does not match the model: names the first few issue paths, no values. */
export function malformedBody(
  operation: string,
  status: number,
  requestId: string | undefined,
  issues: z.core.$ZodIssue[] | 'not JSON',
): ConnectorError {
  const listed =
    issues === 'not JSON'
      ? ['the body is not JSON']
      : issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`);
  const more = issues !== 'not JSON' && issues.length > 3 ? ` and ${issues.length - 3} more` : '';
  return new ConnectorError(
    'remote',
    `Amazon ${operation} answered ${status} with a body that does not match its model: ${listed.join('; ')}${more}` +
      (requestId ? ` (request id ${requestId})` : ''),
    {
      retryable: false,
      context: {
        operation,
        status,
        requestId,
        issues: issues === 'not JSON' ? [] : issues.slice(0, 10).map((i) => i.path.join('.')),
      },
    },
  );
}

/**
 * A call that would have to wait longer than its cap for its rate-limit slot: nothing was sent and its
 * places went back to the buckets (or, for a reserved slot, stay reserved). `nextSlotAt` is when the next
 * place is free: a flow reserves it (`AmazonClient.reserveSlot`) and reschedules its run for then rather
 * than park a job for minutes. Transient and retryable, with `context.retryAfterMs` as other waits have.
 */
export class RateLimitDeferral extends ConnectorError {
  readonly nextSlotAt: Date;
  readonly retryAfterMs: number;

  constructor(operation: string, retryAfterMs: number, nextSlotAt: number) {
    super(
      'transient',
      `Amazon ${operation}: the next request may go in ${Math.ceil(retryAfterMs / 1000)} s ` +
        `(${new Date(nextSlotAt).toISOString()}), longer than a call may wait for its rate limit`,
      {
        context: { operation, retryAfterMs, nextSlotAt: new Date(nextSlotAt).toISOString(), deferred: true },
      },
    );
    this.name = 'RateLimitDeferral';
    this.nextSlotAt = new Date(nextSlotAt);
    this.retryAfterMs = retryAfterMs;
  }
}

export function isRateLimitDeferral(error: unknown): error is RateLimitDeferral {
  return error instanceof RateLimitDeferral;
}
