/**
 * The listings, product type and catalogue schemas against Amazon's own models: every object's field
 * names and required fields, every enum (open in answers, closed in requests), walked from the response
 * roots through every $ref — and every static sandbox example of the models' 2xx answers parses
 * without losing a field.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  compareEnum,
  compareWithModel,
  loadModel,
  sandboxExamples,
} from '../../../test/support/modelSchemaCompare.ts';
import { catalogItem, catalogSearchResults } from '../catalog/schemasCatalog.ts';
import { CATALOG_IDENTIFIER_TYPES, CATALOG_INCLUDED_DATA } from '../catalog/catalogItems.ts';
import { productTypeDefinition, productTypeList } from '../productTypes/schemasProductTypes.ts';
import {
  itemSearchResults,
  listingRequestLists,
  listingsItem,
  listingsItemPatchRequest,
  listingsItemPutRequest,
  submissionResponse,
} from './schemasListings.ts';

const listings = loadModel('listingsItems_2021-08-01.json');
const definitions = loadModel('definitionsProductTypes_2020-09-01.json');
const catalog = loadModel('catalogItems_2022-04-01.json');
const ITEM = '/listings/2021-08-01/items/{sellerId}/{sku}';

describe('Listings Items 2021-08-01 schemas follow the model', () => {
  it.each([
    ['Item', listingsItem],
    ['ListingsItemSubmissionResponse', submissionResponse],
    ['ItemSearchResults', itemSearchResults],
  ] as const)('%s: same fields, same required fields, same types', (name, schema) => {
    const differences: string[] = [];
    compareWithModel(listings, { $ref: `#/definitions/${name}` }, schema, name, differences);
    expect(differences).toEqual([]);
  });

  it.each([
    ['ListingsItemPutRequest', listingsItemPutRequest],
    ['ListingsItemPatchRequest', listingsItemPatchRequest],
  ] as const)('%s: the request body has the model’s fields, closed enums', (name, schema) => {
    const differences: string[] = [];
    compareWithModel(listings, { $ref: `#/definitions/${name}` }, schema, name, differences, 'request');
    expect(differences).toEqual([]);
  });

  it('the lists a request carries are closed and know every value of the model', () => {
    const differences: string[] = [];
    const lists = listingRequestLists.shape;
    const param = (path: string, method: string, name: string) => {
      const p = listings.paths[path]![method]!.parameters!.find((x) => x.name === name)!;
      return p.items?.enum ?? p.enum ?? [];
    };
    const element = (s: z.ZodType) => {
      const inner = (s as z.ZodOptional<z.ZodType>).unwrap();
      return inner instanceof z.ZodArray ? (inner.element as z.ZodType) : inner;
    };
    const SEARCH = '/listings/2021-08-01/items/{sellerId}';
    compareEnum(
      param(ITEM, 'get', 'includedData'),
      element(lists.includedData),
      'request',
      'get includedData',
      differences,
    );
    compareEnum(
      param(SEARCH, 'get', 'includedData'),
      element(lists.includedData),
      'request',
      'search includedData',
      differences,
    );
    compareEnum(
      param(ITEM, 'put', 'includedData'),
      element(lists.submissionIncludedData),
      'request',
      'put includedData',
      differences,
    );
    compareEnum(
      param(ITEM, 'patch', 'includedData'),
      element(lists.submissionIncludedData),
      'request',
      'patch includedData',
      differences,
    );
    for (const name of [
      'identifiersType',
      'sortBy',
      'sortOrder',
      'withIssueSeverity',
      'withStatus',
      'withoutStatus',
    ] as const)
      compareEnum(param(SEARCH, 'get', name), element(lists[name]), 'request', `search ${name}`, differences);
    expect(differences).toEqual([]);
  });

  it.each(
    [
      ...sandboxExamples(listings, ITEM, 'get').map(([n, s, c]) => [`get ${n}`, s, c, listingsItem] as const),
      ...sandboxExamples(listings, ITEM, 'put').map(
        ([n, s, c]) => [`put ${n}`, s, c, submissionResponse] as const,
      ),
      ...sandboxExamples(listings, ITEM, 'patch').map(
        ([n, s, c]) => [`patch ${n}`, s, c, submissionResponse] as const,
      ),
      ...sandboxExamples(listings, ITEM, 'delete').map(
        ([n, s, c]) => [`delete ${n}`, s, c, submissionResponse] as const,
      ),
      ...sandboxExamples(listings, '/listings/2021-08-01/items/{sellerId}', 'get').map(
        ([n, s, c]) => [`search ${n}`, s, c, itemSearchResults] as const,
      ),
    ].filter(([, status]) => status === '200'),
  )('sandbox example %s parses unchanged', (_n, _s, example, schema) => {
    expect((schema as z.ZodType).parse(example.response)).toEqual(example.response);
  });

  it('refuses a patch path below the top level, as Amazon does', () => {
    const result = listingsItemPatchRequest.safeParse({
      productType: 'SHIRT',
      patches: [{ op: 'replace', path: '/attributes/purchasable_offer/0/our_price', value: [] }],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['patches', 0, 'path']);
  });
});

describe('Product Type Definitions 2020-09-01 schemas follow the model', () => {
  it.each([
    ['ProductTypeDefinition', productTypeDefinition],
    ['ProductTypeList', productTypeList],
  ] as const)('%s', (name, schema) => {
    const differences: string[] = [];
    compareWithModel(definitions, { $ref: `#/definitions/${name}` }, schema, name, differences);
    expect(differences).toEqual([]);
  });
});

describe('Catalog Items 2022-04-01 schemas follow the model', () => {
  it.each([
    ['Item', catalogItem],
    ['ItemSearchResults', catalogSearchResults],
  ] as const)('%s', (name, schema) => {
    const differences: string[] = [];
    compareWithModel(catalog, { $ref: `#/definitions/${name}` }, schema, name, differences);
    expect(differences).toEqual([]);
  });

  it('knows every includedData and identifiersType of the model', () => {
    const params = catalog.paths['/catalog/2022-04-01/items']!.get!.parameters!;
    expect([...CATALOG_INCLUDED_DATA].sort()).toEqual(
      [...params.find((p) => p.name === 'includedData')!.items!.enum!].sort(),
    );
    expect([...CATALOG_IDENTIFIER_TYPES].sort()).toEqual(
      [...params.find((p) => p.name === 'identifiersType')!.enum!].sort(),
    );
  });

  it.each(
    [
      ...sandboxExamples(catalog, '/catalog/2022-04-01/items', 'get').map(
        ([n, s, c]) => [`search ${n}`, s, c, catalogSearchResults] as const,
      ),
      ...sandboxExamples(catalog, '/catalog/2022-04-01/items/{asin}', 'get').map(
        ([n, s, c]) => [`get ${n}`, s, c, catalogItem] as const,
      ),
    ].filter(([, status]) => status === '200'),
  )('sandbox example %s parses unchanged', (_n, _s, example, schema) => {
    expect((schema as z.ZodType).parse(example.response)).toEqual(example.response);
  });
});
