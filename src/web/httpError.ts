/**
 * How failures become HTTP answers. Every error answer is `{"error": <code>, "message": <what to do>}`
 * (plus `problems` for bad input). ConnectorErrors are classified by who must act (errors.ts); here that
 * becomes a status: unknown flow/connection/record → 404, a record's data in the way → 409, a transient
 * condition → 503, anything else → 500. Only ConnectorError messages, written for operators, reach the
 * caller; an unexpected error's message may hold SQL or internals, so it is replaced by a generic one.
 */
import { HTTPException } from 'hono/http-exception';
import { isConnectorError, type ConnectorError } from '../errors.ts';

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'unavailable'
  | 'internal';

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  problems?: string[];
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503;

/** An error raised by the web layer itself, already knowing its answer. */
export class HttpError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly problems?: string[],
    /** Headers the answer needs, e.g. Allow (405) or Retry-After (429). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function badRequest(message: string, problems: string[]): HttpError {
  return new HttpError(400, 'bad_request', message, problems);
}

export function notFound(message: string): HttpError {
  return new HttpError(404, 'not_found', message);
}

export function methodNotAllowed(method: string, path: string, allow: string[]): HttpError {
  return new HttpError(
    405,
    'method_not_allowed',
    `${path} does not answer ${method}; it answers ${allow.join(', ')}`,
    undefined,
    { allow: allow.join(', ') },
  );
}

/** The registry and the service manager say "there is no flow/connection …" with kind 'config'. */
function isUnknownName(error: ConnectorError): boolean {
  return error.kind === 'config' && /^there is no (flow|connection) /.test(error.message);
}

export interface ErrorAnswer {
  status: ErrorStatus;
  body: ErrorBody;
  /** True when the error is unexpected and belongs in the process log. */
  unexpected: boolean;
  headers?: Record<string, string>;
}

export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof HttpError) {
    const body: ErrorBody = { error: error.code, message: error.message };
    if (error.problems) body.problems = error.problems;
    return { status: error.status, body, unexpected: false, headers: error.headers };
  }
  if (error instanceof HTTPException) {
    // Hono's own refusals while validating a request: a body that is not JSON, or not declared as JSON.
    if (error.status === 415) {
      return {
        status: 415,
        body: {
          error: 'unsupported_media_type',
          message: 'send the body as JSON, with Content-Type: application/json',
        },
        unexpected: false,
      };
    }
    if (error.status === 400) {
      return {
        status: 400,
        body: { error: 'bad_request', message: 'invalid body', problems: ['(body): not valid JSON'] },
        unexpected: false,
      };
    }
  }
  if (isConnectorError(error)) {
    if (error.context.notFound === true || isUnknownName(error)) {
      return { status: 404, body: { error: 'not_found', message: error.message }, unexpected: false };
    }
    if (error.kind === 'data') {
      return { status: 409, body: { error: 'conflict', message: error.message }, unexpected: false };
    }
    if (error.kind === 'transient') {
      // e.g. a replay while the flow is running: the message says to try again shortly.
      return { status: 503, body: { error: 'unavailable', message: error.message }, unexpected: false };
    }
    return { status: 500, body: { error: 'internal', message: error.message }, unexpected: true };
  }
  return {
    status: 500,
    body: { error: 'internal', message: 'internal error; the connector log has the details' },
    unexpected: true,
  };
}
