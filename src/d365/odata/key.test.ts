import { describe, expect, it } from 'vitest';
import { customerPostalAddresses } from '../entities/customers.ts';
import { products, releasedProducts } from '../entities/products.ts';
import { salesPriceAgreements } from '../entities/pricing.ts';
import { packingSlipTracking } from '../entities/shipping.ts';
import type { AnyEntity } from '../entity/descriptor.ts';
import { keyPredicate } from './key.ts';

const cases: Array<[string, AnyEntity, Record<string, unknown>, string | undefined, string]> = [
  [
    'company from the call',
    releasedProducts,
    { ItemNumber: 'A100' },
    'usmf',
    "(dataAreaId='usmf',ItemNumber='A100')",
  ],
  [
    'company in the key wins',
    releasedProducts,
    { dataAreaId: 'usrt', ItemNumber: 'A' },
    'usmf',
    "(dataAreaId='usrt',ItemNumber='A')",
  ],
  [
    'quote doubled',
    releasedProducts,
    { ItemNumber: "O'Neil" },
    'usmf',
    "(dataAreaId='usmf',ItemNumber='O''Neil')",
  ],
  [
    'URL-special characters encoded',
    releasedProducts,
    { ItemNumber: 'A #1?&%/x y' },
    'usmf',
    "(dataAreaId='usmf',ItemNumber='A%20%231%3F%26%25%2Fx%20y')",
  ],
  [
    'non-ASCII encoded',
    releasedProducts,
    { ItemNumber: 'Bär' },
    'usmf',
    "(dataAreaId='usmf',ItemNumber='B%C3%A4r')",
  ],
  ['shared entity has no company', products, { ProductNumber: 'P1' }, 'usmf', "(ProductNumber='P1')"],
  [
    'Int64 key bare',
    salesPriceAgreements,
    { RecordId: 5637144576 },
    'usmf',
    "(dataAreaId='usmf',RecordId=5637144576)",
  ],
  [
    'datetime key unquoted, in key order',
    customerPostalAddresses,
    {
      Effective: '2024-01-01T00:00:00Z',
      AddressLocationId: '000001234',
      CustomerLegalEntityId: 'usmf',
      CustomerAccountNumber: 'C1',
    },
    'usmf',
    "(dataAreaId='usmf',CustomerAccountNumber='C1',CustomerLegalEntityId='usmf',AddressLocationId='000001234',Effective=2024-01-01T00:00:00Z)",
  ],
  [
    'date key at noon',
    packingSlipTracking,
    { SalesOrderNumber: 'SO1', PackingSlipNumber: 'PS1', DeliveryDate: '2024-02-22', TrackingNumber: '1Z' },
    'usmf',
    "(dataAreaId='usmf',SalesOrderNumber='SO1',PackingSlipNumber='PS1',DeliveryDate=2024-02-22T12:00:00Z,TrackingNumber='1Z')",
  ],
];

describe('key formatting', () => {
  it.each(cases)('%s', (_, entity, key, company, expected) => {
    expect(keyPredicate(entity, key, company)).toBe(expected);
  });

  it('needs every key field', () => {
    expect(() => keyPredicate(releasedProducts, { ItemNumber: 'A' })).toThrow(
      /company \(dataAreaId\) is missing/,
    );
    expect(() => keyPredicate(customerPostalAddresses, { CustomerAccountNumber: 'C' }, 'usmf')).toThrow(
      /key field CustomerLegalEntityId is missing/,
    );
  });

  it('refuses fields that are not part of the key', () => {
    expect(() => keyPredicate(releasedProducts, { ItemNumber: 'A', SearchName: 'x' }, 'usmf')).toThrow(
      /SearchName is not part of its key/,
    );
  });
});
