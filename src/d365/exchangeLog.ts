/**
 * One structured line per exchange with F&O (DESIGN §4.7): what was asked of which entity set, how it
 * ended, how long it took, how many attempts and how long it waited (throttling, backoff, concurrency
 * cap), and the ids Microsoft support asks for (`ms-dyn-aid`, `x-ms-client-request-id`). Never bodies,
 * queries, keys or tokens: keys and filters can carry personal data.
 */

/** What the client needs of a logger; the process logger (pino) fits it. */
export interface ExchangeLogger {
  info(record: object, message?: string): void;
  warn(record: object, message?: string): void;
}

export interface ExchangeRecord {
  method: string;
  entitySet: string;
  /** The last HTTP status, when an answer arrived. */
  status?: number;
  durationMs: number;
  attempts: number;
  waitedMs: number;
  /** F&O's activity id (response header `ms-dyn-aid`). */
  activityId?: string;
  /** The id this client sent as `x-ms-client-request-id` on its last attempt. */
  clientRequestId?: string;
  /** 'ok', or the kind of error that ended the exchange, or 'aborted'. */
  outcome: string;
  /** Set when the request may or may not have been applied. */
  outcomeUnknown?: boolean;
}

export function logExchange(log: ExchangeLogger, record: ExchangeRecord): void {
  const line = { remote: 'd365', ...record, waitedMs: Math.round(record.waitedMs) };
  if (record.outcome === 'ok') log.info(line, 'd365 exchange');
  else log.warn(line, 'd365 exchange failed');
}
