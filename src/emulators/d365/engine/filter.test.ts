import { describe, expect, it } from 'vitest';
import { ODataFault } from './behaviour.ts';
import { compileFilter } from './filterEval.ts';
import { parseFilter } from './filterParser.ts';
import { metadataModel } from './metadataModel.ts';
import { completeRow } from './values.ts';
import { thrownBy } from '../../../../test/support/failure.ts';

const model = metadataModel();
const headers = model.set('SalesOrderHeadersV2')!;
const rows = [
  {
    dataAreaId: 'usmf',
    SalesOrderNumber: '000101',
    OrderingCustomerAccountNumber: 'US-001',
    SalesOrderName: 'Contoso Retail San Diego',
    SalesOrderStatus: 'Backorder',
    TotalDiscountPercentage: 5,
    OrderCreationDateTime: '2024-05-01T10:30:00Z',
    RequestedShippingDate: '2024-05-03T00:00:00Z',
  },
  {
    dataAreaId: 'usmf',
    SalesOrderNumber: '000102',
    OrderingCustomerAccountNumber: 'US-002',
    SalesOrderName: "O'Brien's Outlet",
    SalesOrderStatus: 'Invoiced',
    TotalDiscountPercentage: 0,
    OrderCreationDateTime: '2024-04-30T23:59:59Z',
  },
  {
    dataAreaId: 'usrt',
    SalesOrderNumber: '000103',
    OrderingCustomerAccountNumber: 'US-003',
    SalesOrderName: 'RETAIL store',
    SalesOrderStatus: 'Backorder',
    TotalDiscountPercentage: 12.5,
    OrderCreationDateTime: '2024-06-01T00:00:00Z',
  },
].map((r) => completeRow(headers, r));

const matching = (filter: string) =>
  rows.filter(compileFilter(model, headers, parseFilter(filter))).map((r) => r.SalesOrderNumber);

describe('$filter: parsing and evaluation', () => {
  it.each([
    ["SalesOrderNumber eq '000101'", ['000101']],
    ["SalesOrderNumber ne '000101'", ['000102', '000103']],
    ["salesordernumber eq '1'", 'error'], // property names are case-sensitive
    ["OrderingCustomerAccountNumber eq 'us-002'", ['000102']], // SQL Server collation: case-insensitive
    ["SalesOrderNumber gt '000101' and SalesOrderNumber le '000103'", ['000102', '000103']],
    ["SalesOrderNumber eq '000101' or SalesOrderNumber eq '000103'", ['000101', '000103']],
    ["not (SalesOrderNumber eq '000101')", ['000102', '000103']],
    [
      "(SalesOrderNumber eq '000101' or SalesOrderNumber eq '000102') and TotalDiscountPercentage gt 1",
      ['000101'],
    ],
    ['TotalDiscountPercentage ge 5', ['000101', '000103']],
    ['TotalDiscountPercentage lt 12.5', ['000101', '000102']],
    ['TotalDiscountPercentage eq 12.5M', ['000103']],
    ['TotalDiscountPercentage add 1 gt 6', ['000103']],
    ['TotalDiscountPercentage mul 2 eq 25', ['000103']],
    ['TotalDiscountPercentage sub 5 eq 0', ['000101']],
    ['TotalDiscountPercentage mod 2 eq 1', ['000101']],
    ['TotalDiscountPercentage eq -5 mul -1', ['000101']],
    ["SalesOrderName eq '*retail*'", ['000101', '000103']],
    ["SalesOrderName eq 'contoso*'", ['000101']],
    ["SalesOrderName eq '*store'", ['000103']],
    ["SalesOrderName ne '*retail*'", ['000102']],
    ["SalesOrderName eq 'O''Brien''s Outlet'", ['000102']],
    ["SalesOrderName eq '*'", ['000101', '000102', '000103']],
    ["SalesOrderStatus eq Microsoft.Dynamics.DataEntities.SalesStatus'Backorder'", ['000101', '000103']],
    ["SalesOrderStatus ne Microsoft.Dynamics.DataEntities.SalesStatus'Backorder'", ['000102']],
    ["SalesOrderStatus eq Microsoft.Dynamics.DataEntities.SalesStatus'3'", ['000102']],
    ['OrderCreationDateTime ge 2024-05-01T00:00:00Z', ['000101', '000103']],
    ['OrderCreationDateTime lt 2024-05-01T00:00:00.000Z', ['000102']],
    ['OrderCreationDateTime gt 2024-05-01T12:00:00+02:00', ['000101', '000103']],
    ['RequestedShippingDate eq 2024-05-03T12:00:00Z', ['000101']], // X++ Date fields are stored at 12:00Z
    ['RequestedShippingDate lt 1901-01-01T00:00:00Z', ['000102', '000103']], // unset dates are 1900-01-01
    ["dataAreaId eq 'USRT'", ['000103']],
    ['SalesOrderNumber eq null', []],
    ['SalesOrderNumber ne null', ['000101', '000102', '000103']],
    ['true', ['000101', '000102', '000103']],
  ] as [string, string[] | 'error'][])('%s', (filter, expected) => {
    if (expected === 'error') expect(() => matching(filter)).toThrow(ODataFault);
    else expect(matching(filter)).toEqual(expected);
  });

  it.each([
    ["SalesOrderNumber in ('000101','000102')", "The 'in' operator is not supported"],
    [
      "SalesOrderStatus has Microsoft.Dynamics.DataEntities.SalesStatus'Backorder'",
      "The 'has' operator is not supported",
    ],
    ["SalesOrderLines/any(l: l/ItemNumber eq 'A')", "Lambda expressions ('any') are not supported"],
    ["contains(SalesOrderName,'retail')", "The function 'contains' is not supported"],
    ["startswith(SalesOrderName,'Con')", "The function 'startswith' is not supported"],
    ["tolower(SalesOrderName) eq 'x'", "The function 'tolower' is not supported"],
    [
      "SalesOrderStatus eq 'Backorder'",
      "Found operand types 'Microsoft.Dynamics.DataEntities.SalesStatus' and 'Edm.String'",
    ],
    [
      "SalesOrderStatus gt Microsoft.Dynamics.DataEntities.SalesStatus'None'",
      'Enumeration values can only be compared with eq and ne',
    ],
    ["SalesOrderStatus eq Microsoft.Dynamics.DataEntities.NoYes'Yes'", 'incompatible types'],
    [
      "SalesOrderStatus eq Microsoft.Dynamics.DataEntities.SalesStatus'Open'",
      "The string 'Open' is not a valid enumerated type constant",
    ],
    [
      "SalesOrderStatus eq Microsoft.Dynamics.DataEntities.Nope'X'",
      "The type 'Microsoft.Dynamics.DataEntities.Nope' is not a known enum type",
    ],
    ['SalesOrderNumber eq 101', "Found operand types 'Edm.String' and 'Edm.Int32' for operator kind 'Equal'"],
    ["OrderCreationDateTime ge '2024-05-01T00:00:00Z'", "'Edm.DateTimeOffset' and 'Edm.String'"],
    ['OrderCreationDateTime ge 2024-05-01', "'Edm.DateTimeOffset' and 'Edm.Date'"],
    [
      'Nope eq 1',
      "Could not find a property named 'Nope' on type 'Microsoft.Dynamics.DataEntities.SalesOrderHeaderV2'",
    ],
    ["SalesOrderNumber eq '000101' and", 'Syntax error at position 32'],
    ["SalesOrderNumber eq 'open", 'unterminated string literal'],
    ['SalesOrderNumber', 'must evaluate to a single boolean value'],
    ["SalesOrderName add 1 eq 'x'", "operator kind 'Add'"],
    ["not SalesOrderName eq 'x'", "operator kind 'Not'"],
    ["SalesOrderName eq duration'P1D'", "The literal type 'duration' is not supported"],
  ])('refuses %s', (filter, message) => {
    const fault = thrownBy(() => matching(filter), ODataFault);
    expect(fault.status).toBe(400);
    expect(fault.message).toContain(message);
  });

  it('parses into an AST with F&O enum literals and unquoted date-times', () => {
    expect(
      parseFilter(
        "SalesOrderStatus eq Microsoft.Dynamics.DataEntities.SalesStatus'Backorder' and OrderCreationDateTime ge 2024-05-01T00:00:00Z",
      ),
    ).toEqual({
      kind: 'logic',
      op: 'and',
      left: {
        kind: 'compare',
        op: 'eq',
        left: { kind: 'property', name: 'SalesOrderStatus' },
        right: { kind: 'enum', typeName: 'Microsoft.Dynamics.DataEntities.SalesStatus', member: 'Backorder' },
      },
      right: {
        kind: 'compare',
        op: 'ge',
        left: { kind: 'property', name: 'OrderCreationDateTime' },
        right: { kind: 'literal', type: 'datetime', value: '2024-05-01T00:00:00Z' },
      },
    });
  });

  it('binds and tighter than or', () => {
    expect(parseFilter('A eq 1 or B eq 2 and C eq 3')).toMatchObject({
      kind: 'logic',
      op: 'or',
      right: { kind: 'logic', op: 'and' },
    });
  });
});
