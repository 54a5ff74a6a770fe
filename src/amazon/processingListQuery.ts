/**
 * The query of getFeeds and getReports, which the two models define alike: 1–10 types (required, unless
 * a nextToken is sent), 1–10 marketplaces, a page of 1–100, processing statuses and a creation window
 * (Amazon's default: the last 90 days, as long as it keeps feeds and reports). A `nextToken` goes alone:
 * Amazon refuses it with any filter (the token carries the first page's filters). Filters Amazon would
 * refuse are refused here, before a slow usage plan (0.0222/s) is spent on them.
 */
import type { QueryParams } from './exchangeLog.ts';
import { PROCESSING_STATUSES, type ProcessingStatus } from './feeds/schemasFeeds.ts';
import { refuse } from './listings/listingsItems.ts';

export interface ProcessingListFilters {
  processingStatuses?: ProcessingStatus[];
  /** 1–10 marketplaces: an item matches when it names one of them. */
  marketplaceIds?: string[];
  /** 1–100, Amazon's default 10. */
  pageSize?: number;
  /** Amazon's default: 90 days ago. */
  createdSince?: Date | string;
  /** Amazon's default: now. */
  createdUntil?: Date | string;
}

/** A date-time as the APIs take it (ISO 8601). */
export const instant = (value: Date | string | undefined) =>
  value instanceof Date ? value.toISOString() : value;

/**
 * The query of one page: `{ nextToken }` alone, or the filters with the types under `typesParam`
 * (`feedTypes` / `reportTypes`).
 */
export function processingListQuery(
  operation: string,
  typesParam: 'feedTypes' | 'reportTypes',
  page: (ProcessingListFilters & { types: string[] }) | { nextToken: string },
): QueryParams {
  if ('nextToken' in page) return { nextToken: page.nextToken };
  const problems: string[] = [];
  const lists = [
    [typesParam, page.types],
    ['marketplaceIds', page.marketplaceIds],
  ] as const;
  for (const [key, list] of lists)
    if (list && (list.length < 1 || list.length > 10)) problems.push(`${key}: 1 to 10 values`);
  const size = page.pageSize;
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > 100))
    problems.push('pageSize: an integer from 1 to 100');
  for (const status of page.processingStatuses ?? [])
    if (!PROCESSING_STATUSES.includes(status)) problems.push(`processingStatuses: unknown ${status}`);
  if (problems.length) throw refuse(operation, problems.join('; '));
  return {
    [typesParam]: page.types,
    marketplaceIds: page.marketplaceIds,
    pageSize: page.pageSize,
    processingStatuses: page.processingStatuses,
    createdSince: instant(page.createdSince),
    createdUntil: instant(page.createdUntil),
  };
}
