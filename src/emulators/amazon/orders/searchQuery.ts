// The query of searchOrders, read and checked as Amazon does (model text and reference §3.1/§3.9):
// exactly one of createdAfter / lastUpdatedAfter, the two families never mixed, `*Before` at or after
// `*After` and at least two minutes before the request, at most 50 marketplaces, known enum values,
// 1–100 results per page. Every problem is reported at once, one error entry each.
import type { EmulatorContext } from '../options.ts';
import { invalidInput } from '../spApiErrors.ts';
import { checkEnumList, queryList } from './includedData.ts';
import { toSecond } from './orderStore.ts';
import { FULFILLED_BY, FULFILLMENT_STATUSES } from './orderTypes.ts';

export interface SearchFilters {
  mode: 'created' | 'lastUpdated';
  after: number;
  /** The upper bound used: the one given, or two minutes before the request. */
  before: number;
  marketplaceIds: string[];
  fulfillmentStatuses?: string[];
  fulfilledBy?: string[];
  /** The filter parameters as sent: a pagination token is only good for the same ones. */
  fingerprint: string;
}

export interface SearchQuery {
  filters: SearchFilters;
  maxResultsPerPage: number;
  paginationToken?: string;
}

const TWO_MINUTES = 120_000;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function parseTime(value: string): number | undefined {
  if (!ISO_DATE_TIME.test(value)) return undefined;
  // A time without an offset is read as UTC, as Amazon does.
  const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseSearchQuery(query: URLSearchParams, ctx: EmulatorContext): SearchQuery {
  const problems: { message: string; details?: string }[] = [];
  const get = (name: string) => query.get(name) ?? undefined;
  const createdAfter = get('createdAfter');
  const createdBefore = get('createdBefore');
  const lastUpdatedAfter = get('lastUpdatedAfter');
  const lastUpdatedBefore = get('lastUpdatedBefore');

  if ((createdAfter === undefined) === (lastUpdatedAfter === undefined))
    problems.push({ message: 'Exactly one of createdAfter and lastUpdatedAfter must be provided.' });
  else if (
    (createdAfter !== undefined && lastUpdatedBefore !== undefined) ||
    (lastUpdatedAfter !== undefined && createdBefore !== undefined)
  )
    problems.push({
      message:
        'createdAfter and createdBefore cannot be combined with lastUpdatedAfter or lastUpdatedBefore.',
    });

  const times = { createdAfter, createdBefore, lastUpdatedAfter, lastUpdatedBefore };
  const parsed: Partial<Record<keyof typeof times, number>> = {};
  const badTimes: string[] = [];
  for (const [name, value] of Object.entries(times) as [keyof typeof times, string | undefined][]) {
    if (value === undefined) continue;
    const ms = parseTime(value);
    if (ms === undefined) badTimes.push(name);
    else parsed[name] = ms;
  }
  if (badTimes.length > 0)
    problems.push({
      message: 'This is an invalid input',
      details: `Invalid date-time field(s) [${badTimes.join(', ')}].`,
    });

  const mode = createdAfter !== undefined ? 'created' : 'lastUpdated';
  const afterName = mode === 'created' ? 'createdAfter' : 'lastUpdatedAfter';
  const beforeName = mode === 'created' ? 'createdBefore' : 'lastUpdatedBefore';
  const after = parsed[afterName];
  const latest = ctx.now() - ctx.scaled(TWO_MINUTES);
  const before = parsed[beforeName] ?? toSecond(latest);
  if (parsed[beforeName] !== undefined && parsed[beforeName] > latest)
    problems.push({ message: `${beforeName} must be at least two minutes before the time of the request.` });
  if (after !== undefined && after > latest)
    problems.push({ message: `${afterName} must be at least two minutes before the time of the request.` });
  else if (after !== undefined && parsed[beforeName] !== undefined && parsed[beforeName] < after)
    problems.push({ message: `${beforeName} must be equal to or after ${afterName}.` });

  const sellerMarketplaces = ctx.catalogue.marketplaces.map((m) => m.id);
  const marketplaceIds = queryList(query, 'marketplaceIds');
  if (marketplaceIds && marketplaceIds.length > 50)
    problems.push({ message: 'marketplaceIds may contain at most 50 values.' });
  const foreign = (marketplaceIds ?? []).filter((id) => !sellerMarketplaces.includes(id));
  if (foreign.length > 0)
    problems.push({
      message: `Invalid marketplaceIds [${foreign.join(', ')}]: the seller does not sell there.`,
    });

  const fulfillmentStatuses = queryList(query, 'fulfillmentStatuses');
  const fulfilledBy = queryList(query, 'fulfilledBy');
  for (const problem of [
    checkEnumList('fulfillmentStatuses', fulfillmentStatuses, FULFILLMENT_STATUSES),
    checkEnumList('fulfilledBy', fulfilledBy, FULFILLED_BY),
  ])
    if (problem) problems.push(problem);

  const maxRaw = get('maxResultsPerPage');
  const maxResultsPerPage = maxRaw === undefined ? 100 : Number(maxRaw);
  if (!/^\d+$/.test(maxRaw ?? '100') || maxResultsPerPage < 1 || maxResultsPerPage > 100)
    problems.push({ message: 'maxResultsPerPage must be an integer between 1 and 100.' });

  if (problems.length > 0) throw invalidInput(...problems);
  const sorted = (v?: string[]) => (v ? [...new Set(v)].sort() : undefined);
  return {
    filters: {
      mode,
      after: after!,
      before,
      marketplaceIds: marketplaceIds ?? sellerMarketplaces,
      fulfillmentStatuses,
      fulfilledBy,
      fingerprint: JSON.stringify([
        createdAfter,
        createdBefore,
        lastUpdatedAfter,
        lastUpdatedBefore,
        sorted(marketplaceIds),
        sorted(fulfillmentStatuses),
        sorted(fulfilledBy),
      ]),
    },
    maxResultsPerPage,
    paginationToken: get('paginationToken'),
  };
}
