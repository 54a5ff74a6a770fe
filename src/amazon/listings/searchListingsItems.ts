/**
 * Listings Items API 2021-08-01 `searchListingsItems`: the seller's listings by identifiers (≤ 20, of one
 * `identifiersType`: SKU, ASIN, FNSKU, EAN, GTIN, ISBN, JAN, MINSAN, UPC) or by variation parent, with
 * time, status and issue filters, sorted and paged (≤ 20 a page). Amazon pages through at most the first
 * 1,000 results of a search: `searchListingsItemsPages` stops there and says so (`truncated`), so a
 * caller that needs every listing narrows the search (e.g. by `lastUpdatedAfter`) instead.
 */
import type { AmazonClient, CallOptions } from '../client.ts';
import { refuse } from './listingsItems.ts';
import {
  itemSearchResults,
  listingRequestLists,
  type ListingIncludedData,
  type ListingsItem,
} from './schemasListings.ts';

export const SEARCH_LISTINGS_CEILING = 1000;
export const MAX_IDENTIFIERS = 20;

type Instant = string | Date;

export interface SearchListingsItemsParams {
  marketplaceIds?: readonly string[];
  includedData?: ListingIncludedData[];
  identifiers?: readonly string[];
  identifiersType?: 'ASIN' | 'EAN' | 'FNSKU' | 'GTIN' | 'ISBN' | 'JAN' | 'MINSAN' | 'SKU' | 'UPC';
  variationParentSku?: string;
  packageHierarchySku?: string;
  createdAfter?: Instant;
  createdBefore?: Instant;
  lastUpdatedAfter?: Instant;
  lastUpdatedBefore?: Instant;
  withIssueSeverity?: ('WARNING' | 'ERROR')[];
  withStatus?: ('BUYABLE' | 'DISCOVERABLE')[];
  withoutStatus?: ('BUYABLE' | 'DISCOVERABLE')[];
  sortBy?: 'sku' | 'createdDate' | 'lastUpdatedDate';
  sortOrder?: 'ASC' | 'DESC';
  /** 1–20, Amazon's default 10. */
  pageSize?: number;
  pageToken?: string;
  issueLocale?: string;
}

export interface SearchListingsPage {
  items: ListingsItem[];
  numberOfResults: number;
  nextToken?: string;
}

const iso = (v: Instant | undefined) => (v instanceof Date ? v.toISOString() : v);

export async function searchListingsItems(
  client: AmazonClient,
  params: SearchListingsItemsParams = {},
  options: CallOptions = {},
): Promise<SearchListingsPage> {
  const problems: string[] = [];
  const lists = listingRequestLists.safeParse(params);
  if (!lists.success) problems.push(...lists.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  if (params.identifiers && params.identifiers.length > MAX_IDENTIFIERS)
    problems.push(`at most ${MAX_IDENTIFIERS} identifiers per call (got ${params.identifiers.length})`);
  if (params.identifiers && !params.identifiersType) problems.push('identifiers need an identifiersType');
  if (params.identifiers && (params.variationParentSku || params.packageHierarchySku))
    problems.push('identifiers cannot be combined with variationParentSku or packageHierarchySku');
  if (params.pageSize !== undefined && !(params.pageSize >= 1 && params.pageSize <= 20))
    problems.push('pageSize must be 1–20');
  if (problems.length > 0) throw refuse('searchListingsItems', problems.join('; '));
  const { data } = await client.call(
    {
      operation: 'listings.searchListingsItems',
      path: `/listings/2021-08-01/items/${encodeURIComponent(client.sellingPartnerId)}`,
      query: {
        marketplaceIds: params.marketplaceIds ?? client.marketplaceIds,
        includedData: params.includedData,
        identifiers: params.identifiers,
        identifiersType: params.identifiersType,
        variationParentSku: params.variationParentSku,
        packageHierarchySku: params.packageHierarchySku,
        createdAfter: iso(params.createdAfter),
        createdBefore: iso(params.createdBefore),
        lastUpdatedAfter: iso(params.lastUpdatedAfter),
        lastUpdatedBefore: iso(params.lastUpdatedBefore),
        withIssueSeverity: params.withIssueSeverity,
        withStatus: params.withStatus,
        withoutStatus: params.withoutStatus,
        sortBy: params.sortBy,
        sortOrder: params.sortOrder,
        pageSize: params.pageSize,
        pageToken: params.pageToken,
        issueLocale: params.issueLocale,
      },
      schema: itemSearchResults,
    },
    options,
  );
  return { items: data.items, numberOfResults: data.numberOfResults, nextToken: data.pagination?.nextToken };
}

/**
 * Every page of a search, up to Amazon's ceiling of 1,000 results. The last value carries `truncated:
 * true` when the search matched more than can be paged to.
 */
export async function* searchListingsItemsPages(
  client: AmazonClient,
  params: Omit<SearchListingsItemsParams, 'pageToken'> = {},
  options: CallOptions = {},
): AsyncGenerator<SearchListingsPage & { truncated: boolean }> {
  let pageToken: string | undefined;
  let seen = 0;
  do {
    const page = await searchListingsItems(client, { ...params, pageToken }, options);
    seen += page.items.length;
    pageToken = page.nextToken;
    yield { ...page, truncated: !pageToken && page.numberOfResults > seen };
  } while (pageToken);
}
