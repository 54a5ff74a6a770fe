/**
 * What the D365 writers (customers.ts, salesOrderWriter.ts, followUps.ts) need of a run, and what
 * carrying out one follow-up in D365 came to.
 */
import type { D365Client } from '../../../d365/index.ts';
import type { OnceContext } from '../../../engine/performOnce.ts';

/** What the D365 writers (customers.ts, salesOrderWriter.ts, followUps.ts) need of a run. */
export interface D365WriteContext {
  d365: D365Client;
  /** performOnce's store and lease-guarded commit (a RunContext has both). */
  once: OnceContext;
  connectionId: string;
  flow: string;
  /**
   * Aborts reads and waits only: the executor leaves it out of writes, since a write cut off mid-flight
   * may still land (its outcome unknown) and would be checked for before it could be sent again.
   */
  signal?: AbortSignal;
  /** performOnce's settle time for writes whose earlier attempt may still be landing (ms). */
  settleMs?: number;
}

/** The outcome of carrying out one follow-up in D365. */
export type FollowUpOutcome =
  | { kind: 'done'; message: string }
  /** F&O does not allow it any more (something shipped or invoiced): a person decides. */
  | { kind: 'attention'; message: string };
