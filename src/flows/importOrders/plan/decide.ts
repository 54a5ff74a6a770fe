/**
 * The `plan` step of the order import: pure. For each order of the snapshot it decides what happens —
 * create the sales order, wait for payment, skip, ask a person, or carry out follow-ups of an order
 * imported earlier — and describes it in one line without personal data (`connector plan import-orders`
 * prints these lines).
 */
import type { Plan, PlannedAction } from '../../../engine/flow.ts';
import type { MarketplaceProfile } from '../../domain/marketplaceProfile.ts';
import { freshOrder, planFollowUps } from './planFollowUps.ts';
import { addressHash } from './addressHash.ts';
import { planOrder } from './planOrder.ts';
import type { ImportSnapshot, WorkItem } from '../intake/snapshot.ts';
import type { OrderDecision, FollowUp } from './decisions.ts';

export interface ImportAction extends PlannedAction {
  /** Absent on the 'search' action (staging a page and moving the cursor). */
  work?: WorkItem;
  decision?: OrderDecision;
  /** An order already in D365: what to change there. */
  followUps?: FollowUp[];
  /**
   * A 'create': what to do right after creating it (a buyer asked to cancel items before the order was
   * first seen). A 'skip' or 'attention' after an earlier attempt that may have created the order: D365
   * is asked first, and if it holds the order, these follow-ups are carried out instead.
   */
  then?: { when: 'created' | 'found in D365'; followUps: FollowUp[] };
}

export interface ImportPlan extends Plan<ImportAction> {
  /** Orders of this page to stage before anything else (and the cursor to move past them). */
  stage: number;
}

function describe(decision: OrderDecision): string {
  switch (decision.kind) {
    case 'create': {
      const d = decision.draft;
      const items = d.lines.filter((l) => l.kind !== 'charge').length;
      const charges = d.lines.length - items;
      return (
        `create a sales order in ${d.company} for customer ${d.customer.kind === 'account' ? d.customer.account : `${d.customer.draft.kind} ${d.customer.draft.key}`}: ` +
        `${items} item line(s)${charges ? ` + ${charges} charge line(s)` : ''}, ${d.summary.total ?? '?'} ${d.currency}` +
        (decision.notes.length ? ` (${decision.notes.join('; ')})` : '')
      );
    }
    case 'wait':
      return `wait: ${decision.reason}`;
    case 'skip':
      return `skip: ${decision.reason}`;
    case 'attention':
      return `needs attention: ${decision.problems.join('; ')}`;
  }
}

function describeFollowUp(f: FollowUp): string {
  if (f.kind === 'address') return 'update the delivery address of the D365 order';
  const what = f.scope === 'order' ? 'the whole order' : `the lines of item(s) ${f.orderItemIds.join(', ')}`;
  return `cancel ${what} in D365 (${f.requestedByBuyer ? 'buyer asked' : 'cancelled on Amazon'})`;
}

/** What follows a decision at once (see ImportAction.then); undefined: nothing. */
function thenOf(
  work: WorkItem,
  decision: OrderDecision,
  keyOf: (text: string) => string,
): ImportAction['then'] {
  const facts = work.facts!;
  if (decision.kind === 'create') {
    const { deliveryAddress } = decision.draft;
    const created = freshOrder(deliveryAddress && addressHash(deliveryAddress, keyOf));
    const followUps = planFollowUps(facts, created, keyOf);
    return followUps.length > 0 ? { when: 'created', followUps } : undefined;
  }
  if ((decision.kind === 'skip' || decision.kind === 'attention') && work.earlierAttempt) {
    // What the order is in D365 after such an attempt: created with no address recorded for it.
    return { when: 'found in D365', followUps: planFollowUps(facts, freshOrder(), keyOf) };
  }
  return undefined;
}

function describeThen(then: NonNullable<ImportAction['then']>): string {
  const what = then.followUps.length
    ? then.followUps.map(describeFollowUp).join('; ')
    : 'record it as imported';
  return then.when === 'created'
    ? `then ${what}`
    : `unless an earlier attempt created it: D365 is asked first, and if it has the order: ${what}`;
}

export function decide(
  snapshot: ImportSnapshot,
  profileOf: (marketplaceId: string) => MarketplaceProfile | undefined,
): ImportPlan {
  const actions: ImportAction[] = [];
  const found = snapshot.discovery;
  if (found) {
    // Always an action, even for a page of repeats only: applying it moves the cursor on.
    actions.push({
      action: 'search',
      description:
        `stage ${found.toStage.length} order(s) found on Amazon` +
        (found.repeats ? ` (${found.repeats} seen before, dropped)` : '') +
        `; ${found.page.more ? 'more pages follow' : `search position moves to ${found.page.next.after}`}`,
    });
  }
  for (const work of snapshot.work) {
    const base = { externalId: work.externalId, work };
    if (!work.facts || work.problems.length > 0) {
      const decision: OrderDecision = { kind: 'attention', problems: work.problems };
      actions.push({ ...base, action: 'attention', decision, description: describe(decision) });
      continue;
    }
    if (work.imported) {
      const followUps = planFollowUps(work.facts, work.imported, snapshot.lookups.keyOf);
      actions.push({
        ...base,
        action: followUps.length ? 'follow-up' : 'unchanged',
        followUps,
        description: followUps.length
          ? followUps.map(describeFollowUp).join('; ')
          : `already imported as ${work.imported.salesOrderNumber}; nothing to change in D365`,
      });
      continue;
    }
    // A person resolved it — entered the order in D365 by hand, say: a newer version from Amazon must
    // not import it a second time (only an order the connector imported is followed up).
    const decision: OrderDecision = work.resolvedBy
      ? {
          kind: 'skip',
          reason: `a person resolved this order's record (${work.resolvedBy}): not imported again`,
        }
      : planOrder(work.facts, {
          settings: snapshot.settings,
          mappings: snapshot.mappings,
          lookups: snapshot.lookups,
          profile: profileOf(work.facts.marketplaceId),
        });
    const then = thenOf(work, decision, snapshot.lookups.keyOf);
    actions.push({
      ...base,
      action: decision.kind,
      decision,
      ...(then && { then }),
      description: describe(decision) + (then ? `; ${describeThen(then)}` : ''),
    });
  }
  const stage = found?.toStage.length ?? 0;
  const moreOnAmazon = found?.more ?? false;
  return {
    actions,
    stage,
    // A page with only repeats still moves the cursor: it counts as work so the runner applies it.
    hasMore: moreOnAmazon || snapshot.moreStaged,
    backlog: snapshot.work.length + (snapshot.moreStaged ? 1 : 0),
  };
}
