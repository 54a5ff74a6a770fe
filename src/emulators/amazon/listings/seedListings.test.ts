/**
 * The seed skips the schema checks when an emulator starts (they would compile a dozen schemas); here
 * every seeded listing goes through them, and every one is ACCEPTED — so the seed is what a seller could
 * really have listed — and matched to the catalogue's ASIN without an issue.
 */
import { describe, expect, it } from 'vitest';
import { demoListings } from '../../../demo/demoCatalogue.ts';
import { CatalogStore } from '../catalog/catalogStore.ts';
import { createContext } from '../options.ts';
import { DurableTables } from '../../shared/durableTables.ts';
import { ListingsEngine } from './listingsEngine.ts';
import { ProductTypeDefinitions } from './productTypes/definitions.ts';
import { seedListings } from './seedListings.ts';

describe('the seed listings', () => {
  it('pass the product types’ schemas and match their ASINs', () => {
    const tables = new DurableTables();
    const ctx = createContext({ now: () => Date.parse('2026-03-02T12:00:00Z') }, tables);
    const catalog = new CatalogStore(tables);
    catalog.seed(ctx.catalogue);
    const engine = new ListingsEngine(ctx, new ProductTypeDefinitions(ctx), catalog);
    seedListings(engine, ctx.catalogue, { check: true }); // throws naming any refused listing
    for (const l of demoListings(ctx.catalogue)) {
      const listing = engine.get(ctx.sellerId, l.sku)!;
      expect(listing.marketplaces[l.marketplaceId]!.asin).toBe(l.asin);
      expect(listing.issues).toEqual([]);
    }
    expect(engine.get(ctx.sellerId, 'DEMO-TEE')!.marketplaces.ATVPDKIKX0DER!.asin).toBe('B0DEMOP100');
  });
});
