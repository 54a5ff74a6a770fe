/**
 * One structured log line per exchange with Amazon (DESIGN §4.7): operation, method, path, status,
 * duration, attempts, request id and the time spent waiting for the rate limit. Never bodies, never
 * tokens; query values are kept only for parameters known to carry no personal data (dates,
 * marketplaces, statuses), others show their name alone. A successful exchange is a `debug` line (a
 * person reading the log at `info` sees what happened, not every request); a failed one is a warning.
 * The same moment, the exchange is told to the observer (http/exchangeObserver.ts): the metrics seam.
 */
import { observeSafely, type ExchangeObserver } from '../http/exchangeObserver.ts';
import type { Logger } from '../log/logger.ts';

export type QueryValue = string | number | boolean | ReadonlyArray<string> | undefined;
export type QueryParams = Record<string, QueryValue>;

const SAFE_VALUES = new Set([
  'createdAfter',
  'createdBefore',
  'lastUpdatedAfter',
  'lastUpdatedBefore',
  'marketplaceIds',
  'fulfillmentStatuses',
  'fulfilledBy',
  'includedData',
  'maxResultsPerPage',
  'MarketplaceIds',
  'CreatedAfter',
  'CreatedBefore',
  'LastUpdatedAfter',
  'LastUpdatedBefore',
  'OrderStatuses',
  'FulfillmentChannels',
  'MaxResultsPerPage',
  'feedTypes',
  'reportTypes',
  'processingStatuses',
  'createdSince',
  'createdUntil',
  'pageSize',
  'mode',
  'issueLocale',
  'identifiersType',
  'requirements',
  'requirementsEnforced',
  'parentageLevel',
  'productTypeVersion',
  'locale',
  'sortBy',
  'sortOrder',
  'withStatus',
  'withoutStatus',
  'withIssueSeverity',
]);

/** Encodes one query value: arrays travel comma-separated, as the SP-API expects. */
export function encodeQueryValue(value: Exclude<QueryValue, undefined>): string {
  return Array.isArray(value)
    ? value.map((v) => encodeURIComponent(v)).join(',')
    : encodeURIComponent(String(value));
}

export function queryString(query: QueryParams | undefined): string {
  const parts = Object.entries(query ?? {})
    .filter((entry): entry is [string, Exclude<QueryValue, undefined>] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeQueryValue(value)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

const plain = (value: Exclude<QueryValue, undefined>) =>
  Array.isArray(value) ? value.join(',') : String(value);

/** The path as logged (readable, not URL-encoded): safe query values in full, the rest as `name=…`. */
export function loggablePath(path: string, query: QueryParams | undefined): string {
  const parts = Object.entries(query ?? {})
    .filter((entry): entry is [string, Exclude<QueryValue, undefined>] => entry[1] !== undefined)
    .map(([key, value]) => (SAFE_VALUES.has(key) ? `${key}=${plain(value)}` : `${key}=…`));
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

export interface Exchange {
  operation: string;
  method: string;
  path: string;
  status?: number;
  durationMs: number;
  attempts: number;
  requestId?: string;
  rateLimitWaitMs: number;
  /** 429 answers during the exchange (each one a defect: the client waits for its bucket first). */
  throttled?: number;
  /** Set when the exchange failed: the ConnectorError kind and message. */
  errorKind?: string;
  error?: string;
  outcomeUnknown?: boolean;
}

export function logExchange(log: Logger, exchange: Exchange, observer?: ExchangeObserver): void {
  const line = { remote: 'amazon', ...exchange };
  if (exchange.errorKind) log.warn(line, `Amazon ${exchange.operation} failed`);
  else log.debug(line, `Amazon ${exchange.operation} ${exchange.status}`);
  if (!observer) return;
  observeSafely(() =>
    observer.exchange({
      remote: 'amazon',
      operation: exchange.operation,
      outcome: exchange.errorKind ?? 'ok',
      ...(exchange.status !== undefined && { status: exchange.status }),
      durationMs: exchange.durationMs,
      attempts: exchange.attempts,
      throttled: exchange.throttled ?? 0,
      waitedMs: exchange.rateLimitWaitMs,
    }),
  );
}
