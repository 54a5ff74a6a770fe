/**
 * The order import's side of the imported-orders read model (../domain/importedOrders.ts): what it
 * records of a sales order it created or found — its lines, Amazon order item ↔ D365 line — and what the
 * order's record shows of it (`summary.d365`, `summary.cancellationToAcknowledge`: for people, in the
 * API and the console; no flow reads them).
 */
import type { ImportedLine, ImportedOrder } from '../../domain/importedOrders.ts';
import type { OrderLine } from './salesOrderWriter.ts';
import type { LineDraft } from '../plan/drafts.ts';

/** The lines of a sales order the import wrote, with the lot ids D365 gave them. */
export function linesWritten(
  drafts: readonly LineDraft[],
  written: readonly { reference: string; inventoryLotId: string }[],
): ImportedLine[] {
  const lots = new Map(written.map((l) => [l.reference, l.inventoryLotId]));
  return drafts.map((d) => ({
    reference: d.reference,
    kind: d.kind,
    ...(d.orderItemId !== undefined && { orderItemId: d.orderItemId }),
    itemNumber: d.item.itemNumber,
    quantity: d.quantity,
    ...(d.perAmazonUnit !== undefined && { perAmazonUnit: d.perAmazonUnit }),
    ...(lots.get(d.reference) && { inventoryLotId: lots.get(d.reference) }),
  }));
}

const CHARGE_REFERENCES = new Set(['SHIPPING', 'GIFT_WRAP']);

/**
 * The lines of a sales order found in D365 (an earlier attempt created it), told apart by the
 * references the import gives them: `orderItemId`, `orderItemId#n`, `SHIPPING`, `GIFT_WRAP`. A bundle
 * component's quantity per bundle is its line quantity over the bundles Amazon says were ordered.
 */
export function linesFound(
  lines: readonly OrderLine[],
  orderedOnAmazon: ReadonlyMap<string, number>,
): ImportedLine[] {
  return lines.flatMap((l): ImportedLine[] => {
    const reference = l.OrderLineReference;
    if (!reference) return [];
    const charge = CHARGE_REFERENCES.has(reference);
    const [orderItemId = reference] = reference.split('#');
    const bundles = orderedOnAmazon.get(orderItemId);
    const component = !charge && reference.includes('#');
    return [
      {
        reference,
        kind: charge ? 'charge' : component ? 'bundleComponent' : 'item',
        ...(!charge && { orderItemId }),
        itemNumber: l.ItemNumber,
        quantity: l.OrderedSalesQuantity,
        ...(component && bundles && { perAmazonUnit: l.OrderedSalesQuantity / bundles }),
        ...(l.InventoryLotId && { inventoryLotId: l.InventoryLotId }),
      },
    ];
  });
}

/** What an order's record shows of its D365 side (as it did before the read model existed). */
export function recordView(order: ImportedOrder) {
  const items = Object.keys(order.cancelledItems);
  const cancelled = order.cancelledOrder ? ('all' as const) : items.length > 0 ? items : undefined;
  const open = order.openBuyerRequests.map((r) => r.orderItemId);
  return {
    d365: {
      company: order.company,
      salesOrderNumber: order.salesOrderNumber,
      customerAccount: order.customerAccount,
      ...(order.addressHash && { addressHash: order.addressHash }),
      ...(cancelled && { cancelled }),
    },
    ...(open.length > 0 && { cancellationToAcknowledge: open }),
  };
}
