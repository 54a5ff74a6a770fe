// How a listing finds its ASIN, as a decision table (docs/emulators.md repeats it; reference §1.2):
//
// | # | listing says                                                        | outcome                     |
// |---|---------------------------------------------------------------------|-----------------------------|
// | 1 | already has an ASIN in the marketplace                               | keeps it                    |
// | 2 | merchant_suggested_asin X and an external id of another item Y       | 8572, no ASIN               |
// | 3 | X (or an external id) found, but a fact contradicts the catalogue    | 8541 naming the attribute   |
// |   | (brand, item_name, color, size — when the listing gives them)        |                             |
// | 4 | external id found but the item is of another product type           | 8572, no ASIN               |
// | 5 | X, or an external id, found and consistent                          | that ASIN (offer-only)      |
// | 6 | no match, parent with product facts (LISTING / PRODUCT_ONLY)         | new parent ASIN, no id      |
// |   |                                                                     | needed, after a delay       |
// | 7 | no match, product facts, brand in the seller's Brand Registry and a | new ASIN after a delay      |
// |   | valid GS1 identifier (or the identifier exemption)                  |                             |
// | 8 | no match otherwise (offer-only, unregistered brand, bad id)          | 8566, no ASIN               |
import { gtin14, validCheckDigit, type CatalogRecord } from '../catalog/catalogStore.ts';
import type { Attributes, ListingIssue, Requirements } from './listingTypes.ts';

export type MatchOutcome =
  { kind: 'matched'; asin: string } | { kind: 'create' } | { kind: 'refused'; issue: ListingIssue };

export interface MatchInput {
  attributes: Attributes;
  requirements: Requirements;
  productType: string;
  sellerBrands: readonly string[];
  find(asin: string): CatalogRecord | undefined;
  findByIdentifier(code: string): CatalogRecord[];
}

const first = (attributes: Attributes, name: string, key = 'value') => attributes[name]?.[0]?.[key];
const norm = (v: unknown) => String(v).trim().toLowerCase();

function refused(code: string, message: string, attributeNames: string[], category: string): MatchOutcome {
  return {
    kind: 'refused',
    issue: { code, message, severity: 'ERROR', attributeNames, categories: [category] },
  };
}

/** The first listing fact that contradicts the catalogue item, if any. */
function contradiction(attributes: Attributes, item: CatalogRecord): string | undefined {
  const facts: [string, string | undefined][] = [
    ['brand', item.brand],
    ['item_name', item.itemName],
    ['color', item.color],
    ['size', item.size],
  ];
  for (const [name, catalogValue] of facts) {
    const ours = first(attributes, name);
    if (ours !== undefined && catalogValue !== undefined && norm(ours) !== norm(catalogValue)) return name;
  }
  return undefined;
}

export function matchAsin(input: MatchInput): MatchOutcome {
  const { attributes } = input;
  const suggested = first(attributes, 'merchant_suggested_asin') as string | undefined;
  const externalId = first(attributes, 'externally_assigned_product_identifier') as string | undefined;
  const byId = externalId
    ? input.findByIdentifier(externalId).filter((r) => r.classification !== 'VARIATION_PARENT')
    : [];
  const suggestedItem = suggested ? input.find(suggested) : undefined;

  const conflict = (item: CatalogRecord): MatchOutcome | undefined => {
    const name = contradiction(attributes, item);
    return name
      ? refused(
          '8541',
          `The SKU data provided conflicts with the Amazon catalog for ASIN ${item.asin}: '${name}' (Merchant: '${String(first(attributes, name))}' / Amazon: '${name === 'brand' ? item.brand : name === 'item_name' ? item.itemName : name === 'color' ? item.color : item.size}').`,
          [name],
          'INVALID_ATTRIBUTE',
        )
      : undefined;
  };

  if (suggestedItem) {
    if (byId.length > 0 && !byId.some((r) => r.asin === suggestedItem.asin))
      return refused(
        '8572',
        `You are using UPCs, EANs, ISBNs, ASINs, or JAN codes that do not match the products you are trying to list: ${externalId} belongs to ASIN ${byId[0]!.asin}, not ${suggestedItem.asin}.`,
        ['externally_assigned_product_identifier', 'merchant_suggested_asin'],
        'INVALID_ATTRIBUTE',
      );
    return conflict(suggestedItem) ?? { kind: 'matched', asin: suggestedItem.asin };
  }
  if (byId.length > 0) {
    const item = byId[0]!;
    if (input.productType !== 'PRODUCT' && item.productType !== input.productType)
      return refused(
        '8572',
        `You are using UPCs, EANs, ISBNs, ASINs, or JAN codes that do not match the products you are trying to list: ${externalId} belongs to a ${item.productType} item (ASIN ${item.asin}).`,
        ['externally_assigned_product_identifier'],
        'INVALID_ATTRIBUTE',
      );
    return conflict(item) ?? { kind: 'matched', asin: item.asin };
  }

  const hasFacts = input.requirements !== 'LISTING_OFFER_ONLY' && input.productType !== 'PRODUCT';
  const parent = first(attributes, 'parentage_level') === 'parent';
  if (parent && hasFacts) return { kind: 'create' };
  const brand = first(attributes, 'brand');
  const brandEligible = brand !== undefined && input.sellerBrands.some((b) => norm(b) === norm(brand));
  const exempt = first(attributes, 'supplier_declared_has_product_identifier_exemption') === true;
  const idEligible =
    externalId !== undefined ? validCheckDigit(gtin14(externalId).replace(/^0+(?=\d{12})/, '')) : exempt;
  if (hasFacts && brandEligible && idEligible) return { kind: 'create' };
  return refused(
    '8566',
    'SKU does not match any ASIN and the product data provided is not eligible for ASIN creation. ' +
      (hasFacts
        ? 'The brand must be registered to you and the product identifier must be a valid GS1 identifier.'
        : 'An offer-only listing needs an existing ASIN.'),
    externalId ? ['externally_assigned_product_identifier'] : ['merchant_suggested_asin'],
    'QUALIFICATION_REQUIRED',
  );
}
