/**
 * Listings Items API 2021-08-01 schemas, named after the model's definitions (listingsItems_2021-08-01.json)
 * and walked against it by schemasListings.test.ts: same fields, same required fields, same enums. As
 * for orders, answers tolerate fields and enum values Amazon adds later (open enums); requests are closed.
 * `attributes` stay free-form here: their shape is the product type's JSON Schema (listingValidator.ts).
 */
import { z } from 'zod';
import { dateTime, openEnum } from '../orders/schemasCommon.ts';

export const ISSUE_SEVERITIES = ['ERROR', 'WARNING', 'INFO'] as const;
export const EXEMPTION_STATUSES = ['EXEMPT', 'EXEMPT_UNTIL_EXPIRY_DATE', 'NOT_EXEMPT'] as const;
export const CONDITION_TYPES = [
  'new_new',
  'new_open_box',
  'new_oem',
  'refurbished_refurbished',
  'used_like_new',
  'used_very_good',
  'used_good',
  'used_acceptable',
  'collectible_like_new',
  'collectible_very_good',
  'collectible_good',
  'collectible_acceptable',
  'club_club',
] as const;
export const LISTING_STATUSES = ['BUYABLE', 'DISCOVERABLE'] as const;
export const SUBMISSION_STATUSES = ['ACCEPTED', 'INVALID', 'VALID'] as const;

export const issue = z.object({
  code: z.string(),
  message: z.string(),
  severity: openEnum(ISSUE_SEVERITIES),
  attributeNames: z.array(z.string()).optional(),
  categories: z.array(z.string()),
  enforcements: z
    .object({
      actions: z.array(z.object({ action: z.string() })),
      exemption: z.object({ status: openEnum(EXEMPTION_STATUSES), expiryDate: dateTime.optional() }),
    })
    .optional(),
  marketplaceIds: z.array(z.string()).optional(),
});
export type ListingIssue = z.infer<typeof issue>;

const itemImage = z.object({ link: z.string(), height: z.int(), width: z.int() });

export const itemSummary = z.object({
  marketplaceId: z.string(),
  asin: z.string().optional(),
  productType: z.string(),
  conditionType: openEnum(CONDITION_TYPES).optional(),
  status: z.array(openEnum(LISTING_STATUSES)),
  fnSku: z.string().optional(),
  itemName: z.string().optional(),
  createdDate: dateTime,
  lastUpdatedDate: dateTime,
  mainImage: itemImage.optional(),
});

const money = z.object({ currencyCode: z.string(), amount: z.string() });

export const itemOffer = z.object({
  marketplaceId: z.string(),
  offerType: openEnum(['B2C', 'B2B']),
  price: money,
  points: z.object({ pointsNumber: z.int() }).optional(),
  audience: z.object({ value: z.string().optional(), displayName: z.string().optional() }).optional(),
});

export const fulfillmentAvailability = z.object({
  fulfillmentChannelCode: z.string(),
  quantity: z.int().min(0).optional(),
});

const variationTheme = z.object({ attributes: z.array(z.string()), theme: z.string() });
export const itemRelationship = z.object({
  childSkus: z.array(z.string()).optional(),
  parentSkus: z.array(z.string()).optional(),
  variationTheme: variationTheme.optional(),
  type: openEnum(['VARIATION', 'PACKAGE_HIERARCHY']),
});

/** Listing attributes: each attribute an array of instances (the product type's schema says which). */
export const itemAttributes = z.record(z.string(), z.unknown());
export type ListingAttributes = Record<string, Array<Record<string, unknown>>>;

export const listingsItem = z.object({
  sku: z.string(),
  summaries: z.array(itemSummary).optional(),
  attributes: itemAttributes.optional(),
  issues: z.array(issue).optional(),
  offers: z.array(itemOffer).optional(),
  fulfillmentAvailability: z.array(fulfillmentAvailability).optional(),
  procurement: z.array(z.object({ costPrice: money })).optional(),
  relationships: z
    .array(z.object({ marketplaceId: z.string(), relationships: z.array(itemRelationship) }))
    .optional(),
  productTypes: z.array(z.object({ marketplaceId: z.string(), productType: z.string() })).optional(),
});
export type ListingsItem = z.infer<typeof listingsItem>;

export const submissionResponse = z.object({
  sku: z.string(),
  status: openEnum(SUBMISSION_STATUSES),
  submissionId: z.string(),
  issues: z.array(issue).optional(),
  identifiers: z
    .array(z.object({ marketplaceId: z.string().optional(), asin: z.string().optional() }))
    .optional(),
});
export type SubmissionResponse = z.infer<typeof submissionResponse>;

export const itemSearchResults = z.object({
  numberOfResults: z.int(),
  pagination: z.object({ nextToken: z.string().optional(), previousToken: z.string().optional() }).optional(),
  items: z.array(listingsItem),
});
export type ItemSearchResults = z.infer<typeof itemSearchResults>;

// ---- requests (closed: a value Amazon does not know is refused before sending)

export const REQUIREMENTS = ['LISTING', 'LISTING_PRODUCT_ONLY', 'LISTING_OFFER_ONLY'] as const;
export type Requirements = (typeof REQUIREMENTS)[number];
export const PATCH_OPS = ['add', 'replace', 'merge', 'delete'] as const;

export const patchOperation = z.strictObject({
  op: z.enum(PATCH_OPS),
  path: z
    .string()
    .regex(
      /^\/attributes\/[A-Za-z0-9_]+$/,
      'must be /attributes/<name>: only top-level attributes can be patched',
    ),
  value: z.array(z.record(z.string(), z.unknown())).optional(),
});
export type PatchOperation = z.infer<typeof patchOperation>;

export const listingsItemPatchRequest = z.strictObject({
  productType: z.string().min(1),
  patches: z.array(patchOperation).min(1),
});
export type ListingsItemPatchRequest = z.infer<typeof listingsItemPatchRequest>;

export const listingsItemPutRequest = z.strictObject({
  productType: z.string().min(1),
  requirements: z.enum(REQUIREMENTS).optional(),
  attributes: z.record(z.string(), z.unknown()),
});
export type ListingsItemPutRequest = z.infer<typeof listingsItemPutRequest>;

export const GET_INCLUDED_DATA = [
  'summaries',
  'attributes',
  'issues',
  'offers',
  'fulfillmentAvailability',
  'procurement',
  'relationships',
  'productTypes',
] as const;
export type ListingIncludedData = (typeof GET_INCLUDED_DATA)[number];
export const SUBMISSION_INCLUDED_DATA = ['identifiers', 'issues'] as const;
export type SubmissionIncludedData = (typeof SUBMISSION_INCLUDED_DATA)[number];
export const IDENTIFIERS_TYPES = [
  'ASIN',
  'EAN',
  'FNSKU',
  'GTIN',
  'ISBN',
  'JAN',
  'MINSAN',
  'SKU',
  'UPC',
] as const;
export const SORT_BY = ['sku', 'createdDate', 'lastUpdatedDate'] as const;
export const ISSUE_SEVERITY_FILTER = ['WARNING', 'ERROR'] as const;

/** The query lists the client sends, closed (schemasListings.test.ts checks them against the model). */
export const listingRequestLists = z.object({
  includedData: z.array(z.enum(GET_INCLUDED_DATA)).optional(),
  submissionIncludedData: z.array(z.enum(SUBMISSION_INCLUDED_DATA)).optional(),
  identifiersType: z.enum(IDENTIFIERS_TYPES).optional(),
  sortBy: z.enum(SORT_BY).optional(),
  sortOrder: z.enum(['ASC', 'DESC']).optional(),
  withIssueSeverity: z.array(z.enum(ISSUE_SEVERITY_FILTER)).optional(),
  withStatus: z.array(z.enum(LISTING_STATUSES)).optional(),
  withoutStatus: z.array(z.enum(LISTING_STATUSES)).optional(),
});
