/**
 * A customer draft as D365 rows (pure): the `CustomersV3` record the connector creates, the contact
 * changes to send to one that exists, and its `CustomerPostalAddresses`. Also the question "does the
 * customer already have this address?", asked again after a crash so only missing addresses are made.
 *
 * Countries: Amazon gives ISO 3166 alpha-2 codes; F&O identifies a country/region by its own id, in a
 * standard setup the alpha-3 code (countryCodes.ts), and that id is what is sent: whether F&O derives it
 * from `AddressCountryRegionISOCode` alone is not confirmed, and a wrong guess would file the address
 * under another country. A code without an id is a data error naming the code, never a silent default.
 */
import { ConnectorError } from '../../../errors.ts';
import type { customerPostalAddresses, customers, RowOf } from '../../../d365/index.ts';
import { countryRegionId, stateIdOf } from './countryCodes.ts';
import type { PostalAddress } from '../intake/facts.ts';
import type { CustomerDraft } from '../plan/drafts.ts';

type CustomerRow = Partial<RowOf<typeof customers>>;
type AddressRow = Partial<RowOf<typeof customerPostalAddresses>>;
type Role = CustomerDraft['addresses'][number]['role'];

/** F&O's field lengths: a longer description is cut (it is only a label); a longer state is no state id. */
const DESCRIPTION_MAX = 60;

export function countryRegionOf(countryCode: string | undefined, role: Role): string {
  const iso = (countryCode ?? '').trim().toUpperCase();
  const id = iso ? countryRegionId(iso) : undefined;
  if (!id) {
    const where = `The buyer's ${role.toLowerCase()} address`;
    const problem = iso
      ? `${where} has country code '${iso}', which is not an ISO 3166 code with a standard D365 ` +
        'country/region id (src/flows/importOrders/countryCodes.ts): correct the address on Amazon'
      : `${where} has no country: check the order on Amazon`;
    throw new ConnectorError(
      'data',
      `${problem}, or set services.import-orders.customers.strategy to 'marketplace' so the order carries ` +
        'its address itself.',
      { context: { countryCode: iso || undefined, role } },
    );
  }
  return id;
}

/** The new customer: no account (F&O's number sequence allocates it), the draft's key as search name. */
export function customerCreateRow(draft: CustomerDraft): CustomerRow {
  const person = draft.partyType === 'Person';
  if (person ? !draft.firstName && !draft.lastName : !draft.organizationName) {
    throw new ConnectorError(
      'data',
      `Amazon sent no ${person ? 'buyer' : 'company'} name, and D365 needs one to create customer ${draft.key}. ` +
        'Buyer names need the Amazon role for buyer data (restricted data token); without it, set ' +
        "services.import-orders.customers.strategy to 'marketplace'.",
      { context: { customerKey: draft.key } },
    );
  }
  return {
    dataAreaId: draft.company,
    PartyType: draft.partyType,
    ...nameFields(draft),
    CustomerGroupId: draft.customerGroup,
    SalesCurrencyCode: draft.currency,
    // F&O has no external-reference field on customers; the search name is indexed, shown in every
    // customer lookup and free for us to set, so it carries the key the customer is found by again.
    NameAlias: draft.key,
    ...(draft.email ? { PrimaryContactEmail: draft.email } : {}),
    ...(draft.phone ? { PrimaryContactPhone: draft.phone } : {}),
    ...(draft.kind === 'business' && draft.taxExemptNumber ? { TaxExemptNumber: draft.taxExemptNumber } : {}),
  };
}

function nameFields(draft: CustomerDraft): CustomerRow {
  if (draft.partyType === 'Organization')
    return draft.organizationName ? { OrganizationName: draft.organizationName } : {};
  return {
    ...(draft.firstName ? { PersonFirstName: draft.firstName } : {}),
    ...(draft.lastName ? { PersonLastName: draft.lastName } : {}),
  };
}

/** The fields of an existing customer the draft changes: names and contact data, never cleared. */
export function customerContactChanges(current: CustomerRow, draft: CustomerDraft): CustomerRow {
  const wanted: CustomerRow = {
    ...nameFields(draft),
    ...(draft.email ? { PrimaryContactEmail: draft.email } : {}),
    ...(draft.phone ? { PrimaryContactPhone: draft.phone } : {}),
    ...(draft.kind === 'business' && draft.taxExemptNumber ? { TaxExemptNumber: draft.taxExemptNumber } : {}),
  };
  return Object.fromEntries(
    Object.entries(wanted).filter(([field, value]) => current[field as keyof CustomerRow] !== value),
  );
}

/** The draft's addresses, one per distinct address with every role it plays (a business may give one address for both). */
export function addressesWanted(draft: CustomerDraft): { address: PostalAddress; roles: Role[] }[] {
  const wanted: { address: PostalAddress; roles: Role[]; same: string }[] = [];
  for (const { role, address } of draft.addresses) {
    const same = sameness(
      street(address),
      address.city,
      address.postalCode,
      countryRegionOf(address.countryCode, role),
    );
    const known = wanted.find((w) => w.same === same);
    if (known) {
      if (!known.roles.includes(role)) known.roles.push(role);
    } else wanted.push({ address, roles: [role], same });
  }
  return wanted.map(({ address, roles }) => ({ address, roles }));
}

/** Address lines as F&O's multi-line street. */
const street = (address: PostalAddress) =>
  address.lines
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');

/** What makes two addresses the same place: street, city, ZIP code and country, ignoring case and spacing. */
function sameness(...parts: (string | undefined)[]): string {
  return JSON.stringify(parts.map((p) => (p ?? '').replace(/\s+/g, ' ').trim().toUpperCase()));
}

/** The existing address row that is this address, if any. */
export function findSameAddress<R extends AddressRow>(
  rows: readonly R[],
  address: PostalAddress,
  role: Role,
): R | undefined {
  const same = sameness(
    street(address),
    address.city,
    address.postalCode,
    countryRegionOf(address.countryCode, role),
  );
  return rows.find(
    (r) => sameness(r.AddressStreet, r.AddressCity, r.AddressZipCode, r.AddressCountryRegionId) === same,
  );
}

/** The roles an existing row must gain (as the full role text and flags to PATCH), or undefined. */
export function missingRoles(row: AddressRow, roles: readonly Role[]): AddressRow | undefined {
  const has = (role: Role) => row[role === 'Delivery' ? 'IsRoleDelivery' : 'IsRoleInvoice'] === 'Yes';
  if (roles.every(has)) return undefined;
  const current = (row.AddressLocationRoles ?? '')
    .split(/[;,]/)
    .map((r) => r.trim())
    .filter(Boolean);
  const all = [...new Set([...current, ...roles])];
  return { AddressLocationRoles: all.join(';'), ...roleFlags(all) };
}

function roleFlags(roles: readonly string[]): AddressRow {
  return {
    ...(roles.includes('Delivery') ? { IsRoleDelivery: 'Yes' as const } : {}),
    ...(roles.includes('Invoice') ? { IsRoleInvoice: 'Yes' as const } : {}),
  };
}

/** A new postal address of the customer. */
export function postalAddressRow(
  draft: CustomerDraft,
  account: string,
  wanted: { address: PostalAddress; roles: Role[] },
  primary: boolean,
): AddressRow {
  const { address, roles } = wanted;
  const state = stateIdOf(address.stateOrRegion);
  const description = (
    address.name ||
    address.companyName ||
    `Amazon ${roles.join(' and ').toLowerCase()}`
  ).trim();
  return {
    dataAreaId: draft.company,
    CustomerAccountNumber: account,
    CustomerLegalEntityId: draft.company,
    AddressDescription: description.slice(0, DESCRIPTION_MAX),
    AddressStreet: street(address),
    ...(address.city ? { AddressCity: address.city.trim() } : {}),
    // F&O checks a state against its state table by id: only a code-like value can be one.
    ...(state ? { AddressState: state } : {}),
    ...(address.postalCode ? { AddressZipCode: address.postalCode.trim() } : {}),
    AddressCountryRegionId: countryRegionOf(address.countryCode, roles[0]!),
    AddressLocationRoles: roles.join(';'),
    ...roleFlags(roles),
    IsPostalAddress: 'Yes',
    IsPrimary: primary ? 'Yes' : 'No',
  };
}
