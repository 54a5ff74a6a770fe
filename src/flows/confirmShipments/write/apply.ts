/**
 * The `apply` step: records the run's decisions, then confirms the ready packages one by one.
 *
 * 1. One transaction: every order with new slips or a changed package is saved to its record (new
 *    packages with their numbers, waits, skips, reasons) and each legal entity's cursor moves past the
 *    slips looked at — so a slip found is never lost, and never taken twice.
 * 2. The run's next page, if there is one, starts loading (intake/snapshot.ts, prefetchShipments) while
 *    this one is confirmed.
 * 3. Each package to confirm goes through confirmPackage (exactly once), three orders at a time; a confirmed
 *    package is recorded, with the order's shipment in the imported-orders read model, in the transaction
 *    that marks its intent done, and the live feed says "Order X shipped:
 *    package 1 of 2, UPS 1Z…". A transient failure is noted on the record and the package stays ready;
 *    three in a row end the run (Amazon or the way to it is down), and the job tries again later.
 */
import { setCursor } from '../../../store/repos/cursors.ts';
import { describeError } from '../../../errors.ts';
import { WriteSettling } from '../../../engine/performOnce.ts';
import type { ApplyResult, Plan } from '../../../engine/flow.ts';
import { recordShipment, shippedQuantities, type ImportedOrder } from '../../domain/importedOrders.ts';
import { prefetchShipments, type ShipmentsSnapshot } from '../intake/snapshot.ts';
import { saveOrderRecord } from '../orderRecord.ts';
import { inPostingOrder, type PackageEntry } from '../packages.ts';
import { isPackageAction, type OrderWork, type PackageAction, type ShipmentAction } from '../plan/decide.ts';
import { inParallel } from '../../../engine/inParallel.ts';
import type { Queryable } from '../../../store/db.ts';
import type { ShipmentsContext } from '../settings.ts';
import { confirmPackage } from './confirmPackage.ts';
import { orderedUnits } from '../plan/orderItems.ts';

const CONSECUTIVE_FAILURES_END_RUN = 3;
/**
 * Confirmations under way at once: enough that while one is recorded and another crosses the network,
 * a third waits out the client's latency cushion (one refill interval) — more would only queue for the
 * same bucket.
 */
const CONFIRMATIONS_IN_FLIGHT = 3;

export async function applyShipments(
  plan: Plan<ShipmentAction>,
  snapshot: ShipmentsSnapshot,
  ctx: ShipmentsContext,
): Promise<ApplyResult> {
  const orders = new Map(snapshot.orders.map((o) => [o.imported.amazonOrderId, o]));
  const actions = plan.actions.filter(isPackageAction);
  const decided = new Map<string, PackageEntry[]>();
  for (const a of actions) decided.set(a.externalId, [...(decided.get(a.externalId) ?? []), a.entry]);

  // 1. Record what was found and decided; move the cursors.
  await ctx.commit(async (tx) => {
    for (const order of snapshot.orders) {
      const entries = decided.get(order.imported.amazonOrderId) ?? [];
      const changed = entries.filter((e) => {
        const before = order.packages.find((p) => p.packingSlipId === e.packingSlipId);
        return (
          order.newSlips.includes(e.packingSlipId) || before?.state !== e.state || before?.note !== e.note
        );
      });
      if (order.newSlips.length === 0 && changed.length === 0 && !order.retry) continue;
      order.packages = merge(order.packages, entries);
      await saveOrderRecord(tx, ctx.store.sealer, {
        ...recordOf(ctx, order),
        message: stagedMessage(order, changed),
      });
    }
    for (const c of snapshot.cursors) await setCursor(tx, c.key, c.value);
  });
  const toConfirm = actions.filter((a) => a.action === 'confirm');
  // The next page loads while this one is confirmed (all but the orders confirmed here, see there).
  if (snapshot.hasMore && !ctx.signal.aborted)
    prefetchShipments(ctx, new Set(toConfirm.map((a) => a.externalId)));
  let errors = 0;
  for (const a of actions) {
    if (a.action === 'attention') {
      errors++;
      await ctx.log.warn(
        `Order ${a.externalId}: packing slip ${a.entry.packingSlipId} needs attention — ${a.entry.note}`,
      );
    }
  }

  // 3. Confirm: orders side by side (several in flight keep Amazon's bucket busy while an answer is being
  //    recorded), each order's packages one after another in posting order.
  let failuresInARow = 0;
  let items = actions.length - toConfirm.length;
  const confirm = async (a: PackageAction) => {
    const order = orders.get(a.externalId)!;
    let outcome: PackageEntry;
    try {
      outcome = await confirmPackage(ctx, order.imported, a.entry, (tx, confirmed) =>
        recordOutcome(tx, ctx, order, confirmed),
      );
      failuresInARow = 0;
    } catch (error) {
      if (error instanceof WriteSettling) return; // looked up again on a later run
      failuresInARow++;
      errors++;
      await ctx.commit((tx) =>
        saveOrderRecord(tx, ctx.store.sealer, {
          ...recordOf(ctx, order),
          message: `confirming packing slip ${a.entry.packingSlipId} failed for now; it is tried again`,
          lastError: describeError(error),
          attempt: true,
        }),
      );
      await ctx.log.warn(
        `Order ${a.externalId}: package ${a.entry.packageReferenceId} not confirmed yet — ${describeError(error)}`,
      );
      if (failuresInARow >= CONSECUTIVE_FAILURES_END_RUN) throw error;
      return;
    }
    items++;
    // A refusal settled the package without confirming it: its record is saved here.
    if (outcome.state !== 'confirmed') await ctx.commit((tx) => recordOutcome(tx, ctx, order, outcome));
    if (outcome.state === 'confirmed')
      await ctx.log.info(shippedLine(order, outcome), { orderId: a.externalId });
    else if (outcome.state === 'needs_attention') {
      errors++;
      await ctx.log.warn(
        `Order ${a.externalId}: packing slip ${outcome.packingSlipId} needs attention — ${outcome.note}`,
      );
    } else
      await ctx.log.info(`Order ${a.externalId}: packing slip ${outcome.packingSlipId} — ${outcome.note}`);
  };
  await inParallel(
    [...byOrder(toConfirm).values()],
    CONFIRMATIONS_IN_FLIGHT,
    async (orderActions) => {
      for (const a of orderActions) if (!ctx.signal.aborted) await confirm(a);
    },
    () => ctx.signal.aborted,
  );
  return { items, errors };
}

/** The package's outcome on the order's record, and a confirmed one in the read model's shipments. */
async function recordOutcome(tx: Queryable, ctx: ShipmentsContext, order: OrderWork, outcome: PackageEntry) {
  order.packages = merge(order.packages, [outcome]);
  await saveOrderRecord(tx, ctx.store.sealer, {
    ...recordOf(ctx, order),
    message: outcomeMessage(outcome),
    attempt: true,
  });
  if (outcome.state === 'confirmed')
    order.imported = await recordShipment(tx, order.imported, shipmentOf(outcome));
}

/** The confirm actions grouped by order, in their order. */
function byOrder(actions: PackageAction[]): Map<string, PackageAction[]> {
  const groups = new Map<string, PackageAction[]>();
  for (const a of actions) groups.set(a.externalId, [...(groups.get(a.externalId) ?? []), a]);
  return groups;
}

/** The order's packages with the decided entries in place of the old ones. */
function merge(packages: PackageEntry[], entries: PackageEntry[]): PackageEntry[] {
  return packages.map((p) => entries.find((e) => e.packingSlipId === p.packingSlipId) ?? p);
}

function recordOf(ctx: ShipmentsContext, order: OrderWork) {
  return {
    connectionId: ctx.connectionId,
    amazonOrderId: order.imported.amazonOrderId,
    company: order.imported.company,
    salesOrderNumber: order.imported.salesOrderNumber,
    packages: inPostingOrder(order.packages),
    runId: ctx.runId,
  };
}

function stagedMessage(order: OrderWork, changed: PackageEntry[]): string {
  const parts = changed.map((e) =>
    order.newSlips.includes(e.packingSlipId)
      ? `packing slip ${e.packingSlipId} found (package ${e.packageReferenceId}): ${e.state}`
      : `packing slip ${e.packingSlipId}: ${e.state}`,
  );
  return parts.length > 0 ? parts.join('; ') : 'retry: packages decided again';
}

function outcomeMessage(p: PackageEntry): string {
  return p.state === 'confirmed'
    ? `package ${p.packageReferenceId} (packing slip ${p.packingSlipId}) confirmed to Amazon`
    : `package ${p.packageReferenceId} (packing slip ${p.packingSlipId}): ${p.note ?? p.state}`;
}

function shipmentOf(p: PackageEntry) {
  const d = p.detail!;
  return {
    reference: p.packingSlipId,
    packageReferenceId: p.packageReferenceId,
    items: d.orderItems,
    carrier: d.carrierCode === 'Other' ? d.carrierName : d.carrierCode,
    trackingNumber: d.trackingNumber,
    shipDate: d.shipDate,
    confirmedAt: p.confirmedAt ?? new Date().toISOString(),
  };
}

/** "Order X shipped: package 1 of 2, UPS 1Z…" — or "partly shipped" while units remain. */
function shippedLine(order: { imported: ImportedOrder; packages: PackageEntry[] }, p: PackageEntry): string {
  const ordered = orderedUnits(order.imported);
  const shipped = shippedQuantities(order.imported);
  const done = [...ordered].every(
    ([id, n]) => (shipped.get(id) ?? 0) >= n || id in order.imported.cancelledItems,
  );
  const d = p.detail!;
  const carrier = d.carrierCode === 'Other' ? d.carrierName : d.carrierCode;
  return `Order ${order.imported.amazonOrderId} ${done ? 'shipped' : 'partly shipped'}: package ${p.packageReferenceId} of ${order.packages.length}, ${carrier} ${d.trackingNumber}`;
}
