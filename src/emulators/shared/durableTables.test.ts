import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurableTables } from './durableTables.ts';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'emu-state-')), 'state.jsonl');

describe('DurableTables', () => {
  it('reopens with every committed change and none of the uncommitted ones', () => {
    const file = tempFile();
    const a = new DurableTables(file);
    a.put('orders', '1', { status: 'Pending' });
    a.put('orders', '2', { status: 'Pending' });
    a.commit();
    a.put('orders', '1', { status: 'Unshipped' });
    a.delete('orders', '2');
    a.commit();
    a.put('orders', '3', { status: 'Pending' }); // never committed: lost like an unanswered request
    a.close();
    const b = new DurableTables(file);
    expect(b.rows('orders')).toEqual([{ status: 'Unshipped' }]);
    expect(b.get('orders', '3')).toBeUndefined();
  });

  it('ignores a torn last line (a crash in the middle of a write)', () => {
    const file = tempFile();
    const a = new DurableTables(file);
    a.put('t', 'k', { v: 1 });
    a.commit();
    a.close();
    appendFileSync(file, '[{"t":"t","k":"k","v":{"v":2');
    const b = new DurableTables(file);
    expect(b.get('t', 'k')).toEqual({ v: 1 });
    // What is committed after the recovery must survive the next restart too.
    b.put('t', 'k2', { v: 3 });
    b.commit();
    b.close();
    const c = new DurableTables(file);
    expect(c.get('t', 'k2')).toEqual({ v: 3 });
    expect(c.get('t', 'k')).toEqual({ v: 1 });
  });

  it('rolls a failed change set back to the rows it started from', () => {
    const tables = new DurableTables();
    tables.put('headers', 'SO1', { n: 1 });
    tables.commit();
    expect(() =>
      tables.atomically(() => {
        tables.put('headers', 'SO1', { n: 2 });
        tables.put('lines', 'L1', { item: 'A' });
        throw new Error('line refused');
      }),
    ).toThrow('line refused');
    expect(tables.get('headers', 'SO1')).toEqual({ n: 1 });
    expect(tables.size('lines')).toBe(0);
  });

  it('compacts a long journal into a snapshot and still reopens the same state', () => {
    const file = tempFile();
    const a = new DurableTables(file);
    for (let i = 0; i < 5_100; i++) {
      a.put('t', String(i % 10), { i });
      a.commit();
    }
    a.close();
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean).length).toBeLessThan(200);
    const b = new DurableTables(file);
    expect(b.size('t')).toBe(10);
    expect(b.get('t', '9')).toEqual({ i: 5_099 });
    // Without the journal only the snapshot, taken at the 5,000th commit, remains.
    writeFileSync(file, '');
    expect(new DurableTables(file).get('t', '0')).toEqual({ i: 4_990 });
  });
});
