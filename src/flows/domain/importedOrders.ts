/**
 * The imported-orders read model: each Amazon order the order import made a D365 sales order of — which
 * sales order and lines (Amazon order item ↔ D365 line), what was cancelled in D365 and by whom, buyer
 * cancellation requests carried out in D365 that still await their answer on Amazon, and what shipped.
 * The order import writes it in the transaction that records its own work; the flows that follow an
 * imported order (shipment confirmations, cancellations) read and extend it here — never another flow's
 * record summary. Table `imported_orders` (migration 004).
 */
import type { Queryable } from '../../store/db.ts';

/** Who cancelled, as Amazon names it (`cancelledBy`: AMAZON, MERCHANT, BUYER). */
export type CancelledBy = 'AMAZON' | 'MERCHANT' | 'BUYER' | (string & {});

export interface Cancellation {
  by: CancelledBy;
  /** ISO time the connector carried it out in D365. */
  at: string;
  reason?: string;
}

/** One line of the D365 order, keyed by its `OrderLineReference`. */
export interface ImportedLine {
  /** `orderItemId`, `orderItemId#n` for a bundle's components, `SHIPPING` / `GIFT_WRAP` for charges. */
  reference: string;
  kind: 'item' | 'bundleComponent' | 'charge';
  /** The Amazon order item the line stands for (absent on charge lines). */
  orderItemId?: string;
  itemNumber: string;
  /** D365 quantity (a bundle component: component quantity × bundles ordered). */
  quantity: number;
  /** D365's lot id of the line (`InventoryLotId`), which packing slip lines name. */
  inventoryLotId?: string;
  /**
   * D365 units per Amazon unit: a bundle component's quantity in one bundle (absent: 1). Shipped D365
   * quantities are turned back into Amazon units with it.
   */
  perAmazonUnit?: number;
}

/** A shipment confirmed to Amazon for this order (written by the shipment-confirmation flow). */
export interface ImportedShipment {
  /** What shipped it in D365, e.g. the packing slip id. */
  reference: string;
  /** The package's id on Amazon (confirmShipment's `packageReferenceId`). */
  packageReferenceId?: string;
  items: { orderItemId: string; quantity: number }[];
  carrier?: string;
  trackingNumber?: string;
  shipDate?: string;
  confirmedAt: string;
}

export interface ImportedOrder {
  connectionId: string;
  amazonOrderId: string;
  marketplaceId?: string;
  /** Amazon's `fulfilledBy` (MERCHANT, AMAZON) as the import saw it. */
  fulfilledBy?: string;
  /** How much of the order Amazon already showed shipped when it was imported (shipped outside D365). */
  shippedAtImport: ShippedAtImport;
  company: string;
  salesOrderNumber: string;
  customerAccount: string;
  /** Keyed hash of the delivery address the D365 order has (to see a change of address on Amazon). */
  addressHash?: string;
  /** Empty for orders imported before the read model kept lines. */
  lines: ImportedLine[];
  /** Set once the whole D365 order was cancelled. */
  cancelledOrder?: Cancellation;
  /** Order items whose D365 lines were cancelled, by order item id. */
  cancelledItems: Record<string, Cancellation>;
  /** Buyer cancellation requests carried out in D365, still to be answered on Amazon. */
  openBuyerRequests: { orderItemId: string; at: string; reason?: string }[];
  shipments: ImportedShipment[];
  importedAt: string;
  updatedAt: string;
}

export type ShippedAtImport = 'none' | 'partly' | 'all';

/** What Amazon's fulfilment status said of an order when it was imported. */
export function shippedAtImportOf(status: string, anyUnitShipped: boolean): ShippedAtImport {
  return status === 'SHIPPED' ? 'all' : anyUnitShipped || status === 'PARTIALLY_SHIPPED' ? 'partly' : 'none';
}

export type OrderKey = Pick<ImportedOrder, 'connectionId' | 'amazonOrderId'>;

interface Row {
  connection_id: string;
  amazon_order_id: string;
  marketplace_id: string | null;
  fulfilled_by: string | null;
  shipped_at_import: ShippedAtImport;
  company: string;
  sales_order_number: string;
  customer_account: string;
  address_hash: string | null;
  lines: ImportedLine[];
  cancelled_order: Cancellation | null;
  cancelled_items: Record<string, Cancellation>;
  open_buyer_requests: ImportedOrder['openBuyerRequests'];
  shipments: ImportedShipment[];
  imported_at: Date;
  updated_at: Date;
}

const toOrder = (r: Row): ImportedOrder => ({
  connectionId: r.connection_id,
  amazonOrderId: r.amazon_order_id,
  ...(r.marketplace_id !== null && { marketplaceId: r.marketplace_id }),
  ...(r.fulfilled_by !== null && { fulfilledBy: r.fulfilled_by }),
  shippedAtImport: r.shipped_at_import,
  company: r.company,
  salesOrderNumber: r.sales_order_number,
  customerAccount: r.customer_account,
  ...(r.address_hash !== null && { addressHash: r.address_hash }),
  lines: r.lines,
  ...(r.cancelled_order !== null && { cancelledOrder: r.cancelled_order }),
  cancelledItems: r.cancelled_items,
  openBuyerRequests: r.open_buyer_requests,
  shipments: r.shipments,
  importedAt: new Date(r.imported_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** The imported orders among these Amazon order ids, by id (one query). */
export async function readImportedOrders(
  q: Queryable,
  connectionId: string,
  amazonOrderIds: readonly string[],
): Promise<Map<string, ImportedOrder>> {
  if (amazonOrderIds.length === 0) return new Map();
  const { rows } = await q.query<Row>(
    'SELECT * FROM imported_orders WHERE connection_id = $1 AND amazon_order_id = ANY($2::text[])',
    [connectionId, [...new Set(amazonOrderIds)]],
  );
  return new Map(rows.map((r) => [r.amazon_order_id, toOrder(r)]));
}

export async function readImportedOrder(q: Queryable, key: OrderKey): Promise<ImportedOrder | undefined> {
  return (await readImportedOrders(q, key.connectionId, [key.amazonOrderId])).get(key.amazonOrderId);
}

/** The imported order a D365 sales order stands for (e.g. the one a packing slip names). */
export async function findBySalesOrder(
  q: Queryable,
  connectionId: string,
  company: string,
  salesOrderNumber: string,
): Promise<ImportedOrder | undefined> {
  return (await readBySalesOrders(q, connectionId, company, [salesOrderNumber])).get(salesOrderNumber);
}

/** The imported orders among these D365 sales orders of one legal entity, by sales order number. */
export async function readBySalesOrders(
  q: Queryable,
  connectionId: string,
  company: string,
  salesOrderNumbers: readonly string[],
): Promise<Map<string, ImportedOrder>> {
  if (salesOrderNumbers.length === 0) return new Map();
  const { rows } = await q.query<Row>(
    `SELECT * FROM imported_orders
      WHERE connection_id = $1 AND lower(company) = lower($2) AND sales_order_number = ANY($3::text[])`,
    [connectionId, company, [...new Set(salesOrderNumbers)]],
  );
  return new Map(rows.map((r) => [r.sales_order_number, toOrder(r)]));
}

/** When the first order of a legal entity was imported: nothing of it can have shipped before. */
export async function firstImportedAt(
  q: Queryable,
  connectionId: string,
  company: string,
): Promise<Date | undefined> {
  const { rows } = await q.query<{ first: Date | null }>(
    'SELECT min(imported_at) AS first FROM imported_orders WHERE connection_id = $1 AND lower(company) = lower($2)',
    [connectionId, company],
  );
  return rows[0]?.first ? new Date(rows[0].first) : undefined;
}

/**
 * Orders of a legal entity imported after `mark` (PostgreSQL's own text of an `imported_at`, so no
 * precision is lost), oldest first, with the mark of each — for a reader that must look at every order
 * once after it was imported.
 */
export async function importedSince(
  q: Queryable,
  connectionId: string,
  company: string,
  mark: string,
  limit: number,
): Promise<{ order: ImportedOrder; mark: string }[]> {
  const { rows } = await q.query<Row & { mark: string }>(
    `SELECT *, imported_at::text AS mark FROM imported_orders
      WHERE connection_id = $1 AND lower(company) = lower($2) AND imported_at > $3::timestamptz
      ORDER BY imported_at, amazon_order_id LIMIT $4`,
    [connectionId, company, mark, limit],
  );
  return rows.map((r) => ({ order: toOrder(r), mark: r.mark }));
}

/** PostgreSQL's text of the current time, a mark for `importedSince`. */
export async function importMarkNow(q: Queryable): Promise<string> {
  const { rows } = await q.query<{ mark: string }>('SELECT now()::text AS mark');
  return rows[0]!.mark;
}

/** Orders with buyer cancellation requests still to be answered on Amazon, oldest change first. */
export async function ordersWithOpenBuyerRequests(
  q: Queryable,
  connectionId: string,
  limit = 100,
): Promise<ImportedOrder[]> {
  const { rows } = await q.query<Row>(
    `SELECT * FROM imported_orders
      WHERE connection_id = $1 AND open_buyer_requests <> '[]'::jsonb
      ORDER BY updated_at, amazon_order_id LIMIT $2`,
    [connectionId, Math.max(1, Math.min(limit, 1000))],
  );
  return rows.map(toOrder);
}

export type NewImportedOrder = Pick<
  ImportedOrder,
  'connectionId' | 'amazonOrderId' | 'company' | 'salesOrderNumber' | 'customerAccount' | 'lines'
> &
  Partial<Pick<ImportedOrder, 'marketplaceId' | 'addressHash' | 'fulfilledBy' | 'shippedAtImport'>>;

/**
 * Records the sales order an Amazon order became (the order import, in the transaction that records
 * its work). Recording it again — an order found in D365 after an earlier attempt — keeps what was
 * recorded since (cancellations, requests, shipments) and takes the newer lines when it has them.
 */
export async function recordImportedOrder(tx: Queryable, order: NewImportedOrder): Promise<void> {
  await tx.query(
    `INSERT INTO imported_orders (connection_id, amazon_order_id, marketplace_id, company, sales_order_number,
                                  customer_account, address_hash, lines, fulfilled_by, shipped_at_import)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, COALESCE($10, 'none'))
     ON CONFLICT (connection_id, amazon_order_id) DO UPDATE
       SET marketplace_id = COALESCE(EXCLUDED.marketplace_id, imported_orders.marketplace_id),
           fulfilled_by = COALESCE(EXCLUDED.fulfilled_by, imported_orders.fulfilled_by),
           shipped_at_import = COALESCE($10, imported_orders.shipped_at_import),
           company = EXCLUDED.company,
           sales_order_number = EXCLUDED.sales_order_number,
           customer_account = EXCLUDED.customer_account,
           address_hash = COALESCE(EXCLUDED.address_hash, imported_orders.address_hash),
           lines = CASE WHEN EXCLUDED.lines = '[]'::jsonb THEN imported_orders.lines ELSE EXCLUDED.lines END,
           updated_at = now()`,
    [
      order.connectionId,
      order.amazonOrderId,
      order.marketplaceId ?? null,
      order.company,
      order.salesOrderNumber,
      order.customerAccount,
      order.addressHash ?? null,
      JSON.stringify(order.lines),
      order.fulfilledBy ?? null,
      order.shippedAtImport ?? null,
    ],
  );
}

/** Replaces an order's row with `order` as changed by the caller (a read–change–write in one tx). */
async function update(tx: Queryable, key: OrderKey, change: (order: ImportedOrder) => ImportedOrder) {
  const { rows } = await tx.query<Row>(
    'SELECT * FROM imported_orders WHERE connection_id = $1 AND amazon_order_id = $2 FOR UPDATE',
    [key.connectionId, key.amazonOrderId],
  );
  if (!rows[0]) throw new Error(`order ${key.amazonOrderId} is not in the imported-orders read model`);
  const next = change(toOrder(rows[0]));
  await tx.query(
    `UPDATE imported_orders
        SET address_hash = $3, cancelled_order = $4::jsonb, cancelled_items = $5::jsonb,
            open_buyer_requests = $6::jsonb, shipments = $7::jsonb, updated_at = now()
      WHERE connection_id = $1 AND amazon_order_id = $2`,
    [
      key.connectionId,
      key.amazonOrderId,
      next.addressHash ?? null,
      next.cancelledOrder ? JSON.stringify(next.cancelledOrder) : null,
      JSON.stringify(next.cancelledItems),
      JSON.stringify(next.openBuyerRequests),
      JSON.stringify(next.shipments),
    ],
  );
  return next;
}

/**
 * Records a cancellation carried out in D365: the whole order, or these order items. A buyer's request
 * (`by` BUYER) stays open until it is answered on Amazon (`answerBuyerRequests`).
 */
export function recordCancellation(
  tx: Queryable,
  key: OrderKey,
  c: {
    scope: 'order' | 'lines';
    orderItemIds: readonly string[];
    by: CancelledBy;
    at: Date;
    reason?: string;
  },
): Promise<ImportedOrder> {
  const entry: Cancellation = { by: c.by, at: c.at.toISOString(), ...(c.reason && { reason: c.reason }) };
  return update(tx, key, (order) => {
    const cancelledItems = { ...order.cancelledItems };
    for (const id of c.orderItemIds) cancelledItems[id] ??= entry;
    const open = new Set(order.openBuyerRequests.map((r) => r.orderItemId));
    const requests =
      c.by === 'BUYER'
        ? c.orderItemIds
            .filter((id) => !open.has(id))
            .map((orderItemId) => ({ orderItemId, at: entry.at, ...(c.reason && { reason: c.reason }) }))
        : [];
    return {
      ...order,
      ...(c.scope === 'order' && { cancelledOrder: order.cancelledOrder ?? entry }),
      cancelledItems,
      openBuyerRequests: [...order.openBuyerRequests, ...requests],
    };
  });
}

/** The D365 order was given a new delivery address (its keyed hash). */
export function recordAddress(tx: Queryable, key: OrderKey, addressHash: string): Promise<ImportedOrder> {
  return update(tx, key, (order) => ({ ...order, addressHash }));
}

/** These buyer requests were answered on Amazon: they are no longer open. */
export function answerBuyerRequests(
  tx: Queryable,
  key: OrderKey,
  orderItemIds: readonly string[],
): Promise<ImportedOrder> {
  const answered = new Set(orderItemIds);
  return update(tx, key, (order) => ({
    ...order,
    openBuyerRequests: order.openBuyerRequests.filter((r) => !answered.has(r.orderItemId)),
  }));
}

/** A shipment was confirmed to Amazon; recording the same reference twice keeps the first. */
export function recordShipment(
  tx: Queryable,
  key: OrderKey,
  shipment: ImportedShipment,
): Promise<ImportedOrder> {
  return update(tx, key, (order) =>
    order.shipments.some((s) => s.reference === shipment.reference)
      ? order
      : { ...order, shipments: [...order.shipments, shipment] },
  );
}

/** Units of each order item shipped so far, by the shipments recorded. */
export function shippedQuantities(order: ImportedOrder): Map<string, number> {
  const shipped = new Map<string, number>();
  for (const s of order.shipments)
    for (const i of s.items) shipped.set(i.orderItemId, (shipped.get(i.orderItemId) ?? 0) + i.quantity);
  return shipped;
}

/** Whether an order item's D365 lines were cancelled (the item, or the whole order). */
export const isCancelled = (order: ImportedOrder, orderItemId: string): boolean =>
  order.cancelledOrder !== undefined || orderItemId in order.cancelledItems;
