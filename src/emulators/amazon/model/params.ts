// Non-body parameters between the wire and their typed values. Query and path values arrive as strings;
// the model types them (integer, boolean, array of strings…), and arrays travel as one CSV value unless the
// parameter declares another Swagger `collectionFormat`. The validator checks the typed value against the
// parameter's constraints; the static sandbox compares it with the examples' JSON values.
import type { Schema, SwaggerParameter } from './swagger.ts';

const SEPARATORS = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|' } as const;

// The parameter keys that are JSON Schema constraints on its value (everything else is Swagger metadata).
const SCHEMA_KEYS = [
  'type',
  'format',
  'items',
  'enum',
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
];

// One schema object per parameter: the compiler caches compiled validators by schema identity.
const schemas = new WeakMap<SwaggerParameter, Schema>();

/** The JSON Schema a non-body parameter's typed value must satisfy. */
export function parameterSchema(param: SwaggerParameter): Schema {
  let schema = schemas.get(param);
  if (!schema) {
    schema = Object.fromEntries(SCHEMA_KEYS.filter((k) => k in param).map((k) => [k, param[k]]));
    schemas.set(param, schema);
  }
  return schema;
}

/**
 * The typed value of a query parameter, or undefined when absent. A string that does not parse as the
 * declared type is returned as is, so validation reports it and sandbox matching simply does not match.
 */
export function readQueryParam(param: SwaggerParameter, query: URLSearchParams): unknown {
  const raw = query.getAll(param.name);
  if (raw.length === 0) return undefined;
  if (param.type !== 'array') return coerce(param.type, raw[raw.length - 1] ?? '');
  const format = param.collectionFormat ?? 'csv';
  // `multi` repeats the name; the others pack the list into one value. Repeated packed values are joined
  // rather than refused: lenient on what nobody has seen Amazon reject.
  const items = format === 'multi' ? raw : raw.flatMap((r) => r.split(SEPARATORS[format]));
  const itemType = typeof param.items?.type === 'string' ? param.items.type : 'string';
  return items.map((item) => coerce(itemType, item));
}

/** The typed value of a path segment (already percent-decoded by the router). */
export function readPathParam(param: SwaggerParameter, raw: string): unknown {
  return coerce(param.type, raw);
}

/** Wire form of a typed query value: the strings to `append` under the parameter's name. */
export function encodeQueryParam(param: SwaggerParameter, value: unknown): string[] {
  if (!Array.isArray(value)) return [String(value)];
  const format = param.collectionFormat ?? 'csv';
  const items = value.map((v) => String(v));
  return format === 'multi' ? items : [items.join(SEPARATORS[format])];
}

function coerce(type: string | undefined, raw: string): unknown {
  switch (type) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    default:
      return raw;
  }
}
