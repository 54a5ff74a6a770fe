/**
 * The emulator's ASIN decision table through the client, row by row (docs/emulators.md), and Amazon's
 * synchronous validation codes: 90220 required, 90244 enumeration (a variation theme the product type
 * does not allow, a shipping template's name instead of its id), 99022 too few values, 90000900 an
 * unknown attribute, 4000003 an unknown product type, 4000004 products with `PRODUCT`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCatalogItem } from '../../../src/amazon/catalog/catalogItems.ts';
import { getListingsItem, putListingsItem } from '../../../src/amazon/listings/listingsItems.ts';
import type { ListingIssue } from '../../../src/amazon/listings/schemasListings.ts';
import { US, startAmazonIntegration, type AmazonIntegration } from './kit.ts';
import { APPLY, ASIN_CREATION, fullProduct, offerOnly, text } from './listingsKit.ts';

let env: AmazonIntegration;
beforeEach(async () => {
  env = await startAmazonIntegration();
});
afterEach(async () => env?.finish());

async function put(
  sku: string,
  productType: string,
  attributes: Record<string, unknown>,
  requirements: 'LISTING' | 'LISTING_OFFER_ONLY' = 'LISTING',
) {
  return putListingsItem(env.client, sku, { productType, requirements, attributes });
}

async function applied(sku: string) {
  env.advanceEmulatorClock(APPLY);
  return getListingsItem(env.client, sku, { marketplaceIds: [US], includedData: ['summaries', 'issues'] });
}

const codes = (issues: ListingIssue[] | undefined) =>
  (issues ?? []).map((i) => [i.code, i.attributeNames?.join(',')]);

describe('ASIN matching', () => {
  it('row 5: a suggested ASIN the catalogue has → that ASIN, an offer-only listing', async () => {
    expect(
      (await put('MOUSE-1', 'KEYBOARDS', offerOnly('B0DEMO0020', 19.99), 'LISTING_OFFER_ONLY')).status,
    ).toBe('ACCEPTED');
    const item = await applied('MOUSE-1');
    expect(item.summaries![0]).toMatchObject({ asin: 'B0DEMO0020', status: ['BUYABLE', 'DISCOVERABLE'] });
    expect(item.issues).toEqual([]);
  });

  it('row 5: an external id the catalogue has (an EAN-13 of a UPC-coded item, compared as GTIN-14) → that ASIN', async () => {
    await put('MOUSE-2', 'KEYBOARDS', {
      ...fullProduct('Demo Wireless Mouse', 'Demo', undefined, 19.99),
      externally_assigned_product_identifier: [{ type: 'ean', value: '0086000100094', marketplace_id: US }],
    });
    expect((await applied('MOUSE-2')).summaries![0]!.asin).toBe('B0DEMO0020');
  });

  it('row 3: matched, but the brand contradicts the catalogue → 8541 naming the attribute', async () => {
    await put(
      'ACME-LOOKALIKE',
      'HEADPHONES',
      fullProduct('Acme Noise Cancelling Headphones', 'Demo', '012345678905'),
    );
    const item = await applied('ACME-LOOKALIKE');
    expect(codes(item.issues)).toEqual([['8541', 'brand']]);
    expect(item.summaries![0]!.asin).toBeUndefined();
    expect(item.summaries![0]!.status).toEqual([]);
  });

  it('row 2: a suggested ASIN with the barcode of another product → 8572', async () => {
    await put(
      'MIXED-UP',
      'HEADPHONES',
      {
        ...offerOnly('B0DEMO0001', 59.99),
        externally_assigned_product_identifier: [{ type: 'upc', value: '012345678905', marketplace_id: US }],
      },
      'LISTING_OFFER_ONLY',
    );
    expect(codes((await applied('MIXED-UP')).issues)).toEqual([
      ['8572', 'externally_assigned_product_identifier,merchant_suggested_asin'],
    ]);
  });

  it('row 4: a barcode that belongs to a product of another type → 8572', async () => {
    await put(
      'CABLE-AS-HEADPHONES',
      'HEADPHONES',
      fullProduct('Generic HDMI Cable 1 m', 'Generic', '036000291452'),
    );
    expect(codes((await applied('CABLE-AS-HEADPHONES')).issues)).toEqual([
      ['8572', 'externally_assigned_product_identifier'],
    ]);
  });

  it('row 7: no match, full facts, a registered brand and a valid GS1 code → a new ASIN after a delay', async () => {
    await put('HOODIE-GRY-S', 'SWEATSHIRT', {
      ...fullProduct('Demo Hoodie Grey S', 'Demo', '086000200213'),
      department: text('Unisex'),
    });
    const first = await applied('HOODIE-GRY-S');
    expect(first.summaries![0]!.asin).toBeUndefined();
    expect(first.issues).toEqual([]);
    env.advanceEmulatorClock(ASIN_CREATION);
    const later = await getListingsItem(env.client, 'HOODIE-GRY-S', { marketplaceIds: [US] });
    const asin = later.summaries![0]!.asin!;
    expect(asin).toMatch(/^B0[0-9A-F]{8}$/);
    const created = await getCatalogItem(env.client, asin, { includedData: ['summaries', 'identifiers'] });
    expect(created.summaries![0]).toMatchObject({ itemName: 'Demo Hoodie Grey S', brand: 'Demo' });
    expect(created.identifiers![0]!.identifiers).toEqual([
      { identifierType: 'UPC', identifier: '086000200213' },
    ]);
  });

  it('row 6: a parent needs no identifier → a new parent ASIN', async () => {
    const parent = {
      item_name: text('Demo Hoodie'),
      brand: text('Demo'),
      product_description: text('A hoodie'),
      item_package_weight: [{ value: 0.6, unit: 'kilograms', marketplace_id: US }],
      department: text('Unisex'),
      parentage_level: [{ value: 'parent', marketplace_id: US }],
      child_parent_sku_relationship: [{ child_relationship_type: 'variation', marketplace_id: US }],
      variation_theme: [{ name: 'SIZE_NAME/COLOR_NAME' }],
    };
    expect((await put('HOODIE', 'SWEATSHIRT', parent)).status).toBe('ACCEPTED');
    env.advanceEmulatorClock(APPLY + ASIN_CREATION);
    const item = await getListingsItem(env.client, 'HOODIE', {
      marketplaceIds: [US],
      includedData: ['summaries', 'relationships'],
    });
    expect(item.summaries![0]).toMatchObject({ status: ['DISCOVERABLE'] });
    expect(item.summaries![0]!.asin).toBeDefined();
    expect(item.relationships![0]!.relationships).toEqual([
      {
        type: 'VARIATION',
        childSkus: [],
        variationTheme: { attributes: ['size', 'color'], theme: 'SIZE_NAME/COLOR_NAME' },
      },
    ]);
  });

  it('row 8: no match and not eligible (an unregistered brand; an offer-only listing on an unknown ASIN) → 8566', async () => {
    await put('NOBRAND', 'HEADPHONES', fullProduct('Plain Headphones', 'Unbranded', '086000200220'));
    expect(codes((await applied('NOBRAND')).issues)).toEqual([
      ['8566', 'externally_assigned_product_identifier'],
    ]);
    await put('GHOST', 'HEADPHONES', offerOnly('B0NOSUCH00', 10), 'LISTING_OFFER_ONLY');
    expect(codes((await applied('GHOST')).issues)).toEqual([['8566', 'merchant_suggested_asin']]);
  });
});

describe('synchronous validation, as Amazon answers it', () => {
  it('lists every problem: required, enumeration, minimum count, unknown attribute', async () => {
    const attributes: Record<string, unknown> = {
      ...fullProduct('Demo Hoodie Navy M', 'Demo', '086000200251'),
      department: text('Unisex'),
      condition_type: [{ value: 'used_good', marketplace_id: US }],
      fulfillmentAvailability: [{ quantity: 1 }],
      purchasable_offer: [{ marketplace_id: US, currency: 'USD', audience: 'ALL', our_price: [] }],
    };
    delete attributes.brand;
    const result = await put('BAD-HOODIE', 'SWEATSHIRT', attributes);
    expect(result.status).toBe('INVALID');
    expect(codes(result.issues).sort()).toEqual(
      [
        ['90220', 'brand'],
        ['90244', 'condition_type'],
        ['99022', 'purchasable_offer'],
        ['90000900', 'fulfillmentAvailability'],
      ].sort(),
    );
    env.advanceEmulatorClock(APPLY);
    expect(env.exchanges.at(-1)!.status).toBe(200); // INVALID is a 200, as on Amazon
  });

  it('refuses a variation theme the product type does not allow, and a shipping template given by name', async () => {
    const child = {
      ...fullProduct('Demo Hoodie Navy S', 'Demo', '086000200244'),
      department: text('Unisex'),
      color: text('Navy'),
      size: text('S'),
      parentage_level: [{ value: 'child', marketplace_id: US }],
      child_parent_sku_relationship: [
        { child_relationship_type: 'variation', parent_sku: 'HOODIE', marketplace_id: US },
      ],
      variation_theme: [{ name: 'SIZE/COLOR/PATTERN' }],
      merchant_shipping_group: [{ value: 'Free Economy', marketplace_id: US }],
    };
    const result = await put('HOODIE-NVY-S', 'SWEATSHIRT', child);
    expect(codes(result.issues).sort()).toEqual([
      ['90244', 'merchant_shipping_group'],
      ['90244', 'variation_theme'],
    ]);
    const fixed = await put('HOODIE-NVY-S', 'SWEATSHIRT', {
      ...child,
      variation_theme: [{ name: 'SIZE_NAME/COLOR_NAME' }],
      merchant_shipping_group: [{ value: 'legacy-template-id', marketplace_id: US }],
    });
    expect(fixed.status).toBe('ACCEPTED');
  });

  it('4000003 for an unknown product type, 4000004 for products of type PRODUCT, offers on PRODUCT accepted', async () => {
    expect(
      codes((await put('X1', 'FLUX_CAPACITOR', offerOnly('B0DEMO0020', 5), 'LISTING_OFFER_ONLY')).issues),
    ).toEqual([['4000003', '']]);
    expect(codes((await put('X2', 'PRODUCT', fullProduct('Thing', 'Demo', '086000200268'))).issues)).toEqual([
      ['4000004', ''],
    ]);
    expect((await put('X3', 'PRODUCT', offerOnly('B0DEMO0020', 19.99), 'LISTING_OFFER_ONLY')).status).toBe(
      'ACCEPTED',
    );
  });
});
