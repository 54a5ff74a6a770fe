// Turns a static sandbox case into the HTTP request a client sends to trigger it (§10 step 2 of the
// reference): path parameters substituted, query values in wire form (arrays → CSV), the body from the
// case, and every required parameter the case omits filled with a schema-valid dummy — the sandbox would
// refuse the incomplete request, and ignores parameters the case does not list.
import { defaultAmazonModels } from '../model/loadModels.ts';
import { createOperationIndex } from '../model/operationIndex.ts';
import type { OperationIndex } from '../model/operationIndex.ts';
import { encodeQueryParam } from '../model/params.ts';
import type { AmazonModel, Schema } from '../model/swagger.ts';
import { dummyValue } from './dummyValue.ts';
import type { SandboxCase } from './sandboxCases.ts';

export interface SandboxRequest {
  method: string;
  /** Concrete path, segments percent-encoded. */
  path: string;
  query: URLSearchParams;
  /** JSON body; undefined when the operation takes none or the case gives none and none is required. */
  body: unknown;
}

const indexes = new WeakMap<readonly AmazonModel[], OperationIndex>();

export function buildSandboxRequest(
  sandboxCase: SandboxCase,
  models: readonly AmazonModel[] = defaultAmazonModels(),
): SandboxRequest {
  let index = indexes.get(models);
  if (!index) indexes.set(models, (index = createOperationIndex(models)));
  const op = index.get(sandboxCase.operation);

  const pathValues: Record<string, string> = {};
  const query = new URLSearchParams();
  let body: unknown;
  for (const param of op.parameters) {
    const key = param.in === 'body' ? 'body' : param.name;
    const given = key in sandboxCase.params;
    const needed = given || param.required || sandboxCase.presentParams.includes(key);
    if (!needed) continue;
    const schema: Schema = param.in === 'body' ? (param.schema ?? {}) : param;
    const value = given ? sandboxCase.params[key] : dummyValue(op.model, schema, param.name);
    if (param.in === 'path') {
      pathValues[param.name] = String(value);
    } else if (param.in === 'query') {
      for (const v of encodeQueryParam(param, value)) query.append(param.name, v);
    } else if (param.in === 'body') {
      body = value;
    }
  }

  // A case naming a parameter the operation does not declare (a model slip) still gets it sent — a body as
  // the body, anything else as a query value, which is where the sandbox matcher looks for such names.
  const declared = new Set(op.parameters.map((p) => (p.in === 'body' ? 'body' : p.name)));
  for (const [name, value] of Object.entries(sandboxCase.params)) {
    if (declared.has(name)) continue;
    if (name === 'body') body = value;
    else query.append(name, Array.isArray(value) ? value.join(',') : String(value));
  }

  const path = op.pathTemplate.replace(/\{([^{}]+)\}/g, (_, name: string) =>
    encodeURIComponent(pathValues[name] ?? ''),
  );
  return { method: op.method, path, query, body };
}
