/**
 * The `load` step: what a run of `confirm-shipments` works on.
 *
 * 1. New packing slips, per legal entity of the connection: those posted since the entity's cursor
 *    (minus the overlap window; on the first run, since its first imported order), of orders the
 *    connector imported, not yet on their order's record — at most `pageSize`. Slips of other orders
 *    are passed over. The cursor value to set is the posting time of the last slip looked at; apply
 *    sets it in the transaction that records the slips.
 * 2. Their lines and tracking numbers (and the orders' carrier services when the mapping uses them).
 * 3. Orders with open packages (ready, waiting for tracking) or put back by a person (retry): their
 *    waiting packages' tracking is read again.
 */
import { getCursor, type CursorKey } from '../../../store/repos/cursors.ts';
import {
  firstImportedAt,
  readBySalesOrders,
  readImportedOrders,
  type ImportedOrder,
} from '../../domain/importedOrders.ts';
import { marketplaceProfiles } from '../../domain/marketplaceProfile.ts';
import type { CarrierMapping } from '../carrierMapping.ts';
import { carrierInputs } from '../inputs.ts';
import { openOrderRecords, readOrderRecords, type OrderRecord } from '../orderRecord.ts';
import { inPostingOrder, type PackageEntry } from '../packages.ts';
import type { OrderWork } from '../plan/decide.ts';
import { FLOW_ID, type ShipmentsContext } from '../settings.ts';
import {
  orderServices,
  slipKey,
  slipLines,
  slipsPostedSince,
  slipTracking,
  type SlipHeader,
} from './packingSlips.ts';

export interface ShipmentsSnapshot {
  orders: OrderWork[];
  /** Cursor values to set with the slips recorded (one per legal entity scanned). */
  cursors: { key: CursorKey; value: string }[];
  carriers: CarrierMapping;
  hasMore: boolean;
}

/** The last open record a run has looked at, so its next page goes on after it (ends with the run). */
const openSeen = new WeakMap<ShipmentsContext, number>();

/** Headers are looked up against the read model this many at a time. */
const SCAN_CHUNK = 200;

export const cursorKey = (connectionId: string, company: string): CursorKey => ({
  connectionId,
  flow: FLOW_ID,
  scope: `slips:${company}`,
});

interface Found {
  slip: SlipHeader;
  order: ImportedOrder;
}

export async function loadShipments(ctx: ShipmentsContext): Promise<ShipmentsSnapshot> {
  const carriers = carrierInputs(ctx.config);
  const db = ctx.store.db;
  const { pageSize, overlapMinutes } = ctx.settings;
  const companies = [
    ...new Set(marketplaceProfiles(ctx.connection!).map((p) => p.legalEntity.toLowerCase())),
  ];

  const found: Found[] = [];
  const cursors: ShipmentsSnapshot['cursors'] = [];
  const known = new Map<string, OrderRecord>();
  let hasMore = false;
  for (const company of companies) {
    if (found.length >= pageSize) {
      hasMore = true;
      break;
    }
    const key = cursorKey(ctx.connectionId, company);
    const cursor = await getCursor(db, key);
    const start = cursor ?? (await firstImportedAt(db, ctx.connectionId, company))?.toISOString();
    if (!start) continue; // nothing imported into this legal entity: nothing of ours can ship there
    const since = new Date(Date.parse(start) - overlapMinutes * 60_000).toISOString();
    const scan = await scanCompany(ctx, company, since, pageSize - found.length, known);
    found.push(...scan.found);
    if (scan.lastSeen && (!cursor || scan.lastSeen > cursor)) cursors.push({ key, value: scan.lastSeen });
    if (scan.stopped) hasMore = true;
  }

  // Open records, page by page within a run (the last one seen is remembered for the run's next page).
  const open = await openOrderRecords(db, ctx.connectionId, pageSize, openSeen.get(ctx) ?? 0);
  if (open.length === pageSize) hasMore = true;
  if (open.length > 0) openSeen.set(ctx, open.at(-1)!.id);
  for (const r of open) known.set(r.amazonOrderId, r);
  const importedOpen = await readImportedOrders(
    db,
    ctx.connectionId,
    open.map((r) => r.amazonOrderId),
  );

  // Group by order: the record's packages, then the new slips with the next package numbers.
  const work = new Map<string, OrderWork>();
  const workFor = (order: ImportedOrder): OrderWork => {
    let w = work.get(order.amazonOrderId);
    if (!w) {
      const record = known.get(order.amazonOrderId);
      w = {
        imported: order,
        packages: record?.packages ?? [],
        newSlips: [],
        // Packages needing a person keep the record in needs_attention; `pending` with such a package
        // means a person asked for a retry.
        retry: record?.state === 'pending' && record.packages.some((p) => p.state === 'needs_attention'),
      };
      work.set(order.amazonOrderId, w);
    }
    return w;
  };
  for (const r of open) {
    const order = importedOpen.get(r.amazonOrderId);
    if (order) workFor(order);
  }
  const details = await slipDetails(ctx, found, carriers);
  for (const { slip, order } of inPostingOrder(found.map((f) => ({ ...f, ...f.slip })))) {
    const w = workFor(order);
    const next = Math.max(0, ...w.packages.map((p) => Number(p.packageReferenceId) || 0)) + 1;
    const d = details.get(`${slip.company}\u0000${slipKey(slip.salesOrderNumber, slip.packingSlipId)}`);
    w.packages = [
      ...w.packages,
      {
        ...slip,
        ...d,
        lines: d?.lines ?? [],
        tracking: d?.tracking ?? [],
        packageReferenceId: String(next),
        state: 'ready',
      },
    ];
    w.newSlips.push(slip.packingSlipId);
  }
  await refreshTracking(ctx, [...work.values()]);
  return { orders: [...work.values()], cursors, carriers, hasMore };
}

/** Looks through one legal entity's slips since `since` for up to `limit` new ones of imported orders. */
async function scanCompany(
  ctx: ShipmentsContext,
  company: string,
  since: string,
  limit: number,
  known: Map<string, OrderRecord>,
): Promise<{ found: Found[]; lastSeen?: string; stopped: boolean }> {
  const { d365 } = ctx.remotes();
  const found: Found[] = [];
  let lastSeen: string | undefined;
  let chunk: SlipHeader[] = [];

  // Returns true once `limit` new slips are found.
  const examine = async (): Promise<boolean> => {
    const orders = await readBySalesOrders(
      ctx.store.db,
      ctx.connectionId,
      company,
      chunk.map((s) => s.salesOrderNumber),
    );
    const ids = [...orders.values()].map((o) => o.amazonOrderId).filter((id) => !known.has(id));
    for (const [id, record] of await readOrderRecords(ctx.store.db, ctx.connectionId, ids))
      known.set(id, record);
    for (const slip of chunk) {
      lastSeen = slip.createdOn;
      const order = orders.get(slip.salesOrderNumber);
      if (!order) continue; // not an order the connector imported
      const recorded = known
        .get(order.amazonOrderId)
        ?.packages.some((p) => p.packingSlipId === slip.packingSlipId);
      const taken = found.some(
        (f) => f.order.amazonOrderId === order.amazonOrderId && f.slip.packingSlipId === slip.packingSlipId,
      );
      if (recorded || taken) continue;
      found.push({ slip, order });
      if (found.length >= limit) return true;
    }
    chunk = [];
    return false;
  };

  for await (const slip of slipsPostedSince(d365, company, since, ctx.signal)) {
    chunk.push(slip);
    if (chunk.length >= SCAN_CHUNK && (await examine())) return { found, lastSeen, stopped: true };
  }
  if (chunk.length > 0 && (await examine())) return { found, lastSeen, stopped: true };
  return { found, lastSeen, stopped: false };
}

type SlipDetail = Pick<PackageEntry, 'lines' | 'tracking' | 'service'>;

/** Lines, tracking and carrier services of the new slips, per legal entity, keyed company + slipKey. */
async function slipDetails(
  ctx: ShipmentsContext,
  found: readonly Found[],
  carriers: CarrierMapping,
): Promise<Map<string, SlipDetail>> {
  const { d365 } = ctx.remotes();
  const out = new Map<string, SlipDetail>();
  for (const company of new Set(found.map((f) => f.slip.company))) {
    const slips = found.filter((f) => f.slip.company === company).map((f) => f.slip);
    const lines = await slipLines(d365, company, slips, ctx.signal);
    const tracking = await slipTracking(d365, company, slips, ctx.signal);
    const services = carriers.usesServices
      ? await orderServices(
          d365,
          company,
          slips.map((s) => s.salesOrderNumber),
          ctx.signal,
        )
      : new Map<string, string>();
    for (const s of slips) {
      const k = slipKey(s.salesOrderNumber, s.packingSlipId);
      const service = services.get(s.salesOrderNumber);
      out.set(`${company}\u0000${k}`, {
        lines: lines.get(k) ?? [],
        tracking: tracking.get(k) ?? [],
        ...(service && { service }),
      });
    }
  }
  return out;
}

/** Packages still waiting for a tracking number (or retried by a person) get D365's numbers as of now. */
async function refreshTracking(ctx: ShipmentsContext, orders: OrderWork[]): Promise<void> {
  const stale = orders.flatMap((o) =>
    o.packages.filter(
      (p) =>
        !o.newSlips.includes(p.packingSlipId) &&
        (p.state === 'waiting' || (o.retry && p.state === 'needs_attention')),
    ),
  );
  const { d365 } = ctx.remotes();
  for (const company of new Set(stale.map((p) => p.company))) {
    const tracking = await slipTracking(
      d365,
      company,
      stale.filter((p) => p.company === company),
      ctx.signal,
    );
    for (const o of orders)
      o.packages = o.packages.map((p) =>
        p.company === company && stale.includes(p)
          ? { ...p, tracking: tracking.get(slipKey(p.salesOrderNumber, p.packingSlipId)) ?? [] }
          : p,
      );
  }
}
