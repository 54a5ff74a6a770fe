/**
 * What the planner decides: for an order not imported yet, create / wait / skip / ask a person; for an
 * order already in D365, the follow-ups Amazon's changes call for (a cancellation, a new address).
 */
import type { PostalAddress } from '../intake/facts.ts';
import type { SalesOrderDraft } from './drafts.ts';

/** What the planner decided for one staged order. */
export type OrderDecision =
  | { kind: 'create'; draft: SalesOrderDraft; notes: string[] }
  /** Not importable yet (Pending, unpaid): stays staged, looked at again when Amazon updates it. */
  | { kind: 'wait'; reason: string }
  /** Never imported (filtered out by settings, or cancelled before it was imported). */
  | { kind: 'skip'; reason: string }
  /** A person must act: every problem found, each saying what to fix and where. */
  | { kind: 'attention'; problems: string[] };

/** What happens to an order already imported when Amazon reports a change (planFollowUps.ts). */
export type FollowUp =
  | {
      kind: 'cancel';
      /** `order`: every line; `lines`: the lines of these order items (and their bundle components). */
      scope: 'order' | 'lines';
      orderItemIds: string[];
      /** A buyer's request: acknowledged on Amazon later by the fulfilment flow. */
      requestedByBuyer: boolean;
      /** Who cancelled on Amazon (`cancelledBy`: AMAZON, MERCHANT, BUYER), when not a buyer's request. */
      cancelledBy?: string;
      reason?: string;
    }
  | { kind: 'address'; address: PostalAddress; addressHash: string };
