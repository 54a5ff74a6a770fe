// Static sandbox mode: answers requests with the models' `x-amzn-api-sandbox` examples, matched the way
// Amazon's sandbox host does (reference §10 step 4). A request must first be complete (every required
// parameter present); then a case matches when every parameter value it lists equals the request's value,
// typed as the model types it (CSV arrays split, integers and booleans parsed, bodies compared as JSON). The
// case listing the most values wins (ties: 2xx first, then model order); else a wildcard case; else 400.
import { isDeepStrictEqual } from 'node:util';
import { defaultAmazonModels } from '../model/loadModels.ts';
import { createOperationIndex } from '../model/operationIndex.ts';
import type { OperationEntry } from '../model/operations.ts';
import { readPathParam, readQueryParam } from '../model/params.ts';
import type { AmazonModel } from '../model/swagger.ts';
import { isWildcard, staticSandboxCases } from './sandboxCases.ts';
import type { SandboxCase } from './sandboxCases.ts';

export interface SandboxHttpRequest {
  method: string;
  /** Path without host or query string, percent-encoded as on the wire. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body; undefined when there is none. */
  body: unknown;
}

export interface SandboxAnswer {
  status: number;
  /** JSON body; undefined for an empty response (204). */
  body: unknown;
}

export interface StaticSandbox {
  /** The sandbox's answer, or undefined when no model declares (method, path) — the caller's 404. */
  answer(req: SandboxHttpRequest): SandboxAnswer | undefined;
}

const error = (message: string) => ({ code: 'InvalidInput', message });
export const UNMATCHED: SandboxAnswer = {
  status: 400,
  body: { errors: [error('Could not match input arguments')] },
};

export function createStaticSandbox(models: readonly AmazonModel[] = defaultAmazonModels()): StaticSandbox {
  const index = createOperationIndex(models);
  const casesByOperation = new Map<string, SandboxCase[]>();
  for (const c of staticSandboxCases(models)) {
    casesByOperation.set(c.operation, [...(casesByOperation.get(c.operation) ?? []), c]);
  }

  return {
    answer(req) {
      const matched = index.match(req.method, req.path);
      if (!matched) return undefined;
      const { operation: op, pathParams } = matched;
      const missing = missingRequired(op, req);
      // Wording from Amazon's own examples (updateVerificationStatus 400: "Missing request parameter: …").
      if (missing.length > 0) {
        return {
          status: 400,
          body: { errors: missing.map((n) => error(`Missing request parameter: ${n}.`)) },
        };
      }
      const valueOf = (name: string, expected?: unknown) => requestValue(op, pathParams, req, name, expected);
      const cases = casesByOperation.get(op.key) ?? [];
      const specific = cases.filter((c) => !isWildcard(c) && matches(c, valueOf)).sort(bySpecificity);
      const chosen = specific[0] ?? cases.filter(isWildcard).sort(bySpecificity)[0];
      return chosen ? { status: chosen.status, body: structuredClone(chosen.expectedBody) } : UNMATCHED;
    },
  };
}

function missingRequired(op: OperationEntry, req: SandboxHttpRequest): string[] {
  return op.parameters
    .filter((p) => p.required)
    .filter((p) => (p.in === 'body' ? req.body === undefined : p.in === 'query' && !req.query.has(p.name)))
    .map((p) => p.name);
}

type ValueOf = (name: string, expected?: unknown) => unknown;

// Valueless entries (`presentParams`) are not checked: see SandboxCase.presentParams.
function matches(c: SandboxCase, valueOf: ValueOf): boolean {
  return Object.entries(c.params).every(([name, expected]) =>
    isDeepStrictEqual(valueOf(name, expected), expected),
  );
}

const listed = (c: SandboxCase) => Object.keys(c.params).length;
const isSuccess = (c: SandboxCase) => c.status >= 200 && c.status < 300;

function bySpecificity(a: SandboxCase, b: SandboxCase): number {
  return listed(b) - listed(a) || Number(isSuccess(b)) - Number(isSuccess(a)) || a.order - b.order;
}

/** The request's typed value for a case parameter name (`body` is the body, whatever the model calls it). */
function requestValue(
  op: OperationEntry,
  pathParams: Record<string, string>,
  req: SandboxHttpRequest,
  name: string,
  expected: unknown,
): unknown {
  if (name === 'body') return req.body;
  const param = op.parameters.find((p) => p.name === name && p.in !== 'body');
  if (param?.in === 'path') {
    const raw = pathParams[name];
    return raw === undefined ? undefined : readPathParam(param, raw);
  }
  if (param?.in === 'query') return readQueryParam(param, req.query);
  // A name the operation does not declare has no type to parse by: compare wire forms instead.
  const raw = req.query.get(name);
  if (raw === null) return undefined;
  const wire = Array.isArray(expected) ? expected.join(',') : String(expected);
  return raw === wire ? expected : raw;
}
