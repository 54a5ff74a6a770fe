// Listings Items API 2021-08-01 routes: getListingsItem, putListingsItem, patchListingsItem,
// deleteListingsItem and searchListingsItems. Requests are first checked against the model (required
// parameters, enums, `maxItems` — one marketplace for PUT and DELETE), then handed to the engine. A
// submission answers 200 whatever its status (ACCEPTED / INVALID / VALID), as Amazon does; `includedData`
// of a submission chooses between `issues` (default) and `identifiers`.
import type { Context, Hono } from 'hono';
import { checkAgainstModel, csv } from '../model/checkAgainstModel.ts';
import type { EmulatorContext } from '../options.ts';
import { invalidInput, INVALID_INPUT_MESSAGE, notFound, SpApiError } from '../spApiErrors.ts';
import type { ListingsEngine, SubmissionResult, SubmitRequest } from './listingsEngine.ts';
import { childrenOf, renderListing } from './listingView.ts';
import { searchListings } from './searchListings.ts';

const MODEL = 'listingsItems_2021-08-01';

export function mountListingRoutes(app: Hono, ctx: EmulatorContext, engine: ListingsEngine): void {
  const base = '/listings/2021-08-01/items/:sellerId';
  const params = (c: Context) => ({ sellerId: c.req.param('sellerId')!, sku: c.req.param('sku') ?? '' });
  const query = (c: Context) => new URL(c.req.url).searchParams;
  const ownSeller = (sellerId: string) => {
    if (sellerId !== ctx.sellerId)
      throw new SpApiError(403, { code: 'Unauthorized', message: 'Access to requested resource is denied.' });
  };

  app.get(`${base}/:sku`, (c) => {
    const { sellerId, sku } = params(c);
    checkAgainstModel(c, `${MODEL}:getListingsItem`, { sellerId, sku });
    ownSeller(sellerId);
    const marketplaceIds = csv(query(c), 'marketplaceIds')!;
    const included = csv(query(c), 'includedData') ?? ['summaries'];
    const item = ctx.tables.atomically(() => {
      const listing = engine.get(sellerId, sku);
      if (!listing || !marketplaceIds.some((m) => listing.marketplaces[m]))
        throw notFound(`SKU '${sku}' not found in marketplace ${marketplaceIds.join(', ')}.`);
      return renderListing(ctx, listing, marketplaceIds, included, childrenOf(engine, sellerId));
    });
    return c.json(item);
  });

  const submission = async (c: Context, kind: 'put' | 'patch') => {
    const { sellerId, sku } = params(c);
    const body = await readJson(c);
    checkAgainstModel(c, `${MODEL}:${kind}ListingsItem`, { sellerId, sku }, body);
    ownSeller(sellerId);
    const request = body as Record<string, unknown>;
    const submit: SubmitRequest =
      kind === 'put'
        ? {
            kind,
            productType: String(request.productType),
            requirements: request.requirements as 'LISTING' | undefined,
            attributes: request.attributes as Record<string, Record<string, unknown>[]>,
          }
        : { kind, productType: String(request.productType), patches: request.patches as never };
    return answer(c, () =>
      engine.submit(sellerId, sku, csv(query(c), 'marketplaceIds')!, submit, {
        preview: query(c).get('mode') === 'VALIDATION_PREVIEW',
      }),
    );
  };

  const answer = (c: Context, run: () => SubmissionResult) => {
    const result = ctx.tables.atomically(run);
    const included = csv(query(c), 'includedData') ?? ['issues'];
    return c.json({
      sku: result.sku,
      status: result.status,
      submissionId: result.submissionId,
      ...(included.includes('issues') && { issues: result.issues }),
      ...(included.includes('identifiers') && { identifiers: result.identifiers }),
    });
  };

  app.put(`${base}/:sku`, (c) => submission(c, 'put'));
  app.patch(`${base}/:sku`, (c) => submission(c, 'patch'));
  app.delete(`${base}/:sku`, (c) => {
    const { sellerId, sku } = params(c);
    checkAgainstModel(c, `${MODEL}:deleteListingsItem`, { sellerId, sku });
    ownSeller(sellerId);
    return answer(c, () =>
      engine.submit(sellerId, sku, csv(query(c), 'marketplaceIds')!, { kind: 'delete' }),
    );
  });

  app.get(base, (c) => {
    const { sellerId } = params(c);
    checkAgainstModel(c, `${MODEL}:searchListingsItems`, { sellerId });
    ownSeller(sellerId);
    return c.json(ctx.tables.atomically(() => searchListings(ctx, engine, sellerId, query(c))));
  });
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw invalidInput({ message: INVALID_INPUT_MESSAGE, details: 'The body is not valid JSON.' });
  }
}
