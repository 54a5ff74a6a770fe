// Building blocks of a product type's JSON Schema, in the shape of Amazon's own (reference §1–4): every
// attribute an array of objects whose `selectors` (marketplace_id, language_tag, audience, …) tell its
// instances apart, `minUniqueItems` / `maxUniqueItems` counting them, text limited in characters and in
// UTF-8 bytes, enums with `enumNames`, `editable` / `hidden` annotations, and `$defs` for the selectors.
type Json = Record<string, unknown>;

export interface MarketplaceFacts {
  id: string;
  name: string;
  currency: string;
  languageTags: string[];
}

const MP = { $ref: '#/$defs/marketplace_id' };
const LANG = { $ref: '#/$defs/language_tag' };

export function selectorDefs(marketplace: MarketplaceFacts, all: readonly MarketplaceFacts[]): Json {
  return {
    marketplace_id: {
      default: marketplace.id,
      editable: false,
      hidden: true,
      examples: [marketplace.name],
      type: 'string',
      anyOf: [
        { type: 'string' },
        { type: 'string', enum: all.map((m) => m.id), enumNames: all.map((m) => m.name) },
      ],
    },
    language_tag: {
      default: marketplace.languageTags[0],
      editable: false,
      hidden: true,
      examples: [marketplace.languageTags[0]],
      type: 'string',
      anyOf: [
        { type: 'string' },
        { type: 'string', enum: marketplace.languageTags, enumNames: marketplace.languageTags },
      ],
    },
  };
}

interface AttrOptions {
  title: string;
  description?: string;
  maxUnique?: number;
  selectors?: string[];
}

function attribute(options: AttrOptions, properties: Json, required: string[], extra: Json = {}): Json {
  const selectors = options.selectors ?? ['marketplace_id'];
  return {
    title: options.title,
    description: options.description ?? options.title,
    $comment: 'Each instance is told apart by its selectors.',
    examples: [],
    type: 'array',
    minItems: 1,
    minUniqueItems: 1,
    maxUniqueItems: options.maxUnique ?? 1,
    selectors,
    items: { type: 'object', required, properties, additionalProperties: false, ...extra },
  };
}

/** A text attribute localised by `language_tag` (item_name, brand, bullet_point…). */
export function text(title: string, maxLength: number, maxUnique = 1): Json {
  return attribute(
    { title, maxUnique, selectors: ['marketplace_id', 'language_tag'] },
    {
      value: {
        title,
        type: 'string',
        editable: true,
        hidden: false,
        minLength: 1,
        maxLength,
        maxUtf8ByteLength: maxLength * 2,
      },
      language_tag: LANG,
      marketplace_id: MP,
    },
    ['value', 'language_tag'],
  );
}

export function enumValue(title: string, values: string[], names = values, deprecated: string[] = []): Json {
  return attribute(
    { title },
    {
      value: {
        title,
        type: 'string',
        editable: true,
        hidden: false,
        enum: values,
        enumNames: names,
        ...(deprecated.length > 0 && { $lifecycle: { enumDeprecated: deprecated } }),
      },
      marketplace_id: MP,
    },
    ['value'],
  );
}

export function booleanValue(title: string): Json {
  return attribute({ title }, { value: { title, type: 'boolean', editable: true }, marketplace_id: MP }, [
    'value',
  ]);
}

const WEIGHT_UNITS = ['grams', 'kilograms', 'tons', 'milligrams', 'hundredths_pounds', 'ounces', 'pounds'];
const LENGTH_UNITS = ['centimeters', 'millimeters', 'meters', 'inches', 'feet'];

const measure = (units: string[]) => ({
  type: 'object',
  required: ['value', 'unit'],
  additionalProperties: false,
  properties: {
    value: { type: 'number', exclusiveMinimum: 0, maximum: 1_000_000_000 },
    unit: { type: 'string', enum: units, enumNames: units },
  },
});

export function weight(title: string): Json {
  const { properties } = measure(WEIGHT_UNITS);
  return attribute({ title }, { ...properties, marketplace_id: MP }, ['value', 'unit']);
}

export function dimensions(title: string): Json {
  const m = measure(LENGTH_UNITS);
  return attribute({ title }, { length: m, width: m, height: m, marketplace_id: MP }, [
    'length',
    'width',
    'height',
  ]);
}

export function externalId(): Json {
  return attribute(
    { title: 'External Product ID', selectors: ['marketplace_id', 'type'] },
    {
      type: {
        title: 'External Product ID Type',
        type: 'string',
        enum: ['ean', 'gtin', 'upc'],
        enumNames: ['EAN', 'GTIN', 'UPC'],
      },
      value: { title: 'External Product ID', type: 'string', pattern: '^[0-9]{8,14}$' },
      marketplace_id: MP,
    },
    ['type', 'value'],
  );
}

export function suggestedAsin(): Json {
  return attribute(
    { title: 'Merchant Suggested ASIN', selectors: ['marketplace_id', 'value'] },
    {
      value: { title: 'Merchant Suggested ASIN', type: 'string', minLength: 10, maxLength: 10 },
      marketplace_id: MP,
    },
    ['value'],
  );
}

export function parentSkuRelationship(): Json {
  return attribute(
    { title: 'Parent SKU' },
    {
      child_relationship_type: { type: 'string', enum: ['variation'], enumNames: ['Variation'] },
      parent_sku: { title: 'Parent SKU', type: 'string', minLength: 1, maxLength: 40 },
      marketplace_id: MP,
    },
    ['child_relationship_type'],
  );
}

export function variationTheme(themes: string[], deprecated: string[]): Json {
  return {
    title: 'Variation Theme Name',
    description: 'The variation theme of a variation family: the attributes its children differ in.',
    type: 'array',
    minItems: 1,
    maxItems: 1,
    items: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: {
          title: 'Variation Theme Name',
          type: 'string',
          enum: themes,
          enumNames: themes,
          ...(deprecated.length > 0 && { $lifecycle: { enumDeprecated: deprecated } }),
        },
      },
    },
  };
}
