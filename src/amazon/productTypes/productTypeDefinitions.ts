/**
 * Product Type Definitions API 2020-09-01: `searchDefinitionsProductTypes` (by keywords or an item name)
 * and `getDefinitionsProductType` for one marketplace. Pass `sellerId` (default: the connection's seller)
 * so seller-specific enums — `merchant_shipping_group` lists that seller's shipping templates — are in the
 * schema; parents and children get different schemas (`parentageLevel`); `requirementsEnforced:
 * 'NOT_ENFORCED'` drops the required attributes (what a PATCH is checked against).
 */
import type { AmazonClient, CallOptions } from '../client.ts';
import { refuse } from '../listings/listingsItems.ts';
import {
  PARENTAGE_LEVELS,
  REQUIREMENTS,
  REQUIREMENTS_ENFORCED,
  productTypeDefinition,
  productTypeList,
  type ProductTypeDefinition,
  type ProductTypeList,
} from './schemasProductTypes.ts';

export interface SearchProductTypesParams {
  keywords?: readonly string[];
  itemName?: string;
  marketplaceIds?: readonly string[];
  locale?: string;
  searchLocale?: string;
}

export async function searchDefinitionsProductTypes(
  client: AmazonClient,
  params: SearchProductTypesParams = {},
  options: CallOptions = {},
): Promise<ProductTypeList> {
  if (params.keywords && params.itemName)
    throw refuse('searchDefinitionsProductTypes', 'give keywords or itemName, not both');
  const { data } = await client.call(
    {
      operation: 'productTypes.searchDefinitionsProductTypes',
      path: '/definitions/2020-09-01/productTypes',
      query: {
        keywords: params.keywords,
        itemName: params.itemName,
        marketplaceIds: params.marketplaceIds ?? client.marketplaceIds,
        locale: params.locale,
        searchLocale: params.searchLocale,
      },
      schema: productTypeList,
    },
    options,
  );
  return data;
}

export interface GetProductTypeParams {
  /** Exactly one marketplace; default the connection's first. */
  marketplaceId?: string;
  /** Default: the connection's seller (seller-specific enums); `null` asks without a seller. */
  sellerId?: string | null;
  /** LATEST (default), RELEASE_CANDIDATE or a version id. */
  productTypeVersion?: string;
  requirements?: (typeof REQUIREMENTS)[number];
  requirementsEnforced?: (typeof REQUIREMENTS_ENFORCED)[number];
  locale?: string;
  parentageLevel?: (typeof PARENTAGE_LEVELS)[number];
}

export async function getDefinitionsProductType(
  client: AmazonClient,
  productType: string,
  params: GetProductTypeParams = {},
  options: CallOptions = {},
): Promise<ProductTypeDefinition> {
  const problems: string[] = [];
  if (params.requirements && !REQUIREMENTS.includes(params.requirements))
    problems.push(`unknown requirements ${params.requirements}`);
  if (params.requirementsEnforced && !REQUIREMENTS_ENFORCED.includes(params.requirementsEnforced))
    problems.push(`unknown requirementsEnforced ${params.requirementsEnforced}`);
  if (params.parentageLevel && !PARENTAGE_LEVELS.includes(params.parentageLevel))
    problems.push(`unknown parentageLevel ${params.parentageLevel}`);
  if (problems.length > 0) throw refuse('getDefinitionsProductType', problems.join('; '));
  const { data } = await client.call(
    {
      operation: 'productTypes.getDefinitionsProductType',
      path: `/definitions/2020-09-01/productTypes/${encodeURIComponent(productType)}`,
      query: {
        marketplaceIds: [params.marketplaceId ?? client.marketplaceIds[0]!],
        sellerId: params.sellerId === null ? undefined : (params.sellerId ?? client.sellingPartnerId),
        productTypeVersion: params.productTypeVersion,
        requirements: params.requirements,
        requirementsEnforced: params.requirementsEnforced,
        locale: params.locale,
        parentageLevel: params.parentageLevel,
      },
      schema: productTypeDefinition,
    },
    options,
  );
  return data;
}
