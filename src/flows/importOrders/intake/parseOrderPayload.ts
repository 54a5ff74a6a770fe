/**
 * A staged order payload checked against the Orders API 2026-01-01 `Order` schema, with zod's issues
 * told as sentences a person can act on ("the order from Amazon has no orderItems[2].orderItemId").
 * Never throws: a payload that does not parse is one needs_attention record, not a failed run.
 * Messages name paths only, never values — a value may be a buyer's name or address.
 */
import type { z } from 'zod';
import { order as orderSchema, type Order } from '../../../amazon/orders/schemasOrder.ts';

/** More than this many problems in one payload are summed up: the first ones show what went wrong. */
const MAX_PROBLEMS = 10;
const FIX = 'retry the record once Amazon sends the order complete, and report it if it persists';

export function parseOrderPayload(raw: unknown): { order?: Order; problems: string[] } {
  const parsed = orderSchema.safeParse(raw);
  if (parsed.success) return { order: parsed.data, problems: [] };
  const problems = parsed.error.issues.map((issue) => describe(issue, raw));
  const unique = [...new Set(problems)];
  if (unique.length > MAX_PROBLEMS) {
    const rest = unique.length - MAX_PROBLEMS;
    return { problems: [...unique.slice(0, MAX_PROBLEMS), `… and ${rest} more problems of the same order`] };
  }
  return { problems: unique };
}

function describe(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = pathText(issue.path);
  if (path === '') return `the staged payload is not an Amazon order (an object is expected): ${FIX}`;
  if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined)
    return `the order from Amazon has no ${path}: ${FIX}`;
  if (issue.code === 'invalid_type')
    return `the order from Amazon has ${path} of the wrong type (${issue.expected} expected): ${FIX}`;
  if (issue.code === 'invalid_format')
    return `the order from Amazon has ${path} that is not a valid ${issue.format}: ${FIX}`;
  return `the order from Amazon has an unreadable ${path}: ${FIX}`;
}

/** `orderItems[2].product.sellerSku`: the path as a person reads it in the payload. */
function pathText(path: PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
