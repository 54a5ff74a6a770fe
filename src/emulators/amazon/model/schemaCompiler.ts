// Compiles the models' schemas with Ajv. Each model's `definitions` are registered under their own id, and
// a schema taken from elsewhere in the model (a response's or a body parameter's) gets its local
// `#/definitions/…` refs rewritten to that id, so refs resolve without loading the whole Swagger document as
// a schema. `strict: false` because Swagger schemas carry `x-` extensions, `example` and `discriminator`
// that draft-07 does not know; formats come from ajv-formats (`date-time`, `date`, `int32`, `double`…).
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { AmazonModel, Schema } from './swagger.ts';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = addFormatsModule.default;

/** One schema violation: where (JSON pointer into the instance), which keyword, a readable message. */
export interface SchemaProblem {
  pointer: string;
  keyword: string;
  message: string;
  /** The offending value, when it is a primitive worth quoting. */
  value?: unknown;
}

export interface SchemaCompiler {
  /** Validates `data` against a schema that lives in `model` (its refs are local to the model). */
  check(model: AmazonModel, schema: Schema, data: unknown): SchemaProblem[];
}

const modelId = (model: AmazonModel) =>
  `https://sp-api-models.invalid/${encodeURIComponent(model.name)}.json`;

export function createSchemaCompiler(models: readonly AmazonModel[]): SchemaCompiler {
  // verbose: errors then carry the failing value, which makes problems like format errors self-explaining.
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
  addFormats(ajv);
  for (const model of models)
    ajv.addSchema({ $id: modelId(model), definitions: model.doc.definitions ?? {} });
  const compiled = new WeakMap<Schema, ValidateFunction>();

  return {
    check(model, schema, data) {
      let validate = compiled.get(schema);
      if (!validate) {
        validate = ajv.compile(rebase(schema, modelId(model)) as Schema);
        compiled.set(schema, validate);
      }
      return validate(data) ? [] : (validate.errors ?? []).map(toProblem);
    },
  };
}

// Keys whose values are data, not schemas: a `$ref` inside them must stay as it is.
const DATA_KEYS = new Set(['example', 'examples', 'enum', 'default', 'const', 'x-amzn-api-sandbox']);

function rebase(node: unknown, base: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rebase(n, base));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out[k] = base + v;
    else out[k] = DATA_KEYS.has(k) ? v : rebase(v, base);
  }
  return out;
}

const escapeToken = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1');
const quote = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const isPrimitive = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function toProblem(e: ErrorObject): SchemaProblem {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return {
        pointer: `${e.instancePath}/${escapeToken(String(params.missingProperty))}`,
        keyword: e.keyword,
        message: 'required property is missing',
      };
    case 'additionalProperties':
      return {
        pointer: `${e.instancePath}/${escapeToken(String(params.additionalProperty))}`,
        keyword: e.keyword,
        message: 'property is not allowed by the schema',
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(quote).join(', ');
      return withValue(e, `must be one of ${allowed}`);
    }
    case 'type':
      return withValue(e, `must be ${String(params.type)}`);
    default:
      return withValue(e, e.message ?? e.keyword);
  }
}

function withValue(e: ErrorObject, message: string): SchemaProblem {
  const problem: SchemaProblem = { pointer: e.instancePath, keyword: e.keyword, message };
  if (isPrimitive(e.data)) problem.value = e.data;
  return problem;
}

/** E.g. `request body at /packageDetail/shipDate: must match format "date-time" (got "02/21/2022")`. */
export function renderProblem(where: string, p: SchemaProblem): string {
  const at = p.pointer === '' ? '' : ` at ${p.pointer}`;
  const got = 'value' in p ? ` (got ${JSON.stringify(p.value)})` : '';
  return `${where}${at}: ${p.message}${got}`;
}
