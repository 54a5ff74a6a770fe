/**
 * What an order already in D365 needs when Amazon reports a change — pure, like the planner. Three
 * changes matter, and nothing else is followed up (price or quantity never change on an Amazon order):
 *
 * - the order was cancelled on Amazon (by Amazon or the seller): cancel every line not yet cancelled;
 * - the buyer asked to cancel items: cancel those lines (their acknowledgement on Amazon is the
 *   fulfilment flow's job, hence `requestedByBuyer`);
 * - the delivery address changed while nothing has shipped: give the D365 order the new address.
 *
 * Follow-ups are derived from the state on both sides, not from events, so running this again after a
 * follow-up was carried out (and `imported` updated) yields nothing more.
 */
import { addressHash } from './addressHash.ts';
import type { ImportedOrder } from '../../domain/importedOrders.ts';
import type { OrderFacts } from '../intake/facts.ts';
import type { FollowUp } from './decisions.ts';

/** What the follow-ups are planned against: the D365 order as the read model knows it. */
export type OrderState = Pick<ImportedOrder, 'cancelledOrder' | 'cancelledItems' | 'addressHash'>;

/** The state of a D365 order nothing has happened to yet, with this delivery address hash. */
export const freshOrder = (addressHash?: string): OrderState => ({
  cancelledItems: {},
  ...(addressHash !== undefined && { addressHash }),
});

export function planFollowUps(
  facts: OrderFacts,
  imported: OrderState,
  keyOf: (text: string) => string,
): FollowUp[] {
  if (imported.cancelledOrder) return [];
  // A cancelled order ends here: its lines go, and an address change no longer matters.
  if (facts.status === 'CANCELLED')
    return [
      {
        kind: 'cancel',
        scope: 'order',
        orderItemIds: facts.items.map((i) => i.orderItemId),
        requestedByBuyer: false,
        cancelledBy: facts.cancellation?.by,
        reason: facts.cancellation?.reason,
      },
    ];

  const followUps: FollowUp[] = [];
  const done = new Set(Object.keys(imported.cancelledItems));
  const requested = facts.items.filter((i) => i.cancellationRequested && !done.has(i.orderItemId));
  if (requested.length > 0) {
    const reasons = [...new Set(requested.flatMap((i) => i.cancellationRequested?.reason ?? []))];
    // The buyer withdrew every item: the whole order goes, its charge lines (shipping, gift wrap) too.
    const everyItem = facts.items.every((i) => done.has(i.orderItemId) || requested.includes(i));
    followUps.push({
      kind: 'cancel',
      scope: everyItem ? 'order' : 'lines',
      orderItemIds: requested.map((i) => i.orderItemId),
      requestedByBuyer: true,
      reason: reasons.length > 0 ? reasons.join('; ') : undefined,
    });
  }

  // Only before anything ships: a partly shipped order's address is the carrier's business by now.
  if (facts.status === 'UNSHIPPED' && facts.deliveryAddress) {
    const hash = addressHash(facts.deliveryAddress, keyOf);
    if (hash !== imported.addressHash)
      followUps.push({ kind: 'address', address: facts.deliveryAddress, addressHash: hash });
  }
  return followUps;
}
