/**
 * The end state the shipment crash test demands, compared with what Amazon and the connector hold. As in
 * the order crash test (orders/expectations.ts), each function answers a list of discrepancies in words
 * (empty: as it must be), so a failure names every package lost, doubled or wrong at once.
 *
 * - On Amazon (`GET /_sim/orders/:id`), every posted slip with a tracking number is exactly one
 *   package: packageReferenceId 1…n in posting order, none twice, none missing, none more; each with the
 *   slip's carrier, first tracking number and units; the units shipped per item are those packages' sum,
 *   and the order is SHIPPED when they are all it ordered, else PARTIALLY_SHIPPED. A slip still without
 *   a tracking number is no package yet.
 * - In the connector: the order's `confirm-shipments` record with every package confirmed (synced), or
 *   waiting for its tracking number (pending); one `amazon.confirmShipment` intent per package on
 *   Amazon (key order/package), done — no other.
 */
import type { Json } from '../orders/orderMix.ts';
import type { IntentRow } from '../orders/expectations.ts';
import type { ConnectorRecord } from '../orders/ordersWorld.ts';
import type { ExpectedPackage, PlannedSlip, ShippingOrder } from './slipPlan.ts';

const waits = (slip: PlannedSlip) => slip.lateTracking?.entered === false;

/** The packages Amazon must have by now: every slip posted but those still without a tracking number. */
const posted = (order: ShippingOrder): ExpectedPackage[] =>
  order.slips
    .slice(0, order.posted)
    .filter((s) => !waits(s))
    .map((s) => s.expected);

const describeItems = (items: Map<string, number>) =>
  [...items]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, q]) => `${id}×${q}`)
    .join(', ');

function packageProblems(where: string, want: ExpectedPackage, have: Json): string[] {
  const problems: string[] = [];
  const items = new Map<string, number>();
  for (const i of have.items as Json[])
    items.set(i.orderItemId, (items.get(i.orderItemId) ?? 0) + i.quantity);
  if (describeItems(items) !== describeItems(want.items))
    problems.push(`${where} holds ${describeItems(items)}, expected ${describeItems(want.items)}`);
  const carrier = (p: { carrierCode: string; carrierName?: string }) =>
    p.carrierCode === 'Other' ? `Other (${p.carrierName})` : p.carrierCode;
  if (carrier(have) !== carrier(want))
    problems.push(`${where}: carrier ${carrier(have)}, expected ${carrier(want)}`);
  if (have.trackingNumber !== want.trackingNumber)
    problems.push(`${where}: tracking number ${have.trackingNumber}, expected ${want.trackingNumber}`);
  return problems;
}

/** Amazon's view of each order (by order id) against the slips posted for it. */
export function amazonDiscrepancies(orders: ShippingOrder[], views: Map<string, Json>): string[] {
  const problems: string[] = [];
  for (const order of orders) {
    const view = views.get(order.orderId);
    const where = `order ${order.orderId} (${order.salesOrderNumber})`;
    if (!view) {
      problems.push(`${where}: not on Amazon`);
      continue;
    }
    const want = posted(order);
    const have = view.packages as Json[];
    const counts = new Map<string, number>();
    for (const p of have) counts.set(p.packageReferenceId, (counts.get(p.packageReferenceId) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1).map(([ref, n]) => `${ref} ×${n}`);
    if (twice.length) problems.push(`${where}: packages confirmed more than once: ${twice.join(', ')}`);
    const missing = want.filter((w) => !counts.has(w.packageReferenceId)).map((w) => w.packageReferenceId);
    if (missing.length) problems.push(`${where}: packages missing on Amazon: ${missing.join(', ')}`);
    const extra = [...counts.keys()].filter((ref) => !want.some((w) => w.packageReferenceId === ref));
    if (extra.length) problems.push(`${where}: packages no posted slip accounts for: ${extra.join(', ')}`);
    for (const w of want) {
      const p = have.find((h) => h.packageReferenceId === w.packageReferenceId);
      if (p) problems.push(...packageProblems(`${where}: package ${w.packageReferenceId}`, w, p));
    }

    const shipped = new Map<string, number>();
    for (const w of want) for (const [id, q] of w.items) shipped.set(id, (shipped.get(id) ?? 0) + q);
    for (const item of view.items as Json[])
      if (item.quantityShipped !== (shipped.get(item.orderItemId) ?? 0))
        problems.push(
          `${where}: item ${item.orderItemId} shows ${item.quantityShipped} shipped, the slips shipped ${shipped.get(item.orderItemId) ?? 0}`,
        );
    const complete = [...order.ordered].every(([id, q]) => (shipped.get(id) ?? 0) === q);
    const status = complete ? 'SHIPPED' : shipped.size > 0 ? 'PARTIALLY_SHIPPED' : 'UNSHIPPED';
    if (view.status !== status) problems.push(`${where}: status ${view.status}, expected ${status}`);
  }
  return problems;
}

/** The connector's `confirm-shipments` records: each package confirmed, or waiting for its tracking. */
export function shipmentRecordDiscrepancies(orders: ShippingOrder[], records: ConnectorRecord[]): string[] {
  const problems: string[] = [];
  const byId = new Map(records.map((r) => [r.externalId, r]));
  for (const order of orders) {
    if (order.posted === 0) continue;
    const record = byId.get(order.orderId);
    if (!record) {
      problems.push(`order ${order.orderId}: no confirm-shipments record`);
      continue;
    }
    const packages = (record.summary.packages ?? []) as Json[];
    const states = packages.map((p) => `${p.packageReferenceId}:${p.state}`).join(', ');
    const slips = order.slips.slice(0, order.posted);
    const wanted = slips
      .map((s) => `${s.expected.packageReferenceId}:${waits(s) ? 'waiting' : 'confirmed'}`)
      .join(', ');
    const state = slips.some(waits) ? 'pending' : 'synced';
    if (record.state !== state || states !== wanted)
      problems.push(
        `order ${order.orderId}: record ${record.state} with packages [${states}], expected ${state} with [${wanted}]` +
          (record.reason || record.lastError ? ` (${record.reason ?? record.lastError})` : ''),
      );
  }
  const known = new Set(orders.map((o) => o.orderId));
  const strangers = records.filter((r) => !known.has(r.externalId));
  if (strangers.length)
    problems.push(
      `confirm-shipments records of unknown orders: ${strangers.map((r) => r.externalId).join(', ')}`,
    );
  return problems;
}

/** Exactly one `amazon.confirmShipment` intent per package, done. */
export function confirmIntentDiscrepancies(orders: ShippingOrder[], intents: IntentRow[]): string[] {
  const wanted = new Set(orders.flatMap((o) => posted(o).map((w) => `${o.orderId}/${w.packageReferenceId}`)));
  const problems = intents
    .filter((i) => !wanted.has(i.key) || i.state !== 'done')
    .map((i) => `intent ${i.operation} ${i.key} ${wanted.has(i.key) ? `left ${i.state}` : 'for no package'}`);
  const have = new Set(intents.map((i) => i.key));
  const missing = [...wanted].filter((k) => !have.has(k));
  if (missing.length) problems.push(`no confirmShipment intent for ${missing.join(', ')}`);
  return problems;
}
