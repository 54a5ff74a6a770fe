// Checks what the emulator sends (and what a client asks) against Amazon's models: a response body against
// the schema the operation declares for its status, a request's parameters and body against the declared
// parameters. Problems come back as readable strings with JSON pointers; known model quirks (quirks.ts) are
// forgiven by name so they do not drown real faults.
import { defaultAmazonModels } from './loadModels.ts';
import { createOperationIndex } from './operationIndex.ts';
import type { OperationIndex } from './operationIndex.ts';
import { KNOWN_MODEL_QUIRKS, findQuirk } from './quirks.ts';
import type { ModelQuirk } from './quirks.ts';
import { checkRequest } from './requestChecks.ts';
import type { Finding, RequestParts } from './requestChecks.ts';
import { createSchemaCompiler, renderProblem } from './schemaCompiler.ts';
import type { AmazonModel } from './swagger.ts';

export type { RequestParts } from './requestChecks.ts';

export interface ModelValidatorOptions {
  /** Default: every model in the repository's models folder. */
  models?: readonly AmazonModel[];
  /** Problems to forgive. Default: KNOWN_MODEL_QUIRKS; pass [] to see the models' raw problems. */
  quirks?: readonly ModelQuirk[];
}

export interface ModelValidator {
  readonly index: OperationIndex;
  /**
   * Problems of a response body (undefined = no body) for `status`, which must be declared by the
   * operation or covered by its `default` response. `operation` is a key (`ordersV0:getOrder`) or an
   * operationId that only one model declares.
   */
  validate(operation: string, status: number, body: unknown): string[];
  /** Problems of a request: missing required parameters or body, values violating their schema. */
  validateRequest(operation: string, req: RequestParts): string[];
}

export function createModelValidator(options: ModelValidatorOptions = {}): ModelValidator {
  const models = options.models ?? defaultAmazonModels();
  const quirks = options.quirks ?? KNOWN_MODEL_QUIRKS;
  const index = createOperationIndex(models);
  const compiler = createSchemaCompiler(models);
  const report = (key: string, findings: Finding[]) =>
    findings.filter((f) => !findQuirk(quirks, key, f)).map((f) => renderProblem(f.where, f.problem));

  return {
    index,
    validate(operation, status, body) {
      const op = index.get(operation);
      const response = op.operation.responses[String(status)] ?? op.operation.responses.default;
      const where = `response ${status}`;
      if (!response) {
        const declared = Object.keys(op.operation.responses).join(', ');
        return [`${where}: status ${status} is not declared by ${op.key} (declared: ${declared})`];
      }
      if (!response.schema) {
        // 204 and friends: the model promises nothing, so the wire must carry nothing.
        const empty = body === undefined || body === null || body === '';
        return empty ? [] : [`${where}: the model declares no body for this status, but one was sent`];
      }
      if (body === undefined) return [`${where}: body is missing (the model declares one)`];
      const findings = compiler.check(op.model, response.schema, body).map((problem) => ({ where, problem }));
      return report(op.key, findings);
    },
    validateRequest(operation, req) {
      const op = index.get(operation);
      return report(op.key, checkRequest(op, compiler, req));
    },
  };
}
