// One product type's JSON Schema document as Amazon serves it from the link of getDefinitionsProductType
// (reference §1): `$defs` for the selectors, every attribute in Amazon's shape, a top-level `required` list,
// and conditional `allOf` rules — one of merchant_suggested_asin / externally_assigned_product_identifier
// for every non-parent SKU, condition and availability for every offer, the theme's attributes on
// children. The document depends on the requirement set (LISTING / LISTING_OFFER_ONLY /
// LISTING_PRODUCT_ONLY), on whether requirements are enforced (NOT_ENFORCED drops `required` and the
// requirement rules: what a PATCH is checked against), on the parentage level (parents lack identifiers
// and offers; children need their relationship), on the seller (its shipping templates) and on the
// product type's version.
import {
  booleanValue,
  dimensions,
  enumValue,
  externalId,
  parentSkuRelationship,
  selectorDefs,
  suggestedAsin,
  text,
  variationTheme,
  weight,
  type MarketplaceFacts,
} from './attributeSchemas.ts';
import { fulfillmentAvailability, merchantShippingGroup, purchasableOffer } from './offerSchemas.ts';
import { themeAttributes, type ProductTypeSpec } from './productTypeCatalogue.ts';

type Json = Record<string, unknown>;
export type Requirements = 'LISTING' | 'LISTING_OFFER_ONLY' | 'LISTING_PRODUCT_ONLY';
export type ParentageLevel = 'NONE' | 'PARENT' | 'CHILD';

export interface DocumentRequest {
  spec: ProductTypeSpec;
  version: string;
  requirements: Requirements;
  enforced: boolean;
  parentage?: ParentageLevel;
  marketplace: MarketplaceFacts;
  marketplaces: readonly MarketplaceFacts[];
  sellerId?: string;
}

export interface PropertyGroup {
  title: string;
  description: string;
  propertyNames: string[];
}

export const CONDITION_NAMES: Record<string, string> = {
  new_new: 'New',
  new_open_box: 'New - Open Box',
  new_oem: 'New - OEM',
  refurbished_refurbished: 'Refurbished',
  used_like_new: 'Used - Like New',
  used_very_good: 'Used - Very Good',
  used_good: 'Used - Good',
  used_acceptable: 'Used - Acceptable',
};

function groups(spec: ProductTypeSpec, request: DocumentRequest): Record<string, Json> {
  const identity: Json = {
    merchant_suggested_asin: suggestedAsin(),
    externally_assigned_product_identifier: externalId(),
    supplier_declared_has_product_identifier_exemption: booleanValue('Product Exemption'),
  };
  const facts: Json = {
    item_name: text('Item Name', 200),
    brand: text('Brand Name', 100),
    product_description: text('Product Description', 2000),
    bullet_point: text('Bullet Point', 500, 5),
    item_weight: weight('Item Weight'),
    item_package_weight: weight('Package Weight'),
    item_package_dimensions: dimensions('Item Package Dimensions'),
    color: text('Color', 100),
    size: text('Size', 100),
    ...(spec.extraRequired?.includes('department') && { department: text('Department', 50) }),
  };
  const variations: Json = spec.variationThemes
    ? {
        parentage_level: enumValue('Parentage Level', ['child', 'parent'], ['Child', 'Parent']),
        child_parent_sku_relationship: parentSkuRelationship(),
        variation_theme: variationTheme(spec.variationThemes, spec.deprecatedThemes ?? []),
      }
    : {};
  const offer: Json = {
    condition_type: enumValue(
      'Item Condition',
      spec.conditionTypes,
      spec.conditionTypes.map((c) => CONDITION_NAMES[c] ?? c),
    ),
    condition_note: text('Offer Condition Note', 1000),
    purchasable_offer: purchasableOffer(request.marketplace),
    fulfillment_availability: fulfillmentAvailability(['AMAZON_NA', 'DEFAULT']),
    merchant_shipping_group: merchantShippingGroup(request.sellerId),
    skip_offer: booleanValue('Skip Offer'),
  };
  return { identity, facts, variations, offer };
}

const has = (name: string, value: unknown): Json => ({
  required: [name],
  properties: { [name]: { contains: { required: ['value'], properties: { value: { const: value } } } } },
});
const IS_PARENT = has('parentage_level', 'parent');
const SKIPS_OFFER = has('skip_offer', true);
const EXEMPT = has('supplier_declared_has_product_identifier_exemption', true);

/** The conditional requirement rules (dropped when requirements are not enforced). */
function requirementRules(spec: ProductTypeSpec, props: Json): Json[] {
  const rules: Json[] = [];
  const absent = (name: string) => ({ not: { required: [name] } });
  if (props.merchant_suggested_asin) {
    rules.push(
      {
        if: { allOf: [absent('merchant_suggested_asin'), { not: IS_PARENT }, { not: EXEMPT }] },
        then: { required: ['externally_assigned_product_identifier'] },
      },
      {
        if: {
          allOf: [absent('externally_assigned_product_identifier'), { not: IS_PARENT }, { not: EXEMPT }],
        },
        then: { required: ['merchant_suggested_asin'] },
      },
    );
  }
  if (props.condition_type)
    rules.push({
      if: { allOf: [{ not: IS_PARENT }, { not: SKIPS_OFFER }] },
      then: { required: ['condition_type', 'fulfillment_availability'] },
    });
  if (props.variation_theme) {
    rules.push({ if: IS_PARENT, then: { required: ['variation_theme'] } });
    rules.push({
      if: has('parentage_level', 'child'),
      then: { required: ['child_parent_sku_relationship', 'variation_theme'] },
    });
    for (const attribute of new Set((spec.variationThemes ?? []).flatMap(themeAttributes))) {
      if (!props[attribute]) continue;
      const part = attribute.toUpperCase();
      rules.push({
        if: {
          allOf: [
            {
              required: ['child_parent_sku_relationship', 'variation_theme'],
              properties: {
                variation_theme: {
                  contains: { properties: { name: { pattern: `(^|/)${part}(_NAME)?($|/)` } } },
                },
              },
            },
            { not: IS_PARENT },
          ],
        },
        then: { required: [attribute] },
      });
    }
  }
  return rules;
}

export function buildSchemaDocument(request: DocumentRequest): {
  document: Json;
  groups: Record<string, PropertyGroup>;
} {
  const { spec, requirements, parentage } = request;
  const g = groups(spec, request);
  const parent = parentage === 'PARENT';
  const include = {
    identity: !parent,
    facts: requirements !== 'LISTING_OFFER_ONLY',
    variations: requirements !== 'LISTING_OFFER_ONLY',
    offer: !parent && requirements !== 'LISTING_PRODUCT_ONLY',
  };
  const properties: Json = {};
  const propertyGroups: Record<string, PropertyGroup> = {};
  const titles = {
    identity: ['Product Identity', 'How the product is identified: ASIN or external product id.'],
    facts: ['Product Details', 'What the product is.'],
    variations: ['Variations', 'Variation family: parent, children and theme.'],
    offer: ['Offer', 'Sales terms: condition, price and availability.'],
  } as const;
  for (const key of ['identity', 'facts', 'variations', 'offer'] as const) {
    if (!include[key] || Object.keys(g[key]!).length === 0) continue;
    Object.assign(properties, g[key]);
    propertyGroups[key === 'facts' ? 'product_details' : key === 'identity' ? 'product_identity' : key] = {
      title: titles[key][0],
      description: titles[key][1],
      propertyNames: Object.keys(g[key]!),
    };
  }

  const required: string[] = [];
  if (include.facts) required.push('item_name', 'brand', 'product_description', 'item_package_weight');
  if (include.facts) required.push(...(spec.extraRequired ?? []));
  if (parent && properties.variation_theme) required.push('parentage_level', 'variation_theme');
  if (parentage === 'CHILD' && properties.variation_theme)
    required.push('parentage_level', 'child_parent_sku_relationship', 'variation_theme');

  const document: Json = {
    $schema: 'https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1',
    $id: `https://schemas.amazon.com/selling-partners/definitions/product-types/schema/v1/${spec.name}`,
    $comment: `Amazon product type definition for ${spec.name} product type (version ${request.version})`,
    $defs: selectorDefs(request.marketplace, request.marketplaces),
    type: 'object',
    required: request.enforced ? [...new Set(required)] : [],
    properties,
    additionalProperties: false,
    allOf: request.enforced ? requirementRules(spec, properties) : [],
  };
  return { document, groups: propertyGroups };
}
