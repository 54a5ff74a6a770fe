// Cancelling through /_sim as the F&O client does: a whole order, one line wholly or by a quantity,
// a partly delivered line, and the refusals.
import { describe, expect, it } from 'vitest';
import { business } from '../index.ts';
import { postJson, TestEngine } from '../../../../../test/support/d365TestStore.ts';

function order() {
  const e = new TestEngine(business).seed();
  const { number, line } = e.salesOrder({ DefaultShippingWarehouseId: '11' });
  const a = line({ ItemNumber: 'A0003', OrderedSalesQuantity: 4 });
  const b = line({ ItemNumber: 'A0005', OrderedSalesQuantity: 2 });
  return { e, app: e.app(), number, a, b };
}

const onOrder = (e: TestEngine, item: string) =>
  e.store
    .list('WarehousesOnHandV2', 'usmf')
    .find((r) => r.ItemNumber === item && r.InventoryWarehouseId === '11')!.OnOrderQuantity;

describe('POST /_sim/sales-orders/cancel', () => {
  it('cancels a whole order: every line Canceled, demand released', async () => {
    const { e, app, number } = order();
    const res = await postJson(app, '/_sim/sales-orders/cancel', { salesOrderNumber: number });
    expect(res).toMatchObject({
      status: 201,
      body: {
        salesOrderStatus: 'Canceled',
        lines: [
          { canceledQuantity: 4, remaining: 0, status: 'Canceled' },
          { canceledQuantity: 2, status: 'Canceled' },
        ],
      },
    });
    expect(
      e.store.get('SalesOrderHeadersV2', { dataAreaId: 'usmf', SalesOrderNumber: number }),
    ).toMatchObject({
      SalesOrderStatus: 'Canceled',
      SalesOrderProcessingStatus: 'Canceled',
      OrderTotalAmount: 0,
    });
    expect(e.store.get('SalesTableBiEntities', { dataAreaId: 'usmf', SalesId: number })).toMatchObject({
      SalesStatus: 'Canceled',
    });
    expect([onOrder(e, 'A0003'), onOrder(e, 'A0005')]).toEqual([0, 0]);
    expect((await postJson(app, '/_sim/sales-orders/cancel', { salesOrderNumber: number })).status).toBe(409);
  });

  it('cancels part of a line, then the rest of it; the order stays open while another line is', async () => {
    const { e, app, number, a } = order();
    const part = await postJson(app, '/_sim/sales-orders/cancel', {
      salesOrderNumber: number,
      inventoryLotId: a.InventoryLotId,
      quantity: 1,
    });
    expect(part.body).toMatchObject({
      salesOrderStatus: 'Backorder',
      lines: [{ canceledQuantity: 1, remaining: 3, status: 'Backorder' }],
    });
    expect(
      e.store.get('SalesLineBiEntities', {
        dataAreaId: 'usmf',
        SalesId: number,
        LineCreationSequenceNumber: 1,
      }),
    ).toMatchObject({ SalesQty: 4, RemainSalesPhysical: 3 });
    expect(onOrder(e, 'A0003')).toBe(3);
    const rest = await postJson(app, '/_sim/sales-orders/cancel', {
      salesOrderNumber: number,
      inventoryLotId: a.InventoryLotId,
    });
    expect(rest.body).toMatchObject({
      salesOrderStatus: 'Backorder',
      lines: [{ canceledQuantity: 3, status: 'Canceled' }],
    });
    expect(
      e.store.get('SalesOrderLines', { dataAreaId: 'usmf', InventoryLotId: a.InventoryLotId }),
    ).toMatchObject({ SalesOrderLineStatus: 'Canceled' });
    const view = (await (await app.request(`/_sim/sales-orders/${number}`)).json()) as { lines: unknown[] };
    expect(view.lines[0]).toMatchObject({
      ordered: 4,
      delivered: 0,
      canceled: 4,
      remaining: 0,
      status: 'Canceled',
    });
  });

  it('leaves a partly delivered line Delivered when its remainder is cancelled', async () => {
    const { app, number, a, b } = order();
    await postJson(app, '/_sim/packing-slips', {
      salesOrderNumber: number,
      lines: [{ inventoryLotId: a.InventoryLotId, quantity: 1 }],
    });
    const res = await postJson(app, '/_sim/sales-orders/cancel', { salesOrderNumber: number });
    expect(res.body).toMatchObject({
      salesOrderStatus: 'Delivered',
      lines: [
        { inventoryLotId: a.InventoryLotId, canceledQuantity: 3, status: 'Delivered' },
        { inventoryLotId: b.InventoryLotId, status: 'Canceled' },
      ],
    });
  });

  it('refuses what cannot be cancelled', async () => {
    const { app, number, a } = order();
    expect(
      (
        await postJson(app, '/_sim/sales-orders/cancel', {
          salesOrderNumber: number,
          inventoryLotId: a.InventoryLotId,
          quantity: 9,
        })
      ).status,
    ).toBe(400);
    expect(
      (await postJson(app, '/_sim/sales-orders/cancel', { salesOrderNumber: number, quantity: 1 })).body.error
        .problems,
    ).toEqual(['quantity: quantity needs inventoryLotId (a quantity is cancelled on one line)']);
    expect((await postJson(app, '/_sim/sales-orders/cancel', { salesOrderNumber: 'X' })).status).toBe(404);
    expect(
      (await postJson(app, '/_sim/sales-orders/cancel', { salesOrderNumber: number, inventoryLotId: 'NOPE' }))
        .status,
    ).toBe(404);
  });
});
