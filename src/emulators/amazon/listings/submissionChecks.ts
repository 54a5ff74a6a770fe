// The synchronous checks of a submission, as Amazon runs them before answering (the asynchronous ones —
// ASIN matching, price checks — run when the submission applies): the product type must exist and, to
// create product facts, must not be the root `PRODUCT` type; the attributes must satisfy the product
// type's schema for the marketplace — the ENFORCED one for a PUT (every required attribute present), the
// NOT_ENFORCED one for a PATCH (a patch carries only what changes).
import type { ProductTypeDefinitions } from './productTypes/definitions.ts';
import { validateAttributes } from './productTypes/attributeValidation.ts';
import type { ParentageLevel } from './productTypes/schemaDocument.ts';
import type { Attributes, ListingIssue, Requirements } from './listingTypes.ts';

export function productTypeIssues(
  definitions: ProductTypeDefinitions,
  productType: string,
  requirements: Requirements,
): ListingIssue[] {
  const spec = definitions.spec(productType);
  if (!spec)
    return [
      {
        code: '4000003',
        message: 'The Amazon product type specified is invalid or not supported.',
        severity: 'ERROR',
        attributeNames: [],
        categories: ['INVALID_ATTRIBUTE'],
      },
    ];
  if (spec.offerOnly && requirements !== 'LISTING_OFFER_ONLY')
    return [
      {
        code: '4000004',
        message:
          'Creating products is not supported with the "PRODUCT" Amazon product type. Either specify a specific ' +
          'Amazon product type or specify an offer-only requirements set.',
        severity: 'ERROR',
        attributeNames: [],
        categories: ['INVALID_ATTRIBUTE'],
      },
    ];
  return [];
}

export function parentageOf(attributes: Attributes): ParentageLevel {
  const level = attributes.parentage_level?.[0]?.value;
  return level === 'parent' ? 'PARENT' : level === 'child' ? 'CHILD' : 'NONE';
}

/** Schema problems of one marketplace's attributes, each naming the marketplace. */
export function schemaIssues(
  definitions: ProductTypeDefinitions,
  args: {
    productType: string;
    marketplaceId: string;
    sellerId: string;
    requirements: Requirements;
    enforced: boolean;
    attributes: Attributes;
  },
): ListingIssue[] {
  const rendered = definitions.render({
    productType: args.productType,
    marketplaceId: args.marketplaceId,
    sellerId: args.sellerId,
    requirements: args.requirements,
    enforced: args.enforced,
    parentage: args.enforced ? parentageOf(args.attributes) : undefined,
  });
  return validateAttributes(rendered.text, args.attributes).map((issue) => ({
    ...issue,
    marketplaceIds: [args.marketplaceId],
  }));
}

const parsedProperties = new Map<string, Record<string, { selectors?: string[] }>>();

/** The selectors of each attribute, read from the product type's schema for the marketplace. */
export function selectorsReader(
  definitions: ProductTypeDefinitions,
  productType: string,
  marketplaceId: string,
) {
  const spec = definitions.spec(productType) ? productType : 'PRODUCT';
  const rendered = definitions.render({
    productType: spec,
    marketplaceId,
    requirements: 'LISTING',
    enforced: false,
  });
  let properties = parsedProperties.get(rendered.text);
  if (!properties) {
    properties = (JSON.parse(rendered.text) as { properties: Record<string, { selectors?: string[] }> })
      .properties;
    parsedProperties.set(rendered.text, properties);
  }
  return (attribute: string) => properties![attribute]?.selectors ?? [];
}
