// Order writes through the client against the emulator's F&O rules: a sales order with its lines
// (numbered, defaulted and priced by F&O), the computed status F&O refuses to take from a client, changing
// and deleting unprocessed lines and orders; purchase orders with lines.
import { describe, expect, it } from 'vitest';
import {
  createSalesOrderWithLines,
  purchaseOrderHeadersApi,
  purchaseOrderLinesApi,
  salesOrderHeadersApi,
  salesOrderLinesApi,
} from '../../../src/d365/index.ts';
import { connectorErrorOf, useHarness } from './kit.ts';
import { ORDER_SPECIFIC_ADDRESS } from '../../support/d365TestStore.ts';

const d365 = useHarness('each');

describe('sales orders', () => {
  it('creates an order with its lines: F&O numbers it, defaults from the customer, prices from agreements', async () => {
    const order = await createSalesOrderWithLines(d365.client, {
      header: {
        OrderingCustomerAccountNumber: 'AMZ-US',
        CustomersOrderReference: '113-0000001-0000001',
        DefaultShippingWarehouseId: '11',
        ...ORDER_SPECIFIC_ADDRESS,
      },
      lines: [
        { ItemNumber: 'A0003', OrderedSalesQuantity: 2 },
        {
          ItemNumber: 'T0100',
          ProductSizeId: 'M',
          ProductColorId: 'Black',
          OrderedSalesQuantity: 1,
          SalesPrice: 22,
        },
      ],
    });
    expect(order.header).toMatchObject({
      CurrencyCode: 'USD',
      SalesOrderStatus: 'Backorder',
      DefaultShippingSiteId: '1',
      PaymentTermsName: 'Net10',
    });
    expect(order.lines.map((l) => [l.ItemNumber, l.SalesPrice, l.LineAmount, l.ShippingWarehouseId])).toEqual(
      [
        ['A0003', 29.5, 59, '11'],
        ['T0100', 22, 22, '11'],
      ],
    );
    expect(new Set(order.lines.map((l) => l.InventoryLotId)).size).toBe(2);
    // Header alone, then the lines in one change set.
    expect(d365.harness.dataRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /data/SalesOrderHeadersV2',
      'POST /data/$batch',
    ]);
  });

  it('refuses a client write of the computed SalesOrderStatus with F&O’s message', async () => {
    const header = await salesOrderHeadersApi.create(d365.client, {
      OrderingCustomerAccountNumber: 'AMZ-US',
      DefaultShippingWarehouseId: '11',
    });
    const error = await connectorErrorOf(
      salesOrderHeadersApi.update(
        d365.client,
        { SalesOrderNumber: header.SalesOrderNumber },
        { SalesOrderStatus: 'Canceled' },
      ),
    );
    expect(error.kind).toBe('data');
    expect(error.message).toContain(
      "Field 'SalesOrderStatus' is calculated by the system and cannot be set.",
    );
    expect(
      await salesOrderHeadersApi.get(
        d365.client,
        { SalesOrderNumber: header.SalesOrderNumber },
        { select: ['SalesOrderStatus'] },
      ),
    ).toMatchObject({ SalesOrderStatus: 'Backorder' });
    // An ordinary field of the header may be changed.
    await salesOrderHeadersApi.update(
      d365.client,
      { SalesOrderNumber: header.SalesOrderNumber },
      { DeliveryModeCode: 'AMZ-EXP', CustomerRequisitionNumber: 'PO-77' },
    );
    expect(
      await salesOrderHeadersApi.get(d365.client, { SalesOrderNumber: header.SalesOrderNumber }),
    ).toMatchObject({
      DeliveryModeCode: 'AMZ-EXP',
      CustomerRequisitionNumber: 'PO-77',
    });
  });

  it('changes and deletes an unprocessed order line, then deletes the order with its lines', async () => {
    const order = await createSalesOrderWithLines(d365.client, {
      header: { OrderingCustomerAccountNumber: 'AMZ-US', DefaultShippingWarehouseId: '11' },
      lines: [
        { ItemNumber: 'A0001', OrderedSalesQuantity: 1 },
        { ItemNumber: 'A0005', OrderedSalesQuantity: 3 },
      ],
    });
    const [first, second] = order.lines;
    await salesOrderLinesApi.update(
      d365.client,
      { InventoryLotId: first!.InventoryLotId },
      { OrderedSalesQuantity: 4 },
      { etag: first!['@odata.etag'] },
    );
    expect(
      await salesOrderLinesApi.get(d365.client, { InventoryLotId: first!.InventoryLotId }),
    ).toMatchObject({
      OrderedSalesQuantity: 4,
      LineAmount: 239.96,
    });
    await salesOrderLinesApi.remove(d365.client, { InventoryLotId: second!.InventoryLotId });
    expect(
      await salesOrderLinesApi.get(d365.client, { InventoryLotId: second!.InventoryLotId }),
    ).toBeUndefined();
    const remaining = await salesOrderLinesApi.list(d365.client, {
      filter: (w) => w.eq('SalesOrderNumber', order.header.SalesOrderNumber),
    });
    expect(remaining.rows.map((l) => l.InventoryLotId)).toEqual([first!.InventoryLotId]);
    // Deleting it again finds nothing: a 404 on the first attempt is an error, not silent success.
    const again = await connectorErrorOf(
      salesOrderLinesApi.remove(d365.client, { InventoryLotId: second!.InventoryLotId }),
    );
    expect(again).toMatchObject({ kind: 'remote', context: { status: 404 } });

    await salesOrderHeadersApi.remove(d365.client, { SalesOrderNumber: order.header.SalesOrderNumber });
    expect(
      await salesOrderHeadersApi.get(d365.client, { SalesOrderNumber: order.header.SalesOrderNumber }),
    ).toBeUndefined();
    expect(
      await salesOrderLinesApi.count(d365.client, {
        filter: (w) => w.eq('SalesOrderNumber', order.header.SalesOrderNumber),
      }),
    ).toBe(0);
  });
});

describe('purchase orders', () => {
  it('creates a purchase order with lines, updates and removes a line', async () => {
    const header = await purchaseOrderHeadersApi.create(d365.client, {
      PurchaseOrderNumber: 'PO-INT-1',
      OrderVendorAccountNumber: 'V-1',
      CurrencyCode: 'USD',
      DefaultReceivingSiteId: '1',
      DefaultReceivingWarehouseId: '11',
    });
    expect(header).toMatchObject({ PurchaseOrderNumber: 'PO-INT-1', PurchaseOrderStatus: 'None' });
    const [line1] = await d365.client.changeSet([
      purchaseOrderLinesApi.createOp(d365.client, {
        PurchaseOrderNumber: 'PO-INT-1',
        LineNumber: 1,
        ItemNumber: 'A0006',
        OrderedPurchaseQuantity: 10,
        PurchasePrice: 60,
      }),
      purchaseOrderLinesApi.createOp(d365.client, {
        PurchaseOrderNumber: 'PO-INT-1',
        LineNumber: 2,
        ItemNumber: 'A0008',
        OrderedPurchaseQuantity: 5,
      }),
    ]);
    expect(line1!.status).toBe(201);
    await purchaseOrderLinesApi.update(
      d365.client,
      { PurchaseOrderNumber: 'PO-INT-1', LineNumber: 1 },
      { OrderedPurchaseQuantity: 12 },
    );
    await purchaseOrderLinesApi.remove(d365.client, { PurchaseOrderNumber: 'PO-INT-1', LineNumber: 2 });
    const read = await purchaseOrderHeadersApi.list(d365.client, {
      filter: (w) => w.eq('PurchaseOrderNumber', 'PO-INT-1'),
      expand: {
        navigation: 'PurchaseOrderLinesV2',
        select: ['LineNumber', 'ItemNumber', 'OrderedPurchaseQuantity'],
      },
    });
    expect(read.rows[0]!.PurchaseOrderLinesV2).toEqual([
      expect.objectContaining({ LineNumber: 1, ItemNumber: 'A0006', OrderedPurchaseQuantity: 12 }),
    ]);
  });
});
