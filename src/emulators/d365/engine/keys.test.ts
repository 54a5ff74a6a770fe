import { describe, expect, it } from 'vitest';
import { ODataFault } from './behaviour.ts';
import { canonicalKey, formatKey, parseKeyPredicate } from './keys.ts';
import { metadataModel } from './metadataModel.ts';
import { parseResourcePath } from './resourcePath.ts';

const model = metadataModel();
const set = (name: string) => model.set(name)!;

describe('entity keys', () => {
  it('parses named keys with dataAreaId, folding the company to lower case', () => {
    expect(parseKeyPredicate(set('ReleasedProductsV2'), "dataAreaId='USMF',ItemNumber='A0001'")).toEqual({
      dataAreaId: 'usmf',
      ItemNumber: 'A0001',
    });
  });

  it("unescapes '' and keeps commas and parentheses inside quotes", () => {
    expect(
      parseKeyPredicate(set('CustomerGroups'), "dataAreaId='usmf',CustomerGroupId='O''Brien, (VIP)'"),
    ).toEqual({
      dataAreaId: 'usmf',
      CustomerGroupId: "O'Brien, (VIP)",
    });
  });

  it('reads numbers bare and date keys in their stored form', () => {
    expect(parseKeyPredicate(set('SalesPriceAgreements'), "dataAreaId='usmf',RecordId=5637144576")).toEqual({
      dataAreaId: 'usmf',
      RecordId: 5637144576,
    });
    const address = parseKeyPredicate(
      set('CustomerPostalAddresses'),
      "dataAreaId='usmf',CustomerAccountNumber='US-001',CustomerLegalEntityId='usmf',AddressLocationId='000001',Effective=2024-01-01T08:15:00Z",
    );
    expect(address.Effective).toBe('2024-01-01T08:15:00Z');
  });

  it('accepts a single unnamed key for a single-key set', () => {
    expect(parseKeyPredicate(set('ProductsV2'), "'P-100'")).toEqual({ ProductNumber: 'P-100' });
  });

  it.each([
    ["dataAreaId='usmf'", 'The number of keys specified in the URI does not match'],
    ["dataAreaId='usmf',ItemNumber='A',ItemNumber='B'", 'The number of keys'],
    ["dataAreaId='usmf',Nope='A'", 'The number of keys'],
    ["dataAreaId='usmf',ItemNumber=A0001", 'Bad Request - Error in query syntax.'],
  ])('refuses %s', (predicate, message) => {
    expect(() => parseKeyPredicate(set('ReleasedProductsV2'), predicate)).toThrow(message);
  });

  it('makes a canonical key that ignores case, as F&O’s collation does', () => {
    const s = set('ReleasedProductsV2');
    expect(canonicalKey(s, { dataAreaId: 'USMF', ItemNumber: 'a0001' })).toBe(
      canonicalKey(s, { dataAreaId: 'usmf', ItemNumber: 'A0001' }),
    );
  });

  it('formats a key predicate back, escaping quotes', () => {
    expect(formatKey(set('CustomerGroups'), { dataAreaId: 'usmf', CustomerGroupId: "O'B" })).toBe(
      "dataAreaId='usmf',CustomerGroupId='O''B'",
    );
  });

  it('parses URL-encoded resource paths with keys, properties, navigation and $count', () => {
    const path = parseResourcePath(
      `/SalesOrderHeadersV2(dataAreaId=${encodeURIComponent("'usmf'")},SalesOrderNumber=${encodeURIComponent("'SO/1 ''x'''")})/SalesOrderLines/$count`,
      model,
    );
    expect(path).toMatchObject({
      kind: 'navigation',
      key: { dataAreaId: 'usmf', SalesOrderNumber: "SO/1 'x'" },
      count: true,
    });
    expect(parseResourcePath('/CustomerGroups/$count', model)).toMatchObject({
      kind: 'collection',
      count: true,
    });
    expect(
      parseResourcePath("/CustomerGroups(dataAreaId='usmf',CustomerGroupId='10')/Description", model),
    ).toMatchObject({
      kind: 'property',
      property: 'Description',
    });
    expect(() => parseResourcePath('/customergroups', model)).toThrow(ODataFault);
    expect(() => parseResourcePath('/customergroups', model)).toThrow('Entity set not found.');
  });
});
