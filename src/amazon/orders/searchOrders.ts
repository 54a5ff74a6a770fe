/**
 * Orders API 2026-01-01 `searchOrders` (GET /orders/2026-01-01/orders): orders created or updated in a
 * window, every filter of the model, `includedData`, and pagination — one page per call, or
 * `searchOrdersPages` for all of them. One call covers all of the connection's marketplaces (Amazon
 * takes up to 50). The operation's default rate is one request per 3 minutes with a burst of 20, so a
 * caller that pages through a long window should bound its run and resume from its cursor.
 */
import { ConnectorError } from '../../errors.ts';
import type { AmazonClient, CallOptions } from '../client.ts';
import { z } from 'zod';
import { searchOrdersResponse, type Order, type SearchOrdersResponse } from './schemasOrder.ts';
import {
  unknownRequestValues,
  type FulfilledBy,
  type FulfillmentStatus,
  type IncludedData,
} from './schemasCommon.ts';

export const MAX_MARKETPLACES_PER_SEARCH = 50;

type Instant = string | Date;

interface CommonFilters {
  fulfillmentStatuses?: FulfillmentStatus[];
  /** Default: all of the connection's marketplaces. */
  marketplaceIds?: readonly string[];
  fulfilledBy?: FulfilledBy[];
  /** 1–100, Amazon's default 100. */
  maxResultsPerPage?: number;
  includedData?: IncludedData[];
}

/** Exactly one of `createdAfter` and `lastUpdatedAfter`, each with its own `…Before` only. */
export type SearchOrdersFilters = CommonFilters &
  (
    | { createdAfter: Instant; createdBefore?: Instant; lastUpdatedAfter?: never; lastUpdatedBefore?: never }
    | { lastUpdatedAfter: Instant; lastUpdatedBefore?: Instant; createdAfter?: never; createdBefore?: never }
  );

export type SearchOrdersParams = SearchOrdersFilters & { paginationToken?: string };

export interface SearchOrdersPage {
  orders: Order[];
  /** Pass as `paginationToken` for the next page (valid about 24 hours); absent on the last page. */
  nextToken?: string;
  lastUpdatedBefore?: string;
  createdBefore?: string;
  requestId?: string;
}

const iso = (value: Instant | undefined) => (value instanceof Date ? value.toISOString() : value);

function refuse(message: string): ConnectorError {
  return new ConnectorError('config', `searchOrders: ${message}`, { retryable: false });
}

function queryFor(client: AmazonClient, params: SearchOrdersParams) {
  const created = params.createdAfter !== undefined || params.createdBefore !== undefined;
  const updated = params.lastUpdatedAfter !== undefined || params.lastUpdatedBefore !== undefined;
  if ((params.createdAfter === undefined) === (params.lastUpdatedAfter === undefined) || (created && updated))
    throw refuse('give exactly one of createdAfter and lastUpdatedAfter, and no …Before of the other');
  const marketplaceIds = params.marketplaceIds ?? client.marketplaceIds;
  if (marketplaceIds.length === 0) throw refuse('no marketplace to search');
  if (marketplaceIds.length > MAX_MARKETPLACES_PER_SEARCH)
    throw refuse(
      `Amazon searches at most ${MAX_MARKETPLACES_PER_SEARCH} marketplaces per call, and ${marketplaceIds.length} were given: ` +
        'split them over several calls (or connections)',
    );
  const size = params.maxResultsPerPage;
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > 100))
    throw refuse(`maxResultsPerPage must be a whole number from 1 to 100, not ${size}`);
  const unknown = unknownRequestValues(params);
  if (unknown) throw refuse(unknown);
  return {
    createdAfter: iso(params.createdAfter),
    createdBefore: iso(params.createdBefore),
    lastUpdatedAfter: iso(params.lastUpdatedAfter),
    lastUpdatedBefore: iso(params.lastUpdatedBefore),
    fulfillmentStatuses: params.fulfillmentStatuses,
    marketplaceIds,
    fulfilledBy: params.fulfilledBy,
    maxResultsPerPage: size,
    paginationToken: params.paginationToken,
    includedData: params.includedData,
  };
}

/** One page, its orders parsed by `schema` (the strict model, or left unknown). */
async function searchPage<O>(
  client: AmazonClient,
  params: SearchOrdersParams,
  options: CallOptions,
  schema: z.ZodType<Omit<SearchOrdersResponse, 'orders'> & { orders: O[] }>,
) {
  const { data, requestId } = await client.call(
    {
      operation: 'orders.searchOrders',
      path: '/orders/2026-01-01/orders',
      query: queryFor(client, params),
      schema,
    },
    options,
  );
  return {
    orders: data.orders,
    nextToken: data.pagination?.nextToken,
    lastUpdatedBefore: data.lastUpdatedBefore,
    createdBefore: data.createdBefore,
    requestId,
  };
}

export function searchOrders(
  client: AmazonClient,
  params: SearchOrdersParams,
  options: CallOptions = {},
): Promise<SearchOrdersPage> {
  return searchPage(client, params, options, searchOrdersResponse);
}

/**
 * The same page with each order left unparsed (`unknown`): one malformed order must not cost a
 * caller the rest of the page. The envelope (orders array, pagination) is still checked; the caller
 * validates each order with the `order` schema of schemasOrder.ts and sets aside the ones that fail.
 */
const lenientResponse = searchOrdersResponse.extend({ orders: z.array(z.unknown()) });

export interface LenientSearchOrdersPage extends Omit<SearchOrdersPage, 'orders'> {
  orders: unknown[];
}

export function searchOrdersLenient(
  client: AmazonClient,
  params: SearchOrdersParams,
  options: CallOptions = {},
): Promise<LenientSearchOrdersPage> {
  return searchPage(client, params, options, lenientResponse);
}

/**
 * Every page of a search, in order: the same filters are sent with each `paginationToken`, as Amazon
 * requires. Stops after the page without a `nextToken`, or when the signal aborts (between pages or
 * while waiting for the rate limit).
 */
export async function* searchOrdersPages(
  client: AmazonClient,
  filters: SearchOrdersFilters,
  options: CallOptions = {},
): AsyncGenerator<SearchOrdersPage, void, undefined> {
  let paginationToken: string | undefined;
  do {
    const page = await searchOrders(client, { ...filters, paginationToken } as SearchOrdersParams, options);
    yield page;
    paginationToken = page.nextToken;
  } while (paginationToken);
}
