import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startD365TestEmulator, type D365TestEmulator } from '../../../test/support/d365EmulatorTestKit.ts';

let kit: D365TestEmulator;
const ROWS = 25_000;
const id = (i: number) => `G${String(i).padStart(5, '0')}`;

beforeAll(async () => {
  kit = await startD365TestEmulator({ seed: 'none' });
  const { store } = kit.emulator;
  store.atomically(() => {
    for (let i = 0; i < ROWS; i++)
      store.insert('CustomerGroups', {
        dataAreaId: 'usmf',
        CustomerGroupId: id(i),
        Description: i % 2 === 0 ? 'even' : 'odd',
        PaymentTermId: `T${i % 7}`,
      });
  });
});
afterAll(() => kit.close());

interface Page {
  value: { CustomerGroupId: string }[];
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
}

/** Follows nextLinks verbatim from `first`, collecting every page. */
async function all(first: string): Promise<{ pages: Page[]; ids: string[] }> {
  const pages: Page[] = [];
  let next: string | undefined = first;
  while (next) {
    const response = await kit.request(next.replace(kit.baseUrl, ''));
    expect(response.status).toBe(200);
    const page = (await response.json()) as Page;
    pages.push(page);
    next = page['@odata.nextLink'];
  }
  return { pages, ids: pages.flatMap((p) => p.value.map((r) => r.CustomerGroupId)) };
}

describe('server-driven paging', () => {
  it('pages 25,000 rows at 10,000 with nextLinks, missing and repeating nothing', async () => {
    const { pages, ids } = await all('/data/CustomerGroups?$select=CustomerGroupId');
    expect(pages.map((p) => p.value.length)).toEqual([10_000, 10_000, 5_000]);
    expect(ids).toEqual(Array.from({ length: ROWS }, (_, i) => id(i)));
    expect(pages[0]!['@odata.nextLink']).toBe(
      `${kit.baseUrl}/data/CustomerGroups?$select=CustomerGroupId&$skiptoken=10000`,
    );
  });

  it('keeps $filter, $orderby, $top, $count and cross-company in every nextLink', async () => {
    const query = `$filter=${encodeURIComponent("Description eq 'even' and PaymentTermId ne 'T3'")}&$orderby=CustomerGroupId%20desc&$top=10500&$count=true&$select=CustomerGroupId&cross-company=true`;
    const { pages, ids } = await all(`/data/CustomerGroups?${query}`);
    const expected = Array.from({ length: ROWS }, (_, i) => i)
      .filter((i) => i % 2 === 0 && i % 7 !== 3)
      .reverse()
      .slice(0, 10_500)
      .map(id);
    expect(pages.map((p) => p.value.length)).toEqual([10_000, 500]);
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
    const next = new URL(pages[0]!['@odata.nextLink']!);
    expect(next.searchParams.get('$filter')).toBe("Description eq 'even' and PaymentTermId ne 'T3'");
    expect(next.searchParams.get('$orderby')).toBe('CustomerGroupId desc');
    expect(next.searchParams.get('$top')).toBe('10500');
    expect(next.searchParams.get('cross-company')).toBe('true');
    expect(pages.every((p) => p['@odata.count'] === 10_715)).toBe(true);
  });

  it('combines client paging ($skip/$top) with server paging', async () => {
    const { ids } = await all('/data/CustomerGroups?$select=CustomerGroupId&$skip=24990');
    expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => id(24_990 + i)));
  });

  it('pages at a configured page size', async () => {
    const small = await startD365TestEmulator({ seed: 'none', pageSize: 2 });
    for (const g of ['A', 'B', 'C', 'D', 'E'])
      small.emulator.store.insert('CustomerGroups', { dataAreaId: 'usmf', CustomerGroupId: g });
    const seen: string[] = [];
    let next: string | undefined = '/data/CustomerGroups';
    while (next) {
      const page = (await (await small.request(next.replace(small.baseUrl, ''))).json()) as Page;
      seen.push(...page.value.map((r) => r.CustomerGroupId));
      next = page['@odata.nextLink'];
    }
    expect(seen).toEqual(['A', 'B', 'C', 'D', 'E']);
    await small.close();
  });
});
