/**
 * Reading an Amazon order: payloads rendered by the Amazon emulator's own view (as searchOrders and
 * getOrder answer) for the realistic cases, hand-written ones for what the emulator never sends, and
 * malformed ones, which become readable problems instead of exceptions.
 */
import { describe, expect, it } from 'vitest';
import { demoCatalogue } from '../../../demo/demoCatalogue.ts';
import { INCLUDED_DATA } from '../../../emulators/amazon/orders/includedData.ts';
import type { StoredItem, StoredOrder } from '../../../emulators/amazon/orders/orderTypes.ts';
import { orderView } from '../../../emulators/amazon/orders/orderView.ts';
import { orderFacts, parseOrderPayload } from './orderFacts.ts';

const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
const catalogue = demoCatalogue();

function storedItem(overrides: Partial<StoredItem> = {}): StoredItem {
  return {
    orderItemId: '10001',
    sku: 'MUG-RED',
    asin: 'B0MUGRED01',
    title: 'Red mug',
    quantityOrdered: 2,
    quantityShipped: 0,
    unitPrice: 1999,
    businessPrice: false,
    shipping: 0,
    giftWrap: 0,
    discount: 0,
    itemTax: 0,
    shippingTax: 0,
    giftWrapTax: 0,
    ...overrides,
  };
}

function storedOrder(overrides: Partial<StoredOrder> = {}): StoredOrder {
  return {
    orderId: '113-0000001-0000001',
    seq: 1,
    sellerId: 'A1SELLER',
    marketplaceId: 'ATVPDKIKX0DER',
    currency: 'USD',
    createdTime: T0,
    lastUpdatedTime: T0 + 60_000,
    status: 'UNSHIPPED',
    fulfilledBy: 'MERCHANT',
    serviceLevel: 'STANDARD',
    prime: false,
    buyer: { name: 'Jane Doe', email: 'abc123@marketplace.amazon.com' },
    deliveryAddress: {
      name: 'Jane Doe',
      addressLine1: '1 Main St',
      addressLine2: 'Apt 5',
      city: 'Seattle',
      stateOrRegion: 'WA',
      postalCode: '98101',
      countryCode: 'US',
      phone: '+1 206 555 0100',
      addressType: 'RESIDENTIAL',
    },
    paymentMethod: 'CreditCard',
    paidTime: T0 + 30_000,
    items: [storedItem()],
    packages: [],
    ...overrides,
  };
}

/** An order payload read by the connector, which must find no problem in it. */
function factsOfRaw(raw: unknown) {
  const parsed = parseOrderPayload(raw);
  expect(parsed.problems).toEqual([]);
  return orderFacts(parsed.order!);
}

/** The order as the emulator answers it, through JSON like the wire, read back by the connector. */
function factsOfStored(order: StoredOrder) {
  const body = orderView(order, {
    include: new Set(INCLUDED_DATA),
    roles: { buyer: true, recipient: true },
    catalogue,
    now: T0 + 120_000,
  });
  return factsOfRaw(JSON.parse(JSON.stringify(body)));
}

describe('orderFacts: orders as Amazon renders them', () => {
  it('reads a paid business order with promotion, shipping, gift wrap and facilitator tax', () => {
    const facts = factsOfStored(
      storedOrder({
        prime: true,
        business: {
          companyName: 'ACME Corp',
          purchaseOrderNumber: 'PO-77',
          taxRegistration: {
            type: 'BUSINESS',
            number: '12-3456789',
            address: {
              addressLine1: '9 Corporate Way',
              city: 'Austin',
              postalCode: '73301',
              countryCode: 'US',
            },
          },
        },
        promotionId: 'PROMO-SPRING',
        giftWrap: { level: 'Classic', message: 'Happy birthday' },
        items: [
          storedItem({
            businessPrice: true,
            shipping: 499,
            giftWrap: 798,
            discount: 500,
            itemTax: 280,
            shippingTax: 40,
            giftWrapTax: 64,
          }),
          storedItem({
            orderItemId: '10002',
            sku: 'PLATE-BLUE',
            title: 'Blue plate',
            quantityOrdered: 1,
            unitPrice: 1500,
          }),
        ],
      }),
    );
    expect(facts).toMatchObject({
      orderId: '113-0000001-0000001',
      marketplaceId: 'ATVPDKIKX0DER',
      status: 'UNSHIPPED',
      fulfilledBy: 'MERCHANT',
      serviceLevel: 'STANDARD',
      createdTime: '2026-03-01T10:00:00Z',
      currency: 'USD',
      shipByLatest: '2026-03-03T23:59:59Z',
      deliverByLatest: '2026-03-08T23:59:59Z',
      isBusiness: true,
      isPrime: true,
      buyer: {
        name: 'Jane Doe',
        email: 'abc123@marketplace.amazon.com',
        companyName: 'ACME Corp',
        purchaseOrderNumber: 'PO-77',
      },
      deliveryAddress: {
        name: 'Jane Doe',
        lines: ['1 Main St', 'Apt 5'],
        city: 'Seattle',
        stateOrRegion: 'WA',
        postalCode: '98101',
        countryCode: 'US',
        phone: '+1 206 555 0100',
      },
      taxRegistration: {
        type: 'BUSINESS',
        number: '12-3456789',
        legalName: 'ACME Corp',
        address: { lines: ['9 Corporate Way'], city: 'Austin', postalCode: '73301', countryCode: 'US' },
      },
      // 2 × 19.99 + 4.99 shipping + 7.98 gift wrap − 5.00 discount + 3.84 tax, + 15.00
      payments: [{ method: 'CreditCard', amount: 66.79, currency: 'USD' }],
      grandTotal: 66.79,
      problems: [],
    });
    expect(facts.items).toEqual([
      {
        orderItemId: '10001',
        sku: 'MUG-RED',
        asin: 'B0MUGRED01',
        title: 'Red mug',
        quantityOrdered: 2,
        quantityShipped: 0,
        quantityUnshipped: 2,
        unitPrice: 19.99,
        discount: 5,
        shipping: 4.99,
        giftWrap: 7.98,
        tax: 3.84,
        marketplaceFacilitator: true,
        promotionIds: ['PROMO-SPRING'],
        cancellationRequested: undefined,
      },
      expect.objectContaining({ orderItemId: '10002', unitPrice: 15, discount: 0, quantityOrdered: 1 }),
    ]);
    expect(facts.cancellation).toBeUndefined();
  });

  it('reads a Pending order: no prices, payment or address yet, and nothing wrong with it', () => {
    const facts = factsOfStored(storedOrder({ status: 'PENDING', paidTime: undefined }));
    expect(facts).toMatchObject({ status: 'PENDING', currency: undefined, payments: [], problems: [] });
    expect(facts.deliveryAddress).toBeUndefined();
    expect(facts.items[0]).toMatchObject({ unitPrice: undefined, discount: 0, tax: 0 });
  });

  it('reads who cancelled a cancelled order, and why', () => {
    const facts = factsOfStored(
      storedOrder({ status: 'CANCELLED', cancellation: { by: 'MERCHANT', reason: 'NoInventory', time: T0 } }),
    );
    expect(facts.cancellation).toEqual({ by: 'MERCHANT', reason: 'NoInventory' });
    expect(facts.items[0]).toMatchObject({ quantityUnshipped: 0, cancellationRequested: undefined });
  });

  it('reads a buyer’s cancellation request on an item', () => {
    const facts = factsOfStored(
      storedOrder({ items: [storedItem({ cancelRequest: { reason: 'NoLongerNeeded', time: T0 } })] }),
    );
    expect(facts.items[0]!.cancellationRequested).toEqual({ reason: 'NoLongerNeeded' });
    expect(facts.cancellation).toBeUndefined();
  });

  it('reads shipped and unshipped quantities of a partly shipped order', () => {
    const facts = factsOfStored(
      storedOrder({
        status: 'PARTIALLY_SHIPPED',
        items: [storedItem({ quantityOrdered: 5, quantityShipped: 2 })],
      }),
    );
    expect(facts.items[0]).toMatchObject({ quantityShipped: 2, quantityUnshipped: 3 });
  });

  it('reads an Amazon-fulfilled order, which comes without buyer e-mail or phone', () => {
    const facts = factsOfStored(storedOrder({ fulfilledBy: 'AMAZON', status: 'SHIPPED' }));
    expect(facts.fulfilledBy).toBe('AMAZON');
    expect(facts.buyer.email).toBeUndefined();
    expect(facts.deliveryAddress?.phone).toBeUndefined();
  });

  it('reads a Canadian order in its own currency', () => {
    const facts = factsOfStored(storedOrder({ marketplaceId: 'A2EUQ1WTGCTBG2', currency: 'CAD' }));
    expect(facts).toMatchObject({ marketplaceId: 'A2EUQ1WTGCTBG2', currency: 'CAD' });
    expect(facts.items[0]!.marketplaceFacilitator).toBe(true);
  });
});

/** A minimal order payload as the API could send it, for what the emulator never does. */
function rawOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    orderId: '113-0000002-0000002',
    createdTime: '2026-03-01T10:00:00Z',
    lastUpdatedTime: '2026-03-01T11:00:00Z',
    salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER' },
    fulfillment: {
      fulfillmentStatus: 'UNSHIPPED',
      fulfilledBy: 'MERCHANT',
      fulfillmentServiceLevel: 'STANDARD',
    },
    orderItems: [
      {
        orderItemId: '20001',
        quantityOrdered: 1,
        product: { sellerSku: 'MUG-RED', price: { unitPrice: { amount: '10.00', currencyCode: 'USD' } } },
      },
    ],
    ...overrides,
  };
}

describe('orderFacts: what the emulator does not send', () => {
  it('keeps values Amazon added after this connector as they came', () => {
    const facts = factsOfRaw(
      rawOrder({
        programs: ['AMAZON_HAUL', 'PRIME'],
        fulfillment: { fulfillmentStatus: 'AWAITING_PICKUP', fulfilledBy: 'MERCHANT' },
        payment: {
          paymentExecutions: [
            { paymentMethod: 'PayLaterWallet', paymentAmount: { amount: '10.00', currencyCode: 'USD' } },
          ],
        },
      }),
    );
    expect(facts).toMatchObject({
      status: 'AWAITING_PICKUP',
      isPrime: true,
      isBusiness: false,
      problems: [],
    });
    expect(facts.payments).toEqual([{ method: 'PayLaterWallet', amount: 10, currency: 'USD' }]);
  });

  it('sums a proceeds category given in several entries, and reads a positive discount as a discount', () => {
    const [item] = factsOfRaw(
      rawOrder({
        orderItems: [
          {
            orderItemId: '20001',
            quantityOrdered: 1,
            product: { price: { unitPrice: { amount: '10.00', currencyCode: 'USD' } } },
            proceeds: {
              breakdowns: [
                { type: 'SHIPPING', subtotal: { amount: '0.10', currencyCode: 'USD' } },
                { type: 'SHIPPING', subtotal: { amount: '0.20', currencyCode: 'USD' } },
                { type: 'DISCOUNT', subtotal: { amount: '1.50', currencyCode: 'USD' } },
                { type: 'COD_FEE', subtotal: { amount: '2.00', currencyCode: 'USD' } },
              ],
            },
          },
        ],
      }),
    ).items;
    expect(item).toMatchObject({ shipping: 0.3, discount: 1.5, sku: undefined });
  });

  it('takes a shipping or gift-wrap promotion off that charge, the rest of a discount off the item', () => {
    const money = (amount: string) => ({ amount, currencyCode: 'USD' });
    const [item] = factsOfRaw(
      rawOrder({
        orderItems: [
          {
            orderItemId: '20002',
            quantityOrdered: 1,
            product: { price: { unitPrice: money('3.99') } },
            proceeds: {
              breakdowns: [
                { type: 'ITEM', subtotal: money('3.99') },
                { type: 'SHIPPING', subtotal: money('5.99') },
                { type: 'GIFT_WRAP', subtotal: money('2.00') },
                {
                  type: 'DISCOUNT',
                  subtotal: money('-7.49'),
                  detailedBreakdowns: [
                    { subtype: 'SHIPPING', value: money('-5.99') },
                    { subtype: 'GIFT_WRAP', value: money('-0.50') },
                    { subtype: 'ITEM', value: money('-1.00') },
                  ],
                },
              ],
            },
          },
        ],
      }),
    ).items;
    expect(item).toMatchObject({ shipping: 0, giftWrap: 1.5, discount: 1 });
  });

  it('prefers the buyer’s tax registration, and reads the order as business by its company', () => {
    const facts = factsOfRaw(
      rawOrder({
        buyer: { buyerCompanyName: 'Müller & Söhne KG' },
        tax: {
          taxRegistrations: [
            { entityType: 'SELLER', taxRegistrationNumber: 'SELLER-VAT' },
            {
              entityType: 'BUYER',
              taxRegistrationType: 'VAT',
              taxRegistrationNumber: 'DE123456789',
              legalName: 'Müller & Söhne KG',
            },
          ],
        },
      }),
    );
    expect(facts.isBusiness).toBe(true);
    expect(facts.taxRegistration).toEqual({
      type: 'VAT',
      number: 'DE123456789',
      legalName: 'Müller & Söhne KG',
      address: undefined,
    });
  });

  it('drops blank address lines and keeps the three lines in order', () => {
    const facts = factsOfRaw(
      rawOrder({
        recipient: {
          deliveryAddress: {
            addressLine1: ' 1 Rue de la Paix ',
            addressLine2: '',
            addressLine3: 'Bâtiment B',
            city: 'Paris',
            countryCode: 'FR',
          },
        },
      }),
    );
    expect(facts.deliveryAddress).toEqual({
      lines: ['1 Rue de la Paix', 'Bâtiment B'],
      city: 'Paris',
      countryCode: 'FR',
      name: undefined,
      companyName: undefined,
      districtOrCounty: undefined,
      stateOrRegion: undefined,
      postalCode: undefined,
      phone: undefined,
    });
  });

  it('turns an amount that is not a number into a problem naming where it is', () => {
    const facts = factsOfRaw(
      rawOrder({
        orderItems: [
          {
            orderItemId: '1',
            quantityOrdered: 1,
            product: { price: { unitPrice: { amount: '12,50', currencyCode: 'EUR' } } },
          },
        ],
      }),
    );
    expect(facts.items[0]!.unitPrice).toBeUndefined();
    expect(facts.problems).toEqual([
      expect.stringMatching(
        /^the order from Amazon has orderItems\[0\]\.product\.price\.unitPrice\.amount that is not a decimal amount: .*retry the record/,
      ),
    ]);
  });

  it('says what is missing: fulfilment data, marketplace, items', () => {
    const facts = factsOfRaw(
      rawOrder({ fulfillment: undefined, salesChannel: { channelName: 'AMAZON' }, orderItems: [] }),
    );
    expect(facts.problems).toEqual([
      expect.stringMatching(/came without its FULFILLMENT data/),
      expect.stringMatching(/has no salesChannel\.marketplaceId/),
      expect.stringMatching(/has no orderItems/),
    ]);
    expect(factsOfRaw(rawOrder({ fulfillment: { fulfillmentStatus: 'UNSHIPPED' } })).problems).toEqual([
      expect.stringMatching(/has no fulfillment\.fulfilledBy/),
    ]);
  });

  it('refuses an order in two currencies', () => {
    const facts = factsOfRaw(
      rawOrder({
        payment: { paymentExecutions: [{ paymentAmount: { amount: '10.00', currencyCode: 'CAD' } }] },
      }),
    );
    expect(facts.problems).toEqual([expect.stringMatching(/mixes currencies \(CAD, USD\)/)]);
  });
});

describe('parseOrderPayload', () => {
  it('accepts a good order', () => {
    expect(parseOrderPayload(rawOrder())).toMatchObject({
      order: { orderId: '113-0000002-0000002' },
      problems: [],
    });
  });

  it('names the missing field with its path', () => {
    const raw = rawOrder();
    const item = (raw.orderItems as Record<string, unknown>[])[0]!;
    raw.orderItems = [item, item, { ...item, orderItemId: undefined }];
    const { order, problems } = parseOrderPayload(raw);
    expect(order).toBeUndefined();
    expect(problems).toEqual([
      'the order from Amazon has no orderItems[2].orderItemId: retry the record once Amazon sends the order complete, and report it if it persists',
    ]);
  });

  it.each([
    { name: 'a wrong type', patch: { orderId: 42 }, says: 'has orderId of the wrong type (string expected)' },
    {
      name: 'a bad timestamp',
      patch: { createdTime: 'yesterday' },
      says: 'has createdTime that is not a valid datetime',
    },
    {
      name: 'a fractional quantity',
      patch: { orderItems: [{ orderItemId: '1', quantityOrdered: 1.5, product: {} }] },
      says: 'orderItems[0].quantityOrdered',
    },
  ])('describes $name', ({ patch, says }) => {
    expect(parseOrderPayload(rawOrder(patch)).problems[0]).toContain(says);
  });

  it.each([undefined, null, 42, 'order', []])('never throws, whatever was staged (%s)', (raw) => {
    const { order, problems } = parseOrderPayload(raw);
    expect(order).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/^the staged payload is not an Amazon order/)]);
  });

  it('never repeats a personal value in a problem', () => {
    const { problems } = parseOrderPayload(
      rawOrder({ recipient: { deliveryAddress: { name: ['Jane', 'Doe'], phone: 2065550100 } } }),
    );
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toContain('recipient.deliveryAddress.name');
    expect(problems.join('\n')).not.toMatch(/Jane|Doe|2065550100/);
  });

  it('sums up a payload with very many problems', () => {
    const items = Array.from({ length: 30 }, () => ({ quantityOrdered: 1, product: {} }));
    const { problems } = parseOrderPayload(rawOrder({ orderItems: items }));
    expect(problems).toHaveLength(11);
    expect(problems[10]).toBe('… and 20 more problems of the same order');
  });
});
