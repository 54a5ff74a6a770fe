/**
 * The seam through which the remote clients report what they did, so that `amazon/` and `d365/` stay
 * free of metrics code (issue 20): each client tells an observer about every exchange it finished (the
 * same moment it writes its exchange log line) and about the quota places it takes and gives back. The
 * composition root hands in the Prometheus implementation (remoteMetrics.ts); tests and tools hand in
 * nothing, and `NO_OBSERVER` swallows it all.
 *
 * An observer must not throw and must not block: it runs on the client's hot path. `observeSafely` wraps
 * a call so a faulty observer can never fail an exchange.
 */

/** One finished exchange: a call to a remote with all its attempts and waits. */
export interface ObservedExchange {
  /** 'amazon' or 'd365' (or a document host, `amazon-documents`). */
  remote: string;
  /** A bounded name: the Amazon operation (`orders.getOrders`), the F&O entity set and method. */
  operation: string;
  /** 'ok', or the error kind that ended it (`transient`, `remote`, `auth`, …), or 'aborted'. */
  outcome: string;
  /** The last HTTP status, when an answer arrived. */
  status?: number;
  /** From the first attempt to the end, waits included. */
  durationMs: number;
  attempts: number;
  /** 429 answers seen during the exchange. */
  throttled: number;
  /** Time spent waiting for a rate limit, a throttling pause or a concurrency slot. */
  waitedMs: number;
}

/** A place in a quota that is not an operation's own usage plan (a feed type's submissions). */
export interface ObservedQuotaSlot {
  remote: string;
  /** The quota's name, e.g. `feedType:JSON_LISTINGS_FEED`. */
  quota: string;
  /** taken: a request used a place; reserved: taken ahead for later; released: given back unused. */
  event: 'taken' | 'reserved' | 'released';
}

export interface ExchangeObserver {
  exchange(observed: ObservedExchange): void;
  quotaSlot?(observed: ObservedQuotaSlot): void;
}

export const NO_OBSERVER: ExchangeObserver = { exchange: () => undefined };

/** Calls `fn`, ignoring whatever the observer throws: reporting must never fail the work. */
export function observeSafely(fn: () => void): void {
  try {
    fn();
  } catch {
    // deliberately ignored: a metrics fault is not the remote call's fault
  }
}
