/**
 * The validator's handling of Amazon's custom keywords, on a schema in Amazon's shape: instances told
 * apart by selectors, counted by `maxUniqueItems`, text measured in UTF-8 bytes, a retired enum value a
 * warning, and every problem with its attribute path.
 */
import { describe, expect, it } from 'vitest';
import { createListingValidator } from './listingValidator.ts';

const schema = {
  $schema: 'https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1',
  $id: 'https://schemas.amazon.com/selling-partners/definitions/product-types/schema/v1/TEST',
  type: 'object',
  required: ['item_name'],
  additionalProperties: false,
  properties: {
    item_name: {
      type: 'array',
      selectors: ['marketplace_id', 'language_tag'],
      maxUniqueItems: 1,
      items: {
        type: 'object',
        required: ['value'],
        properties: {
          value: { type: 'string', maxLength: 10, maxUtf8ByteLength: 12, editable: true, hidden: false },
          marketplace_id: { type: 'string' },
          language_tag: { type: 'string' },
        },
      },
    },
    variation_theme: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
            enum: ['SIZE/COLOR', 'SIZE_NAME/COLOR_NAME'],
            enumNames: ['a', 'b'],
            $lifecycle: { enumDeprecated: ['SIZE/COLOR'] },
          },
        },
      },
    },
  },
};

const validator = createListingValidator();
const name = (value: string, language_tag = 'en_US') => ({
  value,
  marketplace_id: 'ATVPDKIKX0DER',
  language_tag,
});

describe('the listing validator', () => {
  it('accepts a valid set, with Amazon’s annotations ignored', () => {
    expect(
      validator.validate(schema, {
        item_name: [name('Shirt')],
        variation_theme: [{ name: 'SIZE_NAME/COLOR_NAME' }],
      }),
    ).toEqual([]);
  });

  it('counts bytes, not characters', () => {
    const findings = validator.validate(schema, { item_name: [name('ÄÖÜÄÖÜÄ')] }); // 7 characters, 14 bytes
    expect(findings).toEqual([
      expect.objectContaining({
        attribute: 'item_name',
        path: '/item_name/0/value',
        keyword: 'maxUtf8ByteLength',
        severity: 'error',
      }),
    ]);
  });

  it('tells instances apart by their selectors', () => {
    const same = validator.validate(schema, { item_name: [name('A'), name('B')] });
    expect(same.map((f) => f.keyword)).toEqual(['selectors']); // one instance given twice
    const two = validator.validate(schema, { item_name: [name('A'), name('B', 'fr_CA')] });
    expect(two.map((f) => f.keyword)).toEqual(['maxUniqueItems']);
  });

  it('warns about a retired enum value, and lists every error with its path', () => {
    const findings = validator.validate(schema, { variation_theme: [{ name: 'SIZE/COLOR' }], colour: [] });
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: '/variation_theme/0/name',
          keyword: '$lifecycle',
          severity: 'warning',
        }),
        expect.objectContaining({ path: '/item_name', keyword: 'required', severity: 'error' }),
        expect.objectContaining({ path: '/colour', keyword: 'additionalProperties', severity: 'error' }),
      ]),
    );
    expect(findings).toHaveLength(3);
  });
});
