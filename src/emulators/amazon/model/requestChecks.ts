// Checks a request's parameters and body against what an operation declares: required presence, then each
// present value against its schema (types, enums, maxItems of CSV arrays, formats, body schemas). Header
// and formData parameters are not checked: the emulated SP-API operations use neither.
import { parameterSchema, readPathParam, readQueryParam } from './params.ts';
import type { OperationEntry } from './operations.ts';
import type { SchemaCompiler, SchemaProblem } from './schemaCompiler.ts';

export interface RequestParts {
  query?: URLSearchParams;
  /** The parsed JSON body; undefined when the request has none. */
  body?: unknown;
  /** Decoded path parameters (as the operation index returns them); skipped when absent. */
  pathParams?: Record<string, string>;
}

/** A problem and where it sits: `query parameter MarketplaceIds`, `path parameter orderId`, `request body`. */
export interface Finding {
  where: string;
  problem: SchemaProblem;
}

const missing = (where: string, what: string): Finding => ({
  where,
  problem: { pointer: '', keyword: 'required', message: `required ${what} is missing` },
});

export function checkRequest(op: OperationEntry, compiler: SchemaCompiler, req: RequestParts): Finding[] {
  const findings: Finding[] = [];
  const check = (where: string, schema: Record<string, unknown>, value: unknown) => {
    for (const problem of compiler.check(op.model, schema, value)) findings.push({ where, problem });
  };
  for (const param of op.parameters) {
    if (param.in === 'query') {
      const where = `query parameter ${param.name}`;
      const value = readQueryParam(param, req.query ?? new URLSearchParams());
      if (value === undefined) {
        if (param.required) findings.push(missing(where, 'parameter'));
      } else check(where, parameterSchema(param), value);
    } else if (param.in === 'path' && req.pathParams) {
      const where = `path parameter ${param.name}`;
      const raw = req.pathParams[param.name];
      if (raw === undefined) findings.push(missing(where, 'parameter'));
      else check(where, parameterSchema(param), readPathParam(param, raw));
    } else if (param.in === 'body') {
      if (req.body === undefined) {
        if (param.required) findings.push(missing('request body', 'body'));
      } else if (param.schema) check('request body', param.schema, req.body);
    }
  }
  if (req.body !== undefined && !op.parameters.some((p) => p.in === 'body')) {
    findings.push({
      where: 'request body',
      problem: { pointer: '', keyword: 'body', message: 'the operation takes no body' },
    });
  }
  return findings;
}
