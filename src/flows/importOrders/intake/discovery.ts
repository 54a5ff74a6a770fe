/**
 * Finding orders on Amazon: one `searchOrders` call per page for all of a connection's marketplaces,
 * by `lastUpdatedAfter`, with the position kept in a cursor per connection. The cursor is advanced
 * only by the transaction that stages the page it covers (staging.ts), so a crash repeats a page,
 * never skips one; the repeat is harmless because staging recognises an order it already holds by its
 * `lastUpdatedTime`.
 *
 * Each search starts `overlapSeconds` before the cursor: Amazon can record an update with a time a
 * little in the past, and the overlap picks those up (the duplicates it brings are dropped). A search
 * that spans several pages keeps its pagination token in the cursor, so a run that ends mid-search
 * (time up, rate limit) resumes at the next page. A backfill (`connector backfill import-orders
 * --since`) is a second cursor, worked through before the main one and removed when done.
 */
import { isConnectorError } from '../../../errors.ts';
import type { AmazonClient } from '../../../amazon/client.ts';
import { searchOrdersLenient, type SearchOrdersParams } from '../../../amazon/orders/searchOrders.ts';
import type { IncludedData } from '../../../amazon/orders/schemasCommon.ts';
import type { ImportOrdersSettings } from '../settings.ts';

export const MAIN_SCOPE = '';
export const BACKFILL_SCOPE = 'backfill';

/** Where the search stands. `after`: everything updated before it (minus the overlap) was staged. */
export interface SearchCursor {
  after: string;
  /**
   * Set while a search is paging: the window it was started with, the end Amazon gave it (its
   * `lastUpdatedBefore`: later pages show orders as they are now, so their update times say nothing
   * about where the window ended) and the token of its next page.
   */
  page?: { windowStart: string; token: string; windowEnd?: string };
  /** Backfill only: the window's end (the main cursor when the backfill was asked for). */
  until?: string;
}

export function parseCursor(value: string | undefined): SearchCursor | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as SearchCursor;
    return typeof parsed.after === 'string' && !Number.isNaN(Date.parse(parsed.after)) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function initialCursor(settings: ImportOrdersSettings, now: Date): SearchCursor {
  return { after: new Date(now.getTime() - settings.startDaysBack * 86_400_000).toISOString() };
}

/** Everything the planner and the stored record need, so no per-order call is ever made. */
export const INCLUDED_DATA: IncludedData[] = [
  'BUYER',
  'RECIPIENT',
  'PROCEEDS',
  'PROMOTION',
  'CANCELLATION',
  'FULFILLMENT',
  'TAX',
  'PAYMENT',
];

export interface FetchedPage {
  /** Orders as Amazon sent them, each still to be validated on its own. */
  orders: unknown[];
  /** The cursor once this page is staged. */
  next: SearchCursor;
  /** True when the search has more pages. */
  more: boolean;
  requestId?: string;
}

/** Amazon's answer when a pagination token is too old or unknown: the search starts over. */
function isStaleToken(error: unknown): boolean {
  return (
    isConnectorError(error) &&
    error.kind !== 'transient' &&
    /token/i.test(error.message) &&
    /invalid|expired/i.test(error.message)
  );
}

export async function fetchPage(
  amazon: AmazonClient,
  cursor: SearchCursor,
  settings: ImportOrdersSettings,
  signal: AbortSignal,
): Promise<FetchedPage> {
  const windowStart =
    cursor.page?.windowStart ??
    new Date(Date.parse(cursor.after) - settings.overlapSeconds * 1000).toISOString();
  const params: SearchOrdersParams = {
    lastUpdatedAfter: windowStart,
    ...(cursor.until && { lastUpdatedBefore: cursor.until }),
    fulfilledBy: settings.fba.import ? ['MERCHANT', 'AMAZON'] : ['MERCHANT'],
    maxResultsPerPage: settings.pageSize,
    includedData: INCLUDED_DATA,
    ...(cursor.page && { paginationToken: cursor.page.token }),
  };
  let page;
  try {
    page = await searchOrdersLenient(amazon, params, { signal });
  } catch (error) {
    if (cursor.page && isStaleToken(error)) {
      // The overlap and staging's duplicate check make starting the window again safe.
      return fetchPage(amazon, { ...cursor, page: undefined }, settings, signal);
    }
    throw error;
  }
  const reportedEnd = cursor.page?.windowEnd ?? validInstant(page.lastUpdatedBefore);
  if (page.nextToken) {
    return {
      orders: page.orders,
      next: {
        ...cursor,
        page: { windowStart, token: page.nextToken, ...(reportedEnd && { windowEnd: reportedEnd }) },
      },
      more: true,
      requestId: page.requestId,
    };
  }
  const end = windowEnd(cursor, reportedEnd, page.orders);
  return {
    orders: page.orders,
    next: { after: end, ...(cursor.until && { until: cursor.until }) },
    more: false,
    requestId: page.requestId,
  };
}

const validInstant = (t: string | undefined) => (t && !Number.isNaN(Date.parse(t)) ? t : undefined);

/**
 * Where the finished search leaves the cursor: the window's end as Amazon reported it with the first
 * page. Only when Amazon reports none, the latest update seen on this last page (the overlap covers
 * what that misses). Never earlier than before, and never past a backfill's end.
 */
function windowEnd(cursor: SearchCursor, reported: string | undefined, orders: unknown[]): string {
  const candidates = [Date.parse(cursor.after)];
  if (reported) candidates.push(Date.parse(reported));
  else {
    for (const o of orders) {
      const t = o && typeof o === 'object' ? (o as { lastUpdatedTime?: unknown }).lastUpdatedTime : undefined;
      if (typeof t === 'string' && validInstant(t)) candidates.push(Date.parse(t));
    }
  }
  const end = Math.max(...candidates);
  return new Date(cursor.until ? Math.min(end, Date.parse(cursor.until)) : end).toISOString();
}

/** A wait for the rate limit longer than a run should sit through: discovery pauses until the next run. */
export function isRateLimitPause(error: unknown): boolean {
  return (
    isConnectorError(error) && error.kind === 'transient' && typeof error.context.retryAfterMs === 'number'
  );
}
