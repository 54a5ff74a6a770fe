/**
 * Which Amazon order items a packing slip ships, in Amazon units (pure). Rules:
 *
 * - A slip line names its sales order line by `InventTransId` = the line's `InventoryLotId`, which the
 *   imported-orders read model knows with the line's `OrderLineReference` (= Amazon `orderItemId`).
 * - Charge lines (`SHIPPING`, `GIFT_WRAP`) are not items: ignored.
 * - An item line's quantity is in Amazon's unit already (the import orders one D365 unit per Amazon unit).
 * - A bundle's components (`orderItemId#n`) ship separately: whole bundle units are counted cumulatively
 *   over the order's slips in posting order — the minimum over its components of (shipped so far ÷ the
 *   component's quantity per bundle) — and a unit is confirmed on the slip that completes it.
 * - A line the connector did not import (added by hand in D365) or a quantity that is not a whole number
 *   of Amazon units is a problem for a person.
 */
import type { ImportedLine, ImportedOrder } from '../../domain/importedOrders.ts';
import { inPostingOrder, type PackingSlipFacts } from '../packages.ts';

export interface SlipItems {
  items: { orderItemId: string; quantity: number }[];
  /** Bundle units this slip completes, by order item (for the record's note). */
  bundlesCompleted: Record<string, number>;
  /** True when the slip ships parts of a bundle that a later slip completes. */
  bundlePartsOnly: boolean;
  problems: string[];
}

type Slip = Pick<PackingSlipFacts, 'packingSlipId' | 'createdOn' | 'lines'>;

const EPSILON = 1e-9;
const isWhole = (n: number) => Math.abs(n - Math.round(n)) < EPSILON;

/** Amazon units ordered per order item, as the imported lines give them. */
export function orderedUnits(order: Pick<ImportedOrder, 'lines'>): Map<string, number> {
  const ordered = new Map<string, number>();
  for (const line of order.lines) {
    if (line.kind === 'charge' || !line.orderItemId || ordered.has(line.orderItemId)) continue;
    const per = line.perAmazonUnit ?? 1;
    ordered.set(line.orderItemId, Math.round(line.quantity / per));
  }
  return ordered;
}

export function slipItems(
  order: Pick<ImportedOrder, 'lines' | 'amazonOrderId'>,
  slips: readonly Slip[],
  target: Slip,
): SlipItems {
  const byLot = new Map<string, ImportedLine>();
  for (const line of order.lines) if (line.inventoryLotId) byLot.set(line.inventoryLotId, line);
  const components = new Map<string, ImportedLine[]>();
  for (const line of order.lines)
    if (line.kind === 'bundleComponent' && line.orderItemId)
      components.set(line.orderItemId, [...(components.get(line.orderItemId) ?? []), line]);

  const problems: string[] = [];
  const shippedParts = new Map<string, number>(); // by line reference, D365 units
  const complete = (orderItemId: string): number =>
    Math.min(
      ...(components.get(orderItemId) ?? []).map((c) =>
        Math.floor((shippedParts.get(c.reference) ?? 0) / (c.perAmazonUnit ?? Infinity) + EPSILON),
      ),
    );

  const units = new Map<string, number>();
  const completed: Record<string, number> = {};
  let bundlePartsOnly = false;
  for (const slip of inPostingOrder(slips)) {
    const isTarget = slip.packingSlipId === target.packingSlipId;
    const touched = new Set<string>();
    const before = new Map<string, number>();
    for (const slipLine of slip.lines) {
      const line = byLot.get(slipLine.inventTransId);
      if (!line) {
        if (isTarget)
          problems.push(
            `its line for item ${slipLine.itemId} (lot ${slipLine.inventTransId}) is not a line the connector created for Amazon order ${order.amazonOrderId}, so Amazon's order item is unknown: ship that item under its own order, or confirm this package in Seller Central and resolve this record`,
          );
        continue;
      }
      if (line.kind === 'charge' || !line.orderItemId) continue;
      if (line.kind === 'item') {
        if (!isTarget) continue;
        const amazonUnits = slipLine.quantity / (line.perAmazonUnit ?? 1);
        if (!isWhole(amazonUnits) || amazonUnits <= 0) {
          problems.push(
            `it ships ${slipLine.quantity} of item ${line.itemNumber}, which is not a whole number of Amazon units: correct the packing slip in D365, or confirm in Seller Central and resolve this record`,
          );
          continue;
        }
        units.set(line.orderItemId, (units.get(line.orderItemId) ?? 0) + Math.round(amazonUnits));
        continue;
      }
      // A bundle component.
      if (line.perAmazonUnit === undefined) {
        if (isTarget)
          problems.push(
            `it ships a part of bundle item ${line.orderItemId}, but how many of item ${line.itemNumber} make one bundle was not recorded when the order was imported: confirm this package in Seller Central and resolve this record`,
          );
        continue;
      }
      if (!before.has(line.orderItemId)) before.set(line.orderItemId, complete(line.orderItemId));
      shippedParts.set(line.reference, (shippedParts.get(line.reference) ?? 0) + slipLine.quantity);
      touched.add(line.orderItemId);
    }
    if (!isTarget) continue;
    for (const orderItemId of touched) {
      const now = complete(orderItemId) - (before.get(orderItemId) ?? 0);
      if (now > 0) {
        units.set(orderItemId, (units.get(orderItemId) ?? 0) + now);
        completed[orderItemId] = now;
      } else bundlePartsOnly = true;
    }
    break;
  }
  return {
    items: [...units].map(([orderItemId, quantity]) => ({ orderItemId, quantity })),
    bundlesCompleted: completed,
    bundlePartsOnly: bundlePartsOnly && units.size === 0,
    problems,
  };
}
