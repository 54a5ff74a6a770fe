// `/_sim/` for listings: a view of the real state per SKU and marketplace (ASIN, channel, status, price,
// sale price, business price and tiers, quantity, issues, parentage, submissions not yet applied), price
// and quantity edits as Seller Central makes them (through the engine, applied at once), suppressing a
// listing, adding an issue, and bumping a product type's version.
import type { Hono } from 'hono';
import { z } from 'zod';
import { marketplaceState } from '../listings/listingState.ts';
import type { ListingsEngine } from '../listings/listingsEngine.ts';
import type { StoredListing } from '../listings/listingTypes.ts';
import type { EmulatorContext } from '../options.ts';
import { listingUpdateSchema } from './checkoutSchema.ts';
import { readBody } from './orderSimRoutes.ts';
import { parseSim, SimError } from './simError.ts';

const target = z.strictObject({ marketplaceId: z.string().min(1), sku: z.string().min(1) });
const suppressSchema = target.extend({ suppressed: z.boolean().default(true) });
const issueSchema = target.extend({
  code: z.string().min(1),
  message: z.string().min(1),
  severity: z.enum(['ERROR', 'WARNING', 'INFO']).default('ERROR'),
  attributeNames: z.array(z.string()).default([]),
  categories: z.array(z.string()).default([]),
  enforcement: z
    .enum(['LISTING_SUPPRESSED', 'ATTRIBUTE_SUPPRESSED', 'CATALOG_ITEM_REMOVED', 'SEARCH_SUPPRESSED'])
    .optional(),
});

export function listingView(
  ctx: EmulatorContext,
  engine: ListingsEngine,
  l: StoredListing,
  marketplaceId: string,
) {
  const s = marketplaceState(ctx, l, marketplaceId)!;
  return {
    sku: l.sku,
    marketplaceId,
    asin: s.asin ?? null,
    productType: l.productType,
    title: l.marketplaces[marketplaceId]!.attributes.item_name?.[0]?.value ?? null,
    channel: s.availability?.channel ?? null,
    status: s.status,
    price: s.consumer?.ourPrice ?? null,
    salePrice: s.consumer?.salePrice ?? null,
    currency:
      s.consumer?.currency ?? ctx.catalogue.marketplaces.find((m) => m.id === marketplaceId)?.currency,
    offerActive: s.consumer?.active ?? false,
    businessPrice: s.business?.ourPrice ?? null,
    businessTiers: s.business?.tiers ?? null,
    quantity: s.availability?.quantity ?? null,
    leadTimeDays: s.availability?.leadTimeDays ?? null,
    issues: l.issues
      .filter((i) => i.marketplaceIds.includes(marketplaceId))
      .map((i) => ({
        code: i.code,
        severity: i.severity,
        message: i.message,
        attributeNames: i.attributeNames ?? [],
      })),
    parentage: s.parent
      ? { level: 'parent', variationTheme: s.variationTheme ?? null }
      : s.parentSku
        ? { level: 'child', parentSku: s.parentSku, variationTheme: s.variationTheme ?? null }
        : null,
    pendingSubmissions: engine.pending(l.sellerId, l.sku).length,
  };
}

export function mountListingSimRoutes(app: Hono, ctx: EmulatorContext, engine: ListingsEngine): void {
  const find = (sku: string, marketplaceId: string) => {
    const listing = engine.get(ctx.sellerId, sku);
    if (!listing?.marketplaces[marketplaceId])
      throw new SimError(404, `no listing ${sku} in marketplace ${marketplaceId}`);
    return listing;
  };

  app.get('/_sim/listings', (c) => {
    const only = c.req.query('marketplaceId');
    const views = ctx.tables.atomically(() =>
      engine.all(ctx.sellerId).flatMap((l) =>
        Object.keys(l.marketplaces)
          .filter((m) => !only || m === only)
          .map((m) => listingView(ctx, engine, l, m)),
      ),
    );
    return c.json({ listings: views });
  });

  app.post('/_sim/listings', async (c) => {
    const update = parseSim(listingUpdateSchema, await readBody(c), 'listing update');
    const view = ctx.tables.atomically(() => {
      const listing = find(update.sku, update.marketplaceId);
      const currency = ctx.catalogue.marketplaces.find((m) => m.id === update.marketplaceId)?.currency;
      const patches = [
        ...(update.price !== undefined
          ? [
              {
                op: 'merge' as const,
                path: '/attributes/purchasable_offer',
                value: [
                  {
                    marketplace_id: update.marketplaceId,
                    currency,
                    audience: 'ALL',
                    our_price: [{ schedule: [{ value_with_tax: update.price }] }],
                  },
                ],
              },
            ]
          : []),
        ...(update.quantity !== undefined
          ? [
              {
                op: 'merge' as const,
                path: '/attributes/fulfillment_availability',
                value: [{ fulfillment_channel_code: 'DEFAULT', quantity: update.quantity }],
              },
            ]
          : []),
      ];
      const result = engine.submit(
        ctx.sellerId,
        update.sku,
        [update.marketplaceId],
        { kind: 'patch', productType: listing.productType, patches },
        { immediate: true },
      );
      if (result.status !== 'ACCEPTED')
        throw new SimError(
          400,
          'invalid listing update',
          result.issues.map((i) => `${i.code}: ${i.message}`),
        );
      return listingView(ctx, engine, engine.get(ctx.sellerId, update.sku)!, update.marketplaceId);
    });
    return c.json(view);
  });

  app.post('/_sim/listings/suppress', async (c) => {
    const spec = parseSim(suppressSchema, await readBody(c), 'suppression');
    const view = ctx.tables.atomically(() => {
      const listing = find(spec.sku, spec.marketplaceId);
      const slice = { ...listing.marketplaces[spec.marketplaceId]!, suppressed: spec.suppressed };
      engine.save({ ...listing, marketplaces: { ...listing.marketplaces, [spec.marketplaceId]: slice } });
      return listingView(ctx, engine, engine.get(ctx.sellerId, spec.sku)!, spec.marketplaceId);
    });
    return c.json(view);
  });

  app.post('/_sim/listings/issues', async (c) => {
    const spec = parseSim(issueSchema, await readBody(c), 'issue');
    const view = ctx.tables.atomically(() => {
      const listing = find(spec.sku, spec.marketplaceId);
      engine.save({
        ...listing,
        issues: [
          ...listing.issues,
          {
            code: spec.code,
            message: spec.message,
            severity: spec.severity,
            attributeNames: spec.attributeNames,
            categories: spec.categories,
            ...(spec.enforcement && {
              enforcements: { actions: [{ action: spec.enforcement }], exemption: { status: 'NOT_EXEMPT' } },
            }),
            marketplaceIds: [spec.marketplaceId],
            source: 'sim',
          },
        ],
      });
      return listingView(ctx, engine, engine.get(ctx.sellerId, spec.sku)!, spec.marketplaceId);
    });
    return c.json(view, 201);
  });

  app.post('/_sim/productTypes/:name/version', (c) => {
    const name = c.req.param('name');
    if (!engine.definitions.spec(name)) throw new SimError(404, `no product type ${name}`);
    const version = ctx.tables.atomically(() => engine.definitions.bump(name));
    return c.json({ productType: name, version });
  });
}
