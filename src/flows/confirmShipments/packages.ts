/**
 * What the service keeps of each packing slip of an imported order, one entry per Amazon package, on
 * the Amazon order's record (`summary.packages`): the slip as D365 posted it (lines, tracking, carrier),
 * the package's stable `packageReferenceId` (1, 2, … in posting order, fixed when the slip is first
 * recorded), what was or will be sent, and where it stands:
 *
 *   ready            to be confirmed (also: a confirmation whose outcome is not yet known)
 *   waiting          posted without a tracking number; waits for one until the deadline
 *   confirmed        Amazon took the package
 *   not_sent         nothing to send, and why (FBA order, shipped outside D365, bundle parts only, …)
 *   needs_attention  a person must act; `note` says what
 *
 * Nothing here is personal data: ids, quantities, carriers and tracking numbers.
 */

/** One line of a posted packing slip (`CustPackingSlipTransBiEntities`). */
export interface SlipLine {
  /** `InventTransId`, the sales order line's `InventoryLotId`. */
  inventTransId: string;
  itemId: string;
  /** Shipped quantity in the sales unit. */
  quantity: number;
}

/** A posted packing slip as read from D365. */
export interface PackingSlipFacts {
  company: string;
  packingSlipId: string;
  salesOrderNumber: string;
  /** Posting time (UTC, ISO). */
  createdOn: string;
  /** The packing slip date, YYYY-MM-DD. */
  deliveryDate: string;
  /** `ShipCarrierId`, `DlvMode` and the order's carrier service. */
  carrier?: string;
  mode?: string;
  service?: string;
  lines: SlipLine[];
  /** Its tracking numbers as D365 lists them (one per parcel). */
  tracking: string[];
}

export type PackageState = 'ready' | 'waiting' | 'confirmed' | 'not_sent' | 'needs_attention';

/** What confirmShipment sends (or sent) for a package. */
export interface PackageDetail {
  carrierCode: string;
  carrierName?: string;
  shippingMethod?: string;
  trackingNumber: string;
  shipDate: string;
  orderItems: { orderItemId: string; quantity: number }[];
}

export interface PackageEntry extends PackingSlipFacts {
  packageReferenceId: string;
  state: PackageState;
  /** Why it waits, was not sent or needs a person; how the carrier was chosen. */
  note?: string;
  /** What was sent (confirmed) or is about to be (ready). */
  detail?: PackageDetail;
  /** Tracking numbers of the slip beyond the one Amazon takes per package. */
  moreTracking?: string[];
  confirmedAt?: string;
}

/** Packages in posting order (then by slip id), the order bundle units are counted in. */
export function inPostingOrder<P extends Pick<PackingSlipFacts, 'createdOn' | 'packingSlipId'>>(
  packages: readonly P[],
): P[] {
  return [...packages].sort(
    (a, b) => a.createdOn.localeCompare(b.createdOn) || a.packingSlipId.localeCompare(b.packingSlipId),
  );
}
