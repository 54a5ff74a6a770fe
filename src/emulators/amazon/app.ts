// The Amazon SP-API emulator: a protocol-faithful local stand-in for Login with Amazon and the Orders
// API, Listings Items, Product Type Definitions, Catalog Items, Feeds and Reports, for the demo, the tests and the
// benchmarks (DESIGN §2.9). It puts together the token endpoint, the SP-API gate (authorisation, usage
// plans, model-validation hook), the Orders and listings routes over one listings engine, or the static
// sandbox, fault injection and the `/_sim/` simulation API, over one durable state saved before every
// answer.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { DurableTables } from '../shared/durableTables.ts';
import { FaultInjector, faultMiddleware } from '../shared/faults.ts';
import { EmulatorState } from './emulatorState.ts';
import { amazonFaultRenderers } from './faultRenderers.ts';
import { CatalogStore } from './catalog/catalogStore.ts';
import { mountCatalogRoutes } from './catalog/catalogRoutes.ts';
import { mountDocumentRoutes } from './documents/documentRoutes.ts';
import { DocumentStore } from './documents/documentStore.ts';
import { UrlSigner } from './documents/presignedUrls.ts';
import { FeedProcessor } from './feeds/feedProcessor.ts';
import { mountFeedRoutes } from './feeds/feedRoutes.ts';
import { FeedStore } from './feeds/feedStore.ts';
import { ListingsFeedQuota } from './feeds/listingsFeedQuota.ts';
import { ProcessingSettings } from './feeds/processingSettings.ts';
import { mountListingRoutes } from './listings/listingRoutes.ts';
import { DEFAULT_TIMING, ListingsEngine } from './listings/listingsEngine.ts';
import { ProductTypeDefinitions } from './listings/productTypes/definitions.ts';
import { mountProductTypeRoutes } from './listings/productTypes/productTypeRoutes.ts';
import { SellerOffers } from './listings/sellerOffers.ts';
import { mountLwa } from './lwa.ts';
import { TokenAuthority } from './lwaTokens.ts';
import { createContext, type AmazonEmulatorOptions, type EmulatorContext } from './options.ts';
import { OrderStore } from './orders/orderStore.ts';
import { resolveOperation } from './operations.ts';
import { Paginator } from './orders/pagination.ts';
import { mountOrderRoutes } from './orders/routes.ts';
import { RateLimiter } from './rateLimits.ts';
import { ReportProcessor } from './reports/reportProcessor.ts';
import { mountReportRoutes } from './reports/reportRoutes.ts';
import { ReportStore } from './reports/reportStore.ts';
import { mountSandbox, sandboxOperations } from './sandboxMode.ts';
import { SimError } from './sim/simError.ts';
import { mountSimRoutes } from './sim/simRoutes.ts';
import { renderErrors, SpApiError } from './spApiErrors.ts';
import { spApiGate } from './spApiGate.ts';
import { EmulatorStats } from './stats.ts';

export type { AmazonEmulatorOptions, Exchange } from './options.ts';

export interface AmazonEmulator {
  app: Hono;
  /** Shared state and clock, for in-process tooling (tests, the demo's composition). */
  context: EmulatorContext;
  /** The listings engine, for in-process tooling (a test that needs many listings at once). */
  listings: ListingsEngine;
  close(): void;
}

export function createAmazonEmulator(options: AmazonEmulatorOptions = {}): AmazonEmulator {
  const tables = new DurableTables(options.stateFile);
  const ctx = createContext(options, tables);
  const orders = new OrderStore(tables);
  const definitions = new ProductTypeDefinitions(ctx);
  const catalog = new CatalogStore(tables);
  const engine = new ListingsEngine(ctx, definitions, catalog, { ...DEFAULT_TIMING, ...options.listings });
  const listings = new SellerOffers(ctx, engine);
  const paginator = new Paginator(ctx);
  const documents = new DocumentStore(tables, ctx.catalogue.seller.region);
  const feeds = new FeedStore(tables);
  const reports = new ReportStore(tables);
  const settings = new ProcessingSettings(tables, options.processing);
  const state = new EmulatorState(ctx, orders, engine, catalog, listings, paginator, options.seed ?? 'demo', [
    { reset: () => feeds.deleteAll() },
    { reset: () => reports.deleteAll() },
    { reset: () => documents.deleteAll() },
    settings,
  ]);
  state.open();
  const feedProcessor = new FeedProcessor({
    ctx,
    feeds,
    documents,
    settings,
    engine,
    orders,
    offers: listings,
  });
  const reportProcessor = new ReportProcessor({ ctx, reports, documents, settings, engine });
  const signer = new UrlSigner();
  const feedQuota = new ListingsFeedQuota(ctx.scaled, ctx.now);
  const tokens = new TokenAuthority(ctx);
  const limiter = new RateLimiter(ctx.timeScale, ctx.now);
  const stats = new EmulatorStats();
  const injector = new FaultInjector();

  const app = new Hono();
  app.use('*', async (c, next) => {
    const requestId = randomUUID();
    c.header('x-amzn-RequestId', requestId);
    await next();
    if (!c.res.headers.has('x-amzn-RequestId')) c.res.headers.set('x-amzn-RequestId', requestId);
  });
  app.use('*', faultMiddleware(injector, amazonFaultRenderers(stats)));
  // Feeds and reports move on the emulator's clock: whatever is due happens before any request is seen.
  if (!options.sandbox)
    app.use('*', async (_c, next) => {
      tables.atomically(() => {
        feedProcessor.settle();
        reportProcessor.settle();
      });
      await next();
    });
  mountLwa(app, ctx, tokens, stats);
  mountSimRoutes(app, {
    ctx,
    state,
    engine,
    tokens,
    limiter,
    stats,
    injector,
    feeds: { ctx, feeds, reports, documents, settings },
    quotas: [feedQuota],
  });
  mountDocumentRoutes(app, { ctx, documents, signer });
  if (!options.sandbox) mountProductTypeRoutes(app, definitions);
  const resolve = options.sandbox ? sandboxOperations() : resolveOperation;
  app.use('*', spApiGate({ tokens, limiter, stats, resolve, onExchange: options.onExchange }));
  if (options.sandbox) mountSandbox(app);
  else {
    mountOrderRoutes(app, { ctx, orders, paginator });
    mountListingRoutes(app, ctx, engine);
    mountCatalogRoutes(app, catalog, engine);
    mountFeedRoutes(app, { ctx, feeds, documents, signer, quota: feedQuota, stats });
    mountReportRoutes(app, { ctx, reports, documents, signer });
  }

  app.onError((error, c) => {
    // Whatever a handler left unsaved must not leak into the next answer's change set.
    tables.rollback();
    if (error instanceof SpApiError) return renderErrors(c, error.status, error.errors);
    if (error instanceof SimError)
      return c.json({ error: error.message, problems: error.problems }, error.status);
    return renderErrors(c, 500, [
      {
        code: 'InternalFailure',
        message: 'We encountered an internal error. Please try again.',
        details: '',
      },
    ]);
  });
  app.notFound((c) =>
    renderErrors(c, 404, [{ code: 'NotFound', message: 'Resource not found.', details: '' }]),
  );

  return { app, context: ctx, listings: engine, close: () => tables.close() };
}
