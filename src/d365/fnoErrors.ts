/**
 * F&O error answers → ConnectorError, classified by who must act (DESIGN §4.4). F&O's outer message is
 * always "An error has occurred."; the text a person can act on (the Infolog) is in
 * `error.innererror.message` or deeper in `internalexception`. Write failures come back as 400 on some
 * environments and 500 on others (always 500 inside a $batch), so they are recognised by their
 * exception type and wording, not by the status.
 */
import { ConnectorError, type ErrorKind } from '../errors.ts';

export interface FnoErrorBody {
  /** The most specific message F&O gave. */
  message?: string;
  /** e.g. Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException */
  type?: string;
}

interface InnerError {
  message?: unknown;
  type?: unknown;
  internalexception?: InnerError;
}

const MAX_MESSAGE = 1000;
const WRITE_FAILURE =
  /Write failed|validateField|validateWrite|already exists|not found in the related table|must be filled in|Update has been canceled|cannot be (?:deleted|edited|changed)/i;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.replace(/\s+/g, ' ').trim() : undefined;
}

export function parseFnoErrorBody(body: string | unknown): FnoErrorBody | undefined {
  let json: unknown = body;
  if (typeof body === 'string') {
    try {
      json = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const error = (json as { error?: { message?: unknown; innererror?: InnerError } } | null)?.error;
  if (!error || typeof error !== 'object') return undefined;
  let inner = error.innererror;
  let message = text(inner?.message);
  let type = text(inner?.type);
  // Some failures carry the useful text only in nested internal exceptions.
  while (!message && inner?.internalexception) {
    inner = inner.internalexception;
    message = text(inner.message);
    type ??= text(inner.type);
  }
  message ??= text(error.message);
  return { ...(message ? { message } : {}), ...(type ? { type } : {}) };
}

export function isWriteFailure(body: FnoErrorBody | undefined): boolean {
  if (!body) return false;
  return /AxODataWriteException/.test(body.type ?? '') || WRITE_FAILURE.test(body.message ?? '');
}

export interface FnoErrorInput {
  status: number;
  body?: FnoErrorBody;
  method: string;
  entitySet: string;
  context?: Record<string, unknown>;
}

function classify(status: number, body: FnoErrorBody | undefined): { kind: ErrorKind; what: string } {
  if (status === 401) {
    return {
      kind: 'auth',
      what:
        'D365 refused the access token. Check that the Entra application is registered in F&O (System administration > ' +
        'Setup > Microsoft Entra applications) and mapped to an enabled user, and that d365.environmentUrl is exactly ' +
        'the environment URL (the token audience)',
    };
  }
  if (status === 403) {
    return {
      kind: 'auth',
      what: 'the F&O user mapped to the Entra application may not do this (security roles)',
    };
  }
  if (status === 429) return { kind: 'transient', what: 'D365 is throttling requests' };
  if (isWriteFailure(body) && (status === 400 || status >= 500 || status === 409)) {
    return { kind: 'data', what: 'D365 rejected the record' };
  }
  if (status === 404) return { kind: 'remote', what: 'not found' };
  if (status === 412) return { kind: 'remote', what: 'the record changed in D365 since it was read' };
  if (status >= 500) return { kind: 'transient', what: 'D365 had a server error' };
  return { kind: 'remote', what: 'D365 refused the request' };
}

export function fnoError(input: FnoErrorInput): ConnectorError {
  const { status, body } = input;
  const { kind, what } = classify(status, body);
  const said = body?.message ? `: ${body.message.slice(0, MAX_MESSAGE)}` : '';
  const message = `D365 ${input.method} ${input.entitySet} failed (${status}) — ${what}${said}`;
  return new ConnectorError(kind, message, {
    context: {
      status,
      entitySet: input.entitySet,
      method: input.method,
      ...(body?.type ? { fnoType: body.type } : {}),
      ...(status === 412 ? { preconditionFailed: true } : {}),
      ...input.context,
    },
  });
}
