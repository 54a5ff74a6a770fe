// getFeeds and getReports: the same filters (types, marketplaces, statuses, a creation window defaulting to
// the last 90 days) and the same paging — `nextToken` must be the only parameter, as both models say — so
// one function serves both. Newest first. The token carries the filters and the position (base64 JSON).
import { invalidInput, INVALID_INPUT_MESSAGE } from '../spApiErrors.ts';
import { csv } from '../model/checkAgainstModel.ts';

export interface Listable {
  seq: number;
  type: string;
  marketplaceIds: string[];
  status: string;
  createdTime: number;
}

interface Filters {
  types: string[];
  marketplaceIds?: string[];
  statuses?: string[];
  since: number;
  until: number;
  pageSize: number;
  offset: number;
}

const RETENTION_MS = 90 * 24 * 3_600_000;

/** Reads the query (`typesParam`: `feedTypes` or `reportTypes`) and returns one page of `items`. */
export function listPage<T extends Listable>(
  query: URLSearchParams,
  typesParam: string,
  items: T[],
  now: number,
): { page: T[]; nextToken?: string } {
  const filters = readFilters(query, typesParam, now);
  const matching = items
    .filter(
      (i) =>
        filters.types.includes(i.type) &&
        (!filters.marketplaceIds || i.marketplaceIds.some((m) => filters.marketplaceIds!.includes(m))) &&
        (!filters.statuses || filters.statuses.includes(i.status)) &&
        i.createdTime >= filters.since &&
        i.createdTime <= filters.until,
    )
    .sort((a, b) => b.seq - a.seq);
  const page = matching.slice(filters.offset, filters.offset + filters.pageSize);
  const next = filters.offset + filters.pageSize;
  return {
    page,
    ...(next < matching.length && {
      nextToken: Buffer.from(JSON.stringify({ ...filters, offset: next })).toString('base64'),
    }),
  };
}

function readFilters(query: URLSearchParams, typesParam: string, now: number): Filters {
  const token = query.get('nextToken');
  if (token !== null) {
    if ([...query.keys()].some((k) => k !== 'nextToken'))
      throw invalidInput({
        message: INVALID_INPUT_MESSAGE,
        details: 'nextToken must be the only parameter when it is given.',
      });
    try {
      return JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Filters;
    } catch {
      throw invalidInput({ message: INVALID_INPUT_MESSAGE, details: 'The nextToken is not valid.' });
    }
  }
  const types = csv(query, typesParam);
  if (!types)
    throw invalidInput({
      message: INVALID_INPUT_MESSAGE,
      details: `Either ${typesParam} or nextToken is required.`,
    });
  const date = (name: string, fallback: number) => {
    const raw = query.get(name);
    return raw === null ? fallback : Date.parse(raw);
  };
  return {
    types,
    marketplaceIds: csv(query, 'marketplaceIds'),
    statuses: csv(query, 'processingStatuses'),
    since: date('createdSince', now - RETENTION_MS),
    until: date('createdUntil', now),
    pageSize: Number(query.get('pageSize') ?? 10),
    offset: 0,
  };
}
