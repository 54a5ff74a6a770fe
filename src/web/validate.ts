/**
 * Validating what callers send (DESIGN §2.5: zod at every boundary). Query strings and JSON bodies are
 * checked against strict schemas, so a misspelt parameter is reported instead of silently ignored, and
 * every problem is listed with its path in one 400 answer.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { formatPath } from '../config/load.ts';
import { badRequest } from './httpError.ts';

/**
 * Text a caller may send: PostgreSQL cannot store NUL in text (it would be a 500 deep in a query), and
 * a lone surrogate is not Unicode at all, so neither gets past the schema.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function text(max: number) {
  return (
    z
      .string()
      .min(1)
      .max(max)
      // A pattern rather than a refinement: the OpenAPI document then shows the rule too.
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000]*$/, 'must not contain NUL characters')
      .refine((value) => !LONE_SURROGATE.test(value), 'must be well-formed Unicode (a lone surrogate is not)')
  );
}

/**
 * Query values whose percent-encoding is not UTF-8 (`%FF`, an encoded surrogate): Hono would pass
 * them on undecoded, as if `%FF` were the text asked for. Refused with 400 naming the parameter.
 */
export function queryEncoding(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    const start = url.indexOf('?');
    if (start >= 0) {
      const problems: string[] = [];
      for (const pair of url.slice(start + 1).split('&')) {
        const [name = '', value = ''] = pair.split(/=(.*)/s);
        const decoded = [name, value].map((part) => {
          try {
            return decodeURIComponent(part.replace(/\+/g, ' '));
          } catch {
            return undefined;
          }
        });
        if (decoded.includes(undefined)) {
          problems.push(`${decoded[0] ?? '(a parameter name)'}: not valid UTF-8 (percent-encoding)`);
        }
      }
      if (problems.length > 0) throw badRequest('invalid parameter', problems);
    }
    return next();
  };
}

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
