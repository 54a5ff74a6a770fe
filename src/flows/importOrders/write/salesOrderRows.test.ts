import { describe, expect, it } from 'vitest';
import { countryRegionId } from './countryCodes.ts';
import { deliveryAddressFields, salesOrderRows } from './salesOrderRows.ts';
import type { LineDraft, SalesOrderDraft } from '../plan/drafts.ts';
import { A_SALES_ORDER_HEADER, aSalesOrderDraft } from '../../../../test/support/writerTestKit.ts';

const line = (over: Partial<LineDraft> = {}): LineDraft => ({
  reference: '11111111111111',
  kind: 'item',
  orderItemId: '11111111111111',
  item: { itemNumber: 'A0001', via: 'mapping' },
  quantity: 2,
  unitPrice: 59.99,
  discountPerUnit: 5,
  site: '1',
  warehouse: '11',
  description: 'Demo Wireless Headphones',
  externalItemNumber: 'DEMO-HP',
  ...over,
});

const draft = (over: Partial<SalesOrderDraft> = {}): SalesOrderDraft =>
  aSalesOrderDraft({ lines: [line()], ...over });

describe('salesOrderRows', () => {
  it('maps the draft onto the header, the Amazon order id as the customer reference', () => {
    const { header, notes } = salesOrderRows(draft(), 'AMZ-US');
    expect(header).toEqual({ dataAreaId: 'usmf', ...A_SALES_ORDER_HEADER });
    expect(notes).toEqual([]);
  });

  it('names the order only in manual numbering, and leaves out what the draft does not say', () => {
    const manual = salesOrderRows(draft({ salesOrderNumber: 'A113-1234567-1234567' }), 'AMZ-US').header;
    expect(manual.SalesOrderNumber).toBe('A113-1234567-1234567');
    const bare = salesOrderRows(
      draft({
        purchaseOrderNumber: undefined,
        requestedShipDate: undefined,
        requestedReceiptDate: undefined,
        deliveryMode: undefined,
        paymentMethod: undefined,
        salesTaxGroup: undefined,
        deliveryAddress: undefined,
      }),
      'AMZ-US',
    ).header;
    expect(Object.keys(bare).sort()).toEqual(
      [
        'dataAreaId',
        'OrderingCustomerAccountNumber',
        'InvoiceCustomerAccountNumber',
        'CustomersOrderReference',
        'CurrencyCode',
        'DefaultShippingSiteId',
        'DefaultShippingWarehouseId',
        'SkipCreateAutoCharges',
      ].sort(),
    );
  });

  it('maps each line with its reference, variant, price per one unit and discount', () => {
    const { lines } = salesOrderRows(
      draft({
        lines: [
          line(),
          line({
            reference: '22222222222222#2',
            kind: 'bundleComponent',
            item: { itemNumber: 'T0100', color: 'Black', size: 'M', style: 'Slim', configuration: 'C1' },
            externalItemNumber: undefined,
            description: undefined,
            discountPerUnit: 0,
          }),
        ],
      }),
      'AMZ-US',
    );
    expect(lines[0]).toEqual({
      ItemNumber: 'A0001',
      OrderedSalesQuantity: 2,
      SalesPrice: 59.99,
      SalesPriceQuantity: 1,
      LineDiscountAmount: 5,
      ShippingSiteId: '1',
      ShippingWarehouseId: '11',
      OrderLineReference: '11111111111111',
      ExternalItemNumber: 'DEMO-HP',
      LineDescription: 'Demo Wireless Headphones',
      SkipCreateAutoCharges: 'Yes',
    });
    expect(lines[1]).toMatchObject({
      ItemNumber: 'T0100',
      ProductColorId: 'Black',
      ProductSizeId: 'M',
      ProductStyleId: 'Slim',
      ProductConfigurationId: 'C1',
      OrderLineReference: '22222222222222#2',
      LineDiscountAmount: 0,
    });
    expect(lines[1]).not.toHaveProperty('ExternalItemNumber');
    expect(lines[1]).not.toHaveProperty('LineDescription');
  });

  it('shortens only free text, with a note that quotes none of it; keys stay whole', () => {
    const longReference = `${'9'.repeat(40)}#1`;
    const { header, lines, notes } = salesOrderRows(
      draft({
        orderId: 'X'.repeat(80),
        deliveryAddress: { name: 'N'.repeat(130), lines: ['1 Main St'], city: 'Austin', countryCode: 'US' },
        lines: [line({ reference: longReference, description: 'D'.repeat(1200) })],
      }),
      'AMZ-US',
    );
    expect(header.CustomersOrderReference).toBe('X'.repeat(80));
    expect(header.DeliveryAddressName).toBe('N'.repeat(100));
    expect(lines[0]!.OrderLineReference).toBe(longReference);
    expect(lines[0]!.LineDescription).toHaveLength(1000);
    expect(notes).toEqual([
      'the delivery name was shortened to 100 characters, the length of D365 field DeliveryAddressName',
      `line ${longReference} was shortened to 1000 characters, the length of D365 field LineDescription`,
    ]);
  });
});

describe('deliveryAddressFields', () => {
  it('puts a company under the recipient and sends every field, empty ones too (for a PATCH)', () => {
    expect(
      deliveryAddressFields({
        name: 'Jane Doe',
        companyName: 'Acme Corp',
        lines: ['5 Elm St'],
        countryCode: 'gb',
      }),
    ).toEqual({
      IsDeliveryAddressOrderSpecific: 'Yes',
      DeliveryAddressName: 'Jane Doe',
      DeliveryAddressStreet: 'Acme Corp\n5 Elm St',
      DeliveryAddressCity: '',
      DeliveryAddressStateId: '',
      DeliveryAddressZipCode: '',
      DeliveryAddressCountryRegionId: 'GBR',
      DeliveryAddressCountryRegionISOCode: 'GB',
    });
  });

  it('names a business delivery by its company when there is no person', () => {
    const fields = deliveryAddressFields({
      companyName: 'Acme Corp',
      lines: ['5 Elm St'],
      countryCode: 'DE',
    });
    expect(fields).toMatchObject({ DeliveryAddressName: 'Acme Corp', DeliveryAddressStreet: '5 Elm St' });
  });

  it('sends the ISO code alone when the country is not in the table', () => {
    expect(deliveryAddressFields({ lines: ['x'], countryCode: 'XK' })).toMatchObject({
      DeliveryAddressCountryRegionId: '',
      DeliveryAddressCountryRegionISOCode: 'XK',
    });
  });
});

describe('countryRegionId', () => {
  it('maps ISO alpha-2 to F&O’s alpha-3 ids, in any case, with UK for the United Kingdom', () => {
    expect(['US', 'ca', 'MX', 'DE', 'GB', 'UK', 'JP', 'AE', ' fr '].map(countryRegionId)).toEqual([
      'USA',
      'CAN',
      'MEX',
      'DEU',
      'GBR',
      'GBR',
      'JPN',
      'ARE',
      'FRA',
    ]);
    expect(countryRegionId('ZZ')).toBeUndefined();
    expect(countryRegionId('')).toBeUndefined();
  });
});
