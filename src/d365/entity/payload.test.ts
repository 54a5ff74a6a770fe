import { describe, expect, it } from 'vitest';
import { customerPostalAddresses } from '../entities/customers.ts';
import { salesOrderHeaders } from '../entities/salesOrders.ts';
import { products } from '../entities/products.ts';
import { readDate, readDateTime, writeDate, writeDateTime } from './fields.ts';
import { toPayload } from './payload.ts';

describe('F&O value quirks', () => {
  it.each([
    ['2024-02-22T12:00:00Z', '2024-02-22'],
    ['2024-02-22T00:00:00Z', '2024-02-22'],
    ['1900-01-01T12:00:00Z', null],
    ['1900-01-01T00:00:00Z', null],
  ])('reads the Date %s as %s', (value, expected) => expect(readDate(value)).toBe(expected));

  it.each([
    ['2024-02-20T08:15:30.000Z', '2024-02-20T08:15:30Z'],
    ['2024-02-20T08:15:30.250Z', '2024-02-20T08:15:30.250Z'],
    ['2024-02-20T10:15:30+02:00', '2024-02-20T08:15:30Z'],
    ['1900-01-01T00:00:00Z', null],
  ])('reads the UtcDateTime %s as %s', (value, expected) => expect(readDateTime(value)).toBe(expected));

  it('writes dates at noon and "no date" as the 1900 sentinel', () => {
    expect(writeDate('2024-02-22')).toBe('2024-02-22T12:00:00Z');
    expect(writeDate(null)).toBe('1900-01-01T12:00:00Z');
    expect(writeDateTime('2024-02-20T08:15:30Z')).toBe('2024-02-20T08:15:30Z');
    expect(writeDateTime(null)).toBe('1900-01-01T00:00:00Z');
  });
});

describe('write payloads', () => {
  it('sends only the fields set, in F&O form, with the company as dataAreaId', () => {
    expect(
      toPayload(
        salesOrderHeaders,
        {
          '@odata.etag': 'W/"x"',
          CustomersOrderReference: '113-1',
          RequestedShippingDate: '2024-03-01',
          IsDeliveryAddressOrderSpecific: 'Yes',
          DeliveryAddressStreet: null,
          SalesOrderName: undefined,
        },
        { company: 'usmf' },
      ),
    ).toEqual({
      CustomersOrderReference: '113-1',
      RequestedShippingDate: '2024-03-01T12:00:00Z',
      IsDeliveryAddressOrderSpecific: 'Yes',
      DeliveryAddressStreet: '',
      dataAreaId: 'usmf',
    });
  });

  it('leaves the key out of PATCH bodies', () => {
    expect(
      toPayload(
        customerPostalAddresses,
        { CustomerAccountNumber: 'C1', Effective: '2024-01-01T00:00:00Z', AddressCity: 'Redmond' },
        { company: 'usmf', omitKeys: true },
      ),
    ).toEqual({ AddressCity: 'Redmond' });
  });

  it('needs a company for company data, and refuses two different ones', () => {
    expect(() => toPayload(salesOrderHeaders, { SalesOrderName: 'x' })).toThrow(/no company/);
    expect(() => toPayload(salesOrderHeaders, { dataAreaId: 'usrt' }, { company: 'usmf' })).toThrow(
      /usrt but the call is for usmf/,
    );
    expect(toPayload(products, { ProductName: 'Shared' }, { company: 'usmf' })).toEqual({
      ProductName: 'Shared',
    });
  });

  it('refuses unknown fields and enum members', () => {
    expect(() => toPayload(salesOrderHeaders, { SalesOrderStatus: 'Open' }, { company: 'usmf' })).toThrow(
      /not a member of SalesStatus/,
    );
    expect(() => toPayload(salesOrderHeaders, { Nope: 1 }, { company: 'usmf' })).toThrow(/no field Nope/);
  });
});
