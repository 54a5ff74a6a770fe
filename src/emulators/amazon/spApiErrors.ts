// Amazon's error body, shared by every SP-API answer of the emulator: `{"errors":[{code, message,
// details}]}` (Orders v0 and 2026-01-01 alike). Handlers throw `SpApiError`; the app renders it, so a
// refusal deep inside validation needs no plumbing back to the route.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface SpApiErrorEntry {
  code: string;
  message: string;
  details?: string;
}

/** Amazon's generic wording for a request it cannot accept; the specifics go in `details`. */
export const INVALID_INPUT_MESSAGE =
  'The input you have submitted is not valid. Please check your input and try again.';

export class SpApiError extends Error {
  readonly errors: SpApiErrorEntry[];

  constructor(
    readonly status: ContentfulStatusCode,
    errors: SpApiErrorEntry | SpApiErrorEntry[],
  ) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(list.map((e) => `${e.code}: ${e.message}`).join('; '));
    this.name = 'SpApiError';
    this.errors = list;
  }
}

/** 400 InvalidInput with one entry per problem. */
export function invalidInput(...entries: { message: string; details?: string }[]): SpApiError {
  return new SpApiError(
    400,
    entries.map((e) => ({ code: 'InvalidInput', message: e.message, details: e.details ?? '' })),
  );
}

export function notFound(message: string, details = ''): SpApiError {
  return new SpApiError(404, { code: 'NotFound', message, details });
}

export function renderErrors(c: Context, status: ContentfulStatusCode, errors: SpApiErrorEntry[]): Response {
  return c.json(
    { errors: errors.map((e) => ({ code: e.code, message: e.message, details: e.details ?? '' })) },
    status,
  );
}

/** The 429 Amazon sends when a usage plan's bucket is empty (no Retry-After: clients back off). */
export function quotaExceeded(c: Context): Response {
  return renderErrors(c, 429, [
    { code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' },
  ]);
}
