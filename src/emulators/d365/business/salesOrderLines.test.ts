// Sales order lines: mandatory site and warehouse (F&O's message), defaults from the order, system-
// assigned lot id and sequence, item/variant checks, price from trade agreements, line amount, demand
// on hand, statuses, updates and deletes.
import { describe, expect, it } from 'vitest';
import { business } from './index.ts';
import { faultOf, TestEngine } from '../../../../test/support/d365TestStore.ts';

function setup(header: Record<string, unknown> = {}) {
  const e = new TestEngine(business).seed();
  return { e, ...e.salesOrder(header) };
}

const onHand = (e: TestEngine, item: string, warehouse: string, size = '', color = '') =>
  e.store
    .list('WarehousesOnHandV2', 'usmf')
    .find(
      (r) =>
        r.ItemNumber === item &&
        r.InventoryWarehouseId === warehouse &&
        r.ProductSizeId === size &&
        r.ProductColorId === color,
    );

describe('SalesOrderLines', () => {
  it('refuses a line without site and warehouse as F&O does', () => {
    const { line } = setup();
    const fault = faultOf(() => line({ ItemNumber: 'A0001' }));
    expect(fault.message).toBe(
      "Write failed for table row of type 'SalesOrderLineV2Entity'. Infolog: Warning: Inventory dimension Site is mandatory and must consequently be specified.; Warning: validateField failed on field 'SalesOrderLineV2Entity.ShippingSiteId'.; Warning: Inventory dimension Warehouse is mandatory and must consequently be specified.; Warning: validateField failed on field 'SalesOrderLineV2Entity.ShippingWarehouseId'.; Error: Update has been canceled.",
    );
  });

  it('takes site and warehouse from the line, else the order; a warehouse implies its site', () => {
    const { e, line } = setup({ DefaultShippingWarehouseId: '11' });
    expect(line({ ItemNumber: 'A0001' })).toMatchObject({ ShippingSiteId: '1', ShippingWarehouseId: '11' });
    expect(line({ ItemNumber: 'A0001', ShippingWarehouseId: '21' })).toMatchObject({
      ShippingSiteId: '2',
      ShippingWarehouseId: '21',
    });
    expect(
      faultOf(() => line({ ItemNumber: 'A0001', ShippingSiteId: '2', ShippingWarehouseId: '11' })).details,
    ).toEqual(['Warehouse 11 is not associated with site 2.']);
    expect(faultOf(() => line({ ItemNumber: 'A0001', ShippingWarehouseId: '99' })).details).toEqual([
      "The value '99' in field 'Warehouse' is not found in the related table 'Warehouses'.",
    ]);
    expect(e.store.list('SalesOrderLines', 'usmf')).toHaveLength(2);
  });

  it('assigns lot id, creation sequence and line number, and prices from the trade agreements', () => {
    const { e, order, line } = setup({ DefaultShippingWarehouseId: '11' });
    const a = line({ ItemNumber: 'A0001', OrderedSalesQuantity: 2, InventoryLotId: 'MINE' });
    const b = line({ ItemNumber: 'A0001', OrderedSalesQuantity: 12 });
    expect(a).toMatchObject({
      InventoryLotId: '000001',
      LineCreationSequenceNumber: 1,
      LineNumber: 1,
      SalesPrice: 59.99,
      SalesPriceQuantity: 1,
      LineAmount: 119.98,
      SalesUnitSymbol: 'ea',
      CurrencyCode: 'USD',
      LineDescription: 'Demo Wireless Headphones',
      ExternalItemNumber: 'DEMO-HP',
      SalesOrderLineStatus: 'Backorder',
      DeliveryModeCode: 'AMZ-STD',
    });
    expect(b).toMatchObject({
      InventoryLotId: '000002',
      LineCreationSequenceNumber: 2,
      SalesPrice: 53.99,
      LineAmount: 647.88,
    });
    expect(
      e.store.get('SalesOrderHeadersV2', { dataAreaId: 'usmf', SalesOrderNumber: order.SalesOrderNumber }),
    ).toMatchObject({ OrderTotalAmount: 767.86 });
  });

  it('keeps a price the client sends and computes the amount with discounts', () => {
    const { line } = setup({ DefaultShippingWarehouseId: '11' });
    expect(
      line({ ItemNumber: 'A0002', OrderedSalesQuantity: 3, SalesPrice: 80, LineDiscountPercentage: 10 }),
    ).toMatchObject({ SalesPrice: 80, LineAmount: 216 });
  });

  it('prices a CAD order from the CAD agreement and a variant from its own agreement', () => {
    const { line } = setup({ OrderingCustomerAccountNumber: 'AMZ-CA', DefaultShippingWarehouseId: '11' });
    const l = line({ ItemNumber: 'T0100', ProductSizeId: 'S', ProductColorId: 'White' });
    expect(l).toMatchObject({
      SalesPrice: 31,
      CurrencyCode: 'CAD',
      LineDescription: 'Demo Organic T-shirt White S',
      ExternalItemNumber: 'DEMO-TEE-WHT-S',
    });
  });

  it('requires an existing item and, for a master, an existing variant', () => {
    const { line } = setup({ DefaultShippingWarehouseId: '11' });
    expect(faultOf(() => line({ ItemNumber: 'NOPE' })).details).toEqual([
      "The value 'NOPE' in field 'Item number' is not found in the related table 'Released products'.",
    ]);
    expect(faultOf(() => line({ ItemNumber: 'T0100' })).details).toEqual([
      'Inventory dimension Size is mandatory and must consequently be specified.',
      'Inventory dimension Color is mandatory and must consequently be specified.',
    ]);
    expect(
      faultOf(() => line({ ItemNumber: 'T0100', ProductSizeId: 'XL', ProductColorId: 'Black' })).details,
    ).toEqual([
      "The product variant with Size 'XL', Color 'Black' does not exist for the product master T0100 in company usmf.",
    ]);
    expect(faultOf(() => line({ ItemNumber: 'A0001', ProductSizeId: 'M' })).details).toEqual([
      'Product dimension Size is not active for item A0001.',
    ]);
    expect(faultOf(() => line({ ItemNumber: 'A0001', SalesUnitSymbol: 'kg' })).details).toEqual([
      "No unit conversion exists from 'kg' to 'ea' for item A0001.",
    ]);
    expect(faultOf(() => line({ ItemNumber: 'A0001', OrderedSalesQuantity: -1 })).status).toBe(400);
    expect(
      faultOf(() => setup().e.create('SalesOrderLines', { SalesOrderNumber: '999999', ItemNumber: 'A0001' }))
        .details,
    ).toEqual([
      "The value '999999' in field 'Sales order' is not found in the related table 'Sales orders'.",
    ]);
  });

  it('raises and lowers on-order demand as lines are created, changed and deleted', () => {
    const { e, line } = setup({ DefaultShippingWarehouseId: '11' });
    const l = line({ ItemNumber: 'A0002', OrderedSalesQuantity: 5 });
    expect(onHand(e, 'A0002', '11')).toMatchObject({
      OnHandQuantity: 35,
      OnOrderQuantity: 5,
      AvailableOnHandQuantity: 35,
      TotalAvailableQuantity: 30,
    });
    const updated = e.update(
      'SalesOrderLines',
      { dataAreaId: 'usmf', InventoryLotId: l.InventoryLotId },
      { OrderedSalesQuantity: 7 },
    );
    expect(updated).toMatchObject({ LineAmount: 623 });
    expect(onHand(e, 'A0002', '11')).toMatchObject({ OnOrderQuantity: 7, TotalAvailableQuantity: 28 });
    expect(
      e.store.get('SalesLineBiEntities', {
        dataAreaId: 'usmf',
        SalesId: l.SalesOrderNumber,
        LineCreationSequenceNumber: 1,
      }),
    ).toMatchObject({ SalesQty: 7, RemainSalesPhysical: 7 });
    const moved = e.update(
      'SalesOrderLines',
      { dataAreaId: 'usmf', InventoryLotId: l.InventoryLotId },
      { ShippingWarehouseId: '21' },
    );
    expect(moved).toMatchObject({ ShippingSiteId: '2', ShippingWarehouseId: '21' });
    expect(onHand(e, 'A0002', '11')).toMatchObject({ OnOrderQuantity: 0 });
    expect(onHand(e, 'A0002', '21')).toMatchObject({
      OnHandQuantity: 0,
      OnOrderQuantity: 7,
      TotalAvailableQuantity: -7,
    });
    e.remove('SalesOrderLines', { dataAreaId: 'usmf', InventoryLotId: l.InventoryLotId });
    expect(onHand(e, 'A0002', '21')).toMatchObject({ OnOrderQuantity: 0, TotalAvailableQuantity: 0 });
    expect(e.store.list('SalesOrderLinesV3', 'usmf')).toEqual([]);
  });

  it('refuses the line status as a write and changes of order or lot', () => {
    const { e, line } = setup({ DefaultShippingWarehouseId: '11' });
    const l = line({ ItemNumber: 'A0001' });
    const key = { dataAreaId: 'usmf', InventoryLotId: l.InventoryLotId };
    expect(
      faultOf(() => e.update('SalesOrderLines', key, { SalesOrderLineStatus: 'Delivered' })).status,
    ).toBe(400);
    expect(faultOf(() => e.update('SalesOrderLines', key, { SalesOrderNumber: '000009' })).details).toEqual([
      "Field 'SalesOrderNumber' cannot be changed on a line that has been created.",
    ]);
  });
});
