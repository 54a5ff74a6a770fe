/**
 * Catalog Items API 2022-04-01: `searchCatalogItems` by identifiers — up to 20 of one type (EAN, UPC, GTIN,
 * ISBN, JAN, MINSAN, ASIN, or SKU, which needs the seller id: the connection's is sent) — or by keywords
 * (never both), in exactly one marketplace, and `getCatalogItem`. Amazon's index is GTIN-based: an EAN
 * search may return an item that stores the code as a UPC, and several ASINs per code are normal —
 * request `identifiers` to map results back (reference §8).
 */
import type { AmazonClient, CallOptions } from '../client.ts';
import { refuse } from '../listings/listingsItems.ts';
import { catalogItem, catalogSearchResults, type CatalogItem } from './schemasCatalog.ts';

export const CATALOG_INCLUDED_DATA = [
  'attributes',
  'classifications',
  'dimensions',
  'identifiers',
  'images',
  'productTypes',
  'relationships',
  'salesRanks',
  'summaries',
  'vendorDetails',
] as const;
export type CatalogIncludedData = (typeof CATALOG_INCLUDED_DATA)[number];
export const CATALOG_IDENTIFIER_TYPES = [
  'ASIN',
  'EAN',
  'GTIN',
  'ISBN',
  'JAN',
  'MINSAN',
  'SKU',
  'UPC',
] as const;
export const MAX_CATALOG_IDENTIFIERS = 20;

export interface SearchCatalogItemsParams {
  identifiers?: readonly string[];
  identifiersType?: (typeof CATALOG_IDENTIFIER_TYPES)[number];
  keywords?: readonly string[];
  brandNames?: readonly string[];
  classificationIds?: readonly string[];
  /** Exactly one; default the connection's first. */
  marketplaceId?: string;
  /** Default (Amazon's): summaries. */
  includedData?: CatalogIncludedData[];
  locale?: string;
  keywordsLocale?: string;
  /** 1–20, Amazon's default 10. */
  pageSize?: number;
  pageToken?: string;
}

export interface CatalogSearchPage {
  items: CatalogItem[];
  numberOfResults: number;
  nextToken?: string;
}

export async function searchCatalogItems(
  client: AmazonClient,
  params: SearchCatalogItemsParams,
  options: CallOptions = {},
): Promise<CatalogSearchPage> {
  const problems: string[] = [];
  if (!params.identifiers === !params.keywords)
    problems.push('give identifiers or keywords (exactly one of them)');
  if (params.identifiers && !params.identifiersType) problems.push('identifiers need an identifiersType');
  if (params.identifiersType && !CATALOG_IDENTIFIER_TYPES.includes(params.identifiersType))
    problems.push(`unknown identifiersType ${params.identifiersType}`);
  if (
    (params.identifiers?.length ?? 0) > MAX_CATALOG_IDENTIFIERS ||
    (params.keywords?.length ?? 0) > MAX_CATALOG_IDENTIFIERS
  )
    problems.push(`at most ${MAX_CATALOG_IDENTIFIERS} identifiers or keywords per call`);
  const unknown = (params.includedData ?? []).filter((d) => !CATALOG_INCLUDED_DATA.includes(d));
  if (unknown.length > 0) problems.push(`unknown includedData ${unknown.join(', ')}`);
  if (params.pageSize !== undefined && !(params.pageSize >= 1 && params.pageSize <= 20))
    problems.push('pageSize must be 1–20');
  if (problems.length > 0) throw refuse('searchCatalogItems', problems.join('; '));
  const { data } = await client.call(
    {
      operation: 'catalog.searchCatalogItems',
      path: '/catalog/2022-04-01/items',
      query: {
        identifiers: params.identifiers,
        identifiersType: params.identifiersType,
        keywords: params.keywords,
        brandNames: params.brandNames,
        classificationIds: params.classificationIds,
        marketplaceIds: [params.marketplaceId ?? client.marketplaceIds[0]!],
        includedData: params.includedData,
        locale: params.locale,
        keywordsLocale: params.keywordsLocale,
        sellerId: params.identifiersType === 'SKU' ? client.sellingPartnerId : undefined,
        pageSize: params.pageSize,
        pageToken: params.pageToken,
      },
      schema: catalogSearchResults,
    },
    options,
  );
  return { items: data.items, numberOfResults: data.numberOfResults, nextToken: data.pagination?.nextToken };
}

export async function getCatalogItem(
  client: AmazonClient,
  asin: string,
  params: { marketplaceId?: string; includedData?: CatalogIncludedData[]; locale?: string } = {},
  options: CallOptions = {},
): Promise<CatalogItem> {
  const { data } = await client.call(
    {
      operation: 'catalog.getCatalogItem',
      path: `/catalog/2022-04-01/items/${encodeURIComponent(asin)}`,
      query: {
        marketplaceIds: [params.marketplaceId ?? client.marketplaceIds[0]!],
        includedData: params.includedData,
        locale: params.locale,
      },
      schema: catalogItem,
    },
    options,
  );
  return data;
}
