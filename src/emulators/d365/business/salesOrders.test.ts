// Sales order headers: number sequence (automatic, manual only when allowed), mandatory fields and
// references with F&O's messages, defaults from the customer, order-specific delivery address, derived
// status, delete rules and the V2/V4/BI views staying in step.
import { describe, expect, it } from 'vitest';
import { business, createBusiness } from './index.ts';
import { faultOf, ORDER_SPECIFIC_ADDRESS, TestEngine } from '../../../../test/support/d365TestStore.ts';

const key = (n: unknown) => ({ dataAreaId: 'usmf', SalesOrderNumber: n });

describe('SalesOrderHeadersV2', () => {
  it('numbers orders from the sales-order sequence and refuses a given number by default', () => {
    const e = new TestEngine(business).seed();
    const first = e.create('SalesOrderHeadersV2', { OrderingCustomerAccountNumber: 'AMZ-US' });
    const second = e.create('SalesOrderHeadersV2', { OrderingCustomerAccountNumber: 'AMZ-US' });
    expect([first.SalesOrderNumber, second.SalesOrderNumber]).toEqual(['000001', '000002']);
    const fault = faultOf(() =>
      e.create('SalesOrderHeadersV2', { OrderingCustomerAccountNumber: 'AMZ-US', SalesOrderNumber: 'AMZ-1' }),
    );
    expect(fault.status).toBe(400);
    expect(fault.message).toMatch(
      /^Write failed for table row of type 'SalesOrderHeaderV2Entity'\. Infolog: Warning: Number sequence SalesOrderNumber does not allow manual numbers/,
    );
  });

  it('accepts a manual number when the company allows it, and the sequence skips numbers taken', () => {
    const e = new TestEngine(createBusiness({ manualSalesOrderNumbers: true })).seed();
    expect(
      e.create('SalesOrderHeadersV2', { OrderingCustomerAccountNumber: 'AMZ-US', SalesOrderNumber: '000001' })
        .SalesOrderNumber,
    ).toBe('000001');
    expect(
      e.create('SalesOrderHeadersV2', { OrderingCustomerAccountNumber: 'AMZ-US' }).SalesOrderNumber,
    ).toBe('000002');
    expect(
      faultOf(() =>
        e.create('SalesOrderHeadersV2', {
          OrderingCustomerAccountNumber: 'AMZ-US',
          SalesOrderNumber: '000001',
        }),
      ).message,
    ).toMatch(/already exists/);
  });

  it('lists every missing or unknown value in one refusal', () => {
    const e = new TestEngine(business).seed();
    expect(faultOf(() => e.create('SalesOrderHeadersV2', {})).details).toEqual([
      "Field 'Customer account' must be filled in.",
    ]);
    const fault = faultOf(() =>
      e.create('SalesOrderHeadersV2', {
        OrderingCustomerAccountNumber: 'AMZ-US',
        DeliveryModeCode: 'TELEPORT',
        DefaultShippingSiteId: '1',
        DefaultShippingWarehouseId: '21',
      }),
    );
    expect(fault.details).toEqual([
      "The value 'TELEPORT' in field 'Mode of delivery' is not found in the related table 'Modes of delivery'.",
      'Warehouse 21 is not associated with site 1.',
    ]);
    expect(fault.message).toContain(
      "Warning: validateField failed on field 'SalesOrderHeaderV2Entity.DeliveryModeCode'.",
    );
    expect(
      faultOf(() => e.create('SalesOrderHeadersV2', { OrderingCustomerAccountNumber: 'NOPE' })).details,
    ).toEqual([
      "The value 'NOPE' in field 'Customer account' is not found in the related table 'Customers'.",
    ]);
  });

  it('takes invoice account, currency, language, payment and delivery defaults from the customer', () => {
    const e = new TestEngine(business).seed();
    const o = e.create('SalesOrderHeadersV2', {
      OrderingCustomerAccountNumber: 'AMZ-CA',
      DefaultShippingWarehouseId: '21',
    });
    expect(o).toMatchObject({
      InvoiceCustomerAccountNumber: 'AMZ-CA',
      CurrencyCode: 'CAD',
      LanguageId: 'en-us',
      PaymentTermsName: 'Net10',
      CustomerPaymentMethodName: 'AMAZON',
      DeliveryModeCode: 'AMZ-STD',
      SalesTaxGroupCode: 'AMZ-MF',
      SalesOrderName: 'Amazon.ca',
      DefaultShippingSiteId: '2',
      SalesOrderStatus: 'Backorder',
      SalesOrderProcessingStatus: 'Active',
      InventoryReservationMethod: 'None',
      OrderCreationDateTime: '2026-03-02T10:00:00Z',
      RequestedShippingDate: '2026-03-02T12:00:00Z',
    });
    const given = e.create('SalesOrderHeadersV2', {
      OrderingCustomerAccountNumber: 'AMZ-CA',
      CurrencyCode: 'USD',
      DeliveryModeCode: 'AMZ-EXP',
    });
    expect(given).toMatchObject({ CurrencyCode: 'USD', DeliveryModeCode: 'AMZ-EXP' });
  });

  it('keeps an order-specific delivery address on the order only', () => {
    const e = new TestEngine(business).seed();
    const o = e.create('SalesOrderHeadersV2', {
      OrderingCustomerAccountNumber: 'AMZ-US',
      ...ORDER_SPECIFIC_ADDRESS,
    });
    expect(o).toMatchObject({
      IsDeliveryAddressOrderSpecific: 'Yes',
      DeliveryAddressCountryRegionId: 'USA',
      DeliveryAddressCountryRegionISOCode: 'US',
      DeliveryAddressDescription: 'Jane Doe',
      FormattedDelveryAddress: 'Jane Doe\n5 Elm St\nSeattle, WA 98101\nUSA',
    });
    expect(o.DeliveryAddressLocationId).toMatch(/^\d{9}$/);
    expect(e.store.list('CustomerPostalAddresses', 'usmf')).toEqual([]);
    const empty = faultOf(() =>
      e.create('SalesOrderHeadersV2', {
        OrderingCustomerAccountNumber: 'AMZ-US',
        IsDeliveryAddressOrderSpecific: 'Yes',
      }),
    );
    expect(empty.details).toEqual([
      'The order-specific delivery address has no street, city or ZIP/postal code.',
    ]);
  });

  it('refuses a write of the derived status', () => {
    const e = new TestEngine(business).seed();
    const o = e.create('SalesOrderHeadersV2', { OrderingCustomerAccountNumber: 'AMZ-US' });
    expect(
      faultOf(() =>
        e.update('SalesOrderHeadersV2', key(o.SalesOrderNumber), { SalesOrderStatus: 'Canceled' }),
      ).status,
    ).toBe(400);
    expect(
      faultOf(() =>
        e.create('SalesOrderHeadersV2', {
          OrderingCustomerAccountNumber: 'AMZ-US',
          SalesOrderStatus: 'Delivered',
        }),
      ).status,
    ).toBe(400);
    expect(business.behaviours.find((b) => b.entitySet === 'SalesOrderHeadersV2')?.computed).toEqual({
      fields: ['SalesOrderStatus', 'SalesOrderProcessingStatus'],
      onWrite: 'refuse',
    });
  });

  it('mirrors the order into SalesOrderHeadersV4 and SalesTableBiEntities, both ways', () => {
    const e = new TestEngine(business).seed();
    const o = e.create('SalesOrderHeadersV2', {
      OrderingCustomerAccountNumber: 'AMZ-US',
      CustomersOrderReference: '111-1',
    });
    expect(e.store.get('SalesOrderHeadersV4', key(o.SalesOrderNumber))).toMatchObject({
      CustomersOrderReference: '111-1',
    });
    e.update('SalesOrderHeadersV4', key(o.SalesOrderNumber), { CustomersOrderReference: '111-2' });
    expect(e.store.get('SalesOrderHeadersV2', key(o.SalesOrderNumber))).toMatchObject({
      CustomersOrderReference: '111-2',
    });
    expect(
      e.store.get('SalesTableBiEntities', { dataAreaId: 'usmf', SalesId: o.SalesOrderNumber }),
    ).toMatchObject({
      CustomerRef: '111-2',
      CustAccount: 'AMZ-US',
      SalesStatus: 'Backorder',
      CustGroup: 'AMZ',
      SysRecVersion: 2,
    });
  });

  it('deletes an unprocessed order with its lines and releases their demand', () => {
    const e = new TestEngine(business).seed();
    const { order: o, line } = e.salesOrder({ DefaultShippingWarehouseId: '11' });
    line({ ItemNumber: 'A0002', OrderedSalesQuantity: 5 });
    e.remove('SalesOrderHeadersV2', key(o.SalesOrderNumber));
    expect(e.store.list('SalesOrderLines', 'usmf')).toEqual([]);
    expect(e.store.list('SalesOrderLinesV3', 'usmf')).toEqual([]);
    expect(e.store.list('SalesLineBiEntities', 'usmf')).toEqual([]);
    expect(e.store.get('SalesOrderHeadersV4', key(o.SalesOrderNumber))).toBeUndefined();
    const onHand = e.store.list('WarehousesOnHandV2', 'usmf').find((r) => r.ItemNumber === 'A0002');
    expect(onHand).toMatchObject({ OnOrderQuantity: 0, TotalAvailableQuantity: 35 });
  });
});
