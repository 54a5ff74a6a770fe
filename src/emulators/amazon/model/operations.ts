// Flattens the models into one list of operations, each with its effective parameters (path-level ones
// merged in, `$ref`s to `#/parameters/…` resolved) and a key that is unique across models: operationIds
// are not (`getOrder` exists in Orders v0 and Orders 2026-01-01), so callers address `ordersV0:getOrder`.
import { HTTP_METHODS } from './swagger.ts';
import type { AmazonModel, SwaggerOperation, SwaggerParameter } from './swagger.ts';

export interface OperationEntry {
  /** `<model name>:<operationId>`, e.g. `ordersV0:confirmShipment`. */
  key: string;
  operationId: string;
  /** Upper case, as on the wire. */
  method: string;
  /** The model's path with its basePath, e.g. `/orders/v0/orders/{orderId}/shipmentConfirmation`. */
  pathTemplate: string;
  model: AmazonModel;
  operation: SwaggerOperation;
  /** Path-level then operation-level parameters; an operation-level one overrides by (name, in). */
  parameters: SwaggerParameter[];
}

/** Every operation of the models, in model order then the models' own path and method order. */
export function listOperations(models: readonly AmazonModel[]): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const model of models) {
    const base =
      model.doc.basePath && model.doc.basePath !== '/' ? model.doc.basePath.replace(/\/$/, '') : '';
    for (const [path, item] of Object.entries(model.doc.paths)) {
      const shared = (item.parameters ?? []).map((p) => resolveParameter(model, p));
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const own = (operation.parameters ?? []).map((p) => resolveParameter(model, p));
        const parameters = [...shared.filter((s) => !own.some((o) => sameParam(o, s))), ...own];
        entries.push({
          key: `${model.name}:${operation.operationId}`,
          operationId: operation.operationId,
          method: method.toUpperCase(),
          pathTemplate: base + path,
          model,
          operation,
          parameters,
        });
      }
    }
  }
  return entries;
}

function resolveParameter(model: AmazonModel, p: SwaggerParameter | { $ref: string }): SwaggerParameter {
  const ref = p.$ref;
  if (typeof ref !== 'string') return p as SwaggerParameter;
  const name = /^#\/parameters\/(.+)$/.exec(ref)?.[1];
  const resolved = name === undefined ? undefined : model.doc.parameters?.[name];
  if (!resolved) throw new Error(`${model.name}: unresolvable parameter reference ${ref}`);
  return resolved;
}

const sameParam = (a: SwaggerParameter, b: SwaggerParameter) => a.name === b.name && a.in === b.in;
