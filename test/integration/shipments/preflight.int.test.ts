// The pre-flight of confirm-shipments (`connector check`), against the emulators through a dry-run
// context as `connector check` builds it: the demo configuration passes; a carrier row Amazon would
// refuse fails that item with a fix; D365 refusing the packing-slip reads fails those items only.
import { afterEach, describe, expect, it } from 'vitest';
import { buildContext } from '../../../src/engine/runner.ts';
import { DEMO_CONNECTION_ID } from '../../../src/cli/demoEmulators.ts';
import { confirmShipmentsFlow } from '../../../src/flows/confirmShipments/flow.ts';
import { startOrdersHarness, type OrdersHarness } from '../orders/harness.ts';

let h: OrdersHarness;
afterEach(async () => {
  await h?.close();
});

async function check(harness: OrdersHarness) {
  const ctx = buildContext(
    harness.deps,
    confirmShipmentsFlow,
    DEMO_CONNECTION_ID,
    'check',
    new AbortController().signal,
    undefined,
    true,
  );
  return confirmShipmentsFlow.check!(ctx);
}

describe('confirm-shipments pre-flight', () => {
  it('passes on the demo configuration: the carrier table and every packing-slip entity in usmf', async () => {
    h = await startOrdersHarness();
    const items = await check(h);
    expect(items.map((i) => [i.name, i.ok])).toEqual([
      ['mappings.carriers', true],
      ['D365 CustPackingSlipJourBiEntities in usmf', true],
      ['D365 CustPackingSlipTransBiEntities in usmf', true],
      ['D365 PackingSlipTrackingInformation in usmf', true],
    ]);
  });

  it('fails what is broken, each with a fix', async () => {
    h = await startOrdersHarness({
      mappings: { carriers: [{ carrier: 'UPS', carrierCode: 'United Parcel' }] },
    });
    await h.d365Sim('POST', '/faults', {
      faults: [{ kind: 'error', status: 403, share: 1, pathPrefix: '/data/PackingSlipTrackingInformation' }],
    });
    const items = await check(h);
    const failed = items.filter((i) => !i.ok);
    expect(failed.map((i) => i.name)).toEqual([
      'mappings.carriers',
      'D365 PackingSlipTrackingInformation in usmf',
    ]);
    expect(failed[0]).toMatchObject({
      detail: expect.stringMatching(/'United Parcel' is not one of Amazon's carrier codes/),
      fix: expect.any(String),
    });
    expect(failed[1]!.fix).toMatch(/read access to PackingSlipTrackingInformation/);
  });
});
