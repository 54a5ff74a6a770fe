// The `includedData` datasets of Orders API 2026-01-01 and the query-list parsing Amazon's array
// parameters need (comma-separated, `collectionFormat: csv`; repeated parameters are accepted too).
import { invalidInput } from '../spApiErrors.ts';

export const INCLUDED_DATA = [
  'BUYER',
  'RECIPIENT',
  'PROCEEDS',
  'EXPENSE',
  'PROMOTION',
  'CANCELLATION',
  'FULFILLMENT',
  'PACKAGES',
  'TAX',
  'PAYMENT',
  'FULFILLMENT_ORDERS',
] as const;
export type IncludedData = (typeof INCLUDED_DATA)[number];

/** Every value of a list parameter, whether sent as `a,b` or as `x=a&x=b`. */
export function queryList(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.getAll(name);
  if (raw.length === 0) return undefined;
  return raw
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** Values of `name` that are not in `allowed`, as Amazon's validation message lists them. */
export function checkEnumList(
  name: string,
  values: string[] | undefined,
  allowed: readonly string[],
): { message: string; details: string } | undefined {
  const bad = (values ?? []).filter((v) => !allowed.includes(v));
  if (bad.length === 0) return undefined;
  return {
    message: `Invalid value(s) [${bad.join(', ')}] for ${name}.`,
    details: `Allowed values: ${allowed.join(', ')}.`,
  };
}

export function parseIncludedData(query: URLSearchParams): Set<IncludedData> {
  const values = queryList(query, 'includedData');
  const problem = checkEnumList('includedData', values, INCLUDED_DATA);
  if (problem) throw invalidInput(problem);
  return new Set(values as IncludedData[] | undefined);
}
