// Routes a concrete request (method, path) to the model operation that serves it, and looks operations up
// by key. Template segments (`{orderId}`) match any one segment; where several templates fit, the
// one with a literal at the first differing segment wins, as in any sane router (and in Amazon's: a
// literal like `/orderItems/buyerInfo` is never read as an id).
import { listOperations } from './operations.ts';
import type { OperationEntry } from './operations.ts';
import type { AmazonModel } from './swagger.ts';

export interface OperationMatch {
  operation: OperationEntry;
  /** Decoded values of the template's `{name}` segments. */
  pathParams: Record<string, string>;
}

export interface OperationIndex {
  readonly operations: readonly OperationEntry[];
  /** The operation for a request, or undefined when no model declares (method, path). */
  match(method: string, path: string): OperationMatch | undefined;
  /**
   * An operation by key (`ordersV0:getOrder`) or by bare operationId when only one model has it. Throws on
   * an unknown or ambiguous name: that is a bug in the caller, not a request to answer.
   */
  get(operation: string): OperationEntry;
}

type Segment = { literal: string } | { param: string };

export function createOperationIndex(models: readonly AmazonModel[]): OperationIndex {
  const operations = listOperations(models);
  const routes = operations.map((operation) => ({
    operation,
    segments: parseTemplate(operation.pathTemplate),
  }));
  const byKey = new Map(operations.map((o) => [o.key, o]));

  return {
    operations,
    match(method, path) {
      const parts = splitPath(path);
      if (!parts) return undefined;
      let best: { route: (typeof routes)[number]; pathParams: Record<string, string> } | undefined;
      for (const route of routes) {
        if (route.operation.method !== method.toUpperCase()) continue;
        const pathParams = matchSegments(route.segments, parts);
        if (pathParams && (!best || moreLiteral(route.segments, best.route.segments))) {
          best = { route, pathParams };
        }
      }
      return best && { operation: best.route.operation, pathParams: best.pathParams };
    },
    get(name) {
      const exact = byKey.get(name);
      if (exact) return exact;
      const candidates = operations.filter((o) => o.operationId === name);
      if (candidates.length === 1 && candidates[0]) return candidates[0];
      if (candidates.length === 0) throw new Error(`No model declares the operation ${name}`);
      throw new Error(`${name} is ambiguous; use one of ${candidates.map((c) => c.key).join(', ')}`);
    },
  };
}

function parseTemplate(template: string): Segment[] {
  return template
    .split('/')
    .slice(1)
    .map((s) => {
      const param = /^\{([^{}]+)\}$/.exec(s)?.[1];
      if (param !== undefined) return { param };
      // A segment mixing text and a parameter (`{id}.json`) would need a regex router; no SP-API model has one.
      if (s.includes('{')) throw new Error(`Unsupported path template segment "${s}" in ${template}`);
      return { literal: s };
    });
}

/** Raw segments after the leading slash; undefined for a path that cannot be a model path. */
function splitPath(path: string): string[] | undefined {
  const pathOnly = path.split('?')[0] ?? '';
  return pathOnly.startsWith('/') ? pathOnly.split('/').slice(1) : undefined;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const part = parts[i] ?? '';
    if ('literal' in segment) {
      if (segment.literal !== part) return undefined;
    } else {
      // An empty segment is still a value: Catalog Items' sandbox triggers its 400 with `asin: ""`.
      try {
        // Decoded per segment, after splitting, so an encoded slash (`%2F`, common in SKUs) stays inside.
        params[segment.param] = decodeURIComponent(part);
      } catch {
        return undefined; // malformed percent-encoding: no operation can take it
      }
    }
  }
  return params;
}

/** True when `a` has a literal at the first segment where `a` and `b` differ in kind. */
function moreLiteral(a: Segment[], b: Segment[]): boolean {
  for (const [i, sa] of a.entries()) {
    const sb = b[i];
    if (!sb || 'literal' in sa === 'literal' in sb) continue;
    return 'literal' in sa;
  }
  return false;
}
