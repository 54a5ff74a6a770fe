// The order import's user-visible behaviours on the emulators, one scenario each: what lands in D365
// (read back through OData), what the record says (state, summary, history) and what the live feed
// shows — payment, business and per-buyer customers, bundles, discounts and tax, payment and delivery
// mappings, Amazon-fulfilled and already-shipped orders, unmapped data and its repair (retry, replay),
// cancellations and address changes, the dry run, backfill and personal data.
import { describe, expect, it } from 'vitest';
import { importOrdersDemo } from '../../../src/flows/importOrders/demo.ts';
import { backfillFlow } from '../../../src/engine/hooks.ts';
import { importOrdersFlow } from '../../../src/flows/importOrders/flow.ts';
import { executeReplay } from '../../../src/engine/runner.ts';
import { getCursor } from '../../../src/store/repos/cursors.ts';
import { readImportedOrder } from '../../../src/flows/domain/importedOrders.ts';
import { readFeed } from '../../../src/store/repos/feed.ts';
import { getPayload } from '../../../src/store/repos/payloads.ts';
import { recordHistory, type SyncRecord } from '../../../src/store/repos/records.ts';
import { purgeDuePersonalData } from '../../../src/store/retention.ts';
import { COMPANY, harnessPerTest, type Json, type OrdersHarness } from './harness.ts';

const CHARGES = ['SHIPPING', 'GIFT_WRAP'];
const JANE = {
  buyer: { name: 'Jane Q Doe', email: 'jane.doe.4711@marketplace.amazon.com' },
  deliveryAddress: {
    name: 'Jane Q Doe',
    addressLine1: '410 Terry Ave N',
    addressLine2: 'Apt 5',
    city: 'Seattle',
    stateOrRegion: 'WA',
    postalCode: '98109',
    countryCode: 'US',
    phone: '+1 206 555 0100',
  },
};

const harness = harnessPerTest();

/** Places the orders, moves Amazon's clock past its two-minute rule and runs the import once. */
async function placeAndRun(h: OrdersHarness, ...specs: Json[]): Promise<string[]> {
  const ids: string[] = [];
  for (const spec of specs) ids.push(await h.placeOrder(spec));
  h.amazonLater();
  const run = await h.run();
  expect(run.outcome, run.message).toBe('succeeded');
  return ids;
}

/** Lets Amazon's change become visible and runs the import once more. */
async function runAfterAmazonChange(h: OrdersHarness) {
  h.amazonLater();
  const run = await h.run();
  expect(run.outcome, run.message).toBe('succeeded');
  return run;
}

async function recordOf(h: OrdersHarness, orderId: string): Promise<SyncRecord> {
  const record = (await h.records()).find((r) => r.externalId === orderId);
  if (!record) throw new Error(`no record for ${orderId}`);
  return record;
}

async function salesOrderOf(h: OrdersHarness, orderId: string): Promise<Json> {
  const orders = await h.salesOrders(`CustomersOrderReference eq '${orderId}'`);
  expect(orders, `D365 orders for ${orderId}`).toHaveLength(1);
  return orders[0];
}

const isItemLine = (l: Json) => !CHARGES.includes(l.OrderLineReference);

async function itemLinesOf(h: OrdersHarness, salesOrderNumber: string): Promise<Json[]> {
  return (await h.salesOrderLines(salesOrderNumber)).filter(isItemLine);
}

async function feedText(h: OrdersHarness): Promise<string> {
  const entries = await readFeed(h.store.db, { flow: 'import-orders', limit: 500 });
  return entries.map((e) => `${e.message} ${JSON.stringify(e.fields)}`).join('\n');
}

const money = (n: number) => Math.round(n * 100) / 100;

/** The demo's marketplace settings with some keys left out (e.g. no default method of payment). */
function marketplacesWithout(key: string): Record<string, unknown> {
  const { marketplaces } = importOrdersDemo().settings as { marketplaces: Record<string, object> };
  return Object.fromEntries(
    Object.entries(marketplaces).map(([id, m]) => [
      id,
      Object.fromEntries(Object.entries(m).filter(([k]) => k !== key)),
    ]),
  );
}

describe('payment', () => {
  it('keeps an unpaid order waiting, with nothing in D365, and imports it once Amazon has the payment', async () => {
    const h = await harness();
    const [id] = await placeAndRun(h, { items: [{ sku: 'DEMO-HP' }], paid: false });

    const waiting = await recordOf(h, id!);
    expect(waiting).toMatchObject({ state: 'pending', summary: { stage: 'waiting' } });
    expect(await h.salesOrders(`CustomersOrderReference eq '${id}'`)).toEqual([]);
    // Waiting is not an error: a second run leaves it alone.
    await runAfterAmazonChange(h);
    expect(await recordOf(h, id!)).toMatchObject({ state: 'pending', summary: { stage: 'waiting' } });

    await h.amazonSim('POST', `/orders/${id}/pay`);
    await runAfterAmazonChange(h);
    const order = await salesOrderOf(h, id!);
    expect(await itemLinesOf(h, order.SalesOrderNumber)).toMatchObject([
      { ItemNumber: 'A0001', OrderedSalesQuantity: 1 },
    ]);
    const record = await recordOf(h, id!);
    expect(record.state).toBe('synced');
    expect(record.summary.d365).toMatchObject({ salesOrderNumber: order.SalesOrderNumber });
    const history = (await recordHistory(h.store.db, record.id)).map((e) => e.message).join('\n');
    expect(history).toMatch(/waiting for payment/);
  });
});

describe('customers', () => {
  const contoso = (po: string) => ({
    items: [{ sku: 'DEMO-KB' }],
    ...JANE,
    business: {
      companyName: 'Contoso Ltd',
      purchaseOrderNumber: po,
      taxRegistration: {
        type: 'BUSINESS',
        number: '12-3456789',
        address: {
          name: 'Contoso Ltd Accounts Payable',
          addressLine1: '1 Microsoft Way',
          city: 'Redmond',
          stateOrRegion: 'WA',
          postalCode: '98052',
          countryCode: 'US',
        },
      },
    },
  });

  it('creates one business customer per Amazon Business buyer, with its invoice and delivery addresses, and reuses it', async () => {
    const h = await harness();
    const [first] = await placeAndRun(h, contoso('PO-77'));
    const order = await salesOrderOf(h, first!);
    expect(order).toMatchObject({ CustomerRequisitionNumber: 'PO-77', dataAreaId: COMPANY });
    const account = order.OrderingCustomerAccountNumber;
    expect(account).not.toBe('AMZ-US');

    const [customer] = await h.d365Read(
      `CustomersV3?cross-company=true&$filter=${encodeURIComponent(`CustomerAccount eq '${account}'`)}`,
    );
    expect(customer).toMatchObject({
      PartyType: 'Organization',
      OrganizationName: 'Contoso Ltd',
      CustomerGroupId: 'AMZ',
      SalesCurrencyCode: 'USD',
    });
    expect(customer.NameAlias).toMatch(/^AMZ-[0-9a-f]{16}$/);
    const addresses = await h.d365Read(
      `CustomerPostalAddresses?cross-company=true&$filter=${encodeURIComponent(`CustomerAccountNumber eq '${account}'`)}`,
    );
    const invoice = addresses.find((a: Json) => a.IsRoleInvoice === 'Yes');
    const delivery = addresses.find((a: Json) => a.IsRoleDelivery === 'Yes');
    expect(invoice).toMatchObject({ AddressCity: 'Redmond', AddressZipCode: '98052' });
    expect(delivery).toMatchObject({ AddressCity: 'Seattle', AddressZipCode: '98109' });

    const [second] = await placeAndRun(h, contoso('PO-78'));
    expect(await salesOrderOf(h, second!)).toMatchObject({
      OrderingCustomerAccountNumber: account,
      CustomerRequisitionNumber: 'PO-78',
    });
    const sameAlias = await h.d365Read(
      `CustomersV3?cross-company=true&$filter=${encodeURIComponent(`NameAlias eq '${customer.NameAlias}'`)}`,
    );
    expect(sameAlias).toHaveLength(1);
    expect((await recordOf(h, first!)).summary).toMatchObject({ business: true });
  });

  it("with customers.strategy 'buyer' creates a customer per buyer and reuses it; an order without the buyer's e-mail goes to the marketplace customer", async () => {
    const settings = { customers: { strategy: 'buyer', customerGroup: 'AMZ' } };
    const h = await harness({ settings });
    const [first] = await placeAndRun(h, { items: [{ sku: 'DEMO-CAM' }], ...JANE });
    const account = (await salesOrderOf(h, first!)).OrderingCustomerAccountNumber;
    expect(account).not.toBe('AMZ-US');
    const [customer] = await h.d365Read(
      `CustomersV3?cross-company=true&$filter=${encodeURIComponent(`CustomerAccount eq '${account}'`)}`,
    );
    expect(customer).toMatchObject({
      PartyType: 'Person',
      PersonFirstName: 'Jane Q',
      PersonLastName: 'Doe',
      PrimaryContactEmail: JANE.buyer.email,
    });
    expect(customer.NameAlias).toMatch(/^AMZ-[0-9a-f]{16}$/);
    const addresses = await h.d365Read(
      `CustomerPostalAddresses?cross-company=true&$filter=${encodeURIComponent(`CustomerAccountNumber eq '${account}'`)}`,
    );
    expect(addresses).toHaveLength(1);
    expect(addresses[0]).toMatchObject({
      IsRoleDelivery: 'Yes',
      AddressCity: 'Seattle',
      AddressZipCode: '98109',
      AddressStreet: '410 Terry Ave N\nApt 5',
    });

    const [second] = await placeAndRun(h, { items: [{ sku: 'DEMO-HP' }], ...JANE });
    expect((await salesOrderOf(h, second!)).OrderingCustomerAccountNumber).toBe(account);
    const customers = await h.d365Read(
      `CustomersV3?cross-company=true&$filter=${encodeURIComponent(`NameAlias eq '${customer.NameAlias}'`)}`,
    );
    expect(customers).toHaveLength(1);

    // Without the buyer role Amazon sends no e-mail: the marketplace customer takes the order.
    const anonymous = await harness({ settings, amazonRoles: { buyer: false } });
    const [third] = await placeAndRun(anonymous, { items: [{ sku: 'DEMO-HP' }], ...JANE });
    expect(await salesOrderOf(anonymous, third!)).toMatchObject({
      OrderingCustomerAccountNumber: 'AMZ-US',
      IsDeliveryAddressOrderSpecific: 'Yes',
    });
    expect((await recordOf(anonymous, third!)).state).toBe('synced');
  });
});

describe('lines and amounts', () => {
  it('explodes a bundle into its components, whose amounts add up to the bundle price', async () => {
    const h = await harness();
    const [id] = await placeAndRun(h, { items: [{ sku: 'DEMO-DESK-BUNDLE', quantity: 1 }] });
    const order = await salesOrderOf(h, id!);
    const lines = await itemLinesOf(h, order.SalesOrderNumber);
    expect(lines.map((l) => [l.ItemNumber, l.OrderedSalesQuantity]).sort()).toEqual([
      ['A0004', 1],
      ['A0005', 2],
      ['A0006', 1],
    ]);
    expect(lines.every((l) => /#\d$/.test(l.OrderLineReference))).toBe(true);
    expect(lines.every((l) => l.ExternalItemNumber === 'DEMO-DESK-BUNDLE')).toBe(true);
    expect(money(lines.reduce((sum, l) => sum + l.LineAmount, 0))).toBe(179);
  });

  it("with bundles 'single' imports a bundle as one line of the item its SKU is mapped to", async () => {
    const h = await harness({
      settings: { bundles: 'single' },
      mappings: { skus: [{ sku: 'DEMO-DESK-BUNDLE', itemNumber: 'A0004' }] },
    });
    const [id] = await placeAndRun(h, { items: [{ sku: 'DEMO-DESK-BUNDLE', quantity: 2 }] });
    const order = await salesOrderOf(h, id!);
    const lines = await itemLinesOf(h, order.SalesOrderNumber);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      ItemNumber: 'A0004',
      OrderedSalesQuantity: 2,
      SalesPrice: 179,
      ExternalItemNumber: 'DEMO-DESK-BUNDLE',
    });
    expect(lines[0].LineAmount).toBe(358);
  });

  it('books a promotion as a line discount and marketplace-facilitator tax as exempt, keeping the collected tax with the record', async () => {
    const h = await harness();
    const [id] = await placeAndRun(h, {
      items: [{ sku: 'DEMO-HP', quantity: 2 }],
      promotion: { id: 'SPRING-10-OFF', discount: 10 },
      serviceLevel: 'EXPEDITED',
    });
    const order = await salesOrderOf(h, id!);
    expect(order.SalesTaxGroupCode).toBe('AMZ-MF');
    const lines = await h.salesOrderLines(order.SalesOrderNumber);
    const item = lines.find(isItemLine);
    expect(item).toMatchObject({ ItemNumber: 'A0001', SalesPrice: 59.99, LineDiscountAmount: 5 });
    expect(item.LineAmount).toBe(money(2 * 59.99 - 10));

    const { summary } = await recordOf(h, id!);
    const tax = summary.marketplaceFacilitatorTax as number;
    expect(tax).toBeGreaterThan(0);
    // D365 holds what the seller earns; Amazon's grand total also holds the tax it collected.
    const booked = money(lines.reduce((sum: number, l: Json) => sum + l.LineAmount, 0));
    expect(money(booked + tax)).toBe(summary.total);
    expect(lines.some((l: Json) => /TAX/i.test(l.OrderLineReference))).toBe(false);
  });

  it('maps cash on delivery to AMZ-COD and every demo service level to its mode of delivery', async () => {
    const h = await harness();
    const levels: Array<[string, string]> = [
      ['STANDARD', 'AMZ-STD'],
      ['EXPEDITED', 'AMZ-EXP'],
      ['SECOND_DAY', 'AMZ-2DY'],
      ['NEXT_DAY', 'AMZ-NXT'],
      ['FREE_ECONOMY', 'AMZ-ECO'],
    ];
    const ids = await placeAndRun(
      h,
      { items: [{ sku: 'DEMO-CHG' }], paymentMethod: 'CashOnDelivery' },
      ...levels.map(([serviceLevel]) => ({ items: [{ sku: 'DEMO-GCH' }], serviceLevel })),
    );
    expect(await salesOrderOf(h, ids[0]!)).toMatchObject({ CustomerPaymentMethodName: 'AMZ-COD' });
    for (const [i, [level, mode]] of levels.entries()) {
      const order = await salesOrderOf(h, ids[i + 1]!);
      expect([level, order.DeliveryModeCode, order.CustomerPaymentMethodName]).toEqual([
        level,
        mode,
        'AMAZON',
      ]);
    }
  });
});

describe('fulfilment channel and shipping state', () => {
  it('leaves Amazon-fulfilled orders out by default', async () => {
    const h = await harness();
    const [fba, merchant] = await placeAndRun(
      h,
      { items: [{ sku: 'DEMO-HP' }], fulfilledBy: 'AMAZON' },
      { items: [{ sku: 'DEMO-HP' }] },
    );
    expect(await h.salesOrders(`CustomersOrderReference eq '${fba}'`)).toEqual([]);
    await salesOrderOf(h, merchant!);
    // The search asks Amazon for merchant-fulfilled orders only: the FBA order is never staged.
    const records = await h.records();
    expect(records.map((r) => r.externalId)).toEqual([merchant]);
  });

  it('imports Amazon-fulfilled orders with fba.import, from the FBA warehouse and marked as such', async () => {
    const h = await harness({
      settings: { fba: { import: true, site: '2', warehouse: '21', deliveryMode: 'AMZ-FBA' } },
    });
    const [id] = await placeAndRun(h, { items: [{ sku: 'DEMO-SPK' }], fulfilledBy: 'AMAZON' });
    const order = await salesOrderOf(h, id!);
    expect(order).toMatchObject({
      DeliveryModeCode: 'AMZ-FBA',
      DefaultShippingSiteId: '2',
      DefaultShippingWarehouseId: '21',
    });
    expect(await itemLinesOf(h, order.SalesOrderNumber)).toMatchObject([
      { ItemNumber: 'A0002', ShippingWarehouseId: '21' },
    ]);
    const record = await recordOf(h, id!);
    expect(record).toMatchObject({
      state: 'synced',
      summary: { fulfilledByAmazon: true, fulfilledBy: 'AMAZON' },
    });
    expect(record.summary.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/fulfilled by Amazon/)]),
    );
  });

  it('imports and flags an order first seen already shipped', async () => {
    const h = await harness();
    const id = await h.placeOrder({ items: [{ sku: 'DEMO-STAND' }] });
    await h.shipOnAmazon(id);
    expect((await h.amazonSim('GET', `/orders/${id}`)).body.status).toBe('SHIPPED');
    await runAfterAmazonChange(h);

    const order = await salesOrderOf(h, id);
    expect(await itemLinesOf(h, order.SalesOrderNumber)).toMatchObject([{ ItemNumber: 'A0004' }]);
    const record = await recordOf(h, id);
    expect(record).toMatchObject({
      state: 'synced',
      summary: { shippedBeforeImport: true, amazonStatus: 'SHIPPED' },
    });
    expect(record.summary.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/first seen already shipped/)]),
    );
    const history = (await recordHistory(h.store.db, record.id)).map((e) => e.message).join('\n');
    expect(history).toMatch(/first seen already shipped/);
  });
});

describe('unmapped data', () => {
  it('puts only the order with an unmapped SKU in needs_attention, naming the SKU and the fix; retry and replay import it once mapped', async () => {
    const mapped = [
      { sku: 'DEMO-HP', itemNumber: 'A0001' },
      { sku: 'DEMO-CAM', itemNumber: 'A0008' },
    ];
    const h = await harness({ settings: { skuStrategies: ['mapping'] }, mappings: { skus: mapped } });
    const [good, bad, other] = await placeAndRun(
      h,
      { items: [{ sku: 'DEMO-HP' }] },
      { items: [{ sku: 'DEMO-HP' }, { sku: 'DEMO-SPK' }] },
      { items: [{ sku: 'DEMO-SPK', quantity: 3 }] },
    );
    await salesOrderOf(h, good!);
    for (const id of [bad!, other!]) {
      expect(await h.salesOrders(`CustomersOrderReference eq '${id}'`)).toEqual([]);
      const record = await recordOf(h, id);
      expect(record.state).toBe('needs_attention');
      expect(record.reason).toMatch(/SKU DEMO-SPK is not mapped to a D365 item/);
      expect(record.reason).toMatch(/mappings\.skus/);
      expect(record.reason).not.toMatch(/DEMO-HP/);
    }
    expect(await feedText(h)).toMatch(new RegExp(`Order ${bad} needs attention: SKU DEMO-SPK`));

    // A run without a fix changes nothing.
    await runAfterAmazonChange(h);
    expect((await recordOf(h, bad!)).state).toBe('needs_attention');

    // The operator maps the SKU and restarts the connector, then retries one order and replays the other.
    h.reconfigure({
      settings: { skuStrategies: ['mapping'] },
      mappings: { skus: [...mapped, { sku: 'DEMO-SPK', itemNumber: 'A0002' }] },
    });
    await h.ops().retry((await recordOf(h, bad!)).id, 'test');
    const retried = await salesOrderOf(h, bad!);
    expect((await itemLinesOf(h, retried.SalesOrderNumber)).map((l) => l.ItemNumber).sort()).toEqual([
      'A0001',
      'A0002',
    ]);
    expect((await recordOf(h, bad!)).state).toBe('synced');
    // The retry's run touched only what was pending: the other order still waits for its replay.
    expect((await recordOf(h, other!)).state).toBe('needs_attention');

    const otherRecord = await recordOf(h, other!);
    const payload = await getPayload(h.store.db, h.store.sealer, otherRecord.payloadId!, true);
    const replayed = await executeReplay(h.deps, importOrdersFlow, otherRecord, payload!.body);
    expect(replayed).toMatchObject({ outcome: 'succeeded', errors: 0 });
    const imported = await salesOrderOf(h, other!);
    expect(await itemLinesOf(h, imported.SalesOrderNumber)).toMatchObject([
      { ItemNumber: 'A0002', OrderedSalesQuantity: 3 },
    ]);
    expect((await recordOf(h, other!)).state).toBe('synced');

    // Replaying an order already in D365 finds it and creates nothing.
    const goodRecord = await recordOf(h, good!);
    const goodPayload = await getPayload(h.store.db, h.store.sealer, goodRecord.payloadId!, true);
    await executeReplay(h.deps, importOrdersFlow, goodRecord, goodPayload!.body);
    await salesOrderOf(h, good!);
    expect(await h.salesOrders()).toHaveLength(3);
    expect((await recordOf(h, good!)).state).toBe('synced');
  });

  it('puts an order whose service level or payment method has no mapping in needs_attention, naming the mapping table', async () => {
    const h = await harness({
      settings: { marketplaces: marketplacesWithout('defaultPaymentMethod') },
      // SAME_DAY left out of the demo's delivery modes on purpose.
      mappings: {
        paymentMethods: [{ amazon: 'CreditCard', d365: 'AMAZON' }],
        deliveryModes: [{ serviceLevel: 'STANDARD', mode: 'AMZ-STD' }],
      },
    });
    const [sameDay, giftCard, fine] = await placeAndRun(
      h,
      { items: [{ sku: 'DEMO-HP' }], serviceLevel: 'SAME_DAY' },
      { items: [{ sku: 'DEMO-HP' }], paymentMethod: 'GiftCard' },
      { items: [{ sku: 'DEMO-HP' }] },
    );
    const level = await recordOf(h, sameDay!);
    expect(level.state).toBe('needs_attention');
    expect(level.reason).toMatch(/service level SAME_DAY has no D365 mode of delivery/);
    expect(level.reason).toMatch(/mappings\.deliveryModes/);
    const payment = await recordOf(h, giftCard!);
    expect(payment.state).toBe('needs_attention');
    expect(payment.reason).toMatch(/payment method GiftCard has no D365 method of payment/);
    expect(payment.reason).toMatch(/mappings\.paymentMethods/);
    expect(payment.reason).toMatch(/defaultPaymentMethod/);
    for (const id of [sameDay!, giftCard!])
      expect(await h.salesOrders(`CustomersOrderReference eq '${id}'`)).toEqual([]);
    await salesOrderOf(h, fine!);
  });
});

describe('changes on Amazon after the import', () => {
  it("removes the D365 order when Amazon cancels it (cancellation 'delete')", async () => {
    const h = await harness();
    const [id] = await placeAndRun(h, { items: [{ sku: 'DEMO-HP' }, { sku: 'DEMO-KB' }] });
    const number = (await salesOrderOf(h, id!)).SalesOrderNumber;
    await h.amazonSim('POST', `/orders/${id}/cancel`, { reason: 'Payment could not be verified' });
    await runAfterAmazonChange(h);

    expect(await h.salesOrders(`SalesOrderNumber eq '${number}'`)).toEqual([]);
    const record = await recordOf(h, id!);
    expect(record).toMatchObject({ state: 'synced', summary: { d365: { cancelled: 'all' } } });
    expect(await feedText(h)).toMatch(new RegExp(`sales order ${number} deleted in D365`));
    // Nothing more happens on later runs.
    await runAfterAmazonChange(h);
    expect((await recordOf(h, id!)).state).toBe('synced');
  });

  it("sets the D365 order's lines to zero when Amazon cancels it (cancellation 'zero')", async () => {
    const h = await harness({ settings: { cancellation: 'zero' } });
    const [id] = await placeAndRun(h, { items: [{ sku: 'DEMO-HP' }, { sku: 'DEMO-KB' }] });
    const number = (await salesOrderOf(h, id!)).SalesOrderNumber;
    await h.amazonSim('POST', `/orders/${id}/cancel`);
    await runAfterAmazonChange(h);

    const lines = await h.salesOrderLines(number);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.map((l: Json) => l.OrderedSalesQuantity)).toEqual(lines.map(() => 0));
    expect(await recordOf(h, id!)).toMatchObject({
      state: 'synced',
      summary: { d365: { cancelled: 'all' } },
    });
  });

  it('cancels the lines of the item the buyer asked to cancel, and keeps it to be acknowledged', async () => {
    const h = await harness();
    const [id] = await placeAndRun(h, { items: [{ sku: 'DEMO-HP' }, { sku: 'DEMO-DESK-BUNDLE' }] });
    const number = (await salesOrderOf(h, id!)).SalesOrderNumber;
    const { body: view } = await h.amazonSim('GET', `/orders/${id}`);
    const bundleItem = view.items.find((i: Json) => i.sku === 'DEMO-DESK-BUNDLE').orderItemId;
    await h.amazonSim('POST', `/orders/${id}/cancel-request`, {
      reason: 'Ordered by mistake',
      orderItemIds: [bundleItem],
    });
    await runAfterAmazonChange(h);

    const left = await itemLinesOf(h, number);
    expect(left.map((l) => l.ItemNumber)).toEqual(['A0001']);
    const record = await recordOf(h, id!);
    expect(record).toMatchObject({
      state: 'synced',
      summary: { cancellationToAcknowledge: [bundleItem], d365: { cancelled: [bundleItem] } },
    });
  });

  it('asks a person when Amazon cancels an order D365 has already shipped', async () => {
    const h = await harness();
    const [id] = await placeAndRun(h, { items: [{ sku: 'DEMO-HP' }] });
    const number = (await salesOrderOf(h, id!)).SalesOrderNumber;
    const slip = await h.d365Sim('POST', '/packing-slips', {
      salesOrderNumber: number,
      carrier: 'UPS',
      trackingNumbers: ['1Z999AA10123456784'],
    });
    expect(slip.status, JSON.stringify(slip.body)).toBe(201);
    await h.amazonSim('POST', `/orders/${id}/cancel`);
    await runAfterAmazonChange(h);

    const record = await recordOf(h, id!);
    expect(record.state).toBe('needs_attention');
    expect(record.reason).toMatch(new RegExp(`sales order ${number} has shipped`));
    expect(record.reason).toMatch(/reverse the packing slip/);
    expect(record.reason).toMatch(/refund the buyer/);
    expect(await h.salesOrders(`SalesOrderNumber eq '${number}'`)).toHaveLength(1);
  });

  it('does not import again an order a person resolved (entered in D365 by hand) when Amazon changes it later', async () => {
    const skus = [{ sku: 'DEMO-HP', itemNumber: 'A0001' }];
    const h = await harness({ settings: { skuStrategies: ['mapping'] }, mappings: { skus } });
    const [id] = await placeAndRun(h, { items: [{ sku: 'DEMO-SPK' }] });
    const record = await recordOf(h, id!);
    expect(record.state).toBe('needs_attention');
    await h.ops().resolve(record.id, 'alice', 'entered in D365 by hand');
    // The SKU gets its mapping afterwards, and the buyer changes the address on Amazon.
    h.reconfigure({
      settings: { skuStrategies: ['mapping'] },
      mappings: { skus: [...skus, { sku: 'DEMO-SPK', itemNumber: 'A0002' }] },
    });
    await h.amazonSim('POST', `/orders/${id}/address`, {
      ...JANE.deliveryAddress,
      city: 'Portland',
      stateOrRegion: 'OR',
      postalCode: '97201',
    });
    await runAfterAmazonChange(h);
    expect(await h.salesOrders(`CustomersOrderReference eq '${id}'`)).toEqual([]);
    expect(await recordOf(h, id!)).toMatchObject({ state: 'synced', summary: { resolvedBy: 'alice' } });
  });

  it("updates the D365 order's delivery address when the buyer changes it before shipment", async () => {
    const h = await harness();
    const [id] = await placeAndRun(h, { items: [{ sku: 'DEMO-HP' }], ...JANE });
    const before = await salesOrderOf(h, id!);
    expect(before).toMatchObject({ DeliveryAddressCity: 'Seattle' });
    await h.amazonSim('POST', `/orders/${id}/address`, {
      name: 'Jane Q Doe',
      addressLine1: '2111 7th Ave',
      city: 'Portland',
      stateOrRegion: 'OR',
      postalCode: '97201',
      countryCode: 'US',
    });
    await runAfterAmazonChange(h);

    expect(await salesOrderOf(h, id!)).toMatchObject({
      SalesOrderNumber: before.SalesOrderNumber,
      DeliveryAddressStreet: '2111 7th Ave',
      DeliveryAddressCity: 'Portland',
      DeliveryAddressStateId: 'OR',
      DeliveryAddressZipCode: '97201',
    });
    expect((await recordOf(h, id!)).state).toBe('synced');
    expect(await feedText(h)).toMatch(/delivery address of sales order .* updated in D365/);
  });
});

describe('operator tools', () => {
  it('plan() lists what a run would create and writes nothing', async () => {
    const h = await harness();
    const plain = await h.placeOrder({ items: [{ sku: 'DEMO-HP', quantity: 2 }], giftWrap: true });
    const unpaid = await h.placeOrder({ items: [{ sku: 'DEMO-KB' }], paid: false });
    h.amazonLater();
    const customersBefore = (await h.d365Read('CustomersV3?cross-company=true')).length;

    const plan = await h.plan();
    const byOrder = Object.fromEntries(
      plan.actions.filter((a) => a.externalId).map((a) => [a.externalId, a]),
    );
    expect(byOrder[plain]).toMatchObject({ action: 'create' });
    expect(byOrder[plain]!.description).toMatch(
      /^create a sales order in usmf for customer AMZ-US: 1 item line\(s\) \+ 2 charge line\(s\)/,
    );
    expect(byOrder[unpaid]).toMatchObject({ action: 'wait' });
    expect(plan.actions.find((a) => a.action === 'search')?.description).toMatch(/stage 2 order\(s\)/);

    expect(await h.records()).toEqual([]);
    expect(await getCursor(h.store.db, { connectionId: 'demo', flow: 'import-orders' })).toBeUndefined();
    expect(await h.salesOrders()).toEqual([]);
    expect(await h.d365Read('CustomersV3?cross-company=true')).toHaveLength(customersBefore);

    // The dry run took nothing away from the real run.
    await runAfterAmazonChange(h);
    await salesOrderOf(h, plain);
    expect((await recordOf(h, unpaid)).summary.stage).toBe('waiting');
  });

  it('plan() shows the cancellation a buyer asked for before the import, and the run does just that', async () => {
    const h = await harness();
    const id = await h.placeOrder({ items: [{ sku: 'DEMO-HP' }, { sku: 'DEMO-DESK-BUNDLE' }] });
    const { body: view } = await h.amazonSim('GET', `/orders/${id}`);
    const bundleItem = view.items.find((i: Json) => i.sku === 'DEMO-DESK-BUNDLE').orderItemId;
    await h.amazonSim('POST', `/orders/${id}/cancel-request`, {
      reason: 'Ordered by mistake',
      orderItemIds: [bundleItem],
    });
    h.amazonLater();

    const planned = (await h.plan()).actions.find((a) => a.externalId === id)!;
    expect(planned.action).toBe('create');
    expect(planned.description).toMatch(
      new RegExp(`; then cancel the lines of item\\(s\\) ${bundleItem} in D365 \\(buyer asked\\)$`),
    );

    await runAfterAmazonChange(h);
    const number = (await salesOrderOf(h, id)).SalesOrderNumber;
    expect((await itemLinesOf(h, number)).map((l) => l.ItemNumber)).toEqual(['A0001']);
    const imported = await readImportedOrder(h.store.db, { connectionId: 'demo', amazonOrderId: id });
    expect(imported).toMatchObject({
      salesOrderNumber: number,
      cancelledItems: { [bundleItem]: { by: 'BUYER', reason: 'Ordered by mistake' } },
      openBuyerRequests: [expect.objectContaining({ orderItemId: bundleItem })],
    });
  });

  it('backfill finds orders updated before the search position, imports them once, and ends', async () => {
    const h = await harness();
    const [recent] = await placeAndRun(h, { items: [{ sku: 'DEMO-HP' }] });
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    threeDaysAgo.setMilliseconds(0);
    const old = await h.placeOrder({
      items: [{ sku: 'DEMO-CAM' }],
      createdAt: threeDaysAgo.toISOString(),
    });
    await runAfterAmazonChange(h);
    await runAfterAmazonChange(h);
    expect(await h.salesOrders(`CustomersOrderReference eq '${old}'`)).toEqual([]);
    expect((await h.records()).map((r) => r.externalId)).toEqual([recent]);

    const since = new Date(Date.now() - 4 * 86_400_000);
    const message = await backfillFlow(h.deps, importOrdersFlow, 'demo', since);
    expect(message).toMatch(/will be searched again/);
    const backfillKey = { connectionId: 'demo', flow: 'import-orders', scope: 'backfill' };
    expect(await getCursor(h.store.db, backfillKey)).toBeDefined();

    await runAfterAmazonChange(h);
    const order = await salesOrderOf(h, old);
    expect(await itemLinesOf(h, order.SalesOrderNumber)).toMatchObject([{ ItemNumber: 'A0008' }]);
    expect(await getCursor(h.store.db, backfillKey)).toBeUndefined();
    expect(await feedText(h)).toMatch(/Backfill of Amazon orders finished/);

    await runAfterAmazonChange(h);
    expect(await h.salesOrders()).toHaveLength(2);
    expect((await h.records()).every((r) => r.state === 'synced')).toBe(true);
  });
});

describe('personal data', () => {
  const personal = [
    'Jane',
    'Doe',
    'jane.doe.4711',
    '410 Terry',
    'Apt 5',
    '555 0100',
    'Contoso',
    '12-3456789',
    '1 Microsoft Way',
  ];
  const leaked = (text: string) => personal.filter((p) => text.includes(p));

  it('is sealed at rest, kept out of the feed and summaries, dated once the order ships, and purged after that', async () => {
    const h = await harness({ settings: { personalDataDays: 10 } });
    const [id] = await placeAndRun(h, {
      items: [{ sku: 'DEMO-HP' }],
      ...JANE,
      business: {
        companyName: 'Contoso Ltd',
        taxRegistration: {
          type: 'BUSINESS',
          number: '12-3456789',
          address: {
            name: 'Contoso Ltd',
            addressLine1: '1 Microsoft Way',
            city: 'Redmond',
            postalCode: '98052',
            countryCode: 'US',
          },
        },
      },
    });
    await salesOrderOf(h, id!);
    const rawPayloads = async () =>
      (await h.store.db.query<{ body: string }>('SELECT body::text AS body FROM payloads')).rows
        .map((r) => r.body)
        .join('\n');
    const stored = await rawPayloads();
    expect(stored).toContain(id!);
    expect(stored).toContain('$sealed');
    expect(leaked(stored)).toEqual([]);

    const recordsText = async () =>
      (
        await h.store.db.query<{ t: string }>(
          `SELECT concat_ws(' ', summary::text, reason, last_error) AS t FROM records
           UNION ALL SELECT message FROM record_events`,
        )
      ).rows
        .map((r) => r.t)
        .join('\n');
    expect(leaked(await recordsText())).toEqual([]);
    expect(leaked(await feedText(h))).toEqual([]);
    // Opened for replay, the payload still has it all.
    const record = await recordOf(h, id!);
    expect(record.purgeAfter).toBeNull();
    const opened = await getPayload(h.store.db, h.store.sealer, record.payloadId!, true);
    expect((opened!.body as Json).buyer.buyerEmail).toBe(JANE.buyer.email);

    await h.shipOnAmazon(id!);
    await runAfterAmazonChange(h);
    const { body: view } = await h.amazonSim('GET', `/orders/${id}`);
    const due = Date.parse(view.lastUpdatedTime) + 10 * 86_400_000;
    const shipped = await recordOf(h, id!);
    expect(shipped).toMatchObject({ state: 'synced', summary: { amazonStatus: 'SHIPPED' } });
    expect(shipped.purgeAfter?.getTime()).toBe(due);
    const { rows: payloadDates } = await h.store.db.query<{ purge_after: Date | null }>(
      'SELECT purge_after FROM payloads WHERE id = $1',
      [shipped.payloadId],
    );
    expect(payloadDates[0]?.purge_after?.getTime()).toBe(due);
    expect(leaked(await recordsText())).toEqual([]);
    expect(leaked(await feedText(h))).toEqual([]);

    // Nothing is purged before the date …
    expect(await purgeDuePersonalData(h.store.db)).toEqual({ records: 0, payloads: 0 });
    // … and everything once it has passed (the date moved back stands for the days going by).
    await h.store.db.query(`UPDATE payloads SET purge_after = now() - interval '1 minute' WHERE id = $1`, [
      shipped.payloadId,
    ]);
    await h.store.db.query(`UPDATE records SET purge_after = now() - interval '1 minute' WHERE id = $1`, [
      shipped.id,
    ]);
    const purged = await purgeDuePersonalData(h.store.db);
    expect(purged).toEqual({ records: 1, payloads: 1 });
    const after = await rawPayloads();
    expect(after).not.toContain('$sealed');
    expect(after).toContain('$purged');
    expect(after).toContain(id!);
    const reopened = await getPayload(h.store.db, h.store.sealer, shipped.payloadId!, true);
    expect((reopened!.body as Json).buyer).toEqual({ $purged: true });
    expect((await recordOf(h, id!)).purgedAt).not.toBeNull();
  });
});
