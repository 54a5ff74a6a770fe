// The scan of packing slips by posting time reads keyset pages: every slip once, in posting order, also
// when many were posted in the same second (ties broken by the journal's RecId), and a scan resumed
// after a position goes on exactly there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createD365Client, type D365Client } from '../../../d365/client.ts';
import {
  startD365TestEmulator,
  type D365TestEmulator,
} from '../../../../test/support/d365EmulatorTestKit.ts';
import { slipsPostedSince, type ScanPosition } from './packingSlips.ts';

let kit: D365TestEmulator;
let d365: D365Client;

beforeAll(async () => {
  kit = await startD365TestEmulator({ seed: 'none', serve: true });
  const { clientId, clientSecret, tenantId, tokenUrl } = kit.credentials;
  d365 = createD365Client({
    connection: { environmentUrl: kit.baseUrl, tenantId, clientId, clientSecret, tokenEndpoint: tokenUrl },
    log: { debug: () => undefined, warn: () => undefined },
  });
  // Slips inserted out of posting order; three seconds hold three, one and three slips.
  const { store } = kit.emulator;
  const posted: [number, string][] = [
    [107, '2026-12-01T10:00:02Z'],
    [101, '2026-12-01T10:00:00Z'],
    [105, '2026-12-01T10:00:01Z'],
    [103, '2026-12-01T10:00:00Z'],
    [102, '2026-12-01T10:00:00Z'],
    [109, '2026-12-01T10:00:02Z'],
    [108, '2026-12-01T10:00:02Z'],
    [100, '2026-12-01T09:59:00Z'],
  ];
  store.atomically(() => {
    for (const [journal, createdOn] of posted)
      store.insert('CustPackingSlipJourBiEntities', {
        dataAreaId: 'usmf',
        SourceDocumentHeader: journal,
        PackingSlipId: `PS-${journal}`,
        SalesId: `SO-${journal}`,
        CreatedOn: createdOn,
        DeliveryDate: '2026-12-01T12:00:00Z',
      });
  });
});
afterAll(async () => kit?.close());

async function scan(from: Parameters<typeof slipsPostedSince>[2], pageRows: number) {
  const seen: { id: string; at: ScanPosition }[] = [];
  for await (const { slip, at } of slipsPostedSince(d365, 'usmf', from, undefined, pageRows))
    seen.push({ id: slip.packingSlipId, at });
  return seen;
}

describe('slipsPostedSince', () => {
  const inPostingOrder = ['PS-101', 'PS-102', 'PS-103', 'PS-105', 'PS-107', 'PS-108', 'PS-109'];

  it('reads every slip since the time once, in posting order, whatever the page size', async () => {
    for (const pageRows of [1, 2, 3, 1000])
      expect((await scan({ since: '2026-12-01T10:00:00Z' }, pageRows)).map((s) => s.id)).toEqual(
        inPostingOrder,
      );
  });

  it('goes on strictly after a position, within a second shared by several slips', async () => {
    const all = await scan({ since: '2026-12-01T10:00:00Z' }, 2);
    const afterSecond = all[1]!.at; // PS-102, posted in the same second as 101 and 103
    expect(afterSecond).toEqual({ createdOn: '2026-12-01T10:00:00.000Z', journal: 102 });
    expect((await scan({ after: afterSecond }, 2)).map((s) => s.id)).toEqual(inPostingOrder.slice(2));
    expect(await scan({ after: all.at(-1)!.at }, 2)).toEqual([]);
  });
});
