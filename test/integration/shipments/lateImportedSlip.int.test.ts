// A packing slip of an order that reached the read model since the service last looked is found twice
// in one run — by the late-order lookup (its slips read by sales order) and by the search by posting
// time — and must still be one package: a slip shipping 1 of 2 units was confirmed to Amazon as two
// packages of 1 unit each, the order Shipped with a unit still in the warehouse (found by the shipment
// crash test, test/e2e/shipmentsCrash.test.ts).
import { describe, expect, it } from 'vitest';
import { harnessPerTest } from '../orders/harness.ts';
import { importOrder, onAmazon, postSlip, runShipments, shipmentRecord } from './shipmentKit.ts';

const harness = harnessPerTest();

describe('a packing slip of an order imported since the last run', () => {
  it('is one package, though both searches find it', async () => {
    const h = await harness();
    await importOrder(h, { items: [{ sku: 'DEMO-HP' }] });
    await runShipments(h); // the service marks where the imported orders stand
    const order = await importOrder(h, { items: [{ sku: 'DEMO-HP', quantity: 2 }] });
    const hp = order.items.get('DEMO-HP')!;
    await postSlip(h, order, {
      carrier: 'UPS',
      trackingNumbers: ['1ZLATE1'],
      lines: { [hp.orderItemId]: 1 },
    });
    await runShipments(h);

    const amazon = await onAmazon(h, order.orderId);
    expect(amazon.status).toBe('PARTIALLY_SHIPPED');
    expect(amazon.packages).toEqual([
      expect.objectContaining({
        packageReferenceId: '1',
        items: [{ orderItemId: hp.orderItemId, quantity: 1 }],
      }),
    ]);
    const record = await shipmentRecord(h, order.orderId);
    expect(record!.summary.packages).toEqual([
      expect.objectContaining({ packageReferenceId: '1', state: 'confirmed' }),
    ]);
  });
});
