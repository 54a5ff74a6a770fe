/**
 * GET_MERCHANT_LISTINGS_ALL_DATA on the emulator: requested, IN_QUEUE → IN_PROGRESS → DONE on the clock,
 * built from the listings store with Amazon's header row, served as `text/plain; charset=Cp1252` in
 * windows-1252; getReports lists it; a type the emulator does not build ends FATAL; cancelReport only
 * while IN_QUEUE. Every answer is checked against the model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  startAmazonTestEmulator,
  type AmazonTestKit,
  type Json,
} from '../../../../test/support/amazonEmulatorTestKit.ts';
import { download, QUICK_PROCESSING, US } from '../../../../test/support/amazonFeedsKit.ts';
import { MERCHANT_LISTINGS_COLUMNS } from './merchantListingsReport.ts';
import { encodeWindows1252 } from './windows1252.ts';

let kit: AmazonTestKit;
afterEach(() => {
  kit?.expectNoViolations();
  kit?.close();
});

const create = async (reportType: string) => {
  const res = await kit.spApi('/reports/2021-06-30/reports', {
    method: 'POST',
    body: { reportType, marketplaceIds: [US] },
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as Json).reportId as string;
};
const get = async (id: string) =>
  (await kit.spApi(`/reports/2021-06-30/reports/${id}`)).json() as Promise<Json>;

async function untilDone(id: string): Promise<Json> {
  for (let i = 0; i < 1_000; i++) {
    const report = await get(id);
    if (['DONE', 'FATAL', 'CANCELLED'].includes(report.processingStatus)) return report;
    kit.clock.advance(1_000);
  }
  throw new Error(`report ${id} not done`);
}

describe('GET_MERCHANT_LISTINGS_ALL_DATA', () => {
  it('lists every offered SKU of the marketplace in windows-1252', async () => {
    kit = startAmazonTestEmulator({ seed: 'none', processing: QUICK_PROCESSING });
    await kit.sim('POST', '/_sim/listings', { marketplaceId: US, sku: 'DEMO-HP', quantity: 12, price: 49.5 });
    const id = await create('GET_MERCHANT_LISTINGS_ALL_DATA');
    expect((await get(id)).processingStatus).toBe('IN_QUEUE');
    const report = await untilDone(id);
    expect(report.processingStatus).toBe('DONE');
    const { res, plain } = await download(kit, `/reports/2021-06-30/documents/${report.reportDocumentId}`);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=Cp1252');
    const [header, ...rows] = new TextDecoder('windows-1252').decode(plain).trimEnd().split('\n');
    expect(header!.split('\t')).toEqual([...MERCHANT_LISTINGS_COLUMNS]);
    const hp = rows.map((r) => r.split('\t')).find((r) => r[3] === 'DEMO-HP')!;
    const at = (column: string) => hp[MERCHANT_LISTINGS_COLUMNS.indexOf(column as never)];
    expect([at('price'), at('quantity'), at('asin1'), at('fulfillment-channel'), at('status')]).toEqual([
      '49.50',
      '12',
      'B0DEMO0001',
      'DEFAULT',
      'Active',
    ]);
    const listed = (await (
      await kit.spApi('/reports/2021-06-30/reports?reportTypes=GET_MERCHANT_LISTINGS_ALL_DATA')
    ).json()) as Json;
    expect(listed.reports.map((r: Json) => r.reportId)).toEqual([id]);
    expect((await kit.sim('GET', `/_sim/reports/${id}`)).body.rows).toBe(rows.length);
  });

  it('ends a type it does not build FATAL, and cancels only queued reports', async () => {
    kit = startAmazonTestEmulator({ seed: 'none', processing: QUICK_PROCESSING });
    const other = await create('GET_FLAT_FILE_OPEN_LISTINGS_DATA');
    const cancelled = await create('GET_MERCHANT_LISTINGS_ALL_DATA');
    expect((await kit.spApi(`/reports/2021-06-30/reports/${cancelled}`, { method: 'DELETE' })).status).toBe(
      200,
    );
    expect((await untilDone(other)).processingStatus).toBe('FATAL');
    expect((await get(cancelled)).processingStatus).toBe('CANCELLED');
    expect((await kit.spApi(`/reports/2021-06-30/reports/${other}`, { method: 'DELETE' })).status).toBe(400);
  });
});

describe('windows-1252', () => {
  it('encodes Latin-1, the 0x80 block and ? for the rest', () => {
    expect([...encodeWindows1252('Aé€’☃')]).toEqual([0x41, 0xe9, 0x80, 0x92, 0x3f]);
  });
});
