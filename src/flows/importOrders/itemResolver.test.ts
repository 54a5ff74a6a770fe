import { describe, expect, it } from 'vitest';
import { chunkSkus } from './itemResolver.ts';

describe('chunkSkus', () => {
  it('puts at most 40 SKUs in one request', () => {
    const skus = Array.from({ length: 85 }, (_, i) => `S${i}`);
    expect(chunkSkus(skus, 'Barcode').map((c) => c.length)).toEqual([40, 40, 5]);
  });

  it('makes smaller groups of long SKUs, so the URL stays short', () => {
    const long = Array.from({ length: 40 }, (_, i) => `${'X'.repeat(60)}-${i}`);
    const chunks = chunkSkus(long, 'CustomerProductNumber');
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(long);
  });

  it('counts characters as sent (quotes doubled, non-ASCII percent-encoded)', () => {
    const ascii = chunkSkus(
      Array.from({ length: 40 }, (_, i) => `ABCDEFGHIJ-${i}`),
      'Barcode',
    );
    const encoded = chunkSkus(
      Array.from({ length: 40 }, (_, i) => `日本語日本語日本-${i}`),
      'Barcode',
    );
    expect(ascii).toHaveLength(1);
    expect(encoded.length).toBeGreaterThan(1);
  });

  it('sends a SKU too long for any group on its own', () => {
    expect(chunkSkus(['Y'.repeat(3000), 'A'], 'Barcode')).toEqual([['Y'.repeat(3000)], ['A']]);
  });
});
