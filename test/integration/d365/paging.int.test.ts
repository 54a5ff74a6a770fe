// Server-driven paging across 25,000 rows: the client follows the emulator's `@odata.nextLink` until the
// last page, every row exactly once, and the total equals `client.count` — at F&O's 10,000-row page and
// at a small page size that does not divide the total. Also page by page with the nextLink as a cursor.
import { describe, expect, it } from 'vitest';
import {
  customerGroups,
  iterateOnHand,
  warehouseOnHand,
  type FilterBuilder,
} from '../../../src/d365/index.ts';
import type { D365Emulator } from '../../../src/emulators/d365/app.ts';
import { useHarness } from './kit.ts';

const ROWS = 25_000;
/** A company of its own, so the seed's rows do not mix in. */
const BULK = 'bulk';

function seedBulk(emulator: D365Emulator): void {
  const { store } = emulator;
  store.atomically(() => {
    for (let i = 0; i < ROWS; i++) {
      store.insert('WarehousesOnHandV2', {
        dataAreaId: BULK,
        ItemNumber: `B${String(i).padStart(5, '0')}`,
        InventorySiteId: '1',
        InventoryWarehouseId: i % 2 === 0 ? '11' : '13',
        OnHandQuantity: i % 100,
        AvailableOnHandQuantity: i % 100,
        TotalAvailableQuantity: i % 100,
      });
      store.insert('CustomerGroups', {
        dataAreaId: BULK,
        CustomerGroupId: `G${i}`,
        Description: `Group ${i}`,
      });
    }
  });
}

const keyOf = (r: { ItemNumber: string; InventoryWarehouseId: string }) =>
  `${r.ItemNumber}@${r.InventoryWarehouseId}`;
const expectedSum = Array.from({ length: ROWS }, (_, i) => i % 100).reduce((a, b) => a + b, 0);

describe.each([
  { label: 'F&O’s 10,000-row pages', pageSize: undefined, pages: 3 },
  { label: 'small pages (999 rows)', pageSize: 999, pages: Math.ceil(ROWS / 999) },
])('paging across 25,000 rows with $label', ({ pageSize, pages }) => {
  const d365 = useHarness('all', pageSize ? { pageSize } : {}, ({ harness }) => seedBulk(harness.emulator));

  it('iterates every on-hand row exactly once, as many as client.count says', async () => {
    d365.harness.resetCounts();
    const seen = new Set<string>();
    let sum = 0;
    let rows = 0;
    for await (const row of iterateOnHand(d365.client, { company: BULK })) {
      rows++;
      seen.add(keyOf(row));
      sum += row.OnHandQuantity;
    }
    expect(rows).toBe(ROWS);
    expect(seen.size).toBe(ROWS);
    expect(sum).toBe(expectedSum);
    expect(await d365.client.count(warehouseOnHand, { company: BULK })).toBe(rows);

    const reads = d365.harness.dataRequests().filter((r) => r.path === '/data/WarehousesOnHandV2');
    expect(reads).toHaveLength(pages);
    // Every page after the first is the server's nextLink, followed verbatim (same filter, $skiptoken).
    expect(
      reads.slice(1).every((r) => r.search.includes('%24skiptoken=') || r.search.includes('$skiptoken=')),
    ).toBe(true);
    expect(reads.every((r) => decodeURIComponent(r.search).includes(`dataAreaId eq '${BULK}'`))).toBe(true);
  });

  it('iterates a reference table in the server’s own order, and filters across pages', async () => {
    const all = new Set<string>();
    for await (const g of d365.client.iterate(customerGroups, { company: BULK, select: ['CustomerGroupId'] }))
      all.add(g.CustomerGroupId);
    expect(all.size).toBe(ROWS);
    expect(await d365.client.count(customerGroups, { company: BULK })).toBe(ROWS);

    const filter = (w: FilterBuilder<typeof warehouseOnHand>) =>
      w.and(w.eq('InventoryWarehouseId', '13'), w.ge('OnHandQuantity', 50));
    let matched = 0;
    for await (const r of d365.client.iterate(warehouseOnHand, {
      company: BULK,
      filter,
      select: ['OnHandQuantity'],
    })) {
      expect(r.OnHandQuantity).toBeGreaterThanOrEqual(50);
      matched++;
    }
    expect(matched).toBe(ROWS / 4);
    expect(await d365.client.count(warehouseOnHand, { company: BULK, filter })).toBe(matched);
  });

  it('reads page by page with the nextLink as a cursor, as a flow resuming in its next run would', async () => {
    const fresh = d365.harness.newClient().client; // another run: nothing shared but the cursor
    let page = await d365.client.list(warehouseOnHand, {
      company: BULK,
      orderBy: ['ItemNumber'],
      count: true,
    });
    expect(page.count).toBe(ROWS);
    let total = page.rows.length;
    let last = page.rows.at(-1)!.ItemNumber;
    while (page.nextLink) {
      page = await fresh.list(warehouseOnHand, { nextLink: page.nextLink });
      expect(page.rows[0]!.ItemNumber > last).toBe(true);
      last = page.rows.at(-1)!.ItemNumber;
      total += page.rows.length;
    }
    expect(total).toBe(ROWS);
  });
});
