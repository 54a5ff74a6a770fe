// Refuses a request the operation's model does not allow — a missing required parameter, a value outside
// its enum, more items than `maxItems`, a body that breaks its schema — with Amazon's 400 InvalidInput,
// one entry per problem. The newer operations (listings, product types, catalogue) check their requests
// here first and then apply the rules the models state only in prose.
import type { Context } from 'hono';
import { invalidInput, INVALID_INPUT_MESSAGE } from '../spApiErrors.ts';
import { createModelValidator, type ModelValidator } from './modelValidator.ts';

let validator: ModelValidator | undefined;

/** Throws 400 InvalidInput when the request breaks the model of `operation` (`model:operationId`). */
export function checkAgainstModel(
  c: Context,
  operation: string,
  pathParams: Record<string, string>,
  body?: unknown,
): void {
  validator ??= createModelValidator();
  const query = new URL(c.req.url).searchParams;
  const problems = validator.validateRequest(operation, { query, body, pathParams });
  if (problems.length > 0)
    throw invalidInput(...problems.map((details) => ({ message: INVALID_INPUT_MESSAGE, details })));
}

/** A CSV query parameter as a list (absent → undefined). */
export function csv(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.get(name);
  return raw === null || raw === ''
    ? undefined
    : raw
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
}
