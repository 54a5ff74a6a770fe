/**
 * Customers (`CustomersV3`) and their postal addresses (`CustomerPostalAddresses`). A customer is
 * created with at least its group, party type, name and sales currency; the account number comes from
 * the group's number sequence when left out (read it from the created record). `CustomersV3` has no
 * `Name`: a person has `PersonFirstName`/`PersonLastName`, an organisation `OrganizationName`.
 * A postal address is keyed by its location id *and* `Effective` (valid-from instant), so an update
 * needs the address as read.
 */
import { defineEntity } from '../entity/descriptor.ts';
import { entityApi } from '../entity/entityApi.ts';
import { CustVendorBlocked, NoYes } from '../entity/enums.ts';
import { dateTime, decimal, enumOf, str } from '../entity/fields.ts';

export const customers = defineEntity({
  entitySet: 'CustomersV3',
  keys: ['dataAreaId', 'CustomerAccount'],
  fields: {
    dataAreaId: str(),
    CustomerAccount: str(),
    CustomerGroupId: str(),
    /** "Person" or "Organization" (a string in F&O's metadata, not an enum). */
    PartyType: str(),
    PartyNumber: str(),
    OrganizationName: str(),
    NameAlias: str(),
    PersonFirstName: str(),
    PersonMiddleName: str(),
    PersonLastName: str(),
    LanguageId: str(),
    SalesCurrencyCode: str(),
    PaymentTerms: str(),
    PaymentMethod: str(),
    DeliveryMode: str(),
    DeliveryTerms: str(),
    InvoiceAccount: str(),
    CreditLimit: decimal(),
    OnHoldStatus: enumOf(CustVendorBlocked),
    SalesTaxGroup: str(),
    TaxExemptNumber: str(),
    IsSalesTaxIncludedInPrices: enumOf(NoYes),
    IsOneTimeCustomer: enumOf(NoYes),
    SiteId: str(),
    WarehouseId: str(),
    SalesOrderPoolId: str(),
    /** The price group trade agreements match ("Group" account code) — not CustomerGroupId. */
    DiscountPriceGroupId: str(),
    AddressDescription: str(),
    AddressStreet: str(),
    AddressStreetNumber: str(),
    AddressCity: str(),
    AddressCounty: str(),
    AddressState: str(),
    AddressZipCode: str(),
    AddressCountryRegionId: str(),
    AddressCountryRegionISOCode: str(),
    AddressLocationId: str(),
    AddressLocationRoles: str(),
    PrimaryContactEmail: str(),
    PrimaryContactPhone: str(),
    PrimaryContactPhoneIsMobile: enumOf(NoYes),
  },
});

export const customerPostalAddresses = defineEntity({
  entitySet: 'CustomerPostalAddresses',
  keys: ['dataAreaId', 'CustomerAccountNumber', 'CustomerLegalEntityId', 'AddressLocationId', 'Effective'],
  fields: {
    dataAreaId: str(),
    CustomerAccountNumber: str(),
    /** The customer's company; equal to dataAreaId for an ordinary customer. */
    CustomerLegalEntityId: str(),
    AddressLocationId: str(),
    Effective: dateTime(),
    Expiration: dateTime(),
    AddressDescription: str(),
    AddressStreet: str(),
    AddressStreetNumber: str(),
    AddressBuilding: str(),
    AddressApartment: str(),
    AddressCity: str(),
    AddressCountyId: str(),
    AddressState: str(),
    AddressZipCode: str(),
    AddressCountryRegionId: str(),
    AddressCountryRegionISOCode: str(),
    AddressPostBox: str(),
    AttentionToAddressLine: str(),
    FormattedAddress: str(),
    AddressLocationRoles: str(),
    AddressDefaultRoles: str(),
    IsPrimary: enumOf(NoYes),
    IsPrivate: enumOf(NoYes),
    IsPostalAddress: enumOf(NoYes),
    IsPrimaryTaxRegistration: enumOf(NoYes),
    IsRoleDelivery: enumOf(NoYes),
    IsRoleInvoice: enumOf(NoYes),
    IsRoleBusiness: enumOf(NoYes),
    IsRoleHome: enumOf(NoYes),
  },
});

/** Customers hold invoices and ledger history: the connector never deletes one. */
export const customersApi = entityApi(customers, ['create', 'update']);
export const customerPostalAddressesApi = entityApi(customerPostalAddresses, ['create', 'update', 'remove']);
