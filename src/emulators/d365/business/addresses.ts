// Postal address conventions F&O applies wherever an address is stored (customer addresses, order-
// specific delivery addresses): 3-letter country ids with their ISO codes, the formatted multi-line
// address, and location roles kept both as "Business;Delivery" text and as Is…Role flags.
import { str } from './values.ts';

/** F&O country/region ids (ISO 3166 alpha-3) ↔ ISO alpha-2, for the countries Amazon sells in. */
const isoCodes: Record<string, string> = {
  USA: 'US',
  CAN: 'CA',
  MEX: 'MX',
  BRA: 'BR',
  GBR: 'GB',
  IRL: 'IE',
  DEU: 'DE',
  FRA: 'FR',
  ITA: 'IT',
  ESP: 'ES',
  NLD: 'NL',
  BEL: 'BE',
  POL: 'PL',
  SWE: 'SE',
  TUR: 'TR',
  ARE: 'AE',
  SAU: 'SA',
  EGY: 'EG',
  IND: 'IN',
  JPN: 'JP',
  AUS: 'AU',
  SGP: 'SG',
  ZAF: 'ZA',
};

export function isoOf(countryRegionId: string): string {
  return isoCodes[countryRegionId.toUpperCase()] ?? '';
}

export function countryOfIso(iso: string): string {
  return Object.entries(isoCodes).find(([, v]) => v === iso.toUpperCase())?.[0] ?? '';
}

export interface AddressParts {
  street: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

/** F&O's formatted address (US layout): street, "city, state zip", country, one per line. */
export function formatAddress(a: AddressParts): string {
  const cityLine = [a.city && `${a.city},`, a.state, a.zip].filter(Boolean).join(' ').replace(/,$/, '');
  return [a.street, cityLine, a.country].filter(Boolean).join('\n');
}

const roleFlags = [
  ['Business', 'IsRoleBusiness'],
  ['Delivery', 'IsRoleDelivery'],
  ['Invoice', 'IsRoleInvoice'],
  ['Home', 'IsRoleHome'],
] as const;

/**
 * Location roles from either form: the "Business;Delivery" text wins when given, flags otherwise;
 * an address with no role is a Business address (F&O's default purpose).
 */
export function rolesOf(row: Record<string, unknown>): { text: string; flags: Record<string, string> } {
  const text = str(row.AddressLocationRoles);
  const names = text
    ? text
        .split(/[;,]/)
        .map((r) => r.trim())
        .filter(Boolean)
    : roleFlags.filter(([, flag]) => row[flag] === 'Yes').map(([name]) => name);
  const roles = names.length > 0 ? names : ['Business'];
  const flags = Object.fromEntries(
    roleFlags.map(([name, flag]) => [flag, roles.includes(name) ? 'Yes' : 'No']),
  );
  return { text: roles.join(';'), flags };
}

/** Fills the country pair from whichever side was given, the company's country when neither was. */
export function countryPair(id: unknown, iso: unknown, companyCountry: string): { id: string; iso: string } {
  const given = str(id) || countryOfIso(str(iso)) || companyCountry;
  return { id: given.toUpperCase(), iso: str(iso).toUpperCase() || isoOf(given) };
}
