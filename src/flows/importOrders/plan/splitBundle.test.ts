/**
 * The bundle price split: components add up to the bundle's net amount to the cent, the way D365 will
 * compute it (line amount = (price − discount per unit) × quantity, rounded to the cent).
 */
import { describe, expect, it } from 'vitest';
import { roundTo } from './amounts.ts';
import { splitBundle, type BundlePart } from './splitBundle.ts';

/** What D365 books for the split lines. */
const booked = (parts: BundlePart[], net: number) =>
  roundTo(
    splitBundle(net, parts).reduce(
      (sum, p, i) => sum + roundTo((p.unitPrice - p.discountPerUnit) * parts[i]!.quantity, 2),
      0,
    ),
    2,
  );

describe('splitBundle', () => {
  it('splits 179.00 three ways as 59.67 + 59.67 + 59.66', () => {
    const parts = [1, 1, 1].map((quantity) => ({ quantity, weight: 1 }));
    expect(splitBundle(179, parts)).toEqual([
      { unitPrice: 59.67, discountPerUnit: 0 },
      { unitPrice: 59.67, discountPerUnit: 0 },
      { unitPrice: 59.66, discountPerUnit: 0 },
    ]);
  });

  it('lets the last component take the remainder through a per-unit discount', () => {
    // 100.00 half and half over 1 and 3 units: 50.00, then 50.00 / 3 = 16.67 − 0.0033 per unit.
    expect(
      splitBundle(100, [
        { quantity: 1, weight: 50 },
        { quantity: 3, weight: 50 },
      ]),
    ).toEqual([
      { unitPrice: 50, discountPerUnit: 0 },
      { unitPrice: 16.67, discountPerUnit: 0.0033 },
    ]);
  });

  it('rounds down instead when rounding to the nearest cent would overspend a tiny net', () => {
    // 0.06 over 4 + 4 + 1 units: to the nearest cent the first two would take 0.04 each.
    const parts = [
      { quantity: 4, weight: 1 },
      { quantity: 4, weight: 1 },
      { quantity: 1, weight: 1 },
    ];
    expect(splitBundle(0.06, parts)).toEqual([
      { unitPrice: 0, discountPerUnit: 0 },
      { unitPrice: 0, discountPerUnit: 0 },
      { unitPrice: 0.06, discountPerUnit: 0 },
    ]);
  });

  const awkward: { net: number; parts: BundlePart[] }[] = [
    { net: 179, parts: [1, 1, 1].map((q) => ({ quantity: q, weight: q })) },
    { net: 358, parts: [2, 2, 2].map((q) => ({ quantity: q, weight: 1 })) },
    { net: 99.99, parts: [1, 2, 3].map((q) => ({ quantity: q, weight: q })) },
    { net: 0.01, parts: [1, 1, 1].map((q) => ({ quantity: q, weight: 1 })) },
    { net: 0, parts: [1, 1].map((q) => ({ quantity: q, weight: 1 })) },
    {
      net: 1234.57,
      parts: [
        { quantity: 7, weight: 33.3 },
        { quantity: 11, weight: 33.3 },
        { quantity: 13, weight: 33.4 },
      ],
    },
    {
      net: 10,
      parts: [
        { quantity: 3, weight: 1 },
        { quantity: 49, weight: 1 },
      ],
    },
    {
      net: 59.97,
      parts: [
        { quantity: 6, weight: 70 },
        { quantity: 9, weight: 30 },
      ],
    },
    {
      net: 1.01,
      parts: [
        { quantity: 1, weight: 99 },
        { quantity: 1, weight: 1 },
      ],
    },
  ];
  it.each(awkward)('books exactly $net over the components', ({ net, parts }) => {
    const prices = splitBundle(net, parts);
    expect(prices).toHaveLength(parts.length);
    for (const p of prices) {
      expect(p.unitPrice).toBeGreaterThanOrEqual(0);
      expect(p.discountPerUnit).toBeGreaterThanOrEqual(0);
      expect(p.discountPerUnit).toBeLessThan(0.01);
    }
    expect(booked(parts, net)).toBe(net);
  });

  it('cannot split a negative amount', () => {
    expect(splitBundle(-1, [{ quantity: 1, weight: 1 }])).toEqual([]);
  });
});
