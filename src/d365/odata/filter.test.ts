import { describe, expect, it } from 'vitest';
import { defineEntity } from '../entity/descriptor.ts';
import { NoYes } from '../entity/enums.ts';
import { date, dateTime, decimal, enumOf, guid, int64, str } from '../entity/fields.ts';
import { filterBuilder, type Filter, type FilterBuilder } from './filter.ts';

const entity = defineEntity({
  entitySet: 'Things',
  keys: ['dataAreaId', 'Id'],
  fields: {
    dataAreaId: str(),
    Id: str(),
    Name: str(),
    Price: decimal(),
    RecordId: int64(),
    Flag: enumOf(NoYes),
    ShipDate: date(),
    CreatedOn: dateTime(),
    Token: guid(),
  },
});
type W = FilterBuilder<typeof entity>;

const cases: Array<[string, (w: W) => Filter, string]> = [
  ['string equality', (w) => w.eq('Name', 'Widget'), "Name eq 'Widget'"],
  ['quote escaping', (w) => w.eq('Name', "O'Brien's"), "Name eq 'O''Brien''s'"],
  ['wildcard contains', (w) => w.eq('Name', '*retail*'), "Name eq '*retail*'"],
  ['decimal', (w) => w.ge('Price', 12.5), 'Price ge 12.5'],
  ['int64 as bigint', (w) => w.gt('RecordId', 5637144576n), 'RecordId gt 5637144576'],
  ['enum literal', (w) => w.eq('Flag', 'Yes'), "Flag eq Microsoft.Dynamics.DataEntities.NoYes'Yes'"],
  ['enum ne', (w) => w.ne('Flag', 'No'), "Flag ne Microsoft.Dynamics.DataEntities.NoYes'No'"],
  [
    'datetime unquoted',
    (w) => w.ge('CreatedOn', '2024-05-01T00:00:00Z'),
    'CreatedOn ge 2024-05-01T00:00:00Z',
  ],
  [
    'datetime from Date',
    (w) => w.lt('CreatedOn', new Date(Date.UTC(2024, 4, 1, 8, 30))),
    'CreatedOn lt 2024-05-01T08:30:00Z',
  ],
  [
    'datetime keeps milliseconds',
    (w) => w.gt('CreatedOn', '2024-05-01T08:30:00.123Z'),
    'CreatedOn gt 2024-05-01T08:30:00.123Z',
  ],
  ['date at noon', (w) => w.le('ShipDate', '2024-05-01'), 'ShipDate le 2024-05-01T12:00:00Z'],
  ['empty date', (w) => w.eq('ShipDate', null), 'ShipDate lt 1901-01-01T00:00:00Z'],
  ['set date', (w) => w.ne('CreatedOn', null), 'CreatedOn ge 1901-01-01T00:00:00Z'],
  ['string null', (w) => w.eq('Name', null), 'Name eq null'],
  [
    'guid bare',
    (w) => w.eq('Token', '0f8fad5b-d9cb-469f-a165-70867728950e'),
    'Token eq 0f8fad5b-d9cb-469f-a165-70867728950e',
  ],
  ['and', (w) => w.and(w.eq('Id', 'A'), w.gt('Price', 1)), "Id eq 'A' and Price gt 1"],
  [
    'or inside and',
    (w) => w.and(w.eq('Id', 'A'), w.or(w.eq('Name', 'x'), w.eq('Name', 'y'))),
    "Id eq 'A' and (Name eq 'x' or Name eq 'y')",
  ],
  [
    'and inside or',
    (w) => w.or(w.and(w.eq('Id', 'A'), w.eq('Name', 'x')), w.eq('Id', 'B')),
    "(Id eq 'A' and Name eq 'x') or Id eq 'B'",
  ],
  ['not', (w) => w.not(w.or(w.eq('Id', 'A'), w.eq('Id', 'B'))), "not (Id eq 'A' or Id eq 'B')"],
  [
    'nested and flattens',
    (w) => w.and(w.eq('Id', 'A'), w.and(w.eq('Name', 'x'), w.gt('Price', 0))),
    "Id eq 'A' and Name eq 'x' and Price gt 0",
  ],
  ['anyOf (no `in` on F&O)', (w) => w.anyOf('Id', ['A', 'B', "C'"]), "Id eq 'A' or Id eq 'B' or Id eq 'C'''"],
  ['single and', (w) => w.and(w.eq('Id', 'A')), "Id eq 'A'"],
];

describe('$filter builder', () => {
  it.each(cases)('%s', (_, build, expected) => {
    expect(build(filterBuilder(entity)).text).toBe(expected);
  });

  it('records every field it names', () => {
    const w = filterBuilder(entity);
    expect(w.and(w.eq('Id', 'A'), w.not(w.eq('Flag', 'Yes'))).fields).toEqual(['Id', 'Flag']);
  });

  const rejects: Array<[string, (w: W) => Filter, RegExp]> = [
    // @ts-expect-error enums cannot be order-compared, and the types say so
    ['enum order comparison', (w) => w.gt('Flag', 'Yes'), /only with eq or ne/],
    // @ts-expect-error not a member
    ['unknown enum member', (w) => w.eq('Flag', 'Maybe'), /not a member of NoYes/],
    // @ts-expect-error not a field of the descriptor
    ['unknown field', (w) => w.eq('Nope', 'x'), /has no field Nope/],
    ['number with exponent', (w) => w.gt('Price', 1e21), /without an exponent/],
    ['bad datetime', (w) => w.gt('CreatedOn', 'yesterday'), /ISO date/],
    ['bad guid', (w) => w.eq('Token', 'abc'), /GUID/],
    ['empty anyOf', (w) => w.anyOf('Id', []), /at least one value/],
    // @ts-expect-error order-comparing with null is meaningless
    ['date order with null', (w) => w.gt('ShipDate', null), /null/],
  ];
  it.each(rejects)('rejects %s', (_, build, message) => {
    expect(() => build(filterBuilder(entity))).toThrow(message);
  });
});
