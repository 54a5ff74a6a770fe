// Customers and their postal addresses: mandatory fields with F&O's messages, the account number
// sequence, defaults from the customer group, the primary address kept in step both ways, delete rules.
import { describe, expect, it } from 'vitest';
import { business } from './index.ts';
import { faultOf, TestEngine } from '../../../../test/support/d365TestStore.ts';

const person = {
  PartyType: 'Person',
  PersonFirstName: 'Ada',
  PersonLastName: 'Buyer',
  CustomerGroupId: 'AMZ',
  SalesCurrencyCode: 'USD',
};

describe('CustomersV3', () => {
  it('lists every missing mandatory field', () => {
    const e = new TestEngine(business).seed();
    const fault = faultOf(() => e.create('CustomersV3', {}));
    expect(fault.status).toBe(400);
    expect(fault.details).toEqual([
      "Field 'Customer group' must be filled in.",
      "Field 'Currency' must be filled in.",
      "Field 'Party type' must be filled in.",
    ]);
    expect(fault.message).toMatch(
      /^Write failed for table row of type 'CustCustomerV3Entity'\. Infolog: Warning: Field 'Customer group' must be filled in\.; Warning: validateField failed on field 'CustCustomerV3Entity\.CustomerGroupId'\./,
    );
    expect(faultOf(() => e.create('CustomersV3', { ...person, CustomerGroupId: 'Local' })).details).toEqual([
      "The value 'Local' in field 'Customer group' is not found in the related table 'Customer groups'.",
    ]);
    expect(
      faultOf(() => e.create('CustomersV3', { ...person, PersonFirstName: '', PersonLastName: '' })).details,
    ).toEqual(["Field 'Last name' must be filled in."]);
    expect(faultOf(() => e.create('CustomersV3', { ...person, PartyType: 'Organization' })).details).toEqual([
      "Field 'Name' must be filled in.",
    ]);
    expect(faultOf(() => e.create('CustomersV3', { ...person, PartyType: 'Robot' })).details).toEqual([
      "Party type 'Robot' is not valid: use Person or Organization.",
    ]);
  });

  it('allocates the account from the number sequence and defaults from the customer group', () => {
    const e = new TestEngine(business).seed();
    const a = e.create('CustomersV3', person);
    const b = e.create('CustomersV3', { ...person, PersonFirstName: 'Bob' });
    expect([a.CustomerAccount, b.CustomerAccount]).toEqual(['US-101', 'US-102']);
    expect(a).toMatchObject({
      NameAlias: 'Ada Buyer',
      PaymentTerms: 'Net10',
      SalesTaxGroup: 'AMZ-MF',
      LanguageId: 'en-us',
      OnHoldStatus: 'No',
    });
    expect(a.PartyNumber).toMatch(/^\d{9}$/);
    expect(e.create('CustomersV3', { ...person, CustomerAccount: 'OWN-1' }).CustomerAccount).toBe('OWN-1');
    expect(e.store.get('CustTableBiEntities', { dataAreaId: 'usmf', AccountNum: 'US-101' })).toMatchObject({
      CustGroup: 'AMZ',
      Currency: 'USD',
    });
  });

  it('creates the primary postal address from address fields and keeps both views in step', () => {
    const e = new TestEngine(business).seed();
    const c = e.create('CustomersV3', {
      ...person,
      AddressStreet: '1 Main St',
      AddressCity: 'Springfield',
      AddressState: 'IL',
      AddressZipCode: '62701',
    });
    const [address] = e.store.list('CustomerPostalAddresses', 'usmf');
    expect(address).toMatchObject({
      CustomerAccountNumber: c.CustomerAccount,
      CustomerLegalEntityId: 'usmf',
      IsPrimary: 'Yes',
      IsRoleBusiness: 'Yes',
      AddressLocationRoles: 'Business',
      AddressCountryRegionId: 'USA',
      AddressCountryRegionISOCode: 'US',
      FormattedAddress: '1 Main St\nSpringfield, IL 62701\nUSA',
      Expiration: '2154-12-31T23:59:59Z',
    });
    expect(c).toMatchObject({
      AddressLocationId: address!.AddressLocationId,
      FullPrimaryAddress: address!.FormattedAddress,
    });
    e.update(
      'CustomersV3',
      { dataAreaId: 'usmf', CustomerAccount: c.CustomerAccount },
      { AddressCity: 'Chicago' },
    );
    expect(e.store.list('CustomerPostalAddresses', 'usmf')[0]).toMatchObject({ AddressCity: 'Chicago' });
  });

  it('refuses to delete a customer with sales orders', () => {
    const e = new TestEngine(business).seed();
    const c = e.create('CustomersV3', person);
    e.create('SalesOrderHeadersV2', { OrderingCustomerAccountNumber: c.CustomerAccount });
    expect(
      faultOf(() => e.remove('CustomersV3', { dataAreaId: 'usmf', CustomerAccount: c.CustomerAccount }))
        .message,
    ).toContain('cannot be deleted while dependent Sales orders exist');
  });
});

describe('CustomerPostalAddresses', () => {
  it('generates the location, makes the first address primary and shows it on the customer', () => {
    const e = new TestEngine(business).seed();
    const c = e.create('CustomersV3', person);
    const first = e.create('CustomerPostalAddresses', {
      CustomerAccountNumber: c.CustomerAccount,
      AddressStreet: '2 Oak Ave',
      AddressCity: 'Toronto',
      AddressCountryRegionISOCode: 'CA',
      AddressLocationRoles: 'Delivery;Invoice',
    });
    expect(first).toMatchObject({
      IsPrimary: 'Yes',
      AddressCountryRegionId: 'CAN',
      IsRoleDelivery: 'Yes',
      IsRoleInvoice: 'Yes',
      IsRoleBusiness: 'No',
      Effective: '2026-03-02T10:00:00Z',
    });
    expect(first.AddressLocationId).toMatch(/^\d{9}$/);
    expect(
      e.store.get('CustomersV3', { dataAreaId: 'usmf', CustomerAccount: c.CustomerAccount }),
    ).toMatchObject({ AddressStreet: '2 Oak Ave', AddressCountryRegionId: 'CAN' });
    const second = e.create('CustomerPostalAddresses', {
      CustomerAccountNumber: c.CustomerAccount,
      AddressStreet: '3 Pine Rd',
      IsRoleDelivery: 'Yes',
    });
    expect(second).toMatchObject({
      IsPrimary: 'No',
      AddressLocationRoles: 'Delivery',
      AddressCountryRegionId: 'USA',
    });
    expect(
      faultOf(() => e.create('CustomerPostalAddresses', { CustomerAccountNumber: 'NOPE' })).details,
    ).toEqual([
      "The value 'NOPE' in field 'Customer account' is not found in the related table 'Customers'.",
    ]);
  });
});
