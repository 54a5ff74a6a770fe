/**
 * Product Type Definitions and Catalog Items through the client against the emulator: searching and
 * reading definitions (parents and children get different schemas; `sellerId` brings the seller's
 * shipping templates), the schema downloaded once, checked against its checksum and reused until Amazon
 * names a new version, the client's validator agreeing with the emulator's issues for the same attributes,
 * and catalogue searches by barcode that find and miss.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCatalogItem, searchCatalogItems } from '../../../src/amazon/catalog/catalogItems.ts';
import { putListingsItem, patchListingsItem } from '../../../src/amazon/listings/listingsItems.ts';
import { createListingValidator } from '../../../src/amazon/productTypes/listingValidator.ts';
import {
  getDefinitionsProductType,
  searchDefinitionsProductTypes,
} from '../../../src/amazon/productTypes/productTypeDefinitions.ts';
import { getProductTypeSchema } from '../../../src/amazon/productTypes/productTypeSchemas.ts';
import { US, failure, startAmazonIntegration, type AmazonIntegration, type Json } from './kit.ts';
import { fullProduct, price, text } from './listingsKit.ts';

let env: AmazonIntegration;
beforeEach(async () => {
  env = await startAmazonIntegration();
});
afterEach(async () => env?.finish());

describe('Product Type Definitions', () => {
  it('finds product types by keywords and by item name', async () => {
    const byKeyword = await searchDefinitionsProductTypes(env.client, { keywords: ['hoodie'] });
    expect(byKeyword.productTypes.map((t) => t.name)).toEqual(['SWEATSHIRT']);
    const byName = await searchDefinitionsProductTypes(env.client, { itemName: 'Demo Bluetooth Speaker' });
    expect(byName.productTypes.map((t) => t.name)).toContain('SPEAKERS');
  });

  it('gives parents and children different schemas, and the seller’s shipping templates with a sellerId', async () => {
    const schemaOf = async (params: Parameters<typeof getProductTypeSchema>[2]) =>
      (await getProductTypeSchema(env.client, 'SWEATSHIRT', params)).schema as Json;
    const parent = await schemaOf({ parentageLevel: 'PARENT' });
    const child = await schemaOf({ parentageLevel: 'CHILD' });
    expect(parent.properties.merchant_suggested_asin).toBeUndefined();
    expect(parent.properties.purchasable_offer).toBeUndefined();
    expect(parent.required).toEqual(expect.arrayContaining(['parentage_level', 'variation_theme']));
    expect(child.required).toEqual(expect.arrayContaining(['child_parent_sku_relationship']));
    expect(child.properties.variation_theme.items.properties.name.enum).toContain('SIZE_NAME/COLOR_NAME');

    const withSeller = await schemaOf({});
    const anonymous = await schemaOf({ sellerId: null });
    const group = (s: Json) => s.properties.merchant_shipping_group.items.properties.value;
    expect(group(withSeller).enum).toEqual(['legacy-template-id', '5b1e2f3a-8c9d-4e0f-a1b2-c3d4e5f60718']);
    expect(group(withSeller).enumNames).toEqual(['Migrated Template', 'Free Economy']);
    expect(group(anonymous).enum).toBeUndefined();

    const offerOnly = await getDefinitionsProductType(env.client, 'SWEATSHIRT', {
      requirements: 'LISTING_OFFER_ONLY',
      requirementsEnforced: 'NOT_ENFORCED',
    });
    expect(offerOnly).toMatchObject({
      requirements: 'LISTING_OFFER_ONLY',
      requirementsEnforced: 'NOT_ENFORCED',
      productType: 'SWEATSHIRT',
    });
    expect(Object.keys(offerOnly.propertyGroups)).toEqual(['product_identity', 'offer']);
  });

  it('downloads a schema once, reuses it while the checksum stands, and again after a new version', async () => {
    const first = await getProductTypeSchema(env.client, 'HEADPHONES', {});
    expect(first.downloaded).toBe(true);
    const again = await getProductTypeSchema(env.client, 'HEADPHONES', {});
    expect(again).toMatchObject({ downloaded: false, checksum: first.checksum });
    expect(again.schema).toEqual(first.schema);

    const bumped = await env.sim('POST', '/_sim/productTypes/HEADPHONES/version');
    const newer = await getProductTypeSchema(env.client, 'HEADPHONES', {});
    expect(newer.downloaded).toBe(true);
    expect(newer.checksum).not.toBe(first.checksum);
    expect(newer.definition.productTypeVersion.version).toBe(bumped.version);
    // Asked for by its version id, the current version is served; a retired one is refused.
    await getDefinitionsProductType(env.client, 'HEADPHONES', { productTypeVersion: bumped.version });
    expect(
      (
        await failure(
          getDefinitionsProductType(env.client, 'HEADPHONES', {
            productTypeVersion: first.definition.productTypeVersion.version,
          }),
        )
      ).context.status,
    ).toBe(400);
  });

  it('refuses a document that does not match its checksum, and caches nothing', async () => {
    const definition = await getDefinitionsProductType(env.client, 'WEBCAM');
    const store = env.client.productTypeSchemas;
    const original = env.client.download.bind(env.client);
    const client = { ...env.client, download: async (url: string) => `${await original(url)} ` };
    const error = await failure(getProductTypeSchema(client, 'WEBCAM', {}));
    expect(error.message).toMatch(/does not match its checksum/);
    expect(await store.get(definition.schema.checksum)).toBeUndefined();
  });

  it('the validator finds what the emulator refuses, attribute by attribute', async () => {
    const validator = createListingValidator();
    const { schema } = await getProductTypeSchema(env.client, 'SWEATSHIRT', {});
    const attributes: Record<string, unknown> = {
      ...fullProduct('Demo Hoodie Grey M', 'Demo', '086000200237'),
      department: text('Unisex'),
      condition_type: [{ value: 'collectible_good', marketplace_id: US }],
      item_package_weight: [{ value: -1, unit: 'stones', marketplace_id: US }],
      bullet_point: [{ value: 'x'.repeat(501), language_tag: 'en_US', marketplace_id: US }],
      purchasable_offer: [
        {
          marketplace_id: US,
          currency: 'USD',
          audience: 'B2B',
          our_price: price(40),
          discounted_price: [
            { schedule: [{ value_with_tax: 30, start_at: '2026-01-01', end_at: '2026-02-01' }] },
          ],
        },
      ],
      color: [
        { value: 'Grey', language_tag: 'en_US', marketplace_id: US },
        { value: 'Gray', language_tag: 'en_US', marketplace_id: US },
      ],
      fulfillment_availability: [{ fulfillment_channel_code: 'AMAZON_NA', quantity: 3 }],
      colour: text('Grey'),
    };
    delete attributes.item_name;
    const findings = validator.validate(schema, attributes).filter((f) => f.severity === 'error');
    const preview = await putListingsItem(
      env.client,
      'HOODIE-GRY-M',
      { productType: 'SWEATSHIRT', attributes },
      { mode: 'VALIDATION_PREVIEW' },
    );
    expect(preview.status).toBe('INVALID');
    const ours = [...new Set(findings.map((f) => f.attribute))].sort();
    const amazons = [...new Set(preview.issues!.flatMap((i) => i.attributeNames ?? []))].sort();
    expect(ours).toEqual(amazons);
    expect(ours).toEqual([
      'bullet_point',
      'color',
      'colour',
      'condition_type',
      'fulfillment_availability',
      'item_name',
      'item_package_weight',
      'purchasable_offer',
    ]);
    expect(findings.find((f) => f.attribute === 'item_package_weight')!.path).toMatch(
      /^\/item_package_weight\/0\//,
    );

    // Given the schema, the client refuses before sending, listing every problem with its path.
    const before = env.requests.length;
    const refused = await failure(
      putListingsItem(
        env.client,
        'HOODIE-GRY-M',
        { productType: 'SWEATSHIRT', attributes },
        { validateWith: { validator, schema } },
      ),
    );
    expect(refused.kind).toBe('data');
    expect(refused.context.problems).toHaveLength(findings.length);
    expect(env.requests.length).toBe(before);
  });

  it('checks a PATCH against the NOT_ENFORCED schema: a price-only patch passes, a wrong value does not', async () => {
    const validator = createListingValidator();
    const { schema } = await getProductTypeSchema(env.client, 'HEADPHONES', {
      requirementsEnforced: 'NOT_ENFORCED',
    });
    const offer = (our: unknown) => [
      {
        marketplace_id: US,
        currency: 'USD',
        audience: 'ALL',
        our_price: [{ schedule: [{ value_with_tax: our }] }],
      },
    ];
    const ok = await patchListingsItem(
      env.client,
      'DEMO-HP',
      {
        productType: 'HEADPHONES',
        patches: [{ op: 'merge', path: '/attributes/purchasable_offer', value: offer(57) }],
      },
      { validateWith: { validator, schema } },
    );
    expect(ok.status).toBe('ACCEPTED');
    const refused = await failure(
      patchListingsItem(
        env.client,
        'DEMO-HP',
        {
          productType: 'HEADPHONES',
          patches: [{ op: 'merge', path: '/attributes/purchasable_offer', value: offer('57') }],
        },
        { validateWith: { validator, schema } },
      ),
    );
    expect(refused.context.problems).toEqual([
      '/purchasable_offer/0/our_price/0/schedule/0/value_with_tax: must be number',
    ]);
  });
});

describe('Catalog Items', () => {
  it('finds by barcode (UPC as EAN, GTIN-14), misses an unknown one, and reads one item', async () => {
    const found = await searchCatalogItems(env.client, {
      identifiers: ['0086000100094', '012345678905', '0000000000000'],
      identifiersType: 'EAN',
      includedData: ['identifiers', 'summaries', 'productTypes', 'relationships'],
    });
    expect(found.items.map((i) => i.asin).sort()).toEqual(['B0ACME0001', 'B0DEMO0020']);
    const acme = found.items.find((i) => i.asin === 'B0ACME0001')!;
    expect(acme.summaries![0]).toMatchObject({ brand: 'Acme', itemClassification: 'BASE_PRODUCT' });
    expect(acme.productTypes).toEqual([{ marketplaceId: US, productType: 'HEADPHONES' }]);

    const child = await getCatalogItem(env.client, 'B0DEMO0009', {
      includedData: ['relationships', 'summaries'],
    });
    expect(child.relationships![0]!.relationships[0]).toMatchObject({
      type: 'VARIATION',
      parentAsins: ['B0DEMOP100'],
    });
    const parent = await getCatalogItem(env.client, 'B0DEMOP100', {
      includedData: ['relationships', 'summaries'],
    });
    expect(parent.summaries![0]!.itemClassification).toBe('VARIATION_PARENT');
    expect(parent.relationships![0]!.relationships[0]!.childAsins).toHaveLength(6);

    const bySku = await searchCatalogItems(env.client, { identifiers: ['DEMO-KB'], identifiersType: 'SKU' });
    expect(bySku.items.map((i) => i.asin)).toEqual(['B0DEMO0006']);
    const byWords = await searchCatalogItems(env.client, { keywords: ['hdmi'] });
    expect(byWords.items.map((i) => i.asin).sort()).toEqual(['B0DEMO0005', 'B0DEMOB001', 'B0GENR0003']); // the bundle includes a cable

    expect((await failure(getCatalogItem(env.client, 'B0NOSUCH00'))).context.status).toBe(404);
  });

  it('refuses more than 20 identifiers, or identifiers with keywords, before sending', async () => {
    const many = Array.from({ length: 21 }, (_, i) => String(i).padStart(12, '0'));
    expect(
      (await failure(searchCatalogItems(env.client, { identifiers: many, identifiersType: 'UPC' }))).kind,
    ).toBe('config');
    expect(
      (
        await failure(
          searchCatalogItems(env.client, { identifiers: ['1'], identifiersType: 'UPC', keywords: ['x'] }),
        )
      ).kind,
    ).toBe('config');
    expect(env.requests).toHaveLength(0);
  });
});
