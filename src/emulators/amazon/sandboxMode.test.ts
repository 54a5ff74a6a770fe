import { afterEach, describe, expect, it } from 'vitest';
import { startAmazonTestEmulator, type AmazonTestKit } from '../../../test/support/amazonEmulatorTestKit.ts';

let kit: AmazonTestKit;
afterEach(() => {
  kit.expectNoViolations();
  kit.close();
});

const CONFIRMATION = {
  marketplaceId: 'ATVPDKIKX0DER',
  packageDetail: {
    packageReferenceId: '1',
    carrierCode: 'FedEx',
    carrierName: 'FedEx',
    shippingMethod: 'FedEx Ground',
    trackingNumber: '112345678',
    shipDate: '2022-02-11T01:00:00.000Z',
    shipFromSupplySourceId: '057d3fcc-b750-419f-bbcd-4d340c60c430',
    orderItems: [{ orderItemId: '79039765272157', quantity: 1, transparencyCodes: ['09876543211234567890'] }],
  },
};

describe('static sandbox mode', () => {
  it("answers from the models' sandbox examples, behind the same token check", async () => {
    kit = startAmazonTestEmulator({ sandbox: true });
    const path = '/orders/v0/orders/902-1106328-1059050/shipmentConfirmation';
    expect((await kit.spApi(path, { method: 'POST', body: CONFIRMATION, token: null })).status).toBe(403);
    const ok = await kit.spApi(path, { method: 'POST', body: CONFIRMATION });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('x-amzn-RateLimit-Limit')).toBe('5');
    const search = await kit.spApi(
      '/orders/2026-01-01/orders?createdAfter=2024-12-20T00:00:00Z&marketplaceIds=A2Q3Y263D00KWC&includedData=BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,TAX,PAYMENT',
    );
    expect(search.status).toBe(200);
    expect(((await search.json()) as { orders: { orderId: string }[] }).orders[0]!.orderId).toBe(
      '171-2345678-9012345',
    );
    const order = await kit.spApi('/orders/2026-01-01/orders/TEST_CASE_400');
    expect(order.status).toBe(400);
    expect(kit.exchanges.map((e) => `${e.model}:${e.operationId}`)).toContain('orders_2026-01-01:getOrder');
  });

  it('answers 404 for a path no model declares, and applies the sandbox plan (burst 15)', async () => {
    kit = startAmazonTestEmulator({ sandbox: true });
    expect((await kit.spApi('/nothing/here')).status).toBe(404);
    const path = '/orders/2026-01-01/orders/TEST_CASE_400';
    for (let i = 0; i < 15; i++) expect((await kit.spApi(path)).status).toBe(400);
    expect((await kit.spApi(path)).status).toBe(429);
    kit.clock.advance(200);
    expect((await kit.spApi(path)).status).toBe(400);
  });

  it("replays the Feeds and Reports examples (Amazon's cloudfront URL, the model's ids)", async () => {
    kit = startAmazonTestEmulator({ sandbox: true });
    const doc = await kit.spApi('/feeds/2021-06-30/documents', {
      method: 'POST',
      body: { contentType: 'text/tab-separated-values; charset=UTF-8' },
    });
    expect(doc.status).toBe(201);
    expect(await doc.json()).toEqual({
      feedDocumentId: '3d4e42b5-1d6e-44e8-a89c-2abfca0625bb',
      url: 'https://d34o8swod1owfl.cloudfront.net/Feed_101__POST_PRODUCT_DATA_.xml',
    });
    expect((await kit.spApi('/feeds/2021-06-30/feeds/ID1', { method: 'DELETE' })).status).toBe(200);
    const report = await kit.spApi('/reports/2021-06-30/reports', {
      method: 'POST',
      body: {
        reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA',
        dataStartTime: '2024-03-10T20:11:24.000Z',
        marketplaceIds: ['A1PA6795UKMFR9', 'ATVPDKIKX0DER'],
      },
    });
    expect(report.status).toBe(202);
    expect(await report.json()).toEqual({ reportId: 'ID323' });
  });
});
