import { afterEach, describe, expect, it } from 'vitest';
import {
  startAmazonTestEmulator,
  type AmazonTestKit,
  type Json,
} from '../../../../test/support/amazonEmulatorTestKit.ts';

const ALL =
  'BUYER,RECIPIENT,PROCEEDS,EXPENSE,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES,TAX,PAYMENT,FULFILLMENT_ORDERS';
let kit: AmazonTestKit;

afterEach(() => {
  kit.expectNoViolations();
  kit.close();
});

async function place(spec: Record<string, unknown>): Promise<string> {
  const res = await kit.sim('POST', '/_sim/orders', spec);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.orderId as string;
}

async function getOrder(id: string, includedData = ALL): Promise<Json> {
  const res = await kit.spApi(`/orders/2026-01-01/orders/${id}?includedData=${includedData}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { order: unknown }).order;
}

const amount = (m: { amount: string }) => Math.round(Number(m.amount) * 100);

describe('getOrder', () => {
  it('answers 404 NotFound for an unknown order and 400 for a malformed id', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const missing = await kit.spApi('/orders/2026-01-01/orders/111-1234567-1234567');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-amzn-RateLimit-Limit')).toBe('0.5');
    expect(await missing.json()).toMatchObject({ errors: [{ code: 'NotFound' }] });
    const malformed = await kit.spApi('/orders/2026-01-01/orders/12345');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ errors: [{ code: 'InvalidInput' }] });
  });

  it('returns what searchOrders returns for the same order', async () => {
    kit = startAmazonTestEmulator();
    kit.clock.advance(200_000);
    const search = await kit.spApi(
      `/orders/2026-01-01/orders?createdAfter=2026-01-01T00:00:00Z&includedData=${ALL}`,
    );
    const { orders } = (await search.json()) as { orders: { orderId: string }[] };
    expect(orders.length).toBeGreaterThanOrEqual(9);
    for (const order of orders) expect(await getOrder(order.orderId)).toEqual(order);
  });

  it('shows a merchant-fulfilled order with proceeds that add up and tax collected by Amazon', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const id = await place({ items: [{ sku: 'DEMO-HP' }, { sku: 'DEMO-CHG', quantity: 2 }] });
    const order = await getOrder(id);
    expect(order.orderId).toMatch(/^\d{3}-\d{7}-\d{7}$/);
    expect(order.salesChannel).toEqual({
      channelName: 'AMAZON',
      marketplaceId: 'ATVPDKIKX0DER',
      marketplaceName: 'Amazon.com',
    });
    expect(order.fulfillment).toMatchObject({
      fulfillmentStatus: 'UNSHIPPED',
      fulfilledBy: 'MERCHANT',
      fulfillmentServiceLevel: 'STANDARD',
    });
    expect(order.orderItems.map((i: { orderItemId: string }) => i.orderItemId)).toEqual([
      expect.stringMatching(/^\d{14}$/),
      expect.stringMatching(/^\d{14}$/),
    ]);
    const [hp, charger] = order.orderItems;
    expect(hp.product.price.unitPrice).toEqual({ amount: '59.99', currencyCode: 'USD' });
    expect(charger.product.price.unitPrice).toEqual({ amount: '29.50', currencyCode: 'USD' });
    expect(charger.proceeds.breakdowns[0]).toEqual({
      type: 'ITEM',
      subtotal: { amount: '59.00', currencyCode: 'USD' },
    });
    const types = order.proceeds.breakdowns.map((b: { type: string }) => b.type);
    expect(types).toEqual(['ITEM', 'SHIPPING', 'TAX']);
    const sum = order.proceeds.breakdowns.reduce(
      (s: number, b: { subtotal: { amount: string } }) => s + amount(b.subtotal),
      0,
    );
    expect(amount(order.proceeds.grandTotal)).toBe(sum);
    const items = order.orderItems.reduce(
      (s: number, i: { proceeds: { proceedsTotal: { amount: string } } }) =>
        s + amount(i.proceeds.proceedsTotal),
      0,
    );
    expect(amount(order.proceeds.grandTotal)).toBe(items);
    expect(hp.tax.taxCollections).toEqual([
      { model: 'MARKETPLACE_FACILITATOR', responsibleParty: 'Amazon Services, Inc.' },
    ]);
    expect(order.payment.paymentExecutions).toEqual([
      { paymentMethod: 'CreditCard', paymentAmount: order.proceeds.grandTotal },
    ]);
    expect(order.buyer.buyerEmail).toMatch(/@marketplace\.amazon\.com$/);
    expect(order.recipient.deliveryAddress).toMatchObject({ countryCode: 'US', phone: expect.any(String) });
  });

  it('shows an Amazon Business order: program, company, PO number, tax registration, business price', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const id = await place({
      items: [{ sku: 'DEMO-KB', quantity: 10 }],
      business: {
        companyName: 'Contoso Ltd',
        purchaseOrderNumber: 'PO-77',
        taxRegistration: {
          type: 'BUSINESS',
          number: '12-3456789',
          address: {
            name: 'Contoso Ltd',
            addressLine1: '1 Main St',
            city: 'Redmond',
            stateOrRegion: 'WA',
            postalCode: '98052',
            countryCode: 'US',
          },
        },
      },
    });
    const order = await getOrder(id);
    expect(order.programs).toContain('AMAZON_BUSINESS');
    expect(order.buyer).toMatchObject({ buyerCompanyName: 'Contoso Ltd', buyerPurchaseOrderNumber: 'PO-77' });
    expect(order.tax.taxRegistrations).toEqual([
      expect.objectContaining({
        entityType: 'BUYER',
        legalName: 'Contoso Ltd',
        taxRegistrationType: 'BUSINESS',
        taxRegistrationNumber: '12-3456789',
        taxRegistrationAddress: expect.objectContaining({ city: 'Redmond' }),
      }),
    ]);
    expect(order.orderItems[0].product.price).toEqual({
      unitPrice: { amount: '122.55', currencyCode: 'USD' },
      priceDesignation: 'BUSINESS_PRICE',
    });
    expect(order.payment.paymentExecutions[0].paymentMethod).toBe('Invoice');
  });

  it('shows gift wrap, a promotion and paid shipping in the proceeds', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const id = await place({
      items: [{ sku: 'DEMO-SPK', quantity: 2 }],
      serviceLevel: 'EXPEDITED',
      giftWrap: { message: 'For you', level: 'Deluxe' },
      promotion: { id: 'PROMO-5', discount: 5 },
    });
    const order = await getOrder(id);
    const item = order.orderItems[0];
    const byType = Object.fromEntries(
      item.proceeds.breakdowns.map((b: { type: string; subtotal: { amount: string } }) => [
        b.type,
        b.subtotal.amount,
      ]),
    );
    expect(byType).toMatchObject({ ITEM: '178.00', SHIPPING: '9.99', GIFT_WRAP: '7.98', DISCOUNT: '-5.00' });
    expect(
      item.proceeds.breakdowns
        .find((b: { type: string }) => b.type === 'TAX')
        .detailedBreakdowns.map((d: { subtype: string }) => d.subtype),
    ).toEqual(['ITEM', 'SHIPPING', 'GIFT_WRAP']);
    expect(item.promotion).toEqual({ breakdowns: [{ promotionId: 'PROMO-5' }] });
    expect(item.fulfillment.packing.giftOption).toEqual({ giftMessage: 'For you', giftWrapLevel: 'Deluxe' });
    expect(order.fulfillment.fulfillmentServiceLevel).toBe('EXPEDITED');
  });

  it('shows an FBA order: Prime, no buyer e-mail or phone, shipped by Amazon without seller packages', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const id = await place({ items: [{ sku: 'DEMO-CHG' }], fulfilledBy: 'AMAZON' });
    let order = await getOrder(id);
    expect(order.programs).toEqual(['PRIME']);
    expect(order.fulfillment.fulfilledBy).toBe('AMAZON');
    expect(order.buyer.buyerEmail).toBeUndefined();
    expect(order.recipient.deliveryAddress.phone).toBeUndefined();
    expect(order.proceeds.breakdowns.map((b: { type: string }) => b.type)).not.toContain('SHIPPING');
    expect((await kit.sim('POST', `/_sim/orders/${id}/ship`)).status).toBe(200);
    order = await getOrder(id);
    expect(order.fulfillment.fulfillmentStatus).toBe('SHIPPED');
    expect(order.orderItems[0].fulfillment).toMatchObject({ quantityFulfilled: 1, quantityUnfulfilled: 0 });
    expect(order.packages).toBeUndefined();
  });

  it('withholds prices, tax, payment and the address while the order is Pending', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const id = await place({
      items: [{ sku: 'DEMO-HP' }],
      paid: false,
      giftWrap: true,
      promotion: { id: 'P', discount: 1 },
    });
    let order = await getOrder(id);
    expect(order.fulfillment.fulfillmentStatus).toBe('PENDING');
    for (const key of ['proceeds', 'payment', 'recipient']) expect(order).not.toHaveProperty(key);
    const item = order.orderItems[0];
    for (const key of ['proceeds', 'tax', 'promotion']) expect(item).not.toHaveProperty(key);
    expect(item.product.price).toBeUndefined();
    expect(item.fulfillment.packing).toBeUndefined();
    await kit.sim('POST', `/_sim/orders/${id}/pay`);
    order = await getOrder(id);
    expect(order.fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
    expect(order.orderItems[0].product.price.unitPrice.amount).toBe('59.99');
    expect(order).toHaveProperty('recipient.deliveryAddress.addressLine1');
  });

  it('withholds buyer and recipient personal data without the roles', async () => {
    kit = startAmazonTestEmulator({ seed: 'none', roles: { buyer: false, recipient: false } });
    const id = await place({ items: [{ sku: 'DEMO-HP' }] });
    const order = await getOrder(id);
    expect(order.buyer).toBeUndefined();
    expect(order.recipient.deliveryAddress).toEqual({
      city: 'Austin',
      stateOrRegion: 'TX',
      postalCode: '78701',
      countryCode: 'US',
    });
  });

  it('uses the Canadian marketplace currency and tax collector', async () => {
    kit = startAmazonTestEmulator({ seed: 'none' });
    const id = await place({ marketplaceId: 'A2EUQ1WTGCTBG2', items: [{ sku: 'DEMO-HP' }] });
    const order = await getOrder(id);
    expect(order.orderId).toMatch(/^70[12]-/);
    expect(order.proceeds.grandTotal.currencyCode).toBe('CAD');
    expect(order.orderItems[0].product.price.unitPrice.amount).toBe('79.99');
    expect(order.orderItems[0].tax.taxCollections[0].responsibleParty).toBe('Amazon.com.ca ULC');
    expect(order.recipient.deliveryAddress.countryCode).toBe('CA');
  });
});
