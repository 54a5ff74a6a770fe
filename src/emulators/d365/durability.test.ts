import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BusinessModule } from './engine/behaviour.ts';
import { startD365TestEmulator } from '../../../test/support/d365EmulatorTestKit.ts';

const stateFile = () => join(mkdtempSync(join(tmpdir(), 'd365-state-')), 'state.jsonl');

/** Business rules with a seed of one customer group and numbered orders. */
const rules: BusinessModule = {
  behaviours: [
    {
      entitySet: 'SalesOrderHeadersV2',
      onCreate: (row, ctx) => ({ ...row, SalesOrderNumber: ctx.nextNumber('SalesOrderNumber', ctx.company) }),
    },
  ],
  seedDemo: (store) => {
    store.insert('CustomerGroups', { dataAreaId: 'usmf', CustomerGroupId: 'SEED', Description: 'Seeded' });
  },
  mountSimulation: () => {},
};

const post = (kit: Awaited<ReturnType<typeof startD365TestEmulator>>, set: string, body: unknown) =>
  kit.request(`/data/${set}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('durable state', () => {
  it('survives a reopen: rows, ETags, number sequences and tokens', async () => {
    const file = stateFile();
    const first = await startD365TestEmulator({ stateFile: file, business: rules });
    const token = await first.token();
    await post(first, 'SalesOrderHeadersV2', { CurrencyCode: 'USD' });
    await post(first, 'CustomerGroups', { CustomerGroupId: 'NEW' });
    const before = await (await first.request('/data/CustomerGroups')).json();
    await first.close();

    const second = await startD365TestEmulator({ stateFile: file, business: rules });
    const after = await second.request('/data/CustomerGroups', {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual(before); // same rows, same ETags; the seed did not run twice
    const next = await post(second, 'SalesOrderHeadersV2', { CurrencyCode: 'USD' });
    expect(((await next.json()) as { SalesOrderNumber: string }).SalesOrderNumber).toBe('000002');
    await second.close();
  });

  it('/_sim/reset goes back to the seed, keeping issued tokens valid', async () => {
    const kit = await startD365TestEmulator({ stateFile: stateFile(), business: rules });
    await post(kit, 'CustomerGroups', { CustomerGroupId: 'NEW' });
    await post(kit, 'SalesOrderHeadersV2', {});
    expect((await kit.request('/_sim/reset', { method: 'POST', auth: false })).status).toBe(200);
    const groups = (await (await kit.request('/data/CustomerGroups')).json()) as {
      value: { CustomerGroupId: string }[];
    };
    expect(groups.value.map((g) => g.CustomerGroupId)).toEqual(['SEED']);
    const order = await post(kit, 'SalesOrderHeadersV2', {});
    expect(((await order.json()) as { SalesOrderNumber: string }).SalesOrderNumber).toBe('000001');
    await kit.close();
  });

  it('starts empty with seed: none', async () => {
    const kit = await startD365TestEmulator({ seed: 'none', business: rules });
    expect(kit.emulator.store.list('CustomerGroups')).toEqual([]);
    await kit.close();
  });
});
