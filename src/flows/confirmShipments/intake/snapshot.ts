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
  importedSince,
  importMarkNow,
  readBySalesOrders,
  readImportedOrders,
  type ImportedOrder,
} from '../../domain/importedOrders.ts';
import { marketplaceProfiles } from '../../domain/marketplaceProfile.ts';
import type { CarrierMapping } from '../carrierMapping.ts';
import { carrierInputs } from '../inputs.ts';
import { openOrderRecords, readOrderRecords, recordedSlips, type OrderRecord } from '../orderRecord.ts';
import { inPostingOrder, type PackageEntry } from '../packages.ts';
import type { OrderWork } from '../plan/decide.ts';
import { FLOW_ID, type ShipmentsContext } from '../settings.ts';
import {
  orderServices,
  slipHeadersBy,
  slipKey,
  slipLines,
  slipsPostedSince,
  slipTracking,
  type ScanPosition,
  type SlipHeader,
} from './packingSlips.ts';

export interface ShipmentsSnapshot {
  orders: OrderWork[];
  /** Cursor values to set with the slips recorded (one per legal entity scanned). */
  cursors: { key: CursorKey; value: string }[];
  carriers: CarrierMapping;
  hasMore: boolean;
}

/**
 * Where a run's paging stands, so its next page goes on after what it has looked at instead of reading
 * it again: the last open record, and per legal entity the last slip the scan passed (what it passed is
 * recorded by then). Ends with the run: a new run starts from the cursor minus the overlap, so a slip
 * that became visible late is still found. Taken over from a page only when that page is used.
 */
interface Positions {
  open: number;
  scan: ReadonlyMap<string, ScanPosition>;
}
const positions = new WeakMap<ShipmentsContext, Positions>();

/** A page loaded, with the positions to go on from once it is used. */
interface Loaded {
  snapshot: ShipmentsSnapshot;
  positions: Positions;
  /** The page stops before work of an order still being confirmed (a prefetch). */
  cutShort: boolean;
}

/** The next page, loaded while the current one was being confirmed (see `prefetchShipments`). */
const prefetched = new WeakMap<ShipmentsContext, Promise<Loaded>>();

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
  const ahead = prefetched.get(ctx);
  prefetched.delete(ctx);
  const loaded = ahead ? await ahead : undefined;
  // A prefetch that found nothing before an order still being confirmed then is loaded again: the
  // runner ends a run at a page without work.
  const page =
    loaded && !(loaded.cutShort && loaded.snapshot.orders.length === 0) ? loaded : await loadPage(ctx);
  positions.set(ctx, page.positions);
  return page.snapshot;
}

/**
 * Starts loading the run's next page while the current one is confirmed, so Amazon's bucket does not
 * idle through a load between pages. `busy` are the orders being confirmed: the page stops before any
 * of their slips and leaves their records alone (what it read of them would be stale once their
 * confirmations are recorded); a later page or run takes them up. Nothing moves until the page is used
 * (`loadShipments`); a run that ends first leaves it unused, as if never loaded.
 */
export function prefetchShipments(ctx: ShipmentsContext, busy: ReadonlySet<string>): void {
  const loading = loadPage(ctx, busy);
  loading.catch(() => undefined); // its failure is the next load's, if there is one
  prefetched.set(ctx, loading);
}

async function loadPage(ctx: ShipmentsContext, busy: ReadonlySet<string> = new Set()): Promise<Loaded> {
  const carriers = carrierInputs(ctx.config);
  const db = ctx.store.db;
  const { pageSize, overlapMinutes } = ctx.settings;
  const companies = [
    ...new Set(marketplaceProfiles(ctx.connection!).map((p) => p.legalEntity.toLowerCase())),
  ];

  const from = positions.get(ctx);
  const scanPositions = new Map(from?.scan);
  const found: Found[] = [];
  const cursors: ShipmentsSnapshot['cursors'] = [];
  const known = new Map<string, OrderRecord>();
  let hasMore = false;
  let cutShort = false;
  for (const company of companies) {
    if (found.length >= pageSize || cutShort) {
      hasMore = true;
      break;
    }
    const late = await lateOrders(ctx, company, known, found, busy);
    found.push(...late.found);
    if (late.cursor) cursors.push(late.cursor);
    if (late.more) hasMore = true;
    if (late.cutShort) {
      cutShort = true;
      continue;
    }
    const key = cursorKey(ctx.connectionId, company);
    const cursor = await getCursor(db, key);
    const start = cursor ?? (await firstImportedAt(db, ctx.connectionId, company))?.toISOString();
    if (!start) continue; // nothing imported into this legal entity: nothing of ours can ship there
    const since = new Date(Date.parse(start) - overlapMinutes * 60_000).toISOString();
    const after = scanPositions.get(company);
    const scan = await scanCompany(ctx, company, after ? { after } : { since }, pageSize - found.length, {
      known,
      taken: found,
      busy,
    });
    if (scan.position) scanPositions.set(company, scan.position);
    found.push(...scan.found);
    if (scan.lastSeen && (!cursor || scan.lastSeen > cursor)) cursors.push({ key, value: scan.lastSeen });
    if (scan.stopped) hasMore = true;
    if (scan.cutShort) cutShort = true;
  }

  // Open records, page by page within a run; those of orders being confirmed are the next run's.
  const openPage = await openOrderRecords(db, ctx.connectionId, pageSize, from?.open ?? 0);
  if (openPage.length === pageSize) hasMore = true;
  const open = openPage.filter((r) => !busy.has(r.amazonOrderId));
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
        packages: record ? settledByPerson(record) : [],
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
  const details = await slipDetails(
    ctx,
    found.map((f) => f.slip),
    carriers,
  );
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
  await refreshOpen(ctx, [...work.values()], carriers);
  return {
    snapshot: { orders: [...work.values()], cursors, carriers, hasMore },
    positions: { open: openPage.at(-1)?.id ?? from?.open ?? 0, scan: scanPositions },
    cutShort,
  };
}

/** What a scan checks a slip against: records read, slips taken already in this load, orders in work. */
interface ScanContext {
  known: Map<string, OrderRecord>;
  taken: readonly Found[];
  busy: ReadonlySet<string>;
}

/**
 * Looks through one legal entity's slips since `since` for up to `limit` new ones of imported orders —
 * new: neither on their order's record nor `taken` already in this load (by the late-order lookup, which
 * reads the same slips by sales order). Stops before a slip of a `busy` order (cut short).
 */
async function scanCompany(
  ctx: ShipmentsContext,
  company: string,
  from: Parameters<typeof slipsPostedSince>[2],
  limit: number,
  { known, taken, busy }: ScanContext,
): Promise<{
  found: Found[];
  lastSeen?: string;
  position?: ScanPosition;
  stopped: boolean;
  cutShort: boolean;
}> {
  const { d365 } = ctx.remotes();
  const found: Found[] = [];
  let lastSeen: string | undefined;
  let position: ScanPosition | undefined;
  let cut = false;
  let chunk: { slip: SlipHeader; at: ScanPosition }[] = [];

  // Returns true once `limit` new slips are found.
  const examine = async (): Promise<boolean> => {
    const orders = await readBySalesOrders(
      ctx.store.db,
      ctx.connectionId,
      company,
      chunk.map((c) => c.slip.salesOrderNumber),
    );
    const ids = [...orders.values()].map((o) => o.amazonOrderId).filter((id) => !known.has(id));
    const recordedOf = await recordedSlips(ctx.store.db, ctx.connectionId, ids);
    const isRecorded = (orderId: string, slipId: string) =>
      known.get(orderId)?.packages.some((p) => p.packingSlipId === slipId) ??
      recordedOf.get(orderId)?.has(slipId) === true;
    const before = found.length;
    let full = false;
    for (const { slip, at } of chunk) {
      const order = orders.get(slip.salesOrderNumber);
      if (order && busy.has(order.amazonOrderId)) {
        full = cut = true;
        break;
      }
      lastSeen = slip.createdOn;
      position = at;
      if (!order) continue; // not an order the connector imported
      const isSame = (f: Found) =>
        f.order.amazonOrderId === order.amazonOrderId && f.slip.packingSlipId === slip.packingSlipId;
      if (isRecorded(order.amazonOrderId, slip.packingSlipId) || taken.some(isSame) || found.some(isSame))
        continue;
      found.push({ slip, order });
      if (found.length >= limit) {
        full = true;
        break;
      }
    }
    // The whole records of the orders with a new slip: their packages are numbered on from them.
    const withNew = found
      .slice(before)
      .map((f) => f.order.amazonOrderId)
      .filter((id) => recordedOf.has(id) && !known.has(id));
    for (const [id, record] of await readOrderRecords(ctx.store.db, ctx.connectionId, withNew))
      known.set(id, record);
    if (full) return true;
    chunk = [];
    return false;
  };

  const result = (stopped: boolean) => ({ found, lastSeen, position, stopped, cutShort: cut });
  for await (const read of slipsPostedSince(d365, company, from, ctx.signal)) {
    chunk.push(read);
    if (chunk.length >= SCAN_CHUNK && (await examine())) return result(true);
  }
  return result(chunk.length > 0 && (await examine()));
}

type SlipDetail = Pick<PackageEntry, 'lines' | 'tracking' | 'service'>;

/** Lines, tracking and carrier services of the new slips, per legal entity, keyed company + slipKey. */
async function slipDetails(
  ctx: ShipmentsContext,
  slips: readonly Pick<SlipHeader, 'company' | 'packingSlipId' | 'salesOrderNumber'>[],
  carriers: CarrierMapping,
): Promise<Map<string, SlipDetail>> {
  const { d365 } = ctx.remotes();
  const out = new Map<string, SlipDetail>();
  for (const company of new Set(slips.map((s) => s.company))) {
    const ofCompany = slips.filter((s) => s.company === company);
    const lines = await slipLines(d365, company, ofCompany, ctx.signal);
    const tracking = await slipTracking(d365, company, ofCompany, ctx.signal);
    const services = carriers.usesServices
      ? await orderServices(
          d365,
          company,
          ofCompany.map((s) => s.salesOrderNumber),
          ctx.signal,
        )
      : new Map<string, string>();
    for (const s of ofCompany) {
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

/**
 * What D365 says now of packages decided again: a waiting package's tracking numbers; for a package a
 * person asked to retry, its whole slip — header (carrier, mode of delivery), lines and tracking — since
 * the fix may have been made to any of them.
 */
async function refreshOpen(
  ctx: ShipmentsContext,
  orders: OrderWork[],
  carriers: CarrierMapping,
): Promise<void> {
  const { d365 } = ctx.remotes();
  const retried = new Set<PackageEntry>();
  const stale: PackageEntry[] = [];
  for (const o of orders)
    for (const p of o.packages) {
      if (o.newSlips.includes(p.packingSlipId)) continue;
      if (o.retry && p.state === 'needs_attention') retried.add(p);
      if (p.state === 'waiting' || retried.has(p)) stale.push(p);
    }
  for (const company of new Set(stale.map((p) => p.company))) {
    const ofCompany = stale.filter((p) => p.company === company);
    const again = ofCompany.filter((p) => retried.has(p));
    // Waiting packages need only their tracking numbers; retried ones their whole slip (tracking included).
    const tracking = await slipTracking(
      d365,
      company,
      ofCompany.filter((p) => !retried.has(p)),
      ctx.signal,
    );
    const slipIds = again.map((p) => p.packingSlipId);
    const headers = new Map(
      (await slipHeadersBy(d365, company, 'PackingSlipId', slipIds, ctx.signal)).map((h) => [
        slipKey(h.salesOrderNumber, h.packingSlipId),
        h,
      ]),
    );
    const details = await slipDetails(ctx, again, carriers);
    for (const o of orders)
      o.packages = o.packages.map((p) => {
        if (p.company !== company || !ofCompany.includes(p)) return p;
        const key = slipKey(p.salesOrderNumber, p.packingSlipId);
        if (!retried.has(p)) return { ...p, tracking: tracking.get(key) ?? [] };
        const d = details.get(`${company}\u0000${key}`);
        const header = headers.get(key);
        // The slip gone from D365's journal: decided on what was read before, with today's tracking.
        if (!header) return { ...p, tracking: d?.tracking ?? [] };
        const { carrier: _c, mode: _m, service: _s, ...rest } = p;
        return {
          ...rest,
          ...header,
          ...(d?.service && { service: d.service }),
          lines: d?.lines ?? p.lines,
          tracking: d?.tracking ?? [],
        };
      });
  }
}

/** A record a person resolved: the packages that needed them are settled (nothing more is sent for them). */
function settledByPerson(record: OrderRecord): PackageEntry[] {
  if (record.state !== 'synced' || !record.resolvedBy) return record.packages;
  const by = `resolved by ${record.resolvedBy}${record.resolution ? `: ${record.resolution}` : ''}`;
  return record.packages.map((p) =>
    p.state === 'needs_attention' ? { ...p, state: 'not_sent' as const, note: `${p.note ?? ''} — ${by}` } : p,
  );
}

/**
 * Orders that reached the read model since the last look (`imported:<company>` mark): their packing
 * slips are read by sales order, whenever posted — a slip posted before its order was recorded (an
 * import that needed a person, say) is behind the scan by posting time and would be missed. On the
 * first run the mark starts now: the scan from the first imported order covers everything before.
 */
async function lateOrders(
  ctx: ShipmentsContext,
  company: string,
  known: Map<string, OrderRecord>,
  taken: readonly Found[],
  busy: ReadonlySet<string>,
): Promise<{
  found: Found[];
  cursor?: { key: CursorKey; value: string };
  more: boolean;
  cutShort?: boolean;
}> {
  const db = ctx.store.db;
  const key = { ...cursorKey(ctx.connectionId, company), scope: `imported:${company}` };
  const mark = await getCursor(db, key);
  if (!mark) return { found: [], cursor: { key, value: await importMarkNow(db) }, more: false };
  const limit = ctx.settings.pageSize;
  const read = await importedSince(db, ctx.connectionId, company, mark, limit);
  // Up to the first order still being confirmed: the mark stays before it (and before any order
  // imported at the same instant, which the next look, after the mark, would pass over).
  const busyAt = read.find((r) => busy.has(r.order.amazonOrderId));
  const recent = busyAt
    ? read.filter((r) => Date.parse(r.order.importedAt) < Date.parse(busyAt.order.importedAt))
    : read;
  const cutShort = busyAt !== undefined;
  if (recent.length === 0) return { found: [], more: cutShort, cutShort };
  const orders = new Map(recent.map((r) => [r.order.salesOrderNumber, r.order]));
  const ids = recent.map((r) => r.order.amazonOrderId).filter((id) => !known.has(id));
  for (const [id, record] of await readOrderRecords(db, ctx.connectionId, ids)) known.set(id, record);
  const slips = await slipHeadersBy(ctx.remotes().d365, company, 'SalesId', [...orders.keys()], ctx.signal);
  const found: Found[] = [];
  for (const slip of slips) {
    const order = orders.get(slip.salesOrderNumber)!;
    const isSame = (f: Found) =>
      f.order.amazonOrderId === order.amazonOrderId && f.slip.packingSlipId === slip.packingSlipId;
    const recorded = known
      .get(order.amazonOrderId)
      ?.packages.some((p) => p.packingSlipId === slip.packingSlipId);
    if (!recorded && !taken.some(isSame) && !found.some(isSame)) found.push({ slip, order });
  }
  return {
    found,
    cursor: { key, value: recent.at(-1)!.mark },
    more: cutShort || read.length === limit,
    cutShort,
  };
}
