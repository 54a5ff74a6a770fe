// The SKU resolver against the D365 emulator's demo company: each strategy finds what it should, in the
// configured order, a page of SKUs costs a handful of reads, and answers are reused until they expire.
import { describe, expect, it } from 'vitest';
import { customerProductDescriptionsApi } from '../../d365/index.ts';
import { useHarness } from '../../../test/integration/d365/kit.ts';
import { createItemResolver, itemKey, itemLookup, type ItemRequest } from './itemResolver.ts';
import type { Mappings } from './mappings.ts';
import type { SkuStrategy } from './items.ts';

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';
const ALL: SkuStrategy[] = ['mapping', 'itemNumber', 'externalItemNumber', 'barcode'];
const noMappings: Mappings = { skus: [], bundles: [], deliveryModes: [], paymentMethods: [] };

const d365 = useHarness('each');

const us = (sku: string): ItemRequest => ({
  sku,
  marketplaceId: US,
  company: 'usmf',
  customerAccount: 'AMZ-US',
});

function resolver(strategies: SkuStrategy[] = ALL, mappings = noMappings, now?: () => number) {
  return createItemResolver(d365.client, { strategies, mappings, ...(now ? { now } : {}) });
}

async function resolveOne(sku: string, strategies: SkuStrategy[] = ALL, request: Partial<ItemRequest> = {}) {
  const found = await resolver(strategies).resolve([{ ...us(sku), ...request }]);
  return found.get(itemKey(request.marketplaceId ?? US, sku));
}

/** Gives a demo product's AMZ-US external item number another value. */
async function renameExternal(itemNumber: string, sku: string) {
  await customerProductDescriptionsApi.update(
    d365.client,
    {
      ItemNumber: itemNumber,
      ProductColorId: '',
      ProductConfigurationId: '',
      ProductSizeId: '',
      ProductStyleId: '',
      ProductVersionId: '',
      CustomerAccountNumber: 'AMZ-US',
      ProductDescriptionCustomerGroupId: '',
    },
    { CustomerProductNumber: sku },
  );
}

const dataRequests = () => d365.harness.dataRequests().length;

describe('strategies', () => {
  it('itemNumber: a released product, or a variant by its variant number — never a bare master', async () => {
    expect(await resolveOne('A0001', ['itemNumber'])).toEqual({ itemNumber: 'A0001', via: 'itemNumber' });
    expect(await resolveOne('a0001', ['itemNumber'])).toEqual({ itemNumber: 'A0001', via: 'itemNumber' });
    expect(await resolveOne('T0100 : S : Black', ['itemNumber'])).toEqual({
      itemNumber: 'T0100',
      size: 'S',
      color: 'Black',
      via: 'itemNumber',
    });
    expect(await resolveOne('T0100', ['itemNumber'])).toBeUndefined();
  });

  it('barcode: a simple product and a variant, with its dimensions', async () => {
    expect(await resolveOne('4006380000018', ['barcode'])).toEqual({ itemNumber: 'A0001', via: 'barcode' });
    expect(await resolveOne('086000200091', ['barcode'])).toEqual({
      itemNumber: 'T0100',
      size: 'S',
      color: 'Black',
      via: 'barcode',
    });
  });

  it('externalItemNumber: the marketplace customer’s number, with variant dimensions', async () => {
    expect(await resolveOne('DEMO-TEE-BLK-M', ['externalItemNumber'])).toEqual({
      itemNumber: 'T0100',
      size: 'M',
      color: 'Black',
      via: 'externalItemNumber',
    });
    // Without the marketplace customer there is no one whose numbers to search.
    expect(
      await resolveOne('DEMO-TEE-BLK-M', ['externalItemNumber'], { customerAccount: undefined }),
    ).toBeUndefined();
  });

  it('mapping: the marketplace’s row wins over the general one, and D365 is not asked', async () => {
    const mappings: Mappings = {
      ...noMappings,
      skus: [
        { sku: 'MY-SKU', item: { itemNumber: 'A0002' } },
        { sku: 'MY-SKU', marketplaceId: CA, item: { itemNumber: 'T0100', size: 'L', color: 'White' } },
      ],
    };
    d365.harness.resetCounts();
    const found = await resolver(ALL, mappings).resolve([
      us('MY-SKU'),
      { ...us('MY-SKU'), marketplaceId: CA },
    ]);
    expect(found.get(itemKey(US, 'MY-SKU'))).toEqual({ itemNumber: 'A0002', via: 'mapping' });
    expect(found.get(itemKey(CA, 'MY-SKU'))).toEqual({
      itemNumber: 'T0100',
      size: 'L',
      color: 'White',
      via: 'mapping',
    });
    expect(dataRequests()).toBe(0);
  });

  it('tries the strategies in the configured order: the first that finds the SKU wins', async () => {
    const mappings: Mappings = { ...noMappings, skus: [{ sku: 'DEMO-HP', item: { itemNumber: 'A0002' } }] };
    const mappingFirst = await resolver(['mapping', 'externalItemNumber'], mappings).resolve([us('DEMO-HP')]);
    expect(mappingFirst.get(itemKey(US, 'DEMO-HP'))).toEqual({ itemNumber: 'A0002', via: 'mapping' });
    const externalFirst = await resolver(['externalItemNumber', 'mapping'], mappings).resolve([
      us('DEMO-HP'),
    ]);
    expect(externalFirst.get(itemKey(US, 'DEMO-HP'))).toEqual({
      itemNumber: 'A0001',
      via: 'externalItemNumber',
    });
  });

  it('answers undefined for a SKU no strategy finds, and itemLookup serves the answers', async () => {
    const found = await resolver().resolve([us('NO-SUCH-SKU'), us('DEMO-CAM')]);
    expect(found.has(itemKey(US, 'NO-SUCH-SKU'))).toBe(true);
    expect(found.get(itemKey(US, 'NO-SUCH-SKU'))).toBeUndefined();
    const item = itemLookup(found);
    expect(item('DEMO-CAM', US)).toEqual({ itemNumber: 'A0008', via: 'externalItemNumber' });
    expect(item('DEMO-CAM', CA)).toBeUndefined();
  });

  it('finds SKUs with a quote and with non-ASCII characters (escaping is the OData layer’s)', async () => {
    await renameExternal('A0007', "O'NEIL-GCH");
    await renameExternal('A0008', 'CAFÉ-カメラ-08');
    const found = await resolver().resolve([us("O'NEIL-GCH"), us('CAFÉ-カメラ-08')]);
    expect(found.get(itemKey(US, "O'NEIL-GCH"))).toEqual({ itemNumber: 'A0007', via: 'externalItemNumber' });
    expect(found.get(itemKey(US, 'CAFÉ-カメラ-08'))).toEqual({
      itemNumber: 'A0008',
      via: 'externalItemNumber',
    });
  });

  it('never sends a SKU with `*` to D365 (F&O would read it as a wildcard)', async () => {
    d365.harness.resetCounts();
    expect(await resolveOne('DEMO-*')).toBeUndefined();
    expect(dataRequests()).toBe(0);
  });
});

describe('batching and caching', () => {
  it('resolves 60 SKUs with a handful of requests, not one per SKU', async () => {
    const known = ['A0001', 'DEMO-SPK', 'DEMO-TEE-WHT-S', '086000100032'];
    const unknown = Array.from({ length: 56 }, (_, i) => `UNKNOWN-SKU-${String(i).padStart(3, '0')}`);
    d365.harness.resetCounts();
    const found = await resolver().resolve([...known, ...unknown].map(us));
    expect([...found.values()].filter(Boolean)).toHaveLength(4);
    expect(found.get(itemKey(US, 'DEMO-TEE-WHT-S'))).toMatchObject({ itemNumber: 'T0100', color: 'White' });
    expect(found.get(itemKey(US, '086000100032'))).toEqual({ itemNumber: 'A0003', via: 'barcode' });
    // Two or three requests (as many SKUs as fit a URL) for each of: items, variants, external numbers, barcodes.
    expect(dataRequests()).toBeLessThanOrEqual(10);
  });

  it('reuses answers until they expire (a miss after 30 s, a hit after 5 min); forget() drops them', async () => {
    let now = 1_000_000;
    const cached = resolver(ALL, noMappings, () => now);
    const page = [us('DEMO-HP'), us('LATER-FIXED')];
    expect((await cached.resolve(page)).get(itemKey(US, 'LATER-FIXED'))).toBeUndefined();

    await renameExternal('A0006', 'LATER-FIXED');
    d365.harness.resetCounts();
    const again = await cached.resolve(page);
    expect(again.get(itemKey(US, 'DEMO-HP'))).toEqual({ itemNumber: 'A0001', via: 'externalItemNumber' });
    expect(again.get(itemKey(US, 'LATER-FIXED'))).toBeUndefined();
    expect(dataRequests()).toBe(0);

    now += 30_000;
    d365.harness.resetCounts();
    const expired = await cached.resolve(page);
    expect(expired.get(itemKey(US, 'LATER-FIXED'))).toEqual({
      itemNumber: 'A0006',
      via: 'externalItemNumber',
    });
    expect(dataRequests()).toBeGreaterThan(0);

    d365.harness.resetCounts();
    now += 4 * 60_000; // the hits are still fresh
    await cached.resolve(page);
    expect(dataRequests()).toBe(0);
    cached.forget();
    await cached.resolve(page);
    expect(dataRequests()).toBeGreaterThan(0);
  });
});
