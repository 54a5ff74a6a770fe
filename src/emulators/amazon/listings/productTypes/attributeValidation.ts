// Checks listing attributes against a product type's schema document, as Amazon does on PUT and PATCH:
// JSON Schema 2019-09 (Ajv) with Amazon's keywords — `selectors` (no two instances with the same selector
// values), `minUniqueItems` / `maxUniqueItems` (instances counted by their selectors),
// `minUtf8ByteLength` / `maxUtf8ByteLength`, and the annotations `editable`, `hidden`, `enumNames` and
// `$lifecycle` (a retired enum value is still accepted). Each problem becomes the issue Amazon reports:
// 90220 required, 99022 too few values, 90244 not an allowed value, 90000900 an attribute the product type
// does not have, 8105 any other invalid value — with the attribute's name.
import { Ajv2019 } from 'ajv/dist/2019.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule.default;

export interface ValidationIssue {
  code: string;
  message: string;
  severity: 'ERROR';
  attributeNames: string[];
  categories: string[];
}

type Json = Record<string, unknown>;

const selectorKey = (item: unknown, selectors: string[] | undefined) =>
  JSON.stringify(
    selectors && item && typeof item === 'object' ? selectors.map((s) => (item as Json)[s] ?? null) : item,
  );

function uniqueCount(data: unknown[], parent: Json): number {
  return new Set(data.map((item) => selectorKey(item, parent.selectors as string[] | undefined))).size;
}

function createAjv(): Ajv2019 {
  // Unoptimised code compiles several times faster, and a schema is compiled once and used a few times.
  const ajv = new Ajv2019({
    strict: false,
    allErrors: true,
    validateSchema: false,
    code: { optimize: false },
  });
  addFormats(ajv);
  for (const keyword of ['editable', 'hidden', 'enumNames', '$lifecycle'])
    ajv.addKeyword({
      keyword,
      schemaType: keyword === 'enumNames' ? 'array' : keyword === '$lifecycle' ? 'object' : 'boolean',
    });
  ajv.addKeyword({
    keyword: 'selectors',
    type: 'array',
    schemaType: 'array',
    validate: (selectors: string[], data: unknown[]) =>
      new Set(data.map((item) => selectorKey(item, selectors))).size === data.length,
  });
  ajv.addKeyword({
    keyword: 'maxUniqueItems',
    type: 'array',
    schemaType: 'number',
    validate: (max: number, data: unknown[], parent?: Json) => uniqueCount(data, parent ?? {}) <= max,
  });
  ajv.addKeyword({
    keyword: 'minUniqueItems',
    type: 'array',
    schemaType: 'number',
    validate: (min: number, data: unknown[], parent?: Json) => uniqueCount(data, parent ?? {}) >= min,
  });
  ajv.addKeyword({
    keyword: 'maxUtf8ByteLength',
    type: 'string',
    schemaType: 'number',
    validate: (max: number, data: string) => Buffer.byteLength(data, 'utf8') <= max,
  });
  ajv.addKeyword({
    keyword: 'minUtf8ByteLength',
    type: 'string',
    schemaType: 'number',
    validate: (min: number, data: string) => Buffer.byteLength(data, 'utf8') >= min,
  });
  return ajv;
}

let ajv: Ajv2019 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** Validates `attributes` against the schema document (compiled once per document text). */
export function validateAttributes(documentText: string, attributes: unknown): ValidationIssue[] {
  let validate = compiled.get(documentText);
  if (!validate) {
    ajv ??= createAjv();
    const schema = JSON.parse(documentText) as Json;
    delete schema.$schema;
    delete schema.$id;
    validate = ajv.compile(schema);
    compiled.set(documentText, validate);
  }
  if (validate(attributes)) return [];
  const schema = validate.schema as Json;
  const issues = new Map<string, ValidationIssue>();
  for (const error of validate.errors ?? []) {
    const issue = toIssue(error, schema);
    if (issue) issues.set(`${issue.code}|${issue.attributeNames.join(',')}`, issue);
  }
  return [...issues.values()];
}

/** The attribute an error is about: the first segment of its path, or the missing top-level property. */
function attributeOf(error: ErrorObject): string | undefined {
  const first = error.instancePath.split('/')[1];
  if (first) return decodeURIComponent(first.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') return (error.params as { missingProperty: string }).missingProperty;
  if (error.keyword === 'additionalProperties')
    return (error.params as { additionalProperty: string }).additionalProperty;
  return undefined;
}

function toIssue(error: ErrorObject, schema: Json): ValidationIssue | undefined {
  // Combinators only say that a branch failed; the branch's own error names the problem.
  if (['if', 'anyOf', 'allOf', 'oneOf', 'then'].includes(error.keyword)) return undefined;
  const name = attributeOf(error);
  if (!name) return undefined;
  const make = (code: string, message: string, category: string): ValidationIssue => ({
    code,
    message,
    severity: 'ERROR',
    attributeNames: [name],
    categories: [category],
  });
  const nested = error.instancePath !== '';
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      if (nested && isArrayProperty(at(schema, error.schemaPath.replace(/\/required$/, '')), missing))
        return make(
          '99022',
          `The field '${missing}' for the attribute '${name}' does not have enough values. The required minimum is '1'.`,
          'MISSING_ATTRIBUTE',
        );
      return make(
        '90220',
        `'${nested ? `${name}.${missing}` : name}' is required but not supplied.`,
        'MISSING_ATTRIBUTE',
      );
    }
    case 'minItems':
    case 'minUniqueItems':
      return make(
        '99022',
        `The attribute '${name}' does not have enough values. The required minimum is '${String((error.params as { limit?: number }).limit ?? 1)}'.`,
        'MISSING_ATTRIBUTE',
      );
    case 'enum':
    case 'const':
      return make('90244', `Invalid enumerated value provided for '${name}'.`, 'INVALID_ATTRIBUTE');
    case 'additionalProperties':
      if (!nested) return make('90000900', 'The attributes are invalid.', 'INVALID_ATTRIBUTE');
      return make('8105', `The data you provided for '${name}' is invalid.`, 'INVALID_ATTRIBUTE');
    default:
      return make('8105', `The data you provided for '${name}' is invalid.`, 'INVALID_ATTRIBUTE');
  }
}

/** The schema node a `#/…` schema path points to. */
function at(schema: Json, schemaPath: string): Json | undefined {
  let node: unknown = schema;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean))
    node =
      node && typeof node === 'object'
        ? (node as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')]
        : undefined;
  return node as Json | undefined;
}

function isArrayProperty(parentSchema: Json | undefined, property: string): boolean {
  const props = parentSchema?.properties as Record<string, Json> | undefined;
  return props?.[property]?.type === 'array';
}
