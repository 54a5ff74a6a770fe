import { describe, expect, it } from 'vitest';
import type { ResolvedItem } from './items.ts';
import { skuIndex } from './skuIndex.ts';

const mug: ResolvedItem = { itemNumber: 'M0001', via: 'itemNumber' };
const teeM: ResolvedItem = { itemNumber: 'T0100', size: 'M', color: 'Red', via: 'barcode' };

describe('skuIndex', () => {
  const index = skuIndex(
    new Map<string, ResolvedItem | undefined>([
      ['MUG', mug],
      ['MUG-RENEWED', { ...mug, via: 'mapping' }],
      ['TEE-M-RED', teeM],
      ['GONE', undefined],
    ]),
  );

  it('finds the product of a SKU, and every SKU of a product (the way it was found does not matter)', () => {
    expect(index.product('TEE-M-RED')).toEqual(teeM);
    expect(index.skus({ itemNumber: 'M0001' })).toEqual(['MUG', 'MUG-RENEWED']);
  });

  it('tells variants of one master apart by their dimensions', () => {
    expect(index.skus({ itemNumber: 'T0100', size: 'M', color: 'Red' })).toEqual(['TEE-M-RED']);
    expect(index.skus({ itemNumber: 'T0100', size: 'L', color: 'Red' })).toEqual([]);
    expect(index.skus({ itemNumber: 'T0100' })).toEqual([]);
  });

  it('lists the SKUs no strategy found', () => {
    expect(index.unresolved).toEqual(['GONE']);
    expect(index.product('GONE')).toBeUndefined();
  });
});
