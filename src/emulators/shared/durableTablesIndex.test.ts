// Secondary indexes of DurableTables answer what a scan would, in the table's order, through every way a
// row changes: insert, replace (same or another bucket), delete, a rolled-back change set, a reopen.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurableTables } from './durableTables.ts';

interface Line {
  order: string;
  n: number;
}
const byOrder = (row: unknown) => (row as Line).order;
const scan = (t: DurableTables, order: string) => t.rows('lines').filter((r) => byOrder(r) === order);
const lookup = (t: DurableTables, order: string) => t.lookup('lines', 'order', byOrder, order);

describe('DurableTables.lookup', () => {
  it('answers what a scan answers, in insertion order, as rows are added, moved and removed', () => {
    const t = new DurableTables();
    t.put('lines', 'a', { order: '1', n: 1 });
    t.put('lines', 'b', { order: '2', n: 1 });
    expect(lookup(t, '1')).toEqual([{ order: '1', n: 1 }]); // the index is built here, from the rows so far
    t.put('lines', 'c', { order: '1', n: 2 });
    t.put('lines', 'd', { order: '2', n: 2 });
    t.put('lines', 'b', { order: '1', n: 9 }); // moves bucket, keeps its place in the table
    t.put('lines', 'a', { order: '1', n: 3 }); // same bucket, new value
    t.delete('lines', 'c');
    t.commit();
    for (const order of ['1', '2', '3']) expect(lookup(t, order)).toEqual(scan(t, order));
    expect(lookup(t, '1').map((r) => (r as Line).n)).toEqual([3, 9]);
  });

  it('follows a rolled-back change set back to the rows before it', () => {
    const t = new DurableTables();
    t.put('lines', 'a', { order: '1', n: 1 });
    t.put('lines', 'b', { order: '1', n: 2 });
    t.commit();
    expect(lookup(t, '1')).toHaveLength(2);
    expect(() =>
      t.atomically(() => {
        t.put('lines', 'a', { order: '2', n: 1 });
        t.delete('lines', 'b');
        t.put('lines', 'c', { order: '1', n: 3 });
        throw new Error('refused');
      }),
    ).toThrow('refused');
    for (const order of ['1', '2']) expect(lookup(t, order)).toEqual(scan(t, order));
    expect(
      lookup(t, '1')
        .map((r) => (r as Line).n)
        .sort(),
    ).toEqual([1, 2]);
    expect(lookup(t, '2')).toEqual([]);
  });

  it('answers from the reopened state (its journal replayed)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'emu-index-')), 'state.jsonl');
    const a = new DurableTables(file);
    for (let i = 0; i < 30; i++) {
      a.put('lines', `k${i}`, { order: String(i % 3), n: i });
      a.commit();
    }
    a.delete('lines', 'k3');
    a.commit();
    a.close();
    const b = new DurableTables(file);
    for (const order of ['0', '1', '2']) expect(lookup(b, order)).toEqual(scan(b, order));
    expect(lookup(b, '0')).toHaveLength(9);
  });
});
