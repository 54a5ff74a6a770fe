// Reads the static sandbox examples Amazon embeds in its models (`x-amzn-api-sandbox.static` under each
// declared response): one case per example, with the enclosing response key as its HTTP status. These are
// what Amazon's sandbox host answers, so the emulator's static mode replays them and the client's
// conformance tests send their requests.
import { defaultAmazonModels } from '../model/loadModels.ts';
import { listOperations } from '../model/operations.ts';
import type { AmazonModel } from '../model/swagger.ts';

export interface SandboxCase {
  /** Operation key, unique across models: `ordersV0:getOrders`. */
  operation: string;
  operationId: string;
  method: string;
  pathTemplate: string;
  status: number;
  /**
   * Parameter name → required value. Path and query values are JSON typed as the model types them (arrays
   * are JSON arrays, CSV on the wire). The body is under `body` — Amazon's key even where the Swagger body
   * parameter has another name (`payload`).
   */
  params: Record<string, unknown>;
  /**
   * Parameters the example lists without a `value` (`{"body": {}}`): any value. They constrain nothing —
   * Listings' getListingsItem has `{"body": {}}` as its only 200 example, on a GET that takes no body — so
   * such a case ranks with the wildcards; a replayed request still sends them when the operation has them.
   */
  presentParams: string[];
  /** The exact body to answer; undefined when the response carries none (a 204, `null`). */
  expectedBody: unknown;
  /** Position among the operation's cases in model order: the sandbox's last tie-breaker. */
  order: number;
}

/** True when the case constrains no value (`"parameters": {}`, or only valueless entries). */
export const isWildcard = (c: SandboxCase) => Object.keys(c.params).length === 0;

/** Every static case of every model, in model, operation and declaration order. */
export function staticSandboxCases(models: readonly AmazonModel[] = defaultAmazonModels()): SandboxCase[] {
  const cases: SandboxCase[] = [];
  for (const op of listOperations(models)) {
    const bodyName = op.parameters.find((p) => p.in === 'body')?.name;
    let order = 0;
    for (const [code, response] of Object.entries(op.operation.responses)) {
      const examples = response['x-amzn-api-sandbox']?.static ?? [];
      if (examples.length > 0 && !/^\d{3}$/.test(code)) {
        throw new Error(
          `${op.key}: static sandbox examples under response "${code}" have no status to answer`,
        );
      }
      const status = Number(code);
      for (const example of examples) {
        const params: Record<string, unknown> = {};
        const presentParams: string[] = [];
        for (const [name, spec] of Object.entries(example.request.parameters)) {
          // Amazon's examples say `body`; the replay reads `payload`-style names the same way.
          const key = name === bodyName ? 'body' : name;
          if (spec && 'value' in spec) params[key] = spec.value;
          else presentParams.push(key);
        }
        cases.push({
          operation: op.key,
          operationId: op.operationId,
          method: op.method,
          pathTemplate: op.pathTemplate,
          status,
          params,
          presentParams,
          // A status without a schema has no body whatever the example holds (`{}` under 204 means "empty").
          expectedBody: response.schema && example.response !== null ? example.response : undefined,
          order: order++,
        });
      }
    }
  }
  return cases;
}
