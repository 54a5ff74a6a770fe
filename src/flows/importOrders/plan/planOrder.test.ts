/**
 * The planner's decisions: gates (wait, skip, attention), the order header, customers, and the rule
 * that an order needing attention lists every problem at once, each saying what to fix and where.
 * Lines, bundles and charges are in planLines.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { planOrder } from './planOrder.ts';
import {
  anItem,
  anOrder,
  CA,
  fakeKeyOf,
  fakeLookups,
  someInput,
  someMappings,
  someProfile,
  someSettings,
  US,
} from '../../../../test/support/planTestKit.ts';
import type { OrderFacts } from '../intake/facts.ts';
import type { PlanInput } from './planInput.ts';
import type { SalesOrderDraft } from './drafts.ts';
import type { OrderDecision } from './decisions.ts';

function created(decision: OrderDecision): { draft: SalesOrderDraft; notes: string[] } {
  if (decision.kind !== 'create') throw new Error(`expected create, got ${JSON.stringify(decision)}`);
  return decision;
}
function problemsOf(decision: OrderDecision): string[] {
  if (decision.kind !== 'attention') throw new Error(`expected attention, got ${JSON.stringify(decision)}`);
  return decision.problems;
}
const plan = (facts: Partial<OrderFacts> = {}, input: Partial<PlanInput> = {}) =>
  planOrder(anOrder(facts), someInput(input));

describe('planOrder: a plain merchant order', () => {
  it('becomes a sales order with every header field filled from Amazon, settings and mappings', () => {
    const { draft, notes } = created(plan());
    expect(draft).toMatchObject({
      orderId: '113-1234567-1234567',
      company: 'usmf',
      customer: { kind: 'account', account: 'AMZ-US' },
      currency: 'USD',
      requestedShipDate: '2026-03-03',
      requestedReceiptDate: '2026-03-08',
      deliveryMode: 'STD',
      paymentMethod: 'CARD',
      site: '1',
      warehouse: '11',
      deliveryAddress: { city: 'Seattle', lines: ['1 Main St'] },
    });
    expect(draft.salesOrderNumber).toBeUndefined();
    expect(draft.salesTaxGroup).toBeUndefined();
    expect(draft.lines).toHaveLength(1);
    expect(draft.summary).toEqual({
      marketplaceId: US,
      amazonStatus: 'UNSHIPPED',
      fulfilledBy: 'MERCHANT',
      currency: 'USD',
      total: 20,
      lines: 1,
      payment: [{ method: 'CreditCard', d365Method: 'CARD', amount: 20 }],
      deliveryMode: 'STD',
      business: false,
    });
    expect(notes).toEqual([]);
  });

  it('keeps personal data out of the summary and the notes', () => {
    const decision = created(
      plan({ status: 'SHIPPED', items: [anItem({ cancellationRequested: { reason: 'changed mind' } })] }),
    );
    const visible = JSON.stringify([decision.draft.summary, decision.notes]);
    for (const personal of ['Jane', 'Doe', 'Main St', 'Seattle', '98101', '555', 'marketplace.amazon.com'])
      expect(visible).not.toContain(personal);
  });
});

describe('planOrder: gates', () => {
  const rows: {
    name: string;
    facts?: Partial<OrderFacts>;
    input?: Partial<PlanInput>;
    kind: OrderDecision['kind'];
    says: RegExp;
  }[] = [
    {
      name: 'an unreadable payload asks for attention with its problems',
      facts: { problems: ['the order from Amazon has no orderItems[0].orderItemId: retry'] },
      kind: 'attention',
      says: /no orderItems\[0\]\.orderItemId/,
    },
    {
      name: 'a marketplace the connection does not route asks for attention',
      input: { profile: undefined },
      kind: 'attention',
      says: /marketplace ATVPDKIKX0DER is not among this connection's amazon\.marketplaces: add it there with its legalEntity/,
    },
    {
      name: 'Pending waits for payment',
      facts: { status: 'PENDING' },
      kind: 'wait',
      says: /waiting for payment/,
    },
    {
      name: 'a pre-order pending availability waits',
      facts: { status: 'PENDING_AVAILABILITY' },
      kind: 'wait',
      says: /waiting for payment/,
    },
    {
      name: 'an item without a price waits',
      facts: { items: [anItem({ unitPrice: undefined })] },
      kind: 'wait',
      says: /waiting for payment/,
    },
    {
      name: 'an order cancelled before import is skipped',
      facts: { status: 'CANCELLED' },
      kind: 'skip',
      says: /cancelled on Amazon before it was imported/,
    },
    {
      name: 'an unfulfillable order is skipped with its reason',
      facts: { status: 'UNFULFILLABLE' },
      kind: 'skip',
      says: /unfulfillable/,
    },
    {
      name: 'a status Amazon added later waits, naming it',
      facts: { status: 'AWAITING_PICKUP_SLOT' },
      kind: 'wait',
      says: /status AWAITING_PICKUP_SLOT, which this connector does not know/,
    },
    {
      name: 'an unknown fulfilment channel asks for attention',
      facts: { fulfilledBy: 'PARTNER' },
      kind: 'attention',
      says: /fulfilled by PARTNER, which this connector does not know: enter the order in D365 by hand/,
    },
    {
      name: 'an Amazon-fulfilled order is skipped unless FBA import is on',
      facts: { fulfilledBy: 'AMAZON', status: 'SHIPPED' },
      kind: 'skip',
      says: /Amazon-fulfilled; to import such orders set services\.import-orders\.fba\.import, then replay this record/,
    },
    {
      name: 'a status left out of the statuses setting is skipped, naming the setting',
      facts: { status: 'PARTIALLY_SHIPPED' },
      input: { settings: someSettings({ statuses: ['UNSHIPPED'] }) },
      kind: 'skip',
      says: /status PARTIALLY_SHIPPED is not in services\.import-orders\.statuses \(UNSHIPPED\): add it there/,
    },
    {
      name: 'a shipped order is skipped when SHIPPED is not imported',
      facts: { status: 'SHIPPED' },
      input: { settings: someSettings({ statuses: ['UNSHIPPED', 'PARTIALLY_SHIPPED'] }) },
      kind: 'skip',
      says: /status SHIPPED is not in services\.import-orders\.statuses/,
    },
  ];
  it.each(rows)('$name', ({ facts, input, kind, says }) => {
    const decision = plan(facts, input);
    expect(decision.kind).toBe(kind);
    const text = decision.kind === 'attention' ? decision.problems.join('\n') : JSON.stringify(decision);
    expect(text).toMatch(says);
  });

  it('imports a partially shipped order', () => {
    expect(plan({ status: 'PARTIALLY_SHIPPED' }).kind).toBe('create');
  });

  it('imports an order first seen already shipped, flagged and noted', () => {
    const { draft, notes } = created(plan({ status: 'SHIPPED' }));
    expect(draft.summary.shippedBeforeImport).toBe(true);
    expect(draft.summary.amazonStatus).toBe('SHIPPED');
    expect(notes).toContain('first seen already shipped: imported and flagged');
  });

  it('puts an order first seen (partly) shipped into the configured sales order pool', () => {
    const settings = someSettings({ shippedOrderPool: 'SHIPPED' });
    const partly = created(
      plan(
        { status: 'PARTIALLY_SHIPPED', items: [anItem({ quantityShipped: 1, quantityUnshipped: 1 })] },
        { settings },
      ),
    );
    expect(partly.draft).toMatchObject({ salesOrderPool: 'SHIPPED', summary: { shippedBeforeImport: true } });
    expect(partly.notes).toContain(
      'first seen already partly shipped: imported and flagged (sales order pool SHIPPED)',
    );
    expect(created(plan({}, { settings })).draft.salesOrderPool).toBeUndefined();
  });

  it('skips an order whose every item has quantity 0', () => {
    const decision = plan({ items: [anItem({ quantityOrdered: 0, quantityUnshipped: 0 })] });
    expect(decision).toMatchObject({ kind: 'skip', reason: expect.stringMatching(/nothing to import/) });
  });
});

describe('planOrder: Amazon-fulfilled orders', () => {
  const fbaSettings = (fba: Record<string, unknown>) => someSettings({ fba: { import: true, ...fba } });

  it('imports from the FBA site and warehouse with the FBA mode of delivery, marked as such', () => {
    const { draft, notes } = created(
      plan(
        { fulfilledBy: 'AMAZON', status: 'SHIPPED', serviceLevel: 'EXPEDITED' },
        { settings: fbaSettings({ site: 'FBA', warehouse: 'FBA-US', deliveryMode: 'AMZFBA' }) },
      ),
    );
    expect(draft).toMatchObject({ site: 'FBA', warehouse: 'FBA-US', deliveryMode: 'AMZFBA' });
    expect(draft.lines.every((l) => l.site === 'FBA' && l.warehouse === 'FBA-US')).toBe(true);
    expect(draft.summary).toMatchObject({ fulfilledByAmazon: true, shippedBeforeImport: true });
    expect(notes.join('\n')).toMatch(/fulfilled by Amazon/);
  });

  it('asks for the FBA site, warehouse and mode of delivery, all at once', () => {
    const problems = problemsOf(plan({ fulfilledBy: 'AMAZON' }, { settings: fbaSettings({}) }));
    expect(problems).toEqual([
      expect.stringMatching(
        /^services\.import-orders\.fba\.site and services\.import-orders\.fba\.warehouse are not set: set/,
      ),
      expect.stringMatching(/^services\.import-orders\.fba\.deliveryMode is not set: set it/),
    ]);
  });

  it('goes to the marketplace customer when Amazon withholds the buyer e-mail, even under the buyer strategy', () => {
    const { draft } = created(
      plan(
        { fulfilledBy: 'AMAZON', buyer: { name: 'Jane Doe' } },
        {
          settings: someSettings({
            fba: { import: true, site: 'FBA', warehouse: 'FBA-US', deliveryMode: 'AMZFBA' },
            customers: { strategy: 'buyer', customerGroup: 'AMZ' },
          }),
        },
      ),
    );
    expect(draft.customer).toEqual({ kind: 'account', account: 'AMZ-US' });
  });
});

describe('planOrder: customers', () => {
  const business: Partial<OrderFacts> = {
    isBusiness: true,
    buyer: { name: 'Jane Doe', companyName: 'ACME GmbH', purchaseOrderNumber: 'PO-77' },
    taxRegistration: {
      type: 'VAT',
      number: 'DE123456789',
      legalName: 'ACME Gesellschaft mbH',
      address: { lines: ['Hauptstr. 1'], city: 'Berlin', postalCode: '10115', countryCode: 'DE' },
    },
  };

  it('gives a business buyer its own customer: company, tax id, PO number, invoice address', () => {
    const { draft } = created(plan(business));
    expect(draft.purchaseOrderNumber).toBe('PO-77');
    expect(draft.summary.business).toBe(true);
    expect(draft.customer).toEqual({
      kind: 'ensure',
      draft: {
        key: `AMZ-${fakeKeyOf('business:acme gmbh|DE123456789')}`,
        kind: 'business',
        company: 'usmf',
        partyType: 'Organization',
        organizationName: 'ACME Gesellschaft mbH',
        customerGroup: 'AMZ',
        currency: 'USD',
        taxExemptNumber: 'DE123456789',
        addresses: [
          { role: 'Delivery', address: anOrder().deliveryAddress },
          { role: 'Invoice', address: business.taxRegistration!.address },
        ],
        fallbackAccount: 'AMZ-US',
      },
    });
  });

  it('finds the same business customer however the name and tax id are written', () => {
    const keyFor = (companyName: string, number: string) => {
      const { draft } = created(plan({ ...business, buyer: { companyName }, taxRegistration: { number } }));
      return draft.customer.kind === 'ensure' ? draft.customer.draft.key : undefined;
    };
    const key = keyFor('ACME GmbH', 'DE123456789');
    expect(key).toMatch(/^AMZ-[0-9a-f]{16}$/);
    expect(keyFor('  Acme,  GmbH ', 'de 123 456-789')).toBe(key);
    expect(keyFor('ACME GmbH', 'DE999999999')).not.toBe(key);
  });

  it('names a business by its company when Amazon sends no legal name', () => {
    const { draft } = created(plan({ isBusiness: true, buyer: { companyName: 'Müller & Söhne KG' } }));
    expect(draft.customer).toMatchObject({
      kind: 'ensure',
      draft: { organizationName: 'Müller & Söhne KG', addresses: [{ role: 'Delivery' }] },
    });
  });

  it('books business orders on the marketplace customer when business customers are off', () => {
    const settings = someSettings({ customers: { businessCustomers: false, customerGroup: 'AMZ' } });
    expect(created(plan(business, { settings })).draft.customer).toEqual({
      kind: 'account',
      account: 'AMZ-US',
    });
  });

  it('books an Amazon Business order without company or tax id on the marketplace customer', () => {
    expect(created(plan({ isBusiness: true })).draft.customer).toEqual({
      kind: 'account',
      account: 'AMZ-US',
    });
  });

  const buyerStrategy = someSettings({ customers: { strategy: 'buyer', customerGroup: 'AMZ' } });

  it('gives a buyer (strategy buyer) a person customer keyed by the lower-cased e-mail', () => {
    const { draft } = created(
      plan(
        { buyer: { name: 'Jane Q. Doe', email: 'ABC123@Marketplace.Amazon.com' } },
        { settings: buyerStrategy },
      ),
    );
    expect(draft.customer).toEqual({
      kind: 'ensure',
      draft: {
        key: `AMZ-${fakeKeyOf('buyer:abc123@marketplace.amazon.com')}`,
        kind: 'buyer',
        company: 'usmf',
        partyType: 'Person',
        firstName: 'Jane Q.',
        lastName: 'Doe',
        customerGroup: 'AMZ',
        currency: 'USD',
        email: 'ABC123@Marketplace.Amazon.com',
        phone: '+1 206 555 0100',
        addresses: [{ role: 'Delivery', address: anOrder().deliveryAddress }],
        fallbackAccount: 'AMZ-US',
      },
    });
  });

  it.each([
    { name: 'José Ñúñez-García', firstName: 'José', lastName: 'Ñúñez-García' },
    { name: ' Zoë  Anne   Smith ', firstName: 'Zoë Anne', lastName: 'Smith' },
    { name: '山田 太郎', firstName: '太郎', lastName: '山田' },
    { name: 'Ωμέγα', firstName: undefined, lastName: 'Ωμέγα' },
  ])('splits the unicode name $name', ({ name, firstName, lastName }) => {
    const { draft } = created(
      plan({ buyer: { name, email: 'x@marketplace.amazon.com' } }, { settings: buyerStrategy }),
    );
    expect(draft.customer).toMatchObject({ kind: 'ensure', draft: { firstName, lastName } });
  });

  it('names a buyer from the delivery address, else by the customer key', () => {
    const fromAddress = created(
      plan({ buyer: { email: 'x@marketplace.amazon.com' } }, { settings: buyerStrategy }),
    );
    expect(fromAddress.draft.customer).toMatchObject({ draft: { firstName: 'Jane', lastName: 'Doe' } });
    const nameless = created(
      plan(
        { buyer: { email: 'x@marketplace.amazon.com' }, deliveryAddress: { lines: ['1 Main St'] } },
        { settings: buyerStrategy },
      ),
    );
    const customer = nameless.draft.customer;
    expect(customer.kind === 'ensure' && customer.draft.lastName).toBe(
      customer.kind === 'ensure' && customer.draft.key,
    );
  });

  it('uses the marketplace customer for a buyer without e-mail', () => {
    expect(created(plan({ buyer: { name: 'Jane' } }, { settings: buyerStrategy })).draft.customer).toEqual({
      kind: 'account',
      account: 'AMZ-US',
    });
  });

  it.each([
    {
      name: 'a business buyer',
      facts: business,
      settings: someSettings({ customers: {} }),
      who: /business buyer/,
    },
    {
      name: 'the buyer strategy',
      facts: {},
      settings: someSettings({ customers: { strategy: 'buyer' } }),
      who: /buyer \(customers\.strategy buyer\)/,
    },
  ])('asks for the customer group when $name needs a customer', ({ facts, settings, who }) => {
    const [problem] = problemsOf(plan(facts, { settings }));
    expect(problem).toMatch(who);
    expect(problem).toMatch(/services\.import-orders\.customers\.customerGroup is not set: set it/);
  });

  it('asks for the marketplace customer account, naming the setting', () => {
    const profile = someProfile({ customerAccount: undefined });
    expect(problemsOf(plan({}, { profile }))).toEqual([
      expect.stringMatching(
        /^connection us1: amazon\.marketplaces\[0\]\.customerAccount is not set: set it to the D365 customer account/,
      ),
    ]);
  });
});

describe('planOrder: header', () => {
  it('prefers a marketplace-specific mode of delivery over the general one', () => {
    const mappings = someMappings({
      deliveryModes: [
        { serviceLevel: 'Standard', mode: 'STD' },
        { serviceLevel: 'STANDARD', mode: 'STD-US', marketplaceId: US },
      ],
    });
    expect(created(plan({}, { mappings })).draft.deliveryMode).toBe('STD-US');
  });

  it('asks for a delivery mode row naming service level and marketplace', () => {
    expect(problemsOf(plan({ serviceLevel: 'NEXT_DAY' }))).toEqual([
      'service level NEXT_DAY has no D365 mode of delivery: add a row to mappings.deliveryModes with serviceLevel NEXT_DAY and marketplaceId ATVPDKIKX0DER (or no marketplaceId, for every marketplace)',
    ]);
  });

  it('asks for a retry when Amazon sent no service level', () => {
    expect(problemsOf(plan({ serviceLevel: undefined }))).toEqual([
      expect.stringMatching(/no shipping service level for the order.*: retry the record/),
    ]);
  });

  it('uses the default method of payment for a payment method Amazon added later, and says so', () => {
    const { draft, notes } = created(plan({ payments: [{ method: 'PayLaterWallet', amount: 20 }] }));
    expect(draft.paymentMethod).toBe('AMAZON');
    expect(draft.summary.payment).toEqual([{ method: 'PayLaterWallet', d365Method: 'AMAZON', amount: 20 }]);
    expect(notes).toContain(
      'Amazon payment method PayLaterWallet has no row in mappings.paymentMethods: default AMAZON used',
    );
  });

  it('uses the default method of payment when Amazon reports no payment', () => {
    expect(created(plan({ payments: [] })).draft.paymentMethod).toBe('AMAZON');
  });

  it('asks for a payment mapping or a default when there is neither', () => {
    const settings = someSettings({
      marketplaces: { [US]: { ...someSettings().marketplaces[US], defaultPaymentMethod: undefined } },
    });
    expect(problemsOf(plan({ payments: [{ method: 'GiftCard' }] }, { settings }))).toEqual([
      'Amazon payment method GiftCard has no D365 method of payment: add a row to mappings.paymentMethods with amazon GiftCard and marketplaceId ATVPDKIKX0DER (or none), or set services.import-orders.marketplaces.ATVPDKIKX0DER.defaultPaymentMethod',
    ]);
    expect(problemsOf(plan({ payments: [] }, { settings }))[0]).toMatch(
      /no payment method from Amazon and services\.import-orders\.marketplaces\.ATVPDKIKX0DER\.defaultPaymentMethod is not set/,
    );
  });

  it('gives marketplace-facilitator orders the exempt tax group and keeps the collected tax', () => {
    const items = [
      anItem({ orderItemId: '1', tax: 1.6, marketplaceFacilitator: true }),
      anItem({ orderItemId: '2', tax: 0.8, marketplaceFacilitator: true }),
    ];
    const { draft } = created(plan({ items }));
    expect(draft.salesTaxGroup).toBe('EXEMPT');
    expect(draft.summary.marketplaceFacilitatorTax).toBe(2.4);
  });

  it('asks for the exempt tax group of a facilitator marketplace', () => {
    const settings = someSettings({
      marketplaces: { [US]: { ...someSettings().marketplaces[US], exemptTaxGroup: undefined } },
    });
    expect(
      problemsOf(plan({ items: [anItem({ marketplaceFacilitator: true, tax: 1 })] }, { settings })),
    ).toEqual([
      expect.stringMatching(
        /marketplace facilitator, but services\.import-orders\.marketplaces\.ATVPDKIKX0DER\.exemptTaxGroup is not set/,
      ),
    ]);
  });

  it('leaves tax to D365 under the seller tax mode, and where Amazon collects none', () => {
    const settings = someSettings({
      marketplaces: { [US]: { ...someSettings().marketplaces[US], taxMode: 'seller' } },
    });
    const seller = created(plan({ items: [anItem({ marketplaceFacilitator: true, tax: 1 })] }, { settings }));
    expect(seller.draft.salesTaxGroup).toBeUndefined();
    expect(seller.draft.summary.marketplaceFacilitatorTax).toBeUndefined();
    const none = created(plan({ items: [anItem({ tax: 1 })] }));
    expect(none.draft.salesTaxGroup).toBeUndefined();
  });

  it('numbers the order prefix + Amazon order id under manual numbering', () => {
    const settings = someSettings({ orderNumbers: { mode: 'manual' } });
    expect(created(plan({}, { settings })).draft.salesOrderNumber).toBe('A113-1234567-1234567');
  });

  it('asks for a shorter prefix when the manual number exceeds 20 characters', () => {
    // Amazon's ids are 19 characters today; one longer than that must not be cut into a wrong number.
    const settings = someSettings({ orderNumbers: { mode: 'manual', prefix: 'A' } });
    expect(problemsOf(plan({ orderId: '113-1234567-12345678' }, { settings }))).toEqual([
      'the sales order number A113-1234567-12345678 would be 21 characters, D365 allows 20: shorten services.import-orders.orderNumbers.prefix or set services.import-orders.orderNumbers.mode to sequence',
    ]);
  });

  it('asks for a currency Amazon did not send', () => {
    expect(problemsOf(plan({ currency: undefined }))).toEqual([expect.stringMatching(/no currency/)]);
  });

  it('takes the requested dates as written, in the window timestamp’s own offset', () => {
    const { draft } = created(
      plan({ shipByLatest: '2026-03-03T23:59:59-08:00', deliverByLatest: undefined }),
    );
    expect(draft.requestedShipDate).toBe('2026-03-03');
    expect(draft.requestedReceiptDate).toBeUndefined();
  });
});

describe('planOrder: every problem of an order at once', () => {
  it('lists each missing piece, each with what to fix and where', () => {
    const settings = someSettings({
      marketplaces: { [CA]: { taxMode: 'marketplaceFacilitator' } },
      chargeItems: {},
    });
    const facts = anOrder({
      marketplaceId: CA,
      serviceLevel: 'SECOND_DAY',
      payments: [{ method: 'Invoice' }],
      items: [
        anItem({ orderItemId: '1', sku: 'NOPE-1', shipping: 4.99, marketplaceFacilitator: true, tax: 1 }),
        anItem({ orderItemId: '2', sku: 'NOPE-2', giftWrap: 3.99 }),
        anItem({ orderItemId: '3', sku: 'NOPE-1' }),
      ],
    });
    const profile = someProfile({
      marketplaceId: CA,
      legalEntity: 'cad',
      configPath: 'connection us1: amazon.marketplaces[1]',
      customerAccount: undefined,
      site: undefined,
      warehouse: undefined,
    });
    const problems = problemsOf(
      planOrder(facts, { settings, mappings: someMappings(), lookups: fakeLookups(), profile }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/marketplaces\[1\]\.site and .*\.warehouse are not set/),
      expect.stringMatching(/marketplaces\[1\]\.customerAccount is not set/),
      expect.stringMatching(/service level SECOND_DAY has no D365 mode of delivery/),
      expect.stringMatching(/Amazon payment method Invoice has no D365 method of payment/),
      expect.stringMatching(/exemptTaxGroup is not set/),
      expect.stringMatching(/^SKU NOPE-1 is not mapped/),
      expect.stringMatching(/^SKU NOPE-2 is not mapped/),
      expect.stringMatching(/chargeItems\.shipping is not set/),
      expect.stringMatching(/chargeItems\.giftWrap is not set/),
    ]);
    for (const problem of problems) {
      expect(problem).toMatch(/: (set|add|release|retry|give|shorten)/);
      expect(problem).not.toMatch(/Jane|Doe|Main St|Seattle|@/);
    }
  });
});
