import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../errors.ts';
import {
  addressesWanted,
  countryRegionOf,
  customerContactChanges,
  customerCreateRow,
  findSameAddress,
  missingRoles,
  postalAddressRow,
} from './customerRows.ts';
import type { PostalAddress } from '../intake/facts.ts';
import type { CustomerDraft } from '../plan/drafts.ts';
import { thrownBy } from '../../../../test/support/failure.ts';
import { aBuyerDraft } from '../../../../test/support/writerTestKit.ts';

const home: PostalAddress = {
  name: 'Jane Doe',
  lines: ['1 Main Street', ' Apt 4 ', ''],
  city: 'Seattle',
  stateOrRegion: 'wa',
  postalCode: '98101',
  countryCode: 'US',
};

const buyer = aBuyerDraft({
  taxExemptNumber: 'IGNORED-FOR-A-PERSON',
  addresses: [{ role: 'Delivery', address: home }],
});

const office: PostalAddress = {
  lines: ['500 Pine St'],
  city: 'Seattle',
  postalCode: '98101',
  countryCode: 'US',
};
const business: CustomerDraft = {
  ...buyer,
  key: 'AMZ-fedcba9876543210',
  kind: 'business',
  partyType: 'Organization',
  firstName: undefined,
  lastName: undefined,
  organizationName: 'Contoso Ltd',
  taxExemptNumber: 'US-123',
  addresses: [
    { role: 'Delivery', address: home },
    { role: 'Invoice', address: office },
  ],
};

const errorOf = (fn: () => unknown) => thrownBy(fn, ConnectorError);

describe('customerCreateRow', () => {
  it('a person: names, group, currency, contact data and the key as search name; no account', () => {
    expect(customerCreateRow(buyer)).toEqual({
      dataAreaId: 'usmf',
      PartyType: 'Person',
      PersonFirstName: 'Jane',
      PersonLastName: 'Doe',
      CustomerGroupId: 'AMZ',
      SalesCurrencyCode: 'USD',
      NameAlias: 'AMZ-0123456789abcdef',
      PrimaryContactEmail: 'jane@marketplace.amazon.com',
      PrimaryContactPhone: '+1 206 555 0100',
    });
  });

  it('an organisation: its name and tax-exempt number', () => {
    expect(customerCreateRow(business)).toMatchObject({
      PartyType: 'Organization',
      OrganizationName: 'Contoso Ltd',
      TaxExemptNumber: 'US-123',
    });
    expect(customerCreateRow(business)).not.toHaveProperty('PersonLastName');
  });

  it('refuses a draft without a name, saying what to do and nothing personal', () => {
    const error = errorOf(() => customerCreateRow({ ...buyer, firstName: undefined, lastName: undefined }));
    expect(error.kind).toBe('data');
    expect(error.message).toContain("customers.strategy to 'marketplace'");
    expect(error.message).not.toContain('jane');
  });
});

describe('countries', () => {
  it('maps ISO alpha-2 to the F&O country/region id', () => {
    expect(countryRegionOf(' de ', 'Delivery')).toBe('DEU');
    expect(countryRegionOf('UK', 'Invoice')).toBe('GBR');
  });

  it('an unknown or missing country is a data error that says where to add it', () => {
    const unknown = errorOf(() => countryRegionOf('XK', 'Delivery'));
    expect(unknown.kind).toBe('data');
    expect(unknown.message).toContain("'XK'");
    expect(unknown.message).toContain("customers.strategy to 'marketplace'");
    expect(errorOf(() => countryRegionOf(undefined, 'Invoice')).message).toContain(
      'invoice address has no country',
    );
  });
});

describe('addresses', () => {
  it('a delivery address row: multi-line street, role text and flag, primary, F&O country id', () => {
    const [wanted] = addressesWanted(buyer);
    expect(postalAddressRow(buyer, 'C-1', wanted!, true)).toEqual({
      dataAreaId: 'usmf',
      CustomerAccountNumber: 'C-1',
      CustomerLegalEntityId: 'usmf',
      AddressDescription: 'Jane Doe',
      AddressStreet: '1 Main Street\nApt 4',
      AddressCity: 'Seattle',
      AddressState: 'WA',
      AddressZipCode: '98101',
      AddressCountryRegionId: 'USA',
      AddressLocationRoles: 'Delivery',
      IsRoleDelivery: 'Yes',
      IsPostalAddress: 'Yes',
      IsPrimary: 'Yes',
    });
  });

  it('leaves out a state that cannot be a state id', () => {
    const row = postalAddressRow(
      buyer,
      'C-1',
      { address: { ...home, stateOrRegion: 'British Columbia' }, roles: ['Delivery'] },
      false,
    );
    expect(row).not.toHaveProperty('AddressState');
    expect(row.IsPrimary).toBe('No');
  });

  it('one address given for delivery and invoice becomes one row with both roles', () => {
    const same = addressesWanted({
      ...business,
      addresses: [
        { role: 'Delivery', address: office },
        { role: 'Invoice', address: { ...office, lines: ['500  PINE st'] } },
      ],
    });
    expect(same).toHaveLength(1);
    expect(same[0]!.roles).toEqual(['Delivery', 'Invoice']);
    expect(postalAddressRow(business, 'C-2', same[0]!, true)).toMatchObject({
      AddressLocationRoles: 'Delivery;Invoice',
      IsRoleDelivery: 'Yes',
      IsRoleInvoice: 'Yes',
    });
  });

  it('recognises an existing address by street, city, ZIP and country, ignoring case and spacing', () => {
    const rows = [
      {
        AddressStreet: '1 MAIN STREET\napt 4',
        AddressCity: 'seattle',
        AddressZipCode: '98101',
        AddressCountryRegionId: 'USA',
      },
    ];
    expect(findSameAddress(rows, home, 'Delivery')).toBe(rows[0]);
    expect(findSameAddress(rows, { ...home, postalCode: '98102' }, 'Delivery')).toBeUndefined();
  });

  it('adds only the roles an existing address lacks', () => {
    const row = {
      AddressLocationRoles: 'Delivery',
      IsRoleDelivery: 'Yes' as const,
      IsRoleInvoice: 'No' as const,
    };
    expect(missingRoles(row, ['Delivery'])).toBeUndefined();
    expect(missingRoles(row, ['Invoice'])).toEqual({
      AddressLocationRoles: 'Delivery;Invoice',
      IsRoleDelivery: 'Yes',
      IsRoleInvoice: 'Yes',
    });
  });
});

describe('customerContactChanges', () => {
  it('only what differs, and never clears what the draft lacks', () => {
    const current = {
      PersonFirstName: 'Jane',
      PersonLastName: 'Doe',
      PrimaryContactEmail: 'old@marketplace.amazon.com',
      PrimaryContactPhone: '+1 206 555 0100',
    };
    expect(customerContactChanges(current, buyer)).toEqual({
      PrimaryContactEmail: 'jane@marketplace.amazon.com',
    });
    expect(customerContactChanges(current, { ...buyer, email: undefined, phone: undefined })).toEqual({});
  });
});
