import { describe, expect, it } from 'vitest';
import { products } from '../entities/products.ts';
import { salesOrderHeaders } from '../entities/salesOrders.ts';
import { buildReadQuery, toQueryString } from './query.ts';

describe('read query', () => {
  it('selects the descriptor’s fields by default and scopes to a company with cross-company', () => {
    const built = buildReadQuery(salesOrderHeaders, {}, { company: 'usmf' });
    expect(built.select).toEqual(Object.keys(salesOrderHeaders.fields));
    expect(built.params).toEqual([
      ['$filter', "dataAreaId eq 'usmf'"],
      ['$select', Object.keys(salesOrderHeaders.fields).join(',')],
      ['cross-company', 'true'],
    ]);
  });

  it('combines the company with the caller’s filter, and adds every option', () => {
    const built = buildReadQuery(
      salesOrderHeaders,
      {
        filter: (w) => w.or(w.eq('SalesOrderStatus', 'Backorder'), w.eq('SalesOrderStatus', 'Delivered')),
        select: ['SalesOrderNumber', 'CustomersOrderReference'],
        expand: { navigation: 'SalesOrderLines', select: ['InventoryLotId', 'ItemNumber'] },
        orderBy: ['OrderCreationDateTime desc', 'SalesOrderNumber'],
        top: 50,
        skip: 100,
        count: true,
      },
      { company: 'usmf' },
    );
    expect(Object.fromEntries(built.params)).toEqual({
      $filter:
        "dataAreaId eq 'usmf' and (SalesOrderStatus eq Microsoft.Dynamics.DataEntities.SalesStatus'Backorder' or " +
        "SalesOrderStatus eq Microsoft.Dynamics.DataEntities.SalesStatus'Delivered')",
      $select: 'SalesOrderNumber,CustomersOrderReference',
      $expand: 'SalesOrderLines($select=InventoryLotId,ItemNumber)',
      $orderby: 'OrderCreationDateTime desc,SalesOrderNumber',
      $top: '50',
      $skip: '100',
      $count: 'true',
      'cross-company': 'true',
    });
    expect(built.filter?.fields).toEqual(['dataAreaId', 'SalesOrderStatus', 'SalesOrderStatus']);
    expect(built.expandSelect).toEqual(['InventoryLotId', 'ItemNumber']);
  });

  it('reads every company with crossCompany and no company', () => {
    const built = buildReadQuery(salesOrderHeaders, { select: ['SalesOrderNumber'] }, { crossCompany: true });
    expect(built.params).toEqual([
      ['$select', 'SalesOrderNumber'],
      ['cross-company', 'true'],
    ]);
  });

  it('leaves the company out for shared entities', () => {
    const built = buildReadQuery(products, { select: ['ProductNumber'] }, { company: 'usmf' });
    expect(built.params).toEqual([['$select', 'ProductNumber']]);
  });

  it('percent-encodes values but keeps OData punctuation readable', () => {
    expect(
      toQueryString([
        ['$filter', "Name eq 'a&b #1+2' and CreatedOn ge 2024-05-01T00:00:00Z"],
        ['$select', 'A,B'],
      ]),
    ).toBe(
      "?$filter=Name%20eq%20'a%26b%20%231%2B2'%20and%20CreatedOn%20ge%202024-05-01T00:00:00Z&$select=A,B",
    );
  });
});
