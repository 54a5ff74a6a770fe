// The promised ship-by and deliver-by windows of an order, from its service level. They count from
// payment (Amazon's clock for the seller's handling time starts when the order becomes Unshipped).

import type { ServiceLevel, StoredOrder } from './orderTypes.ts';

const DAY = 86_400_000;

/** Handling days to ship, and the delivery promise in days after payment. */
const PROMISES: Record<ServiceLevel, { ship: number; deliverFrom: number; deliverTo: number }> = {
  SAME_DAY: { ship: 0, deliverFrom: 0, deliverTo: 0 },
  NEXT_DAY: { ship: 0, deliverFrom: 1, deliverTo: 1 },
  PRIORITY: { ship: 1, deliverFrom: 1, deliverTo: 2 },
  SECOND_DAY: { ship: 1, deliverFrom: 2, deliverTo: 2 },
  EXPEDITED: { ship: 1, deliverFrom: 2, deliverTo: 3 },
  SCHEDULED: { ship: 2, deliverFrom: 3, deliverTo: 4 },
  STANDARD: { ship: 2, deliverFrom: 3, deliverTo: 7 },
  FREE_ECONOMY: { ship: 3, deliverFrom: 5, deliverTo: 10 },
};

export interface Window {
  earliest: number;
  latest: number;
}

/** End of the UTC day `days` after `ms` (windows close at 23:59:59Z, as in Amazon's examples). */
const endOfDay = (ms: number, days: number) => Math.floor(ms / DAY) * DAY + (days + 1) * DAY - 1000;
const startOfDay = (ms: number, days: number) => Math.floor(ms / DAY) * DAY + days * DAY;

export function fulfillmentWindows(order: StoredOrder): { shipBy: Window; deliverBy: Window } {
  const from = order.paidTime ?? order.createdTime;
  const p = PROMISES[order.serviceLevel];
  return {
    shipBy: { earliest: from, latest: endOfDay(from, p.ship) },
    deliverBy: { earliest: startOfDay(from, p.deliverFrom), latest: endOfDay(from, p.deliverTo) },
  };
}
