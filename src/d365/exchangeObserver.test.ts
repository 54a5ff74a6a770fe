// The metrics seam of the D365 client (http/exchangeObserver.ts): each exchange is told once, named by
// method and entity set (never a key), with its attempts and the 429s F&O answered.
import { afterEach, describe, expect, it } from 'vitest';
import type { ObservedExchange } from '../http/exchangeObserver.ts';
import { json, sampleRow, startFakeD365, testClient, type FakeD365 } from '../../test/support/d365TestKit.ts';
import { salesOrderLines } from './entities/salesOrderLines.ts';

let fake: FakeD365;
afterEach(async () => fake?.close());

describe('the D365 client tells its observer', () => {
  it('one exchange per request, with attempts and 429s, named by method and entity set', async () => {
    let call = 0;
    fake = await startFakeD365((_, res) => {
      if (call++ === 0) json(res, 429, {}, { 'retry-after': '1' });
      else json(res, 201, sampleRow(salesOrderLines, { InventoryLotId: 'L1' }));
    });
    const observed: ObservedExchange[] = [];
    const { client } = testClient(fake, { observer: { exchange: (e) => observed.push(e) } });
    await client.create(salesOrderLines, { SalesOrderNumber: 'SO1', ItemNumber: 'A' }, { company: 'usmf' });
    expect(observed).toEqual([
      expect.objectContaining({
        remote: 'd365',
        operation: 'POST SalesOrderLines',
        outcome: 'ok',
        status: 201,
        attempts: 2,
        throttled: 1,
      }),
    ]);
    expect(observed[0]!.waitedMs).toBeGreaterThanOrEqual(1000);
    expect(JSON.stringify(observed)).not.toContain('SO1');
  });
});
