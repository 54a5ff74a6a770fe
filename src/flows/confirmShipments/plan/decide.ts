/**
 * The plan of a run (pure): for every open package of every order in the snapshot, what to do —
 *
 *   confirm    send it to Amazon (its detail: items, carrier, tracking number, ship date)
 *   wait       no tracking number yet, the deadline is ahead
 *   skip       nothing to send, and why (FBA order, shipped before the import, bundle parts only…)
 *   attention  a person must act: the reason says what
 *
 * Rules, in order: an order Amazon fulfils, or one Amazon already showed shipped when it was imported,
 * sends nothing; the slip's lines must all be Amazon order items (plan/orderItems.ts); a cancelled item
 * or more units than Amazon still expects need a person; Amazon requires a tracking number (wait until
 * `trackingDeadlineMinutes` after posting, then a person); the carrier comes from `mappings.carriers`.
 */
import type { Plan, PlannedAction } from '../../../engine/flow.ts';
import { isCancelled, type ImportedOrder } from '../../domain/importedOrders.ts';
import { amazonCarrier, type CarrierMapping } from '../carrierMapping.ts';
import { inPostingOrder, type PackageEntry } from '../packages.ts';
import type { ConfirmShipmentsSettings } from '../settings.ts';
import { orderedUnits, slipItems } from './orderItems.ts';

export interface OrderWork {
  imported: ImportedOrder;
  /** Every package of the order: those recorded before, then the slips found in this run (state ready). */
  packages: PackageEntry[];
  /** Slips found in this run (not yet on the record). */
  newSlips: string[];
  /** A person asked for a retry: packages that needed attention are decided again. */
  retry: boolean;
}

/** What happens to one package. */
export interface PackageAction extends PlannedAction {
  action: 'confirm' | 'wait' | 'skip' | 'attention';
  externalId: string;
  /** The package as decided (its new state, note and detail). */
  entry: PackageEntry;
}

/** A search that moves on (slips looked at, orders looked at), even when nothing was found. */
export interface AdvanceAction extends PlannedAction {
  action: 'advance';
}

export type ShipmentAction = PackageAction | AdvanceAction;

export const isPackageAction = (a: ShipmentAction): a is PackageAction => a.action !== 'advance';

export interface DecideInput {
  orders: OrderWork[];
  /** The searches that move on in this page, `scope` → new position, in words for the plan. */
  advances: { scope: string; to: string }[];
  settings: ConfirmShipmentsSettings;
  carriers: CarrierMapping;
  now: Date;
  hasMore: boolean;
}

export function decide(input: DecideInput): Plan<ShipmentAction> {
  const packages = input.orders.flatMap((order) => decideOrder(order, input));
  const advances = input.advances.map((a): AdvanceAction => ({
    action: 'advance',
    description: `move the ${a.scope} search on to ${a.to}`,
  }));
  const actions: ShipmentAction[] = [...packages, ...advances];
  return {
    actions,
    hasMore: input.hasMore,
    backlog: actions.filter((a) => a.action === 'confirm' || a.action === 'wait').length,
  };
}

function decideOrder(order: OrderWork, input: DecideInput): PackageAction[] {
  const { imported } = order;
  const all = inPostingOrder(order.packages);
  const ordered = orderedUnits(imported);
  // Units confirmed, or held by packages posted earlier that are still open (waiting for tracking,
  // needing a person) — in posting order, so an over-delivery is blamed on the slip that overshoots,
  // whichever is ready first. Confirmed packages count wherever they stand.
  const planned = new Map<string, number>();
  const reserve = (items: readonly { orderItemId: string; quantity: number }[]) => {
    for (const i of items) planned.set(i.orderItemId, (planned.get(i.orderItemId) ?? 0) + i.quantity);
  };
  for (const p of all) if (p.state === 'confirmed') reserve(p.detail?.orderItems ?? []);

  const actions: PackageAction[] = [];
  for (const pkg of all) {
    const decidable =
      pkg.state === 'ready' || pkg.state === 'waiting' || (order.retry && pkg.state === 'needs_attention');
    if (!decidable) {
      if (pkg.state === 'waiting' || pkg.state === 'needs_attention')
        reserve(slipItems(imported, all, pkg).items);
      continue;
    }
    const entry = decidePackage(pkg, { order, all, ordered, planned, input });
    if (entry.state === 'ready') reserve(entry.detail!.orderItems);
    else if (entry.state === 'waiting') reserve(slipItems(imported, all, entry).items);
    actions.push({
      action: ACTION[entry.state],
      externalId: imported.amazonOrderId,
      description: describe(imported, entry),
      entry,
    });
  }
  return actions;
}

const ACTION = {
  ready: 'confirm',
  waiting: 'wait',
  not_sent: 'skip',
  needs_attention: 'attention',
  confirmed: 'skip',
} as const;

function describe(order: ImportedOrder, p: PackageEntry): string {
  const what = `Amazon order ${order.amazonOrderId}, packing slip ${p.packingSlipId} (package ${p.packageReferenceId})`;
  if (p.state === 'ready') {
    const d = p.detail!;
    const units = d.orderItems.reduce((s, i) => s + i.quantity, 0);
    return `confirm ${what}: ${units} unit(s), ${d.carrierCode === 'Other' ? d.carrierName : d.carrierCode} ${d.trackingNumber}`;
  }
  return `${p.state === 'waiting' ? 'wait for' : p.state === 'not_sent' ? 'nothing to send for' : 'needs a person:'} ${what}: ${p.note ?? ''}`;
}

interface PackageScope {
  order: OrderWork;
  all: PackageEntry[];
  ordered: Map<string, number>;
  planned: Map<string, number>;
  input: DecideInput;
}

const settle = (pkg: PackageEntry, state: PackageEntry['state'], note: string): PackageEntry => {
  const { detail: _unsent, ...rest } = pkg;
  return { ...rest, state, note };
};

function decidePackage(pkg: PackageEntry, s: PackageScope): PackageEntry {
  const { imported } = s.order;
  if (imported.fulfilledBy === 'AMAZON')
    return settle(
      pkg,
      'not_sent',
      'the order is fulfilled by Amazon: Amazon ships it and confirms its shipment',
    );
  if (imported.shippedAtImport === 'all')
    return settle(
      pkg,
      'not_sent',
      'Amazon already showed the order shipped when it was imported (shipped outside D365): nothing to confirm',
    );
  if (imported.shippedAtImport === 'partly')
    return settle(
      pkg,
      'needs_attention',
      'Amazon already showed part of the order shipped when it was imported (shipped outside D365), so which units this packing slip adds is not known: confirm them in Seller Central, then resolve this record',
    );

  const slip = slipItems(imported, s.all, pkg);
  if (slip.problems.length > 0)
    return settle(pkg, 'needs_attention', `Amazon cannot be told what shipped: ${slip.problems.join('; ')}`);
  if (slip.items.length === 0)
    return settle(
      pkg,
      'not_sent',
      slip.bundlePartsOnly
        ? 'it ships parts of a bundle only: the bundle units are confirmed with the packing slip that completes them'
        : 'it ships no Amazon order item (charge lines only)',
    );

  for (const item of slip.items) {
    if (isCancelled(imported, item.orderItemId)) {
      const c = imported.cancelledOrder ?? imported.cancelledItems[item.orderItemId];
      return settle(
        pkg,
        'needs_attention',
        `order item ${item.orderItemId} was cancelled${c ? ` (by ${c.by}, ${c.at.slice(0, 10)})` : ''} but this packing slip ships it: Amazon will not accept the shipment and the buyer will not pay for it — stop the parcel if you can, then resolve this record (cancel or correct the packing slip in D365)`,
      );
    }
    const ordered = s.ordered.get(item.orderItemId) ?? 0;
    const already = s.planned.get(item.orderItemId) ?? 0;
    if (already + item.quantity > ordered)
      return settle(
        pkg,
        'needs_attention',
        `it ships ${item.quantity} unit(s) of order item ${item.orderItemId}, but only ${Math.max(0, ordered - already)} of the ${ordered} ordered remain unshipped on Amazon (over-delivery in D365): confirm the right quantity in Seller Central, then resolve this record`,
      );
  }

  const [trackingNumber, ...moreTracking] = pkg.tracking;
  if (!trackingNumber) {
    const deadline = new Date(Date.parse(pkg.createdOn) + s.input.settings.trackingDeadlineMinutes * 60_000);
    if (s.input.now < deadline)
      return settle(
        pkg,
        'waiting',
        `no tracking number yet; Amazon requires one: waits for it until ${deadline.toISOString()}`,
      );
    return settle(
      pkg,
      'needs_attention',
      `no tracking number ${s.input.settings.trackingDeadlineMinutes} minutes after it was posted, and Amazon requires one: enter the parcel's tracking number on packing slip ${pkg.packingSlipId} of sales order ${pkg.salesOrderNumber} in D365, then retry this record`,
    );
  }

  const carrier = amazonCarrier(s.input.carriers, {
    service: pkg.service,
    carrier: pkg.carrier,
    mode: pkg.mode,
  });
  if (!carrier)
    return settle(
      pkg,
      'needs_attention',
      `D365 names no carrier for it${pkg.mode ? ` and mode of delivery ${pkg.mode} has no row in mappings.carriers` : ''}: add a row for ${pkg.mode ? `mode ${pkg.mode}` : 'the carrier'} to mappings.carriers (or post the slip with a carrier), then retry this record`,
    );

  return {
    ...pkg,
    state: 'ready',
    note: carrier.via,
    detail: {
      carrierCode: carrier.carrierCode,
      ...(carrier.carrierName && { carrierName: carrier.carrierName }),
      ...(carrier.shippingMethod && { shippingMethod: carrier.shippingMethod }),
      trackingNumber,
      shipDate: shipDate(pkg, s.input.now),
      orderItems: slip.items,
    },
    ...(moreTracking.length > 0 && { moreTracking }),
  };
}

const DAY_MS = 86_400_000;

/**
 * The ship date: the posting time (`CreatedOn`, UTC) when the packing slip date is the posting day —
 * F&O's date is the legal entity's local date, which may be a day off the UTC one either way — else the
 * packing slip date at noon UTC (a date typed in on purpose). Never later than now: Amazon is told of
 * a shipment, not of a plan.
 */
export function shipDate(pkg: Pick<PackageEntry, 'deliveryDate' | 'createdOn'>, now: Date): string {
  const posted = Date.parse(pkg.createdOn);
  const slipDay = /^\d{4}-\d{2}-\d{2}$/.test(pkg.deliveryDate)
    ? Date.parse(`${pkg.deliveryDate}T12:00:00Z`)
    : NaN;
  const date = Number.isNaN(slipDay) || Math.abs(slipDay - posted) <= DAY_MS ? posted : slipDay;
  return new Date(Math.min(date, now.getTime())).toISOString();
}
