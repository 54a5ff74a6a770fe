/**
 * One structured line per exchange with F&O (DESIGN §4.7): what was asked of which entity set, how it
 * ended, how long it took, how many attempts and how long it waited (throttling, backoff, concurrency
 * cap), and the ids Microsoft support asks for (`ms-dyn-aid`, `x-ms-client-request-id`). Never bodies,
 * queries, keys or tokens: keys and filters can carry personal data. A successful exchange is a `debug`
 * line (at `info` a person sees what the connector did, not each request); a failed one a warning. The
 * exchange is told to the observer too (http/exchangeObserver.ts): the metrics seam.
 */
import { observeSafely, type ExchangeObserver } from '../http/exchangeObserver.ts';

/** What the client needs of a logger; the process logger (pino) fits it. */
export interface ExchangeLogger {
  debug(record: object, message?: string): void;
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
  /** 429 answers during the exchange (F&O's service protection throttling). */
  throttled?: number;
  /** F&O's activity id (response header `ms-dyn-aid`). */
  activityId?: string;
  /** The id this client sent as `x-ms-client-request-id` on its last attempt. */
  clientRequestId?: string;
  /** 'ok', or the kind of error that ended the exchange, or 'aborted'. */
  outcome: string;
  /** Set when the request may or may not have been applied. */
  outcomeUnknown?: boolean;
}

export function logExchange(log: ExchangeLogger, record: ExchangeRecord, observer?: ExchangeObserver): void {
  const line = { remote: 'd365', ...record, waitedMs: Math.round(record.waitedMs) };
  if (record.outcome === 'ok') log.debug(line, `D365 ${record.method} ${record.entitySet} ${record.status}`);
  else log.warn(line, `D365 ${record.method} ${record.entitySet} failed (${record.outcome})`);
  if (!observer) return;
  observeSafely(() =>
    observer.exchange({
      remote: 'd365',
      // The entity set and method are bounded (the entities the connector knows); keys never appear.
      operation: `${record.method} ${record.entitySet}`,
      outcome: record.outcome,
      ...(record.status !== undefined && { status: record.status }),
      durationMs: record.durationMs,
      attempts: record.attempts,
      throttled: record.throttled ?? 0,
      waitedMs: record.waitedMs,
    }),
  );
}
