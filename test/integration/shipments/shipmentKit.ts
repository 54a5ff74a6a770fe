/**
 * What the shipment tests share: an order placed on the Amazon emulator and imported into the D365
 * emulator, packing slips posted on it (`/_sim/packing-slips`, as a warehouse worker posts them), and
 * Amazon's view of the order afterwards (`/_sim/orders/:id`: status, items shipped, packages).
 */
import { expect } from 'vitest';
import type { Json, OrdersHarness } from '../orders/harness.ts';
import { readFeed } from '../../../src/store/repos/feed.ts';

export interface ImportedTestOrder {
  orderId: string;
  salesOrderNumber: string;
  /** D365 lines by OrderLineReference (orderItemId, orderItemId#n, SHIPPING…). */
  lines: Map<string, Json>;
  /** Amazon order items by SKU. */
  items: Map<string, Json>;
}

/** Places the order on Amazon and runs the import until D365 has it. */
export async function importOrder(h: OrdersHarness, spec: Json): Promise<ImportedTestOrder> {
  const orderId = await h.placeOrder(spec);
  h.amazonLater();
  const run = await h.run();
  expect(run.outcome, run.message).toBe('succeeded');
  const [header] = await h.salesOrders(`CustomersOrderReference eq '${orderId}'`);
  expect(header, `sales order of ${orderId}`).toBeDefined();
  const lines = await h.salesOrderLines(header.SalesOrderNumber);
  await receiveStockFor(h, lines);
  const amazon = (await h.amazonSim('GET', `/orders/${orderId}`)).body;
  return {
    orderId,
    salesOrderNumber: header.SalesOrderNumber,
    lines: new Map(lines.map((l: Json) => [l.OrderLineReference, l])),
    items: new Map(amazon.items.map((i: Json) => [i.sku, i])),
  };
}

/** The warehouse receives what the order's stocked lines need, so posting never runs out of inventory. */
async function receiveStockFor(h: OrdersHarness, lines: Json[]): Promise<void> {
  const { status, body } = await h.d365Sim('POST', '/product-receipts', { lines: receiptLines(lines) });
  expect(status, JSON.stringify(body)).toBe(201);
}

/**
 * The lines of a product receipt (`/_sim/product-receipts`) stocking what these sales order lines need,
 * with a few units to spare (charge lines are not stocked). Lines as F&O lists them (`SalesOrderLines`).
 */
export function receiptLines(lines: Json[]): Json[] {
  return lines
    .filter((l) => !['SHIPPING', 'GIFT_WRAP'].includes(l.OrderLineReference))
    .map((l) => ({
      itemNumber: l.ItemNumber,
      ...(l.ProductColorId && { color: l.ProductColorId }),
      ...(l.ProductSizeId && { size: l.ProductSizeId }),
      ...(l.ProductStyleId && { style: l.ProductStyleId }),
      ...(l.ProductConfigurationId && { configuration: l.ProductConfigurationId }),
      quantity: l.OrderedSalesQuantity + 5,
      warehouseId: l.ShippingWarehouseId,
    }));
}

export interface SlipSpec {
  carrier?: string;
  trackingNumbers?: string[];
  /** By OrderLineReference; every open line's remainder when omitted. */
  lines?: Record<string, number>;
}

/** Posts a packing slip in D365 for the order (all of it, or the lines given). */
export async function postSlip(
  h: OrdersHarness,
  order: ImportedTestOrder,
  spec: SlipSpec = {},
): Promise<Json> {
  const { status, body } = await h.d365Sim('POST', '/packing-slips', slipRequest(order, spec));
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

/** The body of `POST /_sim/packing-slips` for the order (lines named by OrderLineReference in `spec`). */
export function slipRequest(
  order: Pick<ImportedTestOrder, 'orderId' | 'salesOrderNumber' | 'lines'>,
  spec: SlipSpec,
): Json {
  return {
    salesOrderNumber: order.salesOrderNumber,
    ...(spec.carrier && { carrier: spec.carrier }),
    trackingNumbers: spec.trackingNumbers ?? [],
    ...(spec.lines && {
      lines: Object.entries(spec.lines).map(([reference, quantity]) => {
        const line = order.lines.get(reference);
        if (!line) throw new Error(`order ${order.orderId} has no line ${reference}`);
        return { inventoryLotId: line.InventoryLotId, quantity };
      }),
    }),
  };
}

/** Amazon's own view of the order (status, quantities shipped, packages). */
export async function onAmazon(h: OrdersHarness, orderId: string): Promise<Json> {
  return (await h.amazonSim('GET', `/orders/${orderId}`)).body;
}

export async function runShipments(h: OrdersHarness) {
  const run = await h.runShipments();
  expect(run.outcome, run.message).toBe('succeeded');
  return run;
}

export async function shipmentRecord(h: OrdersHarness, orderId: string) {
  return (await h.shipmentRecords()).find((r) => r.externalId === orderId);
}

export async function shipmentFeed(h: OrdersHarness): Promise<string[]> {
  return (await readFeed(h.store.db, { flow: 'confirm-shipments', limit: 500 })).map((e) => e.message);
}
