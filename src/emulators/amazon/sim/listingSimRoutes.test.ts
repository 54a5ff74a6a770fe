/**
 * `/_sim/` for listings: the view of the real state per SKU and marketplace (seeded through the engine:
 * ASINs, channel, prices, B2B price, quantity, parentage), a suppression and an added issue that the
 * Listings Items API then reports, a product type's version bump, and the hoodie and A0009 left unlisted.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startAmazonTestEmulator,
  type AmazonTestKit,
  type Json,
} from '../../../../test/support/amazonEmulatorTestKit.ts';

let kit: AmazonTestKit;
afterEach(() => {
  kit?.expectNoViolations();
  kit?.close();
});

const US = 'ATVPDKIKX0DER';
const view = async (sku: string, marketplaceId = US) =>
  ((await kit.sim('GET', `/_sim/listings?marketplaceId=${marketplaceId}`)).body.listings as Json[]).find(
    (l) => l.sku === sku,
  );

describe('/_sim/listings', () => {
  it('shows the seeded state per SKU and marketplace, parents and children included, new items unlisted', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    expect(await view('DEMO-HP')).toMatchObject({
      asin: 'B0DEMO0001',
      productType: 'HEADPHONES',
      channel: 'DEFAULT',
      status: ['BUYABLE', 'DISCOVERABLE'],
      price: 59.99,
      salePrice: null,
      businessPrice: 56.99,
      quantity: 160,
      issues: [],
      parentage: null,
    });
    expect(await view('DEMO-TEE')).toMatchObject({
      asin: 'B0DEMOP100',
      parentage: { level: 'parent', variationTheme: 'SIZE_NAME/COLOR_NAME' },
      status: ['DISCOVERABLE'],
    });
    expect(await view('DEMO-TEE-WHT-M')).toMatchObject({
      parentage: { level: 'child', parentSku: 'DEMO-TEE' },
      quantity: 0,
      status: ['DISCOVERABLE'],
    });
    expect(await view('DEMO-DESK-BUNDLE')).toMatchObject({
      asin: 'B0DEMOB001',
      productType: 'OFFICE_PRODUCTS',
    });
    const skus = ((await kit.sim('GET', '/_sim/listings')).body.listings as Json[]).map((l) => l.sku);
    expect(skus.some((s) => s.includes('HOODIE') || s === 'A0009')).toBe(false);
  });

  it('suppresses a listing and adds an issue that getListingsItem reports', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const suppressed = await kit.sim('POST', '/_sim/listings/suppress', {
      marketplaceId: US,
      sku: 'DEMO-KB',
    });
    expect(suppressed.body.status).toEqual([]);
    const added = await kit.sim('POST', '/_sim/listings/issues', {
      marketplaceId: US,
      sku: 'DEMO-SPK',
      code: '18027',
      message: 'Restricted product',
      attributeNames: ['item_name'],
      enforcement: 'SEARCH_SUPPRESSED',
    });
    expect(added.status).toBe(201);
    expect(added.body.status).toEqual([]);
    const read = (await (
      await kit.spApi(
        `/listings/2021-08-01/items/A3DEMOSELLER01/DEMO-SPK?marketplaceIds=${US}&includedData=issues,summaries`,
      )
    ).json()) as Json;
    expect(read.issues).toEqual([
      {
        code: '18027',
        message: 'Restricted product',
        severity: 'ERROR',
        attributeNames: ['item_name'],
        categories: [],
        enforcements: { actions: [{ action: 'SEARCH_SUPPRESSED' }], exemption: { status: 'NOT_EXEMPT' } },
        marketplaceIds: [US],
      },
    ]);
    expect(
      (await kit.sim('POST', '/_sim/listings/suppress', { marketplaceId: US, sku: 'NOPE' })).status,
    ).toBe(404);
  });

  it('bumps a product type’s version, changing its schema checksum', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const definition = async () =>
      (await (
        await kit.spApi(`/definitions/2020-09-01/productTypes/SHIRT?marketplaceIds=${US}`)
      ).json()) as Json;
    const before = await definition();
    const bumped = await kit.sim('POST', '/_sim/productTypes/SHIRT/version');
    const after = await definition();
    expect(after.productTypeVersion.version).toBe(bumped.body.version);
    expect(after.productTypeVersion.version).not.toBe(before.productTypeVersion.version);
    expect(after.schema.checksum).not.toBe(before.schema.checksum);
    // The link serves the document whose Base64 MD5 is the checksum, without an access token.
    const res = await kit.emulator.app.request(new URL(after.schema.link.resource).pathname);
    const text = await res.text();
    expect(createHash('md5').update(text).digest('base64')).toBe(after.schema.checksum);
    expect(JSON.parse(text).$comment).toContain(bumped.body.version);
    expect((await kit.sim('POST', '/_sim/productTypes/NOPE/version')).status).toBe(404);
  });
});
