import { afterEach, describe, expect, it } from 'vitest';
import {
  customerGroupRow,
  json,
  startFakeD365,
  testClient,
  type FakeD365,
} from '../../test/support/d365TestKit.ts';
import { productBarcodes } from './entities/productIdentifiers.ts';
import { customerGroups } from './entities/reference.ts';
import { valueGroups } from './readWhereIn.ts';

describe('valueGroups', () => {
  it('puts at most 40 values in one request', () => {
    const skus = Array.from({ length: 85 }, (_, i) => `S${i}`);
    expect(valueGroups(productBarcodes, 'Barcode', skus).map((c) => c.length)).toEqual([40, 40, 5]);
  });

  it('makes smaller groups of long values, so the URL stays short', () => {
    const long = Array.from({ length: 40 }, (_, i) => `${'X'.repeat(60)}-${i}`);
    const chunks = valueGroups(productBarcodes, 'Barcode', long);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(long);
  });

  it('counts characters as sent (quotes doubled, non-ASCII percent-encoded)', () => {
    const ascii = valueGroups(
      productBarcodes,
      'Barcode',
      Array.from({ length: 40 }, (_, i) => `ABCDEFGHIJ-${i}`),
    );
    const encoded = valueGroups(
      productBarcodes,
      'Barcode',
      Array.from({ length: 40 }, (_, i) => `日本語日本語日本-${i}`),
    );
    expect(ascii).toHaveLength(1);
    expect(encoded.length).toBeGreaterThan(1);
  });

  it('sends a value too long for any group on its own, and each value once', () => {
    expect(valueGroups(productBarcodes, 'Barcode', ['Y'.repeat(3000), 'A', 'A'])).toEqual([
      ['Y'.repeat(3000)],
      ['A'],
    ]);
  });
});

let fake: FakeD365;
afterEach(async () => fake?.close());

describe('readWhereIn', () => {
  it('reads every group with the caller’s filter ANDed, and sends nothing for no values', async () => {
    fake = await startFakeD365((req, res) => {
      const filter = req.query.get('$filter') ?? '';
      const ids = [...filter.matchAll(/CustomerGroupId eq '([^']+)'/g)].map((m) => m[1]!);
      json(res, 200, {
        value: ids.map((id) => customerGroupRow(id)),
      });
    });
    const { client } = testClient(fake);
    const wanted = Array.from({ length: 45 }, (_, i) => `G${i}`);
    const rows = await client.readWhereIn(customerGroups, 'CustomerGroupId', wanted, {
      company: 'usmf',
      filter: (w) => w.ne('PaymentTermId', 'COD'),
      select: ['CustomerGroupId'],
    });
    expect(rows.map((r) => r.CustomerGroupId)).toEqual(wanted);
    const filters = fake.dataRequests().map((r) => decodeURIComponent(r.url));
    expect(filters).toHaveLength(2);
    expect(filters.every((f) => f.includes("PaymentTermId ne 'COD' and (CustomerGroupId eq 'G"))).toBe(true);
    expect(await client.readWhereIn(customerGroups, 'CustomerGroupId', [], { company: 'usmf' })).toEqual([]);
    expect(fake.dataRequests()).toHaveLength(2);
  });
});
