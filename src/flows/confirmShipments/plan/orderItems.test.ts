// Which Amazon order items a packing slip ships: item lines as they are, charge lines left out, bundles
// in whole units confirmed on the slip that completes them, lines the connector did not create refused.
import { describe, expect, it } from 'vitest';
import type { ImportedLine } from '../../domain/importedOrders.ts';
import { orderedUnits, slipItems } from './orderItems.ts';

const lines: ImportedLine[] = [
  { reference: 'A', kind: 'item', orderItemId: 'A', itemNumber: 'HP', quantity: 3, inventoryLotId: 'L-A' },
  // Bundle B, 2 ordered: one stand, two cables per bundle.
  {
    reference: 'B#1',
    kind: 'bundleComponent',
    orderItemId: 'B',
    itemNumber: 'STAND',
    quantity: 2,
    perAmazonUnit: 1,
    inventoryLotId: 'L-B1',
  },
  {
    reference: 'B#2',
    kind: 'bundleComponent',
    orderItemId: 'B',
    itemNumber: 'CABLE',
    quantity: 4,
    perAmazonUnit: 2,
    inventoryLotId: 'L-B2',
  },
  { reference: 'SHIPPING', kind: 'charge', itemNumber: 'FREIGHT', quantity: 1, inventoryLotId: 'L-S' },
];
const order = { amazonOrderId: '111-0000000-0000001', lines };
const slip = (id: string, createdOn: string, shipped: Record<string, number>) => ({
  packingSlipId: id,
  createdOn,
  lines: Object.entries(shipped).map(([lot, quantity]) => ({ inventTransId: lot, itemId: lot, quantity })),
});

describe('slipItems', () => {
  it('takes item lines as Amazon units and leaves charge lines out', () => {
    const s = slip('PS1', '2026-12-01T10:00:00Z', { 'L-A': 2, 'L-S': 1 });
    expect(slipItems(order, [s], s)).toEqual({
      items: [{ orderItemId: 'A', quantity: 2 }],
      bundlesCompleted: {},
      bundlePartsOnly: false,
      problems: [],
    });
  });

  it('confirms a bundle unit on the slip that completes it, counting every earlier slip', () => {
    const s1 = slip('PS1', '2026-12-01T10:00:00Z', { 'L-B1': 2, 'L-B2': 1 });
    const s2 = slip('PS2', '2026-12-01T11:00:00Z', { 'L-B2': 1 });
    const s3 = slip('PS3', '2026-12-01T12:00:00Z', { 'L-B2': 2 });
    const all = [s3, s1, s2]; // posting order, not list order, decides
    expect(slipItems(order, all, s1)).toMatchObject({ items: [], bundlePartsOnly: true });
    expect(slipItems(order, all, s2)).toMatchObject({
      items: [{ orderItemId: 'B', quantity: 1 }],
      bundlesCompleted: { B: 1 },
    });
    expect(slipItems(order, all, s3)).toMatchObject({ items: [{ orderItemId: 'B', quantity: 1 }] });
  });

  it('names a line the connector did not create, and a quantity that is not whole Amazon units', () => {
    const s = slip('PS1', '2026-12-01T10:00:00Z', { 'L-X': 1, 'L-A': 1.5 });
    const result = slipItems(order, [s], s);
    expect(result.items).toEqual([]);
    expect(result.problems).toEqual([
      expect.stringMatching(
        /item L-X \(lot L-X\) is not a line the connector created for Amazon order 111-0000000-0000001/,
      ),
      expect.stringMatching(/ships 1.5 of item HP, which is not a whole number of Amazon units/),
    ]);
  });

  it('asks a person when the quantity per bundle is unknown (orders imported before it was recorded)', () => {
    const old = { ...order, lines: lines.map(({ perAmazonUnit: _p, ...l }) => l) };
    const s = slip('PS1', '2026-12-01T10:00:00Z', { 'L-B1': 1 });
    expect(slipItems(old, [s], s).problems).toEqual([
      expect.stringMatching(/how many of item STAND make one bundle was not recorded/),
    ]);
  });
});

describe('orderedUnits', () => {
  it('gives Amazon units per order item, bundles counted once', () => {
    expect(orderedUnits(order)).toEqual(
      new Map([
        ['A', 3],
        ['B', 2],
      ]),
    );
  });
});
