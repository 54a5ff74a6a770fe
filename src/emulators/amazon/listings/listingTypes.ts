// The listings engine's stored shapes. A listing is kept per (seller, SKU): its product type, its
// attributes per marketplace (each instance carrying its selectors: marketplace_id, language_tag,
// audience…), the one `fulfillment_availability` of the SKU — Amazon shares a unified SKU's quantity across
// the region's marketplaces, so it has no marketplace slice — the ASIN per marketplace and the issues.
// Submissions are kept apart until they apply: ACCEPTED is not yet live.
export type AttrValue = Record<string, unknown>;
export type Attributes = Record<string, AttrValue[]>;
export type Requirements = 'LISTING' | 'LISTING_OFFER_ONLY' | 'LISTING_PRODUCT_ONLY';

export interface IssueEnforcements {
  actions: { action: string }[];
  exemption: { status: 'EXEMPT' | 'EXEMPT_UNTIL_EXPIRY_DATE' | 'NOT_EXEMPT'; expiryDate?: string };
}

export interface ListingIssue {
  code: string;
  message: string;
  severity: 'ERROR' | 'WARNING' | 'INFO';
  attributeNames?: string[];
  categories: string[];
  enforcements?: IssueEnforcements;
}

export interface StoredIssue extends ListingIssue {
  marketplaceIds: string[];
  /** What raised it: the submission's checks, ASIN matching, the price checks, or `/_sim/`. */
  source: 'matching' | 'pricing' | 'sim';
}

export interface MarketplaceSlice {
  attributes: Attributes;
  asin?: string;
  /** Set by `/_sim/listings/suppress`: the listing stays, but Amazon hides it. */
  suppressed?: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface StoredListing {
  sellerId: string;
  sku: string;
  productType: string;
  requirements: Requirements;
  marketplaces: Record<string, MarketplaceSlice>;
  /** The SKU's fulfillment_availability, one for the region. */
  fulfillment: AttrValue[];
  issues: StoredIssue[];
  /** A new ASIN being created for these marketplaces, ready at `at`. */
  pendingAsin?: { at: number; marketplaceIds: string[] };
  createdAt: number;
  updatedAt: number;
}

export interface PatchOperation {
  op: 'add' | 'replace' | 'merge' | 'delete';
  path: string;
  value?: AttrValue[];
}

export interface Submission {
  id: string;
  seq: number;
  sellerId: string;
  sku: string;
  applyAt: number;
  kind: 'put' | 'patch' | 'delete';
  marketplaceIds: string[];
  productType?: string;
  requirements?: Requirements;
  attributes?: Attributes;
  patches?: PatchOperation[];
}

export const FULFILLMENT = 'fulfillment_availability';
