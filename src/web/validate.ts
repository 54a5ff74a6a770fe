/**
 * Validating what callers send (DESIGN §2.5: zod at every boundary). Query strings and JSON bodies are
 * checked against strict schemas, so a misspelt parameter is reported instead of silently ignored, and
 * every problem is listed with its path in one 400 answer.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { formatPath } from '../config/load.ts';
import { badRequest } from './httpError.ts';

export function describeIssues(issues: z.core.$ZodIssue[], root: string): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: not a known ${root}`);
    }
    return [`${formatPath(issue.path)}: ${issue.message}`];
  });
}

function check<S extends z.ZodType>(schema: S, input: unknown, root: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw badRequest(`invalid ${root}`, describeIssues(result.error.issues, root));
  }
  return result.data;
}

/** The query string, one value per name (a repeated name counts once: the first wins). */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return check(schema, c.req.query(), 'parameter');
}

/** A JSON body; an empty body counts as `{}` so optional-only bodies may be left out. */
export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let body: unknown = {};
  if (text.trim().length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      throw badRequest('invalid body', ['(body): not valid JSON']);
    }
  }
  return check(schema, body, 'field');
}

/** A path parameter that must be a positive integer id (records). */
export function parseId(c: Context, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw badRequest(`invalid ${name}`, [`${name}: must be a positive integer`]);
  return id;
}
