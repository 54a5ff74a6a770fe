// Product Type Definitions API 2020-09-01: searchDefinitionsProductTypes (by keywords or an item name)
// and getDefinitionsProductType (one marketplace; sellerId for seller-specific enums; productTypeVersion,
// requirements, requirementsEnforced, parentageLevel, locale), whose answer links to the JSON Schema
// document with its checksum. The documents are served outside the SP-API (as Amazon serves them from a
// presigned storage URL): no access token, no usage plan.
import type { Hono } from 'hono';
import { checkAgainstModel, csv } from '../../model/checkAgainstModel.ts';
import { invalidInput, INVALID_INPUT_MESSAGE, notFound } from '../../spApiErrors.ts';
import type { ProductTypeDefinitions } from './definitions.ts';
import { SCHEMA_PATH } from './definitions.ts';
import type { ParentageLevel, Requirements } from './schemaDocument.ts';

const MODEL = 'definitionsProductTypes_2020-09-01';

export function mountProductTypeRoutes(app: Hono, definitions: ProductTypeDefinitions): void {
  app.get('/definitions/2020-09-01/productTypes', (c) => {
    checkAgainstModel(c, `${MODEL}:searchDefinitionsProductTypes`, {});
    const q = new URL(c.req.url).searchParams;
    const keywords = csv(q, 'keywords');
    const itemName = q.get('itemName') ?? undefined;
    if (keywords && itemName)
      throw invalidInput({
        message: INVALID_INPUT_MESSAGE,
        details: 'keywords and itemName cannot be used together.',
      });
    const marketplaceIds = csv(q, 'marketplaceIds')!;
    const types = definitions.search(keywords, itemName);
    return c.json({
      productTypes: types.map((t) => ({ name: t.name, displayName: t.displayName, marketplaceIds })),
      productTypeVersion: 'LATEST',
    });
  });

  app.get('/definitions/2020-09-01/productTypes/:productType', (c) => {
    const productType = c.req.param('productType');
    checkAgainstModel(c, `${MODEL}:getDefinitionsProductType`, { productType });
    const q = new URL(c.req.url).searchParams;
    const marketplaceIds = csv(q, 'marketplaceIds')!;
    const problems: string[] = [];
    if (marketplaceIds.length !== 1) problems.push('Exactly one marketplaceId must be provided.');
    const known = definitions.marketplaces().map((m) => m.id);
    for (const m of marketplaceIds) if (!known.includes(m)) problems.push(`Invalid marketplaceId: ${m}.`);
    const spec = definitions.spec(productType);
    if (!spec) throw notFound(`Product type '${productType}' is not found in the marketplace.`);
    const asked = q.get('productTypeVersion') ?? 'LATEST';
    const current = definitions.version(spec.name);
    if (!['LATEST', 'RELEASE_CANDIDATE', current].includes(asked))
      problems.push(`Product type version '${asked}' is not available for '${productType}'.`);
    if (problems.length > 0)
      throw invalidInput(...problems.map((details) => ({ message: INVALID_INPUT_MESSAGE, details })));

    const requirements = (q.get('requirements') ?? 'LISTING') as Requirements;
    const enforced = (q.get('requirementsEnforced') ?? 'ENFORCED') === 'ENFORCED';
    const parentage = (q.get('parentageLevel') ?? undefined) as ParentageLevel | undefined;
    const rendered = definitions.render({
      productType: spec.name,
      marketplaceId: marketplaceIds[0]!,
      sellerId: q.get('sellerId') ?? undefined,
      requirements,
      enforced,
      parentage,
    });
    const origin = new URL(c.req.url).origin;
    return c.json({
      schema: {
        link: { resource: definitions.linkFor(origin, rendered.checksum), verb: 'GET' },
        checksum: rendered.checksum,
      },
      requirements,
      requirementsEnforced: enforced ? 'ENFORCED' : 'NOT_ENFORCED',
      propertyGroups: rendered.groups,
      locale: q.get('locale') ?? 'DEFAULT',
      marketplaceIds,
      productType: spec.name,
      displayName: spec.displayName,
      productTypeVersion: { version: rendered.version, latest: true, releaseCandidate: false },
    });
  });

  app.get(`${SCHEMA_PATH}:file`, (c) => {
    const hex = c.req.param('file').replace(/\.json$/, '');
    const text = definitions.document(hex);
    if (!text) return c.text('NoSuchKey: The specified key does not exist.', 404);
    return c.body(text, 200, { 'content-type': 'application/json' });
  });
}
