/**
 * Carries out, in D365, what Amazon changed on an order already imported (planFollowUps.ts decides
 * which): a cancellation of the order or of some items, or a new delivery address.
 *
 * F&O lets an order be changed through OData only while nothing of it was delivered (§5): deleting an
 * open order or line is the only OData-native cancellation; *Deliver remainder → Cancel quantity* has no
 * OData action, so `zero` mode lowers `OrderedSalesQuantity` to 0 on the open lines — the closest thing
 * a PATCH can do (the line stays, for the record, and its demand leaves "on order"). Once a packing slip
 * was posted for a line, only a person can undo it: that is an `attention` outcome, with nothing changed.
 *
 * Every run reads D365 first and does only what is still to do, so carrying out the same follow-up
 * twice changes nothing the second time (a line already removed, cancelled or at 0 is skipped).
 */
import { packingSlipLines, salesOrderHeaders, salesOrderLines } from '../../../d365/index.ts';
import { isConnectorError } from '../../../errors.ts';
import { deliveryAddressFields } from './salesOrderRows.ts';
import { readOrderLines, type OrderLine } from './salesOrderWriter.ts';
import type { ImportedOrder } from '../../domain/importedOrders.ts';
import type { FollowUp } from '../plan/decisions.ts';
import type { D365WriteContext, FollowUpOutcome } from './writeContext.ts';

type Cancel = Extract<FollowUp, { kind: 'cancel' }>;
type AddressChange = Extract<FollowUp, { kind: 'address' }>;

interface OrderState {
  lines: OrderLine[];
  /** Lot ids of lines with something delivered or invoiced. */
  shipped: Set<string>;
  /** The header says the order went out (wholly or partly), whatever its lines say. */
  headerShipped: boolean;
}

const SHIPPED_HEADER = new Set([
  'PartiallyDelivered',
  'Delivered',
  'Invoiced',
  'PartiallyInvoiced',
  'DeliveredPartiallyInvoiced',
]);

export async function applyFollowUp(
  ctx: D365WriteContext,
  imported: Pick<ImportedOrder, 'company' | 'salesOrderNumber'>,
  followUp: FollowUp,
  mode: 'delete' | 'zero',
): Promise<FollowUpOutcome> {
  const { company, salesOrderNumber: number } = imported;
  const header = await ctx.d365.get(
    salesOrderHeaders,
    { SalesOrderNumber: number },
    { company, signal: ctx.signal, select: ['SalesOrderStatus', 'SalesOrderProcessingStatus'] },
  );
  if (!header)
    return {
      kind: 'done',
      message:
        followUp.kind === 'cancel'
          ? `sales order ${number} was already removed in D365: nothing left to cancel`
          : `sales order ${number} is no longer in D365: the new delivery address has nowhere to go`,
    };
  const lines = await readOrderLines(ctx, company, number);
  const state: OrderState = {
    lines,
    shipped: await shippedLots(ctx, company, number, lines),
    headerShipped:
      ['Delivered', 'Invoiced'].includes(header.SalesOrderStatus) ||
      SHIPPED_HEADER.has(header.SalesOrderProcessingStatus),
  };
  try {
    return followUp.kind === 'cancel'
      ? await cancel(ctx, imported, followUp, mode, state)
      : await changeAddress(ctx, imported, followUp, state);
  } catch (error) {
    // F&O refused (a packing slip posted since we read, a rule of its own): a person takes it from here.
    if (!isConnectorError(error) || error.kind !== 'data') throw error;
    const what = followUp.kind === 'cancel' ? 'cancel lines of' : 'change the delivery address of';
    return {
      kind: 'attention',
      message:
        `D365 refused to ${what} sales order ${number} (${error.message}). Make the change by hand in D365 ` +
        '(Sales order > Cancel, or the order’s delivery address), or remove what blocks it and retry this record ' +
        '(connector retry).',
    };
  }
}

async function cancel(
  ctx: D365WriteContext,
  { company, salesOrderNumber: number }: Pick<ImportedOrder, 'company' | 'salesOrderNumber'>,
  followUp: Cancel,
  mode: 'delete' | 'zero',
  state: OrderState,
): Promise<FollowUpOutcome> {
  const targets =
    followUp.scope === 'order' ? state.lines : state.lines.filter((l) => belongsTo(l, followUp.orderItemIds));
  const shipped = targets.filter((l) => state.shipped.has(l.InventoryLotId));
  if (shipped.length > 0 || (followUp.scope === 'order' && state.headerShipped)) {
    const which = shipped.map((l) => `${l.OrderLineReference || l.InventoryLotId} (item ${l.ItemNumber})`);
    return {
      kind: 'attention',
      message:
        `${followUp.requestedByBuyer ? 'The buyer asked to cancel' : 'Amazon cancelled'} ` +
        `${followUp.scope === 'order' ? 'the order' : `items ${followUp.orderItemIds.join(', ')}`}, but sales order ` +
        `${number} has shipped ${which.length ? `lines in D365: ${which.join(', ')}` : 'in D365'}; nothing was changed. ` +
        'If the goods have not left, reverse the packing slip in D365 and retry this record (connector retry): ' +
        'the lines are then cancelled; otherwise refund the buyer on Amazon once the goods are returned.',
    };
  }
  const open = targets.filter((l) => l.SalesOrderLineStatus !== 'Canceled' && l.OrderedSalesQuantity !== 0);
  const why = followUp.requestedByBuyer ? 'the buyer asked to cancel' : 'Amazon cancelled';
  // Every line targeted: the order itself goes (an order left without lines by a crash too).
  const everyLine = targets.length === state.lines.length;
  const emptyOrder = followUp.scope === 'order' && state.lines.length === 0;
  if (mode === 'delete' && everyLine && (open.length > 0 || emptyOrder)) {
    // Deleting the order takes its lines with it: no header is left behind without lines.
    await ctx.d365.remove(salesOrderHeaders, { SalesOrderNumber: number }, { company, signal: ctx.signal });
    return { kind: 'done', message: `sales order ${number} deleted in D365 (${why})` };
  }
  if (open.length === 0)
    return {
      kind: 'done',
      message: `nothing left to cancel in sales order ${number}: those lines are already cancelled or removed in D365`,
    };
  const operations = open.map((l) =>
    mode === 'delete'
      ? ctx.d365.ops.remove(salesOrderLines, { InventoryLotId: l.InventoryLotId }, { company })
      : ctx.d365.ops.update(
          salesOrderLines,
          { InventoryLotId: l.InventoryLotId },
          { OrderedSalesQuantity: 0 },
          { company },
        ),
  );
  // One change set: the item's lines (a bundle's components) go together or not at all.
  await ctx.d365.changeSet(operations, { signal: ctx.signal });
  const done = mode === 'delete' ? 'deleted' : 'set to quantity 0';
  return {
    kind: 'done',
    message: `${open.length} line(s) of sales order ${number} ${done} in D365 (${why})`,
  };
}

async function changeAddress(
  ctx: D365WriteContext,
  { company, salesOrderNumber: number }: Pick<ImportedOrder, 'company' | 'salesOrderNumber'>,
  followUp: AddressChange,
  state: OrderState,
): Promise<FollowUpOutcome> {
  if (state.headerShipped || state.shipped.size > 0)
    return {
      kind: 'attention',
      message:
        `The buyer’s delivery address changed on Amazon, but sales order ${number} has already shipped (some of) ` +
        'its lines in D365, so the new address was not applied. Check with the carrier where the parcel goes, ' +
        'change the address of the remaining lines by hand in D365 if any.',
    };
  const notes: string[] = [];
  // Header and open lines together, all or nothing: F&O copied the address onto each line at creation
  // and ships from the lines, so changing the header alone would send the parcel to the old address.
  const fields = deliveryAddressFields(followUp.address, notes);
  await ctx.d365.changeSet(
    [
      ctx.d365.ops.update(salesOrderHeaders, { SalesOrderNumber: number }, fields, { company }),
      ...state.lines
        .filter((l) => l.SalesOrderLineStatus !== 'Canceled')
        .map((l) =>
          ctx.d365.ops.update(salesOrderLines, { InventoryLotId: l.InventoryLotId }, fields, { company }),
        ),
    ],
    { signal: ctx.signal },
  );
  return {
    kind: 'done',
    message: `delivery address of sales order ${number} updated in D365${notes.length ? ` (${notes.join('; ')})` : ''}`,
  };
}

/** A line of one of these order items: its own line or a bundle component (`orderItemId#n`). */
function belongsTo(line: OrderLine, orderItemIds: string[]): boolean {
  const reference = line.OrderLineReference;
  return orderItemIds.some((id) => reference === id || reference.startsWith(`${id}#`));
}

/**
 * Lines with anything delivered: by status (Delivered, Invoiced) and by posted packing-slip lines, since
 * a partly delivered line still reads as open (Backorder) and the OData line has no delivered quantity.
 */
async function shippedLots(
  ctx: D365WriteContext,
  company: string,
  number: string,
  lines: OrderLine[],
): Promise<Set<string>> {
  const shipped = new Set(
    lines
      .filter((l) => l.SalesOrderLineStatus === 'Delivered' || l.SalesOrderLineStatus === 'Invoiced')
      .map((l) => l.InventoryLotId),
  );
  const delivered = new Map<string, number>();
  for await (const slipLine of ctx.d365.iterate(packingSlipLines, {
    company,
    signal: ctx.signal,
    filter: (where) => where.eq('SalesId', number),
    select: ['InventTransId', 'Qty'],
  }))
    delivered.set(slipLine.InventTransId, (delivered.get(slipLine.InventTransId) ?? 0) + slipLine.Qty);
  // Summed: a corrected (reversed) packing slip leaves the line with nothing delivered.
  for (const [lot, quantity] of delivered) if (quantity > 0) shipped.add(lot);
  return shipped;
}
