/**
 * One place that says what every API route has in common, so the OpenAPI document and the behaviour
 * cannot drift apart: who may call it (`operator`, `viewer` = any token, `public`), the checks that
 * enforces, and the error answers each route can give. Request validation failures become the API's
 * own 400 answer listing every problem (`validationHook`).
 */
import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiRole } from '../config/schema.ts';
import { errorSchema } from './apiSchemas.ts';
import { requireRole } from './auth.ts';
import { badRequest, type ErrorStatus } from './httpError.ts';
import { describeIssues } from './validate.ts';

export type Access = ApiRole | 'public';

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Bad input (`problems` lists every problem with its path), or a query string that is not UTF-8.',
  401: 'No credentials, or wrong ones: a wrong token, an ended or expired session.',
  403: 'Not allowed: a viewer asking for an operator action or for personal data, a session acting from another origin, or a Host that is not a name of this connector.',
  404: 'Unknown flow, connection or record.',
  405: 'A method the path does not answer (`Allow` names the ones it does).',
  409: "The record's state is in the way.",
  413: 'A body over 64 KiB.',
  415: 'A body that is not `application/json`.',
  429: 'Too many wrong API tokens from this address: wait `Retry-After` seconds.',
  500: 'An unexpected error; the details are in the connector log.',
  503: 'A passing condition: try again shortly.',
};

/** Every /api route can answer these: its input, its credentials, the body cap, the sign-in limit. */
const COMMON: ErrorStatus[] = [400, 401, 403, 413, 429, 500];

function errorResponses(statuses: ErrorStatus[]) {
  return Object.fromEntries(
    [...new Set(statuses)]
      .sort()
      .map((status) => [
        status,
        { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: errorSchema } } },
      ]),
  );
}

/**
 * A route as the API serves it: `access` and `errors` (beyond the common ones) go into the document
 * and, for operator routes, into a role check before the handler.
 */
export function apiRoute<R extends RouteConfig>(access: Access, config: R & { errors?: ErrorStatus[] }): R {
  const { errors = [], ...route } = config;
  const body = route.request?.body ? [415 as const] : [];
  const statuses: ErrorStatus[] =
    access === 'public' ? [400, 413, 500, ...errors] : [...COMMON, ...body, ...errors];
  const roleNote =
    access === 'operator'
      ? 'Role: operator.'
      : access === 'viewer'
        ? 'Role: any API token (viewer or operator).'
        : 'No authentication.';
  return createRoute({
    ...route,
    description: [route.description, roleNote].filter(Boolean).join('\n\n'),
    security: access === 'public' ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
    'x-role': access,
    middleware: access === 'operator' ? [requireRole('operator')] : [],
    responses: { ...route.responses, ...errorResponses(statuses) },
  }) as unknown as R;
}

/** Validation failures as the API's 400: every problem, with its path, in one answer. */
export function validationHook(
  result: { success: boolean; error?: z.ZodError; target: string },
  _c: Context,
): void {
  if (!result.success && result.error) {
    const root = result.target === 'json' ? 'field' : 'parameter';
    throw badRequest(`invalid ${root}`, describeIssues(result.error.issues, root));
  }
}
