/**
 * Listings Items through the client against the emulator: reads with every includedData, PUT / PATCH /
 * DELETE and their previews, selector-keyed PATCH semantics, eventual consistency (a read right after
 * ACCEPTED shows the old listing), the FBA → merchant-fulfilled flip a DEFAULT quantity causes, the price
 * checks, checkout prices from the listings, searchListingsItems with its 1,000-result ceiling, and a
 * write whose answer was lost.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteListingsItem,
  getListingsItem,
  patchListingsItem,
  putListingsItem,
} from '../../../src/amazon/listings/listingsItems.ts';
import {
  searchListingsItems,
  searchListingsItemsPages,
} from '../../../src/amazon/listings/searchListingsItems.ts';
import { CA, US, failure, startAmazonIntegration, type AmazonIntegration } from './kit.ts';
import { APPLY, offerOnly, price, simListing } from './listingsKit.ts';

let env: AmazonIntegration;
beforeEach(async () => {
  env = await startAmazonIntegration();
});
afterEach(async () => env?.finish());

const ALL_DATA = [
  'summaries',
  'attributes',
  'issues',
  'offers',
  'fulfillmentAvailability',
  'procurement',
  'relationships',
  'productTypes',
] as const;

describe('getListingsItem', () => {
  it('reads a seeded child with every includedData, and its parent with the children', async () => {
    const child = await getListingsItem(env.client, 'DEMO-TEE-BLK-S', {
      marketplaceIds: [US, CA],
      includedData: [...ALL_DATA],
    });
    expect(child.summaries).toHaveLength(2);
    expect(child.summaries![0]).toMatchObject({
      marketplaceId: US,
      asin: 'B0DEMO0009',
      productType: 'SHIRT',
      conditionType: 'new_new',
      status: ['BUYABLE', 'DISCOVERABLE'],
    });
    expect(child.offers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          marketplaceId: US,
          offerType: 'B2C',
          price: { currencyCode: 'USD', amount: '24.00' },
        }),
        expect.objectContaining({
          marketplaceId: US,
          offerType: 'B2B',
          price: { currencyCode: 'USD', amount: '22.80' },
        }),
        expect.objectContaining({
          marketplaceId: CA,
          offerType: 'B2C',
          price: { currencyCode: 'CAD', amount: '31.00' },
        }),
      ]),
    );
    expect(child.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'DEFAULT', quantity: 40 }]);
    expect(child.relationships![0]).toEqual({
      marketplaceId: US,
      relationships: [
        {
          type: 'VARIATION',
          parentSkus: ['DEMO-TEE'],
          variationTheme: { attributes: ['size', 'color'], theme: 'SIZE_NAME/COLOR_NAME' },
        },
      ],
    });
    expect(child.productTypes).toEqual([
      { marketplaceId: US, productType: 'SHIRT' },
      { marketplaceId: CA, productType: 'SHIRT' },
    ]);
    expect(child.attributes!.purchasable_offer).toHaveLength(4); // ALL and B2B in two marketplaces
    expect(child.issues).toEqual([]);

    const parent = await getListingsItem(env.client, 'DEMO-TEE', {
      includedData: ['summaries', 'relationships', 'offers'],
    });
    expect(parent.summaries![0]!.status).toEqual(['DISCOVERABLE']); // a parent is never buyable
    expect(parent.offers).toEqual([]);
    expect(parent.relationships![0]!.relationships[0]!.childSkus).toHaveLength(6);
  });

  it('answers 404 for a SKU the seller has not listed', async () => {
    const error = await failure(getListingsItem(env.client, 'T0200-HOODIE'));
    expect(error.context).toMatchObject({ status: 404, code: 'NotFound' });
  });
});

describe('submissions', () => {
  it('an ACCEPTED patch is not visible at once; the old value shows until it applies', async () => {
    const submitted = await patchListingsItem(env.client, 'DEMO-HP', {
      productType: 'HEADPHONES',
      patches: [
        {
          op: 'merge',
          path: '/attributes/purchasable_offer',
          value: [{ marketplace_id: US, currency: 'USD', audience: 'ALL', our_price: price(54.5) }],
        },
      ],
    });
    expect(submitted).toMatchObject({ sku: 'DEMO-HP', status: 'ACCEPTED', issues: [] });
    const before = await getListingsItem(env.client, 'DEMO-HP', {
      marketplaceIds: [US],
      includedData: ['offers'],
    });
    expect(before.offers!.find((o) => o.offerType === 'B2C')!.price.amount).toBe('59.99');
    expect((await simListing(env, 'DEMO-HP')).pendingSubmissions).toBe(1);

    env.advanceEmulatorClock(APPLY);
    const after = await getListingsItem(env.client, 'DEMO-HP', {
      marketplaceIds: [US],
      includedData: ['offers'],
    });
    expect(after.offers!.find((o) => o.offerType === 'B2C')!.price.amount).toBe('54.50');
    // Checkout charges the new price: an order placed after the change.
    const order = await env.sim('POST', '/_sim/orders', { items: [{ sku: 'DEMO-HP' }] }, 201);
    expect(order.order.items[0].unitPrice).toBe('54.50');
  });

  it('VALIDATION_PREVIEW answers VALID or INVALID and stores nothing', async () => {
    const put = await putListingsItem(
      env.client,
      'NEW-MOUSE',
      {
        productType: 'KEYBOARDS',
        requirements: 'LISTING_OFFER_ONLY',
        attributes: offerOnly('B0DEMO0020', 19.99),
      },
      { mode: 'VALIDATION_PREVIEW', includedData: ['issues', 'identifiers'] },
    );
    expect(put.status).toBe('VALID');
    const patch = await patchListingsItem(
      env.client,
      'DEMO-HP',
      {
        productType: 'HEADPHONES',
        patches: [
          {
            op: 'merge',
            path: '/attributes/fulfillment_availability',
            value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 1 }],
          },
        ],
      },
      { mode: 'VALIDATION_PREVIEW' },
    );
    expect(patch.status).toBe('VALID');
    env.advanceEmulatorClock(APPLY);
    expect((await failure(getListingsItem(env.client, 'NEW-MOUSE'))).context.status).toBe(404);
    expect((await simListing(env, 'DEMO-HP')).quantity).toBe(160);
  });

  it('PATCH merge and delete act per selector: B2B tiers added, then removed with null, then the B2B offer deleted', async () => {
    const patch = (patches: Parameters<typeof patchListingsItem>[2]['patches']) =>
      patchListingsItem(env.client, 'DEMO-HDMI', { productType: 'ELECTRONIC_CABLE', patches });
    const b2b = { marketplace_id: US, currency: 'USD', audience: 'B2B' };
    await patch([
      {
        op: 'merge',
        path: '/attributes/purchasable_offer',
        value: [
          {
            ...b2b,
            quantity_discount_plan: [
              { schedule: [{ discount_type: 'percent', levels: [{ lower_bound: 10, value: 10 }] }] },
            ],
          },
        ],
      },
    ]);
    env.advanceEmulatorClock(APPLY);
    let view = await simListing(env, 'DEMO-HDMI');
    expect(view).toMatchObject({
      price: 12.99,
      businessPrice: 12.34,
      businessTiers: { discountType: 'percent', levels: [{ lowerBound: 10, value: 10 }] },
    });
    // A business order of 10 cables is priced from the tier: 10 % off the business price.
    const order = await env.sim(
      'POST',
      '/_sim/orders',
      { items: [{ sku: 'DEMO-HDMI', quantity: 10 }], business: { companyName: 'Acme Corp' } },
      201,
    );
    expect(order.order.items[0].unitPrice).toBe('11.11');

    await patch([
      {
        op: 'merge',
        path: '/attributes/purchasable_offer',
        value: [{ ...b2b, quantity_discount_plan: null }],
      },
    ]);
    env.advanceEmulatorClock(APPLY);
    view = await simListing(env, 'DEMO-HDMI');
    expect(view).toMatchObject({ businessPrice: 12.34, businessTiers: null });

    await patch([{ op: 'delete', path: '/attributes/purchasable_offer', value: [b2b] }]);
    env.advanceEmulatorClock(APPLY);
    const item = await getListingsItem(env.client, 'DEMO-HDMI', {
      marketplaceIds: [US],
      includedData: ['attributes', 'offers'],
    });
    expect(item.offers!.map((o) => o.offerType)).toEqual(['B2C']);
    expect(item.attributes!.purchasable_offer).toEqual([
      { marketplace_id: US, currency: 'USD', audience: 'ALL', our_price: price(12.99) },
    ]);
  });

  it('a replace with matching selectors drops what it leaves out (the sale price); one without them adds', async () => {
    const offer = (extra: object) => [
      { marketplace_id: US, currency: 'USD', audience: 'ALL', our_price: price(89), ...extra },
    ];
    await patchListingsItem(env.client, 'DEMO-SPK', {
      productType: 'SPEAKERS',
      patches: [
        {
          op: 'replace',
          path: '/attributes/purchasable_offer',
          value: offer({
            discounted_price: [
              { schedule: [{ value_with_tax: 79, start_at: '2020-01-01', end_at: '2099-01-01' }] },
            ],
          }),
        },
      ],
    });
    env.advanceEmulatorClock(APPLY);
    expect(await simListing(env, 'DEMO-SPK')).toMatchObject({ price: 89, salePrice: 79 });
    await patchListingsItem(env.client, 'DEMO-SPK', {
      productType: 'SPEAKERS',
      patches: [{ op: 'replace', path: '/attributes/purchasable_offer', value: offer({}) }],
    });
    env.advanceEmulatorClock(APPLY);
    const view = await simListing(env, 'DEMO-SPK');
    expect(view).toMatchObject({ price: 89, salePrice: null, businessPrice: 84.55 }); // the B2B offer survived: other selectors
  });

  it('a DEFAULT quantity sent to an FBA listing makes it merchant-fulfilled, and the client can see the channel first', async () => {
    await patchListingsItem(env.client, 'DEMO-CAM', {
      productType: 'WEBCAM',
      patches: [
        {
          op: 'replace',
          path: '/attributes/fulfillment_availability',
          value: [{ fulfillment_channel_code: 'AMAZON_NA' }],
        },
      ],
    });
    env.advanceEmulatorClock(APPLY);
    const read = await getListingsItem(env.client, 'DEMO-CAM', {
      marketplaceIds: [US],
      includedData: ['fulfillmentAvailability', 'summaries'],
    });
    expect(read.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'AMAZON_NA' }]);
    expect(read.summaries![0]!.fnSku).toMatch(/^X00/);
    expect(await simListing(env, 'DEMO-CAM')).toMatchObject({ channel: 'AMAZON_NA', quantity: null });

    // Amazon does not refuse it: the stock push of a connector that forgot to check.
    const pushed = await patchListingsItem(env.client, 'DEMO-CAM', {
      productType: 'WEBCAM',
      patches: [
        {
          op: 'merge',
          path: '/attributes/fulfillment_availability',
          value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }],
        },
      ],
    });
    expect(pushed.status).toBe('ACCEPTED');
    env.advanceEmulatorClock(APPLY);
    expect(await simListing(env, 'DEMO-CAM')).toMatchObject({ channel: 'DEFAULT', quantity: 7 });
  });

  it('the quantity is one per SKU for the region: set in one marketplace, seen in both', async () => {
    await patchListingsItem(env.client, 'DEMO-KB', {
      productType: 'KEYBOARDS',
      patches: [
        {
          op: 'merge',
          path: '/attributes/fulfillment_availability',
          value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 3 }],
        },
      ],
    });
    env.advanceEmulatorClock(APPLY);
    expect((await simListing(env, 'DEMO-KB', US)).quantity).toBe(3);
    expect((await simListing(env, 'DEMO-KB', CA)).quantity).toBe(3);
  });

  it('a price far from the usual one is accepted but the offer is suppressed; one above the seller’s maximum deactivates it', async () => {
    await patchListingsItem(env.client, 'DEMO-CHG', {
      productType: 'CHARGING_ADAPTER',
      patches: [
        {
          op: 'merge',
          path: '/attributes/purchasable_offer',
          value: [{ marketplace_id: US, currency: 'USD', audience: 'ALL', our_price: price(2.95) }],
        },
      ],
    });
    env.advanceEmulatorClock(APPLY);
    const item = await getListingsItem(env.client, 'DEMO-CHG', {
      marketplaceIds: [US],
      includedData: ['issues', 'summaries', 'offers'],
    });
    expect(item.issues).toEqual([
      expect.objectContaining({
        code: 'POTENTIAL_PRICING_ERROR',
        attributeNames: ['purchasable_offer'],
        enforcements: { actions: [{ action: 'ATTRIBUTE_SUPPRESSED' }], exemption: { status: 'NOT_EXEMPT' } },
      }),
    ]);
    expect(item.summaries![0]!.status).toEqual(['DISCOVERABLE']);
    expect(item.offers!.some((o) => o.offerType === 'B2C')).toBe(false);

    await patchListingsItem(env.client, 'DEMO-CHG', {
      productType: 'CHARGING_ADAPTER',
      patches: [
        {
          op: 'replace',
          path: '/attributes/purchasable_offer',
          value: [
            {
              marketplace_id: US,
              currency: 'USD',
              audience: 'ALL',
              our_price: price(35),
              maximum_seller_allowed_price: price(30),
            },
          ],
        },
      ],
    });
    env.advanceEmulatorClock(APPLY);
    const bounded = await getListingsItem(env.client, 'DEMO-CHG', {
      marketplaceIds: [US],
      includedData: ['issues'],
    });
    expect(bounded.issues!.map((i) => i.code)).toEqual(['SELLER_PRICE_BOUNDS']);
  });

  it('DELETE removes the listing once it applies', async () => {
    const deleted = await deleteListingsItem(env.client, 'DEMO-GCH', { marketplaceId: CA });
    expect(deleted.status).toBe('ACCEPTED');
    env.advanceEmulatorClock(APPLY);
    expect(
      (await failure(getListingsItem(env.client, 'DEMO-GCH', { marketplaceIds: [CA] }))).context.status,
    ).toBe(404);
    expect((await getListingsItem(env.client, 'DEMO-GCH', { marketplaceIds: [US] })).summaries).toHaveLength(
      1,
    );
  });

  it('a patch whose answer was lost is not resent: outcome unknown, and the listing tells whether it landed', async () => {
    const path = '/listings/2021-08-01/items/A3DEMOSELLER01/DEMO-STAND';
    await env.fault({ kind: 'reset', when: 'after', pathPrefix: path, method: 'PATCH' });
    const error = await failure(
      patchListingsItem(env.client, 'DEMO-STAND', {
        productType: 'COMPUTER_STAND',
        patches: [
          {
            op: 'merge',
            path: '/attributes/fulfillment_availability',
            value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 11 }],
          },
        ],
      }),
    );
    expect(error.context).toMatchObject({
      operation: 'listings.patchListingsItem',
      outcomeUnknown: true,
      attempts: 1,
    });
    expect(env.arrived(path).filter((r) => r.method === 'PATCH')).toHaveLength(1);
    env.advanceEmulatorClock(APPLY);
    // Reconciled by reading: the quantity is there, so nothing is sent again.
    const read = await getListingsItem(env.client, 'DEMO-STAND', {
      marketplaceIds: [US],
      includedData: ['fulfillmentAvailability'],
    });
    expect(read.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'DEFAULT', quantity: 11 }]);
  });
});

describe('searchListingsItems', () => {
  it('finds by SKU, by variation parent and by status, and pages', async () => {
    const bySku = await searchListingsItems(env.client, {
      identifiers: ['DEMO-HP', 'DEMO-KB'],
      identifiersType: 'SKU',
      marketplaceIds: [US],
    });
    expect(bySku.items.map((i) => i.sku).sort()).toEqual(['DEMO-HP', 'DEMO-KB']);
    const byUpc = await searchListingsItems(env.client, {
      identifiers: ['086000100018'],
      identifiersType: 'UPC',
      marketplaceIds: [US],
    });
    expect(byUpc.numberOfResults).toBe(0); // the seed lists by ASIN, not by barcode
    const children = await searchListingsItems(env.client, {
      variationParentSku: 'DEMO-TEE',
      marketplaceIds: [US],
      pageSize: 4,
      sortBy: 'sku',
      sortOrder: 'ASC',
    });
    expect(children.numberOfResults).toBe(6);
    expect(children.items.map((i) => i.sku)).toEqual([
      'DEMO-TEE-BLK-L',
      'DEMO-TEE-BLK-M',
      'DEMO-TEE-BLK-S',
      'DEMO-TEE-WHT-L',
    ]);
    const rest = await searchListingsItems(env.client, {
      variationParentSku: 'DEMO-TEE',
      marketplaceIds: [US],
      pageSize: 4,
      sortBy: 'sku',
      sortOrder: 'ASC',
      pageToken: children.nextToken,
    });
    expect(rest.items.map((i) => i.sku)).toEqual(['DEMO-TEE-WHT-M', 'DEMO-TEE-WHT-S']);
    expect(rest.nextToken).toBeUndefined();
    const notBuyable = await searchListingsItems(env.client, {
      marketplaceIds: [US],
      withoutStatus: ['BUYABLE'],
      sortBy: 'sku',
      sortOrder: 'ASC',
    });
    expect(notBuyable.items.map((i) => i.sku)).toEqual(['DEMO-TEE', 'DEMO-TEE-WHT-M']); // the parent, and a child out of stock
  });

  it('pages through at most 1,000 results and says the rest is out of reach', async () => {
    const engine = env.emulator.listings;
    const sellerId = env.client.sellingPartnerId;
    env.emulator.context.tables.atomically(() => {
      for (let i = 0; i < 1_010; i++)
        engine.submit(
          sellerId,
          `BULK-${String(i).padStart(4, '0')}`,
          [US],
          {
            kind: 'put',
            productType: 'KEYBOARDS',
            requirements: 'LISTING_OFFER_ONLY',
            attributes: offerOnly('B0DEMO0020', 19.99),
          },
          { immediate: true },
        );
    });
    let pages = 0;
    let seen = 0;
    let last;
    for await (const page of searchListingsItemsPages(env.client, {
      marketplaceIds: [US],
      pageSize: 20,
      sortBy: 'sku',
      sortOrder: 'ASC',
    })) {
      pages++;
      seen += page.items.length;
      last = page;
    }
    expect(last!.numberOfResults).toBeGreaterThan(1_010);
    expect(seen).toBe(1_000);
    expect(pages).toBe(50);
    expect(last!.truncated).toBe(true);
  });
});
