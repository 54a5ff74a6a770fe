/**
 * Amazon's static sandbox examples of Listings Items, Product Type Definitions and Catalog Items replayed
 * through the client (as sandbox.int.test.ts does for orders): an emulator in static sandbox mode answers
 * from the models' cases, and the client's own operation is called with each case's parameters. A 200
 * case must parse with the client's schemas and equal the example's body; a 400 case must become a
 * ConnectorError carrying the example's code and message.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  getCatalogItem,
  searchCatalogItems,
  type CatalogIncludedData,
} from '../../../src/amazon/catalog/catalogItems.ts';
import { catalogItem, catalogSearchResults } from '../../../src/amazon/catalog/schemasCatalog.ts';
import type { QueryParams } from '../../../src/amazon/exchangeLog.ts';
import {
  deleteListingsItem,
  getListingsItem,
  patchListingsItem,
  putListingsItem,
} from '../../../src/amazon/listings/listingsItems.ts';
import {
  itemSearchResults,
  listingsItem,
  submissionResponse,
} from '../../../src/amazon/listings/schemasListings.ts';
import { searchListingsItems } from '../../../src/amazon/listings/searchListingsItems.ts';
import {
  getDefinitionsProductType,
  searchDefinitionsProductTypes,
} from '../../../src/amazon/productTypes/productTypeDefinitions.ts';
import {
  productTypeDefinition,
  productTypeList,
} from '../../../src/amazon/productTypes/schemasProductTypes.ts';
import type { AmazonOperation } from '../../../src/amazon/rateTable.ts';
import { buildSandboxRequest } from '../../../src/emulators/amazon/sandbox/buildSandboxRequest.ts';
import { staticSandboxCases, type SandboxCase } from '../../../src/emulators/amazon/sandbox/sandboxCases.ts';
import type { z } from 'zod';
import { failure, startAmazonIntegration, type AmazonIntegration, type Json } from './kit.ts';

const OPERATIONS: Record<string, { client: AmazonOperation; schema: z.ZodType }> = {
  'listingsItems_2021-08-01:getListingsItem': { client: 'listings.getListingsItem', schema: listingsItem },
  'listingsItems_2021-08-01:putListingsItem': {
    client: 'listings.putListingsItem',
    schema: submissionResponse,
  },
  'listingsItems_2021-08-01:patchListingsItem': {
    client: 'listings.patchListingsItem',
    schema: submissionResponse,
  },
  'listingsItems_2021-08-01:deleteListingsItem': {
    client: 'listings.deleteListingsItem',
    schema: submissionResponse,
  },
  'listingsItems_2021-08-01:searchListingsItems': {
    client: 'listings.searchListingsItems',
    schema: itemSearchResults,
  },
  'definitionsProductTypes_2020-09-01:searchDefinitionsProductTypes': {
    client: 'productTypes.searchDefinitionsProductTypes',
    schema: productTypeList,
  },
  'definitionsProductTypes_2020-09-01:getDefinitionsProductType': {
    client: 'productTypes.getDefinitionsProductType',
    schema: productTypeDefinition,
  },
  'catalogItems_2022-04-01:searchCatalogItems': {
    client: 'catalog.searchCatalogItems',
    schema: catalogSearchResults,
  },
  'catalogItems_2022-04-01:getCatalogItem': { client: 'catalog.getCatalogItem', schema: catalogItem },
};

const cases = staticSandboxCases().filter((c) => c.operation in OPERATIONS);
const title = (c: SandboxCase) =>
  `${c.operation.split(':')[1]} ${c.status} ${JSON.stringify(c.params).slice(0, 80)}`;

let env: AmazonIntegration;
beforeAll(async () => {
  env = await startAmazonIntegration({ emulator: { sandbox: true }, connection: { sandbox: true } });
});
afterEach(() => {
  expect(env.problems()).toEqual([]);
});
afterAll(async () => env?.finish());

/** The case's exact request through the client's raw `call`, for values the typed operation would not send. */
function rawCall(c: SandboxCase) {
  const request = buildSandboxRequest(c);
  const query: QueryParams = {};
  for (const [name, value] of request.query) query[name] = value;
  return env.client.call({
    operation: OPERATIONS[c.operation]!.client,
    path: request.path,
    query,
    body: request.body,
    schema: OPERATIONS[c.operation]!.schema,
  });
}

const ANY_BODY = { productType: 'LUGGAGE', requirements: 'LISTING' as const, attributes: {} };
const ANY_PATCH = {
  productType: 'LUGGAGE',
  patches: [{ op: 'replace' as const, path: '/attributes/item_name', value: [{ value: 'x' }] }],
};

/** The client's operation for the case, called with the case's parameters. */
function viaClient(c: SandboxCase): Promise<unknown> {
  const p = c.params as Json;
  const sku = p.sku ?? 'ANY-SKU';
  const submission = {
    ...(p.mode && { mode: p.mode }),
    ...(p.includedData && { includedData: p.includedData }),
  };
  switch (c.operation.split(':')[1]) {
    case 'getListingsItem':
      return getListingsItem(env.client, sku, { ...(p.includedData && { includedData: p.includedData }) });
    case 'putListingsItem':
      return putListingsItem(env.client, sku, ANY_BODY, {
        ...submission,
        ...(p.marketplaceIds && { marketplaceId: p.marketplaceIds[0] }),
      });
    case 'patchListingsItem':
      return patchListingsItem(env.client, sku, ANY_PATCH, {
        ...submission,
        ...(p.marketplaceIds && { marketplaceIds: p.marketplaceIds }),
      });
    case 'deleteListingsItem':
      return deleteListingsItem(env.client, sku);
    case 'searchListingsItems':
      if (p.sellerId) return rawCall(c); // another seller's id: the typed operation always sends the connection's
      return searchListingsItems(env.client, p);
    case 'searchDefinitionsProductTypes':
      return searchDefinitionsProductTypes(env.client, { ...(p.keywords && { keywords: p.keywords }) });
    case 'getDefinitionsProductType':
      return getDefinitionsProductType(env.client, p.productType ?? 'LUGGAGE');
    case 'searchCatalogItems':
      // The example's trigger is an empty marketplace id, which the client sends as given.
      return searchCatalogItems(env.client, {
        keywords: p.keywords,
        marketplaceId: p.marketplaceIds[0],
        includedData: p.includedData as CatalogIncludedData[],
      });
    case 'getCatalogItem':
      if (p.asin === '') return rawCall(c); // an empty ASIN: the typed operation's path would differ
      return getCatalogItem(env.client, p.asin, {
        marketplaceId: p.marketplaceIds[0],
        includedData: p.includedData,
      });
  }
  throw new Error(`no client operation for ${c.operation}`);
}

describe('static sandbox examples of listings, product types and catalogue, replayed through the client', () => {
  it('covers every case of the nine operations', () => {
    expect(cases).toHaveLength(22);
    expect(new Set(cases.map((c) => c.operation)).size).toBe(9);
  });

  it.each(cases.filter((c) => c.status < 300).map((c) => [title(c), c] as const))('%s', async (_, c) => {
    const result = await viaClient(c);
    const expected = OPERATIONS[c.operation]!.schema.parse(c.expectedBody);
    expect(expected).toEqual(c.expectedBody); // the schemas drop nothing of Amazon's examples
    if (c.operation.endsWith('searchListingsItems')) {
      const body = expected as Json;
      expect(result).toEqual({
        items: body.items,
        numberOfResults: body.numberOfResults,
        nextToken: body.pagination?.nextToken,
      });
    } else if (c.operation.endsWith('searchCatalogItems')) {
      const body = expected as Json;
      expect(result).toEqual({
        items: body.items,
        numberOfResults: body.numberOfResults,
        nextToken: body.pagination?.nextToken,
      });
    } else expect(result).toEqual(expected);
  });

  it.each(cases.filter((c) => c.status >= 400).map((c) => [title(c), c] as const))('%s', async (_, c) => {
    const expected = (c.expectedBody as { errors: Array<{ code: string; message: string }> }).errors[0]!;
    const error = await failure(viaClient(c));
    expect(error.kind).toBe('remote');
    expect(error.context).toMatchObject({
      status: c.status,
      code: expected.code,
      message: expected.message,
      attempts: 1,
    });
  });
});
