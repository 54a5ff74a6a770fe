/**
 * The end state the crash test demands, compared with what D365 and the connector hold. Each function
 * answers a list of discrepancies in words (empty: as it must be), so a failure names every order that
 * was lost, duplicated or left incomplete at once.
 *
 * - Every Amazon order not cancelled: exactly ONE sales order with its id as CustomersOrderReference,
 *   with exactly its lines (OrderLineReference: items, bundle components, SHIPPING / GIFT_WRAP), none
 *   twice, none missing, item and quantity right; the lines of items the buyer asked to cancel gone.
 * - Every order Amazon cancelled: no sales order (the demo setting `cancellation: delete`).
 * - Every customer the connector created (search name = its key) exactly once, each order's customer the
 *   one its buyer's key names (or the marketplace's account, for orders imported under that strategy).
 * - Every order's record `synced`, and no write intent left unresolved (but one Amazon cancelled midway).
 */
import { normaliseName, normaliseTaxNumber } from '../../../src/flows/importOrders/plan/planCustomer.ts';
import type { CustomerRow, D365State, HeaderRow, LineRow } from './d365Reader.ts';
import { expectedLines, type Json } from './orderMix.ts';
import type { ConnectorRecord } from './ordersWorld.ts';

export interface PlacedOrder {
  orderId: string;
  /** The emulator's view of the order (`GET /_sim/orders/:id`), read again before checking. */
  view: Json;
}

const MARKETPLACE_ACCOUNTS = new Set(['AMZ-US', 'AMZ-CA']);

/** The customer key of a business order (planCustomer.ts rule 1), else undefined. */
function businessKey(view: Json, customerKey: (text: string) => string): string | undefined {
  const business = view.business;
  if (!business) return undefined;
  const name = normaliseName(business.companyName ?? '');
  const number = normaliseTaxNumber(business.taxRegistration?.number ?? '');
  return customerKey(`business:${name}|${number}`);
}

const buyerKey = (view: Json, customerKey: (text: string) => string) =>
  customerKey(`buyer:${String(view.buyer.email).trim().toLowerCase()}`);

export function orderDiscrepancies(placed: PlacedOrder[], d365: D365State): string[] {
  const problems: string[] = [];
  const headersByRef = new Map<string, HeaderRow[]>();
  for (const h of d365.headers)
    headersByRef.set(h.CustomersOrderReference, [...(headersByRef.get(h.CustomersOrderReference) ?? []), h]);
  const linesByOrder = new Map<string, LineRow[]>();
  for (const l of d365.lines) {
    const key = `${l.dataAreaId}/${l.SalesOrderNumber}`;
    linesByOrder.set(key, [...(linesByOrder.get(key) ?? []), l]);
  }
  for (const { orderId, view } of placed) {
    const headers = headersByRef.get(orderId) ?? [];
    if (view.status === 'CANCELLED') {
      if (headers.length > 0)
        problems.push(
          `order ${orderId} was cancelled on Amazon but D365 still holds ${headers.map((h) => h.SalesOrderNumber).join(', ')}`,
        );
      continue;
    }
    if (headers.length !== 1) {
      problems.push(
        `order ${orderId}: ${headers.length} sales orders in D365${headers.length ? ` (${headers.map((h) => h.SalesOrderNumber).join(', ')})` : ''}`,
      );
      continue;
    }
    const header = headers[0]!;
    const requested = new Set<string>(view.cancellation?.requestedItems ?? []);
    const wanted = expectedLines(view).filter((l) => !l.orderItemId || !requested.has(l.orderItemId));
    const have = linesByOrder.get(`${header.dataAreaId}/${header.SalesOrderNumber}`) ?? [];
    const counts = new Map<string, number>();
    for (const l of have) counts.set(l.OrderLineReference, (counts.get(l.OrderLineReference) ?? 0) + 1);
    const where = `order ${orderId} (${header.SalesOrderNumber})`;
    const twice = [...counts].filter(([, n]) => n > 1).map(([ref, n]) => `${ref} ×${n}`);
    if (twice.length) problems.push(`${where}: lines written more than once: ${twice.join(', ')}`);
    const missing = wanted.filter((w) => !counts.has(w.reference)).map((w) => w.reference);
    if (missing.length) problems.push(`${where}: lines missing: ${missing.join(', ')}`);
    const extra = [...counts.keys()].filter((ref) => !wanted.some((w) => w.reference === ref));
    if (extra.length) problems.push(`${where}: lines that should not be there: ${extra.join(', ')}`);
    for (const w of wanted) {
      const line = have.find((l) => l.OrderLineReference === w.reference);
      if (line && (line.ItemNumber !== w.itemNumber || line.OrderedSalesQuantity !== w.quantity))
        problems.push(
          `${where}: line ${w.reference} is ${line.ItemNumber} × ${line.OrderedSalesQuantity}, expected ${w.itemNumber} × ${w.quantity}`,
        );
    }
  }
  const placedIds = new Set(placed.map((p) => p.orderId));
  const strangers = d365.headers.filter(
    (h) => h.CustomersOrderReference && !placedIds.has(h.CustomersOrderReference),
  );
  if (strangers.length)
    problems.push(
      `sales orders for unknown Amazon orders: ${strangers.map((h) => h.CustomersOrderReference).join(', ')}`,
    );
  return problems;
}

export function customerDiscrepancies(
  placed: PlacedOrder[],
  d365: D365State,
  customerKey: (text: string) => string,
): string[] {
  const problems: string[] = [];
  const created = d365.customers.filter((c) => !MARKETPLACE_ACCOUNTS.has(c.CustomerAccount));
  const byKey = new Map<string, CustomerRow[]>();
  for (const c of created) byKey.set(c.NameAlias, [...(byKey.get(c.NameAlias) ?? []), c]);
  for (const [key, rows] of byKey)
    if (rows.length > 1)
      problems.push(
        `customer key ${key} created ${rows.length}× (${rows.map((r) => r.CustomerAccount).join(', ')})`,
      );

  const known = new Set<string>();
  for (const { orderId, view } of placed) {
    const business = businessKey(view, customerKey);
    const buyer = buyerKey(view, customerKey);
    known.add(business ?? buyer);
    if (business && !byKey.has(business))
      problems.push(`order ${orderId}: its business customer ${business} is missing`);
    const header = d365.headers.find((h) => h.CustomersOrderReference === orderId);
    if (!header) continue;
    const account = header.OrderingCustomerAccountNumber;
    const accountKey = created.find((c) => c.CustomerAccount === account)?.NameAlias;
    const allowed = business ? [business] : [buyer];
    if (!business && MARKETPLACE_ACCOUNTS.has(account)) continue; // imported under `marketplace`
    if (!accountKey || !allowed.includes(accountKey))
      problems.push(
        `order ${orderId}: customer ${account} (key ${accountKey ?? 'none'}) is not its buyer's (${allowed[0]})`,
      );
  }
  const strays = [...byKey.keys()].filter((key) => !known.has(key));
  if (strays.length) problems.push(`customers with keys no order has: ${strays.join(', ')}`);
  return problems;
}

export function recordDiscrepancies(placed: PlacedOrder[], records: ConnectorRecord[]): string[] {
  const problems: string[] = [];
  const byId = new Map(records.map((r) => [r.externalId, r]));
  for (const { orderId } of placed) {
    const record = byId.get(orderId);
    if (!record) problems.push(`order ${orderId}: no record`);
    else if (record.state !== 'synced')
      problems.push(
        `order ${orderId}: record ${record.state} (${record.reason ?? record.lastError ?? 'no reason'})`,
      );
  }
  const extra = records.filter((r) => !placed.some((p) => p.orderId === r.externalId));
  if (extra.length) problems.push(`records for unknown orders: ${extra.map((r) => r.externalId).join(', ')}`);
  return problems;
}

export interface IntentRow {
  operation: string;
  key: string;
  state: string;
}

/**
 * Write intents not `done`. One may stay pending only for an order Amazon cancelled before its write was
 * finished (nothing more is written for it), or for a customer only such orders needed.
 */
export function intentDiscrepancies(
  placed: PlacedOrder[],
  intents: IntentRow[],
  customerKey: (text: string) => string,
): string[] {
  const live = placed.filter((p) => p.view.status !== 'CANCELLED');
  const liveOrders = new Set(live.map((p) => p.orderId));
  const liveCustomers = new Set(
    live.flatMap((p) => [businessKey(p.view, customerKey), buyerKey(p.view, customerKey)]),
  );
  return intents
    .filter((i) => i.state !== 'done')
    .filter((i) => {
      const subject = i.key.slice(i.key.indexOf('/') + 1);
      return i.state !== 'pending' || liveOrders.has(subject) || liveCustomers.has(subject);
    })
    .map((i) => `intent ${i.operation} ${i.key} left ${i.state}`);
}
