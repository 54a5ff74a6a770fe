/**
 * Amazon's official Selling Partner API SDK for JavaScript (generated from the same models) calls
 * getListingsItem and patchListingsItem, and createFeedDocument, createFeed, getFeed and getFeedDocument
 * (with the upload and download in between), against `connector emulate amazon --seed demo`: paths, parameters
 * and shapes must be what the SDK expects. The SDK fetches LWA tokens from Amazon's own host only, so the
 * test takes a token from the emulator's token endpoint and hands it to the SDK, as its
 * `applyXAmzAccessTokenToRequest` allows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, spawnCli, waitFor } from '../../support/cliTestKit.ts';
import { demoCatalogue } from '../../../src/demo/demoCatalogue.ts';

afterEach(() => killAll());

const US = 'ATVPDKIKX0DER';

/** The SDK's listings module, loosely typed: the package is plain JavaScript without typings for it. */
const SDK = '@amazon-sp-api-release/amazon-sp-api-sdk-js';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loadSdk = async (): Promise<any> =>
  ((await import(SDK)) as { ListingsitemsSpApi: unknown }).ListingsitemsSpApi;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loadFeedsSdk = async (): Promise<any> => ((await import(SDK)) as { FeedsSpApi: unknown }).FeedsSpApi;

async function emulator(): Promise<string> {
  // Time scale 3,000: an accepted submission applies after 0.1 s of real time.
  const child = spawnCli(['emulate', 'amazon', '--seed', 'demo', '--time-scale', '3000']);
  return waitFor('the emulator address', async () => {
    if (child.child.exitCode !== null) throw new Error(`emulate exited: ${child.stderr()}`);
    return /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(child.stdout())?.[1];
  });
}

async function accessToken(url: string): Promise<string> {
  const { lwa } = demoCatalogue().seller;
  const res = await fetch(`${url}/auth/o2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: lwa.refreshToken,
      client_id: lwa.clientId,
      client_secret: lwa.clientSecret,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe("Amazon's official JS SDK against the emulator", () => {
  it('reads a listing and patches its price', async () => {
    const [url, sdk] = await Promise.all([emulator(), loadSdk()]);
    const apiClient = new sdk.ApiClient(url);
    apiClient.applyXAmzAccessTokenToRequest(await accessToken(url));
    const listings = new sdk.ListingsApi(apiClient);
    const sellerId = demoCatalogue().seller.sellingPartnerId;

    const item = await listings.getListingsItem(sellerId, 'DEMO-HP', [US], {
      includedData: ['summaries', 'offers', 'attributes', 'fulfillmentAvailability'],
    });
    expect(item).toBeInstanceOf(sdk.Item);
    expect(item.sku).toBe('DEMO-HP');
    expect(item.summaries[0]).toBeInstanceOf(sdk.ItemSummaryByMarketplace);
    expect(item.summaries[0].asin).toBe('B0DEMO0001');
    expect(item.summaries[0].status).toEqual(['BUYABLE', 'DISCOVERABLE']);
    const b2c = item.offers.find((o: { offerType: string }) => o.offerType === 'B2C');
    expect(b2c.price).toMatchObject({ currencyCode: 'USD', amount: '59.99' });
    expect(item.fulfillmentAvailability[0].fulfillmentChannelCode).toBe('DEFAULT');
    expect(item.fulfillmentAvailability[0].quantity).toBeGreaterThan(0); // the demo seed's orders drew some

    const body = sdk.ListingsItemPatchRequest.constructFromObject({
      productType: 'HEADPHONES',
      patches: [
        {
          op: 'replace',
          path: '/attributes/purchasable_offer',
          value: [
            {
              marketplace_id: US,
              currency: 'USD',
              audience: 'ALL',
              our_price: [{ schedule: [{ value_with_tax: 55.55 }] }],
            },
          ],
        },
      ],
    });
    const submitted = await listings.patchListingsItem(sellerId, 'DEMO-HP', [US], body, {
      includedData: ['issues', 'identifiers'],
    });
    expect(submitted).toBeInstanceOf(sdk.ListingsItemSubmissionResponse);
    expect(submitted).toMatchObject({ sku: 'DEMO-HP', status: 'ACCEPTED', issues: [] });
    expect(submitted.identifiers[0]).toMatchObject({ marketplaceId: US, asin: 'B0DEMO0001' });

    const preview = await listings.patchListingsItem(
      sellerId,
      'DEMO-HP',
      [US],
      sdk.ListingsItemPatchRequest.constructFromObject({
        productType: 'HEADPHONES',
        patches: [
          {
            op: 'replace',
            path: '/attributes/condition_type',
            value: [{ value: 'like_new', marketplace_id: US }],
          },
        ],
      }),
      { mode: 'VALIDATION_PREVIEW' },
    );
    expect(preview.status).toBe('INVALID');
    expect(preview.issues[0]).toMatchObject({ code: '90244', attributeNames: ['condition_type'] });

    const price = await waitFor('the patch to apply', async () => {
      const read = await listings.getListingsItem(sellerId, 'DEMO-HP', [US], { includedData: ['offers'] });
      const amount = read.offers.find((o: { offerType: string }) => o.offerType === 'B2C')?.price.amount;
      return amount === '55.55' ? amount : undefined;
    });
    expect(price).toBe('55.55');
  });

  it('submits a JSON_LISTINGS_FEED and reads its processing report', async () => {
    const [url, sdk] = await Promise.all([emulator(), loadFeedsSdk()]);
    const apiClient = new sdk.ApiClient(url);
    apiClient.applyXAmzAccessTokenToRequest(await accessToken(url));
    const feeds = new sdk.FeedsApi(apiClient);
    const sellerId = demoCatalogue().seller.sellingPartnerId;
    const contentType = 'application/json; charset=UTF-8';

    const document = await feeds.createFeedDocument(
      sdk.CreateFeedDocumentSpecification.constructFromObject({ contentType }),
    );
    expect(document).toBeInstanceOf(sdk.CreateFeedDocumentResponse);
    const content = JSON.stringify({
      header: { sellerId, version: '2.0' },
      messages: [
        {
          messageId: 1,
          sku: 'DEMO-HP',
          operationType: 'PATCH',
          productType: 'HEADPHONES',
          patches: [
            {
              op: 'replace',
              path: '/attributes/fulfillment_availability',
              value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 42 }],
            },
          ],
        },
      ],
    });
    const upload = await fetch(document.url, {
      method: 'PUT',
      headers: { 'content-type': contentType },
      body: content,
    });
    expect(upload.status).toBe(200);

    const created = await feeds.createFeed(
      sdk.CreateFeedSpecification.constructFromObject({
        feedType: 'JSON_LISTINGS_FEED',
        marketplaceIds: [US],
        inputFeedDocumentId: document.feedDocumentId,
      }),
    );
    expect(created).toBeInstanceOf(sdk.CreateFeedResponse);
    const feed = await waitFor('the feed to be processed', async () => {
      const read = await feeds.getFeed(created.feedId);
      expect(read).toBeInstanceOf(sdk.Feed);
      return read.processingStatus === 'DONE' ? read : undefined;
    });
    const result = await feeds.getFeedDocument(feed.resultFeedDocumentId);
    expect(result).toBeInstanceOf(sdk.FeedDocument);
    const report = (await (await fetch(result.url)).json()) as { summary: Record<string, number> };
    expect(report.summary).toMatchObject({ messagesProcessed: 1, messagesAccepted: 1, messagesInvalid: 0 });
  });
});
