/**
 * The lines of a planned order: items found by the SKU strategies (through fake look-ups), variants,
 * discounts, bundles (exploded with and without shares, or single) and charge lines — checked through
 * planOrder, as the executor sees them.
 */
import { describe, expect, it } from 'vitest';
import { roundTo } from './amounts.ts';
import { planOrder } from './planOrder.ts';
import {
  anItem,
  anOrder,
  CA,
  DEFAULT_ITEMS,
  fakeLookups,
  someInput,
  someMappings,
  someProfile,
  someSettings,
  US,
} from '../../../../test/support/planTestKit.ts';
import type { Mappings } from '../../domain/mappings.ts';
import type { ItemFacts } from '../intake/facts.ts';
import type { PlanInput } from './planInput.ts';
import type { LineDraft } from './drafts.ts';
import type { OrderDecision } from './decisions.ts';

function linesOf(decision: OrderDecision): LineDraft[] {
  if (decision.kind !== 'create') throw new Error(`expected create, got ${JSON.stringify(decision)}`);
  return decision.draft.lines;
}
function problemsOf(decision: OrderDecision): string[] {
  if (decision.kind !== 'attention') throw new Error(`expected attention, got ${JSON.stringify(decision)}`);
  return decision.problems;
}
const plan = (items: ItemFacts[], input: Partial<PlanInput> = {}, marketplaceId = US) =>
  planOrder(anOrder({ items, marketplaceId }), someInput(input));
/** What D365 books for the lines: (price − discount per unit) × quantity, each rounded to the cent. */
const booked = (lines: LineDraft[]) =>
  roundTo(
    lines.reduce((sum, l) => sum + roundTo((l.unitPrice - l.discountPerUnit) * l.quantity, 2), 0),
    2,
  );

describe('planLines: items', () => {
  it('makes one line per item with the resolved item, quantity, price, SKU and title', () => {
    expect(linesOf(plan([anItem()]))).toEqual([
      {
        reference: '11111111111111',
        kind: 'item',
        orderItemId: '11111111111111',
        item: { itemNumber: 'M0001', via: 'externalItemNumber' },
        quantity: 2,
        unitPrice: 10,
        discountPerUnit: 0,
        site: '1',
        warehouse: '11',
        description: 'Red mug',
        externalItemNumber: 'MUG-RED',
      },
    ]);
  });

  it.each(['mapping', 'itemNumber', 'externalItemNumber', 'barcode'] as const)(
    'keeps which strategy found the item (%s)',
    (via) => {
      const lookups = fakeLookups({ 'MUG-RED': { itemNumber: 'M0001', via } });
      expect(linesOf(plan([anItem()], { lookups }))[0]!.item).toEqual({ itemNumber: 'M0001', via });
    },
  );

  it('looks the SKU up in the order’s marketplace', () => {
    const lookups = fakeLookups({ [`MUG-RED@${CA}`]: { itemNumber: 'M0001-CA', via: 'mapping' } });
    const settings = someSettings({ marketplaces: { [CA]: { ...someSettings().marketplaces[US] } } });
    const profile = someProfile({ marketplaceId: CA });
    expect(linesOf(plan([anItem()], { lookups, settings, profile }, CA))[0]!.item.itemNumber).toBe(
      'M0001-CA',
    );
  });

  it('orders a variant by its size and colour', () => {
    const lookups = fakeLookups({
      'TEE-M-RED': { itemNumber: 'T0100', size: 'M', color: 'Red', via: 'barcode' },
    });
    expect(linesOf(plan([anItem({ sku: 'TEE-M-RED' })], { lookups }))[0]!.item).toEqual({
      itemNumber: 'T0100',
      size: 'M',
      color: 'Red',
      via: 'barcode',
    });
  });

  it('names the SKU and every strategy tried when nothing finds it', () => {
    expect(problemsOf(plan([anItem({ sku: 'DEMO-X' })]))).toEqual([
      'SKU DEMO-X is not mapped to a D365 item (tried: mapping, itemNumber, externalItemNumber, barcode): add a row to mappings.skus with sku DEMO-X (marketplaceId ATVPDKIKX0DER or none), release a product with item number DEMO-X, give the item the external item number DEMO-X for customer AMZ-US, or give the item the barcode DEMO-X',
    ]);
  });

  it('suggests the strategies not tried', () => {
    const settings = someSettings({ skuStrategies: ['mapping'] });
    expect(problemsOf(plan([anItem({ sku: 'DEMO-X' })], { settings }))).toEqual([
      'SKU DEMO-X is not mapped to a D365 item (tried: mapping): add a row to mappings.skus with sku DEMO-X (marketplaceId ATVPDKIKX0DER or none), or add itemNumber or externalItemNumber or barcode to services.import-orders.skuStrategies',
    ]);
  });

  it('asks about an item Amazon sent without a SKU', () => {
    expect(problemsOf(plan([anItem({ sku: undefined })]))).toEqual([
      expect.stringMatching(/^order item 11111111111111 came from Amazon without a seller SKU/),
    ]);
  });

  it('spreads a promotion discount per unit, to 4 decimals', () => {
    const [line] = linesOf(plan([anItem({ quantityOrdered: 3, unitPrice: 19.99, discount: 10 })]));
    expect(line).toMatchObject({ quantity: 3, unitPrice: 19.99, discountPerUnit: 3.3333 });
    expect(booked([line!])).toBe(49.97); // 59.97 − 10.00
  });

  it('leaves out items Amazon reports with quantity 0, and says so', () => {
    const decision = plan([anItem({ orderItemId: '1' }), anItem({ orderItemId: '2', quantityOrdered: 0 })]);
    expect(linesOf(decision).map((l) => l.reference)).toEqual(['1']);
    expect(decision.kind === 'create' && decision.notes).toContain(
      'order item 2 has quantity 0 on Amazon: no line for it',
    );
  });

  it('imports an item the buyer asked to cancel, noting that the cancellation follows', () => {
    const decision = plan([anItem({ cancellationRequested: { reason: 'NoLongerNeeded' } })]);
    expect(linesOf(decision)).toHaveLength(1);
    expect(decision.kind === 'create' && decision.notes).toContain(
      'the buyer asked to cancel order item 11111111111111: imported, and its cancellation follows',
    );
  });
});

describe('planLines: bundles', () => {
  const gift = (components: Mappings['bundles'][number]['components'], marketplaceId?: string) =>
    someMappings({ bundles: [{ sku: 'GIFT-SET', marketplaceId, components }] });
  const three = [
    { item: { itemNumber: 'M0001' }, quantity: 1 },
    { item: { itemNumber: 'P0001', color: 'Blue' }, quantity: 1 },
    { item: { itemNumber: 'S0001' }, quantity: 1 },
  ];
  const bundleItem = (overrides: Partial<ItemFacts> = {}) =>
    anItem({
      orderItemId: '42',
      sku: 'GIFT-SET',
      title: 'Gift set',
      quantityOrdered: 1,
      unitPrice: 179,
      ...overrides,
    });

  it('explodes into component lines #1..n splitting the price by quantity, the last taking the remainder', () => {
    const lines = linesOf(plan([bundleItem()], { mappings: gift(three) }));
    expect(lines).toEqual([
      expect.objectContaining({
        reference: '42#1',
        kind: 'bundleComponent',
        orderItemId: '42',
        item: { itemNumber: 'M0001', via: 'mapping' },
        quantity: 1,
        unitPrice: 59.67,
        discountPerUnit: 0,
        externalItemNumber: 'GIFT-SET',
        description: 'Gift set',
      }),
      expect.objectContaining({
        reference: '42#2',
        item: { itemNumber: 'P0001', color: 'Blue', via: 'mapping' },
        unitPrice: 59.67,
      }),
      expect.objectContaining({
        reference: '42#3',
        item: { itemNumber: 'S0001', via: 'mapping' },
        unitPrice: 59.66,
      }),
    ]);
    expect(booked(lines)).toBe(179);
  });

  it('multiplies component quantities by the bundles ordered and takes the discount off the split', () => {
    const components = [
      { item: { itemNumber: 'M0001' }, quantity: 2 },
      { item: { itemNumber: 'S0001' }, quantity: 1 },
    ];
    const lines = linesOf(
      plan([bundleItem({ quantityOrdered: 3, unitPrice: 33.33, discount: 5 })], {
        mappings: gift(components),
      }),
    );
    expect(lines.map((l) => l.quantity)).toEqual([6, 3]);
    expect(booked(lines)).toBe(94.99); // 3 × 33.33 − 5.00
  });

  it('splits by the shares the mapping gives', () => {
    const components = [
      { item: { itemNumber: 'M0001' }, quantity: 1, share: 70 },
      { item: { itemNumber: 'S0001' }, quantity: 3, share: 30 },
    ];
    const lines = linesOf(plan([bundleItem({ unitPrice: 100 })], { mappings: gift(components) }));
    expect(lines.map((l) => [l.unitPrice, l.discountPerUnit])).toEqual([
      [70, 0],
      [10, 0],
    ]);
  });

  it.each([
    { unitPrice: 179, quantityOrdered: 1, discount: 0 },
    { unitPrice: 179, quantityOrdered: 7, discount: 12.34 },
    { unitPrice: 0.99, quantityOrdered: 1, discount: 0 },
    { unitPrice: 33.33, quantityOrdered: 2, discount: 0.01 },
    { unitPrice: 1999.99, quantityOrdered: 1, discount: 199.99 },
  ])('preserves $unitPrice × $quantityOrdered − $discount to the cent', (item) => {
    const components = [
      { item: { itemNumber: 'M0001' }, quantity: 1, share: 33.3 },
      { item: { itemNumber: 'P0001' }, quantity: 2, share: 33.3 },
      { item: { itemNumber: 'S0001' }, quantity: 3, share: 33.4 },
    ];
    const lines = linesOf(plan([bundleItem(item)], { mappings: gift(components) }));
    expect(booked(lines)).toBe(roundTo(item.unitPrice * item.quantityOrdered - item.discount, 2));
  });

  it('prefers the bundle mapping over a look-up that finds the SKU too', () => {
    const lookups = fakeLookups({ ...DEFAULT_ITEMS, 'GIFT-SET': { itemNumber: 'KIT1', via: 'itemNumber' } });
    const lines = linesOf(plan([bundleItem()], { mappings: gift(three), lookups }));
    expect(lines.map((l) => l.item.itemNumber)).toEqual(['M0001', 'P0001', 'S0001']);
  });

  it('uses a marketplace’s own bundle over the general one', () => {
    const mappings = someMappings({
      bundles: [
        { sku: 'GIFT-SET', components: three },
        { sku: 'GIFT-SET', marketplaceId: US, components: [{ item: { itemNumber: 'US-KIT' }, quantity: 1 }] },
      ],
    });
    expect(linesOf(plan([bundleItem()], { mappings })).map((l) => l.item.itemNumber)).toEqual(['US-KIT']);
  });

  it('makes one line of the bundle SKU’s own item under bundles: single', () => {
    const lookups = fakeLookups({ 'GIFT-SET': { itemNumber: 'KIT1', via: 'itemNumber' } });
    const settings = someSettings({ bundles: 'single' });
    expect(linesOf(plan([bundleItem()], { mappings: gift(three), lookups, settings }))).toEqual([
      expect.objectContaining({
        reference: '42',
        kind: 'item',
        item: { itemNumber: 'KIT1', via: 'itemNumber' },
        unitPrice: 179,
      }),
    ]);
  });

  it('asks about a bundle whose discount exceeds its price', () => {
    expect(problemsOf(plan([bundleItem({ discount: 200 })], { mappings: gift(three) }))).toEqual([
      expect.stringMatching(/^order item 42 \(bundle SKU GIFT-SET\) has a discount larger than its price/),
    ]);
  });
});

describe('planLines: charges', () => {
  const items = (shipping: number, giftWrap: number) => [
    anItem({ orderItemId: '1', shipping, giftWrap }),
    anItem({ orderItemId: '2', shipping: shipping / 2, giftWrap }),
  ];
  const charges = (lines: LineDraft[]) =>
    lines
      .filter((l) => l.kind === 'charge')
      .map((l) => [l.reference, l.item.itemNumber, l.quantity, l.unitPrice]);

  it.each([
    { name: 'shipping', shipping: 4.99, giftWrap: 0, expected: [['SHIPPING', 'SHIP', 1, 7.49]] },
    { name: 'gift wrap', shipping: 0, giftWrap: 3.99, expected: [['GIFT_WRAP', 'GIFTWRAP', 1, 7.98]] },
    {
      name: 'both',
      shipping: 9.98,
      giftWrap: 1.5,
      expected: [
        ['SHIPPING', 'SHIP', 1, 14.97],
        ['GIFT_WRAP', 'GIFTWRAP', 1, 3],
      ],
    },
    { name: 'none', shipping: 0, giftWrap: 0, expected: [] },
  ])('adds one line per charge Amazon made: $name', ({ shipping, giftWrap, expected }) => {
    const lines = linesOf(plan(items(shipping, giftWrap)));
    expect(charges(lines)).toEqual(expected);
    expect(
      lines.filter((l) => l.kind === 'charge').every((l) => l.site === '1' && l.warehouse === '11'),
    ).toBe(true);
  });

  it('asks for the charge item that is not set, with the amount', () => {
    const settings = someSettings({ chargeItems: { giftWrap: 'GIFTWRAP' } });
    expect(problemsOf(plan(items(4, 0), { settings }))).toEqual([
      'the order charges shipping (6) but services.import-orders.chargeItems.shipping is not set: set it to the non-stock D365 item that carries this charge',
    ]);
  });

  it('needs no charge item for a charge Amazon did not make', () => {
    const settings = someSettings({ chargeItems: {} });
    expect(linesOf(plan(items(0, 0), { settings }))).toHaveLength(2);
  });
});
