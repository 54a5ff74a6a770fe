// POST /_sim/sales-orders/cancel — a person cancelling in the F&O client (Sales order > Cancel, or
// Update line > Deliver remainder > Cancel quantity); no OData path does this. The deliver remainder
// of the order's lines (or of one line, wholly or by a quantity) drops to zero, the open demand leaves
// "on order", and statuses follow: a line with nothing delivered becomes Canceled, a partly delivered
// one Delivered; the order becomes Canceled when all its lines are.
import { z } from 'zod';
import type { BehaviourContext, EntityStore, Row } from '../../engine/behaviour.ts';
import { isStocked, moveStock } from '../inventory.ts';
import { dimsOf, productName } from '../products.ts';
import { linesOf, refreshHeader, remainingQty, setRemainder } from '../salesOrderState.ts';
import { round, str } from '../values.ts';
import { existingOrder } from './existingOrder.ts';
import { companyFrom, simError } from './http.ts';

export const cancelSchema = z
  .strictObject({
    company: z.string().optional(),
    salesOrderNumber: z.string().min(1),
    /** One line (its lot id); the whole order when omitted. */
    inventoryLotId: z.string().min(1).optional(),
    /** Quantity to cancel on that line; its whole remainder when omitted. */
    quantity: z.number().positive().optional(),
  })
  .refine((b) => b.quantity === undefined || b.inventoryLotId !== undefined, {
    message: 'quantity needs inventoryLotId (a quantity is cancelled on one line)',
    path: ['quantity'],
  });
export type CancelRequest = z.output<typeof cancelSchema>;

function cancelOnLine(store: EntityStore, ctx: BehaviourContext, line: Row, quantity: number) {
  const company = str(line.dataAreaId);
  const remaining = remainingQty(store, line);
  const d = dimsOf(line);
  if (isStocked(store, company, str(line.ItemNumber)))
    moveStock(
      store,
      company,
      str(line.ItemNumber),
      d,
      str(line.ShippingWarehouseId),
      { onOrder: -quantity },
      productName(store, company, str(line.ItemNumber), d),
    );
  const updated = setRemainder(store, ctx, line, round(remaining - quantity, 6));
  return {
    inventoryLotId: line.InventoryLotId,
    canceledQuantity: quantity,
    remaining: round(remaining - quantity, 6),
    status: updated.SalesOrderLineStatus,
  };
}

export function cancelSalesOrder(store: EntityStore, ctx: BehaviourContext, req: CancelRequest) {
  const company = companyFrom(req.company);
  const header = existingOrder(store, company, req.salesOrderNumber);
  if (header.SalesOrderStatus === 'Canceled')
    throw simError(409, `Sales order ${req.salesOrderNumber} has already been canceled.`);
  if (header.SalesOrderStatus === 'Invoiced')
    throw simError(409, `Sales order ${req.salesOrderNumber} has been invoiced and cannot be canceled.`);
  const lines = linesOf(store, company, req.salesOrderNumber);
  let changes: ReturnType<typeof cancelOnLine>[];
  if (req.inventoryLotId) {
    const line = lines.find((l) => l.InventoryLotId === req.inventoryLotId);
    if (!line)
      throw simError(
        404,
        `Line ${req.inventoryLotId} does not belong to sales order ${req.salesOrderNumber}.`,
      );
    const remaining = remainingQty(store, line);
    if (remaining <= 0)
      throw simError(
        409,
        `Line ${req.inventoryLotId} has no deliver remainder to cancel (status ${str(line.SalesOrderLineStatus)}).`,
      );
    const quantity = req.quantity ?? remaining;
    if (quantity > remaining + 1e-9)
      throw simError(
        400,
        `Line ${req.inventoryLotId}: the quantity to cancel (${quantity}) exceeds the deliver remainder (${remaining}).`,
      );
    changes = [cancelOnLine(store, ctx, line, quantity)];
  } else {
    const open = lines.filter((l) => remainingQty(store, l) > 0);
    if (open.length === 0)
      throw simError(409, `Nothing to cancel: sales order ${req.salesOrderNumber} has no deliver remainder.`);
    changes = open.map((l) => cancelOnLine(store, ctx, l, remainingQty(store, l)));
  }
  const order = refreshHeader(store, ctx, company, req.salesOrderNumber);
  return {
    salesOrderNumber: req.salesOrderNumber,
    salesOrderStatus: order?.SalesOrderStatus,
    lines: changes,
  };
}
