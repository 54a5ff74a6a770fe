/**
 * Checks listing attributes against a product type's JSON Schema *before* they are sent: JSON Schema
 * 2019-09 (Ajv) with Amazon's custom keywords (reference §1) — `selectors` (instances are told apart by
 * their selector values, so two with the same ones are a conflict), `minUniqueItems` / `maxUniqueItems`
 * (instances counted by selectors), `minUtf8ByteLength` / `maxUtf8ByteLength` (bytes, not characters),
 * `$lifecycle.enumDeprecated` (a retired value: a warning, still accepted), and the annotations
 * `editable`, `hidden` and `enumNames`. Every problem is listed with its attribute and path
 * (`/purchasable_offer/0/our_price`). A compiled schema is kept per document.
 */
import { Ajv2019 } from 'ajv/dist/2019.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule.default;

export interface ListingFinding {
  /** The top-level attribute concerned, e.g. `purchasable_offer`. */
  attribute: string;
  /** JSON pointer into the attributes, e.g. `/purchasable_offer/0/our_price`. */
  path: string;
  keyword: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface ListingValidator {
  validate(schema: object, attributes: unknown): ListingFinding[];
}

type Json = Record<string, unknown>;

const selectorKey = (item: unknown, selectors: unknown) =>
  JSON.stringify(
    Array.isArray(selectors) && item && typeof item === 'object'
      ? selectors.map((s: string) => (item as Json)[s] ?? null)
      : item,
  );

function amazonAjv(): Ajv2019 {
  // `verbose` puts the failing keyword's value in each error (for the messages); unoptimised code
  // compiles several times faster, and a schema is compiled once per run.
  const ajv = new Ajv2019({
    strict: false,
    allErrors: true,
    validateSchema: false,
    verbose: true,
    code: { optimize: false },
  });
  addFormats(ajv);
  for (const keyword of ['editable', 'hidden', 'enumNames']) ajv.addKeyword({ keyword });
  ajv.addKeyword({
    keyword: 'selectors',
    type: 'array',
    validate: function selectors(spec: unknown, data: unknown[]) {
      return new Set(data.map((item) => selectorKey(item, spec))).size === data.length;
    },
  });
  const unique = (data: unknown[], parent: Json | undefined) =>
    new Set(data.map((item) => selectorKey(item, parent?.selectors))).size;
  ajv.addKeyword({
    keyword: 'maxUniqueItems',
    type: 'array',
    validate: (max: number, data: unknown[], parent?: Json) => unique(data, parent) <= max,
  });
  ajv.addKeyword({
    keyword: 'minUniqueItems',
    type: 'array',
    validate: (min: number, data: unknown[], parent?: Json) => unique(data, parent) >= min,
  });
  ajv.addKeyword({
    keyword: 'maxUtf8ByteLength',
    type: 'string',
    validate: (max: number, data: string) => Buffer.byteLength(data, 'utf8') <= max,
  });
  ajv.addKeyword({
    keyword: 'minUtf8ByteLength',
    type: 'string',
    validate: (min: number, data: string) => Buffer.byteLength(data, 'utf8') >= min,
  });
  ajv.addKeyword({
    keyword: '$lifecycle',
    validate: (lifecycle: { enumDeprecated?: unknown[] }, data: unknown) =>
      !(lifecycle.enumDeprecated ?? []).includes(data),
  });
  return ajv;
}

const MESSAGES: Record<string, (e: ErrorObject) => string> = {
  selectors: () => 'two instances have the same selector values',
  maxUniqueItems: (e) => `more than ${String(e.schema)} distinct values`,
  minUniqueItems: (e) => `fewer than ${String(e.schema)} distinct values`,
  maxUtf8ByteLength: (e) => `longer than ${String(e.schema)} bytes in UTF-8`,
  minUtf8ByteLength: (e) => `shorter than ${String(e.schema)} bytes in UTF-8`,
  $lifecycle: () => 'a value Amazon has retired (enumDeprecated): do not use it for new listings',
  enum: (e) => `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`,
  required: (e) => `'${(e.params as { missingProperty: string }).missingProperty}' is required`,
  additionalProperties: (e) =>
    `'${(e.params as { additionalProperty: string }).additionalProperty}' is not an attribute of this product type`,
};

export function createListingValidator(): ListingValidator {
  const ajv = amazonAjv();
  const compiled = new WeakMap<object, ValidateFunction>();
  return {
    validate(schema, attributes) {
      let validate = compiled.get(schema);
      if (!validate) {
        const { $schema: _meta, $id: _id, ...rest } = schema as Json;
        validate = ajv.compile(rest);
        compiled.set(schema, validate);
      }
      if (validate(attributes)) return [];
      const findings = new Map<string, ListingFinding>();
      for (const error of validate.errors ?? []) {
        // Combinators only say a branch failed; the branch's own error names the problem.
        if (['if', 'then', 'anyOf', 'allOf', 'oneOf'].includes(error.keyword)) continue;
        const finding = toFinding(error);
        findings.set(`${finding.path}|${finding.keyword}|${finding.message}`, finding);
      }
      return [...findings.values()];
    },
  };
}

function toFinding(error: ErrorObject): ListingFinding {
  let path = error.instancePath;
  if (error.keyword === 'required')
    path += `/${(error.params as { missingProperty: string }).missingProperty}`;
  if (error.keyword === 'additionalProperties')
    path += `/${(error.params as { additionalProperty: string }).additionalProperty}`;
  const attribute = (path.split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
  return {
    attribute,
    path: path || '/',
    keyword: error.keyword,
    message: (MESSAGES[error.keyword] ?? ((e: ErrorObject) => e.message ?? 'is invalid'))(error),
    severity: error.keyword === '$lifecycle' ? 'warning' : 'error',
  };
}
