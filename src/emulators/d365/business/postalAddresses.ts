// CustomerPostalAddresses and the customer's flattened primary address (CustomersV3.Address*): both are
// views of the same party location, so writing either updates the other. F&O generates the location
// id, defaults the validity window and the country, formats the address, keeps one primary address
// per customer (the first address becomes primary) and keeps the role text and flags in step.
import type { BehaviourContext, EntityBehaviour, EntityStore, Row } from '../engine/behaviour.ts';
import { countryPair, formatAddress, rolesOf } from './addresses.ts';
import { mustBeFilled, refuseIfAny, type Problem } from './faults.ts';
import { keyOf } from './metadata.ts';
import { nextNumber, nextRecId, sequences } from './numberSequences.ts';
import { checkRef, references } from './references.ts';
import { insertRow, patchRow } from './rows.ts';
import { legalEntity } from './setup.ts';
import { companyOf, isSet, nowUtc, str } from './values.ts';

const SET = 'CustomerPostalAddresses';
/** F&O's "never expires". */
export const MAX_DATETIME = '2154-12-31T23:59:59Z';

const customerAddressFields = [
  'AddressStreet',
  'AddressCity',
  'AddressState',
  'AddressZipCode',
  'AddressCountryRegionId',
  'AddressCountryRegionISOCode',
];

function addressesOf(store: EntityStore, company: string, account: unknown): Row[] {
  return store.listBy(SET, company, 'CustomerAccountNumber', account);
}

/** Derived fields of an address row: country pair, formatted text, roles. */
function derive(row: Row, company: string): Row {
  const country = countryPair(
    row.AddressCountryRegionId,
    row.AddressCountryRegionISOCode,
    legalEntity(company).countryRegionId,
  );
  const roles = rolesOf(row);
  return {
    ...row,
    AddressCountryRegionId: country.id,
    AddressCountryRegionISOCode: country.iso,
    AddressLocationRoles: roles.text,
    ...roles.flags,
    FormattedAddress: formatAddress({
      street: str(row.AddressStreet),
      city: str(row.AddressCity),
      state: str(row.AddressState),
      zip: str(row.AddressZipCode),
      country: country.id,
    }),
  };
}

/** Copies a primary address onto the customer's flattened Address* fields. */
function customerFieldsOf(a: Row): Row {
  return {
    AddressLocationId: a.AddressLocationId,
    AddressDescription: a.AddressDescription,
    AddressStreet: a.AddressStreet,
    AddressStreetNumber: a.AddressStreetNumber,
    AddressCity: a.AddressCity,
    AddressState: a.AddressState,
    AddressZipCode: a.AddressZipCode,
    AddressCountryRegionId: a.AddressCountryRegionId,
    AddressCountryRegionISOCode: a.AddressCountryRegionISOCode,
    AddressLocationRoles: a.AddressLocationRoles,
    AddressValidFrom: a.Effective,
    AddressValidTo: a.Expiration,
    FullPrimaryAddress: a.FormattedAddress,
  };
}

/** Makes `primary` the customer's only primary address and shows it on the customer. */
function makePrimary(store: EntityStore, company: string, primary: Row): void {
  for (const a of addressesOf(store, company, primary.CustomerAccountNumber))
    if (a.AddressLocationId !== primary.AddressLocationId && a.IsPrimary === 'Yes')
      patchRow(store, SET, keyOf(SET, a), { IsPrimary: 'No' });
  patchRow(
    store,
    'CustomersV3',
    { dataAreaId: company, CustomerAccount: primary.CustomerAccountNumber },
    customerFieldsOf(primary),
  );
}

/**
 * When a customer is written with address fields, its primary postal address follows (created on
 * first use). Returns the customer with the address's derived fields.
 */
export function syncPrimaryAddress(store: EntityStore, ctx: BehaviourContext, customer: Row): Row {
  if (!customerAddressFields.some((f) => isSet(customer[f]))) return customer;
  const company = companyOf(customer, ctx);
  const existing = addressesOf(store, company, customer.CustomerAccount).find(
    (a) => a.IsPrimary === 'Yes' || a.AddressLocationId === customer.AddressLocationId,
  );
  const fields = {
    AddressDescription: str(customer.AddressDescription) || 'Primary',
    AddressStreet: customer.AddressStreet,
    AddressStreetNumber: customer.AddressStreetNumber,
    AddressCity: customer.AddressCity,
    AddressState: customer.AddressState,
    AddressZipCode: customer.AddressZipCode,
    AddressCountryRegionId: customer.AddressCountryRegionId,
    AddressCountryRegionISOCode: customer.AddressCountryRegionISOCode,
    AddressLocationRoles: customer.AddressLocationRoles,
  };
  const address = existing
    ? (patchRow(store, SET, keyOf(SET, existing), derive({ ...existing, ...fields }, company)) as Row)
    : insertRow(
        store,
        SET,
        newAddress(ctx, company, {
          ...fields,
          CustomerAccountNumber: customer.CustomerAccount,
          IsPrimary: 'Yes',
        }),
      );
  return {
    ...customer,
    ...customerFieldsOf(address),
    AddressRecordId: customer.AddressRecordId || nextRecId(ctx, company),
  };
}

function newAddress(ctx: BehaviourContext, company: string, row: Row): Row {
  return derive(
    {
      Effective: nowUtc(ctx),
      Expiration: MAX_DATETIME,
      IsPostalAddress: 'Yes',
      IsLocationOwner: 'Yes',
      ...Object.fromEntries(Object.entries(row).filter(([, v]) => isSet(v))),
      dataAreaId: company,
      CustomerLegalEntityId: str(row.CustomerLegalEntityId) || company,
      AddressLocationId: str(row.AddressLocationId) || nextNumber(ctx, sequences.location, company),
    },
    company,
  );
}

function validate(store: EntityStore, company: string, row: Row): void {
  const problems: Problem[] = [];
  if (!isSet(row.CustomerAccountNumber))
    problems.push(mustBeFilled('Customer account', 'CustomerAccountNumber'));
  checkRef(store, problems, references.customer, company, row.CustomerAccountNumber, 'CustomerAccountNumber');
  refuseIfAny(SET, problems);
}

export const postalAddressBehaviour: EntityBehaviour = {
  entitySet: SET,
  onCreate(input, ctx) {
    const company = companyOf(input, ctx);
    validate(ctx.store, company, input);
    const first = addressesOf(ctx.store, company, input.CustomerAccountNumber).length === 0;
    const row = newAddress(ctx, company, { ...input, IsPrimary: first ? 'Yes' : input.IsPrimary });
    if (row.IsPrimary === 'Yes') makePrimary(ctx.store, company, row);
    return row;
  },
  onUpdate(_before, after, ctx) {
    const company = companyOf(after, ctx);
    const row = derive(after, company);
    if (row.IsPrimary === 'Yes') makePrimary(ctx.store, company, row);
    return row;
  },
  onDelete(row, ctx) {
    if (row.IsPrimary !== 'Yes') return;
    const company = companyOf(row, ctx);
    const cleared = Object.fromEntries(Object.keys(customerFieldsOf(row)).map((k) => [k, undefined]));
    patchRow(
      ctx.store,
      'CustomersV3',
      { dataAreaId: company, CustomerAccount: row.CustomerAccountNumber },
      cleared,
    );
  },
};
