// Product receipts through /_sim: the purchase order and posted receipt rows, on-hand rising (warehouse,
// site and status rows), variants, and the refusals.
import { describe, expect, it } from 'vitest';
import { business } from '../index.ts';
import { postJson, TestEngine } from '../../../../../test/support/d365TestStore.ts';

describe('POST /_sim/product-receipts', () => {
  it('creates, confirms and receives a purchase order; on-hand rises', async () => {
    const e = new TestEngine(business).seed();
    const res = await postJson(e.app(), '/_sim/product-receipts', {
      vendorAccount: 'V-1',
      productReceiptNumber: 'PKS-77',
      lines: [
        { itemNumber: 'A0006', quantity: 10, warehouseId: '11', purchasePrice: 60 },
        { itemNumber: 'T0100', size: 'M', color: 'White', quantity: 4, warehouseId: '21' },
      ],
    });
    expect(res).toMatchObject({
      status: 201,
      body: {
        purchaseOrderNumber: '00000001',
        productReceiptNumber: 'PKS-77',
        lines: [
          { itemNumber: 'A0006', onHandQuantity: 10, availableOnHandQuantity: 10 },
          { dimensions: "Size 'M', Color 'White'", onHandQuantity: 4 },
        ],
      },
    });
    expect(
      e.store.get('PurchaseOrderHeadersV2', { dataAreaId: 'usmf', PurchaseOrderNumber: '00000001' }),
    ).toMatchObject({
      PurchaseOrderStatus: 'Received',
      DocumentApprovalStatus: 'Confirmed',
      OrderVendorAccountNumber: 'V-1',
      CurrencyCode: 'USD',
    });
    expect(
      e.store
        .list('PurchaseOrderLinesV2', 'usmf')
        .map((l) => [
          l.LineNumber,
          l.ItemNumber,
          l.OrderedPurchaseQuantity,
          l.PurchasePrice,
          l.LineAmount,
          l.PurchaseOrderLineStatus,
        ]),
    ).toEqual([
      [1, 'A0006', 10, 60, 600, 'Received'],
      [2, 'T0100', 4, 12, 48, 'Received'],
    ]);
    const [header] = e.store.list('ProductReceiptHeaders', 'usmf');
    expect(e.store.list('ProductReceiptLinesV2', 'usmf')[1]).toMatchObject({
      ProductReceiptHeaderRecordId: header!.RecordId,
      ProductNumber: 'T0100 : M : White',
      ReceivedPurchaseQuantity: 4,
      RemainingPurchaseQuantity: 0,
      ReceivingSiteId: '2',
    });
    expect(
      e.store
        .list('InventorySitesOnHandV2', 'usmf')
        .find((r) => r.ItemNumber === 'A0006' && r.InventorySiteId === '1'),
    ).toMatchObject({ OnHandQuantity: 10 });
    expect(
      e.store
        .list('WarehouseInventoryStatusesOnHandV2', 'usmf')
        .find((r) => r.ItemNumber === 'A0006' && r.InventoryWarehouseId === '11'),
    ).toMatchObject({ InventoryStatusId: 'Available', OnHandQuantity: 10 });
  });

  it('lists every problem and posts nothing', async () => {
    const e = new TestEngine(business).seed();
    const app = e.app();
    const res = await postJson(app, '/_sim/product-receipts', {
      lines: [
        { itemNumber: 'T0100', quantity: 1, warehouseId: '11' },
        { itemNumber: 'A0001', quantity: 1, warehouseId: '99' },
        { itemNumber: 'A0001', quantity: 1, warehouseId: '21', siteId: '1' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.problems).toEqual([
      'lines.0: Inventory dimension Size is mandatory and must consequently be specified.',
      'lines.0: Inventory dimension Color is mandatory and must consequently be specified.',
      "lines.1: The value '99' in field 'Warehouse' is not found in the related table 'Warehouses'.",
      'lines.2: Warehouse 21 is not associated with site 1.',
    ]);
    expect(
      (
        await postJson(app, '/_sim/product-receipts', {
          lines: [{ itemNumber: 'A0001', quantity: 0, warehouseId: '11' }],
        })
      ).status,
    ).toBe(400);
    expect(e.store.list('PurchaseOrderHeadersV2', 'usmf')).toEqual([]);
    await postJson(app, '/_sim/product-receipts', {
      productReceiptNumber: 'R1',
      lines: [{ itemNumber: 'A0001', quantity: 1, warehouseId: '11' }],
    });
    expect(
      (
        await postJson(app, '/_sim/product-receipts', {
          productReceiptNumber: 'R1',
          lines: [{ itemNumber: 'A0001', quantity: 1, warehouseId: '11' }],
        })
      ).body.error.problems,
    ).toEqual(['Product receipt R1 has already been posted for vendor DEMO-VENDOR.']);
  });
});
