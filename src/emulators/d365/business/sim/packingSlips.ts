// POST /_sim/packing-slips — a person posting a sales packing slip in F&O (Sales order > Pick and pack
// > Post packing slip) for all or part of an order, with carrier and tracking numbers entered in the
// posting dialog. F&O's checks: the order exists and is not stopped, each quantity fits the line's
// deliver remainder (plus the item's over-delivery tolerance), physical inventory does not go negative.
// Posting writes the packing slip journal (CustPackingSlipJourBiEntities), its lines
// (CustPackingSlipTransBiEntities) and tracking rows (PackingSlipTrackingInformation), takes the
// quantity out of physical inventory and the open demand, lowers the deliver remainders and moves the
// line and order statuses (Delivered when nothing remains).
import { z } from 'zod';
import type { BehaviourContext, EntityStore, Row } from '../../engine/behaviour.ts';
import { knownCarrier, trackingUrl } from '../carriers.ts';
import { inventDimId, isStocked, moveStock, onHandRow, siteOfWarehouse } from '../inventory.ts';
import { nextFreeNumber, nextNumber, nextRecId, sequences } from '../numberSequences.ts';
import { dimsOf, describeDims, productName } from '../products.ts';
import { insertRow } from '../rows.ts';
import { linesOf, refreshHeader, remainingQty, setRemainder } from '../salesOrderState.ts';
import { legalEntity } from '../setup.ts';
import { dateOnly, nowUtc, num, round, str } from '../values.ts';
import { existingOrder } from './existingOrder.ts';
import { companyFrom, simError } from './http.ts';

export const packingSlipSchema = z.strictObject({
  company: z.string().optional(),
  salesOrderNumber: z.string().min(1),
  /** Packing slip date (F&O's DeliveryDate); today when omitted. */
  deliveryDate: z.iso.date().optional(),
  carrier: z.string().min(1).optional(),
  carrierAccount: z.string().optional(),
  trackingNumbers: z.array(z.string().min(1)).default([]),
  /** Lines and quantities to deliver; every open line's whole remainder when omitted. */
  lines: z
    .array(z.strictObject({ inventoryLotId: z.string().min(1), quantity: z.number().positive() }))
    .min(1)
    .optional(),
});
export type PackingSlipRequest = z.output<typeof packingSlipSchema>;

interface Pick {
  line: Row;
  quantity: number;
  remaining: number;
}

/** Which lines go out and how much, with every problem of the request. */
function pickLines(store: EntityStore, company: string, req: PackingSlipRequest, lines: Row[]): Pick[] {
  const problems: string[] = [];
  const picks: Pick[] = [];
  const requested =
    req.lines ??
    lines
      .filter((l) => remainingQty(store, l) > 0)
      .map((l) => ({ inventoryLotId: str(l.InventoryLotId), quantity: remainingQty(store, l) }));
  for (const r of requested) {
    const line = lines.find((l) => l.InventoryLotId === r.inventoryLotId);
    if (!line) {
      problems.push(`Line ${r.inventoryLotId} does not belong to sales order ${req.salesOrderNumber}.`);
      continue;
    }
    if (picks.some((p) => p.line.InventoryLotId === r.inventoryLotId)) {
      problems.push(`Line ${r.inventoryLotId} is listed twice.`);
      continue;
    }
    const remaining = remainingQty(store, line);
    const item = store.get('ReleasedProductsV2', { dataAreaId: company, ItemNumber: str(line.ItemNumber) });
    const tolerance = num(item?.SalesOverdeliveryPercentage);
    const allowed = remaining > 0 ? remaining + (num(line.OrderedSalesQuantity) * tolerance) / 100 : 0;
    if (r.quantity > allowed + 1e-9)
      problems.push(
        remaining > 0
          ? `Line ${r.inventoryLotId}: quantity ${r.quantity} exceeds the deliver remainder ${remaining} (over-delivery tolerance ${tolerance} %).`
          : `Line ${r.inventoryLotId} has no deliver remainder (status ${str(line.SalesOrderLineStatus)}).`,
      );
    else picks.push({ line, quantity: r.quantity, remaining });
  }
  if (problems.length) throw simError(400, 'The packing slip cannot be posted.', problems);
  if (picks.length === 0)
    throw simError(409, `Nothing to post: sales order ${req.salesOrderNumber} has no deliver remainder.`);
  return picks;
}

/** Physical inventory may not go negative (the item model group default). */
function checkStock(store: EntityStore, company: string, picks: Pick[]): void {
  const needed = new Map<string, { line: Row; qty: number }>();
  for (const p of picks) {
    if (!isStocked(store, company, str(p.line.ItemNumber))) continue; // a service has no inventory
    const k = JSON.stringify([p.line.ItemNumber, dimsOf(p.line), p.line.ShippingWarehouseId]);
    needed.set(k, { line: p.line, qty: (needed.get(k)?.qty ?? 0) + p.quantity });
  }
  const problems: string[] = [];
  for (const { line, qty } of needed.values()) {
    const row = onHandRow(store, company, str(line.ItemNumber), dimsOf(line), str(line.ShippingWarehouseId));
    const onHand = num(row?.OnHandQuantity);
    if (onHand < qty) {
      const dims = describeDims(dimsOf(line));
      problems.push(
        `Item ${str(line.ItemNumber)}${dims ? ` (${dims})` : ''} in warehouse ${str(line.ShippingWarehouseId)}: physical inventory ${onHand} is less than ${qty}; inventory cannot become negative.`,
      );
    }
  }
  if (problems.length)
    throw simError(409, 'The packing slip cannot be posted: not enough physical inventory.', problems);
}

export function postPackingSlip(store: EntityStore, ctx: BehaviourContext, req: PackingSlipRequest) {
  const company = companyFrom(req.company);
  const header = existingOrder(store, company, req.salesOrderNumber);
  if (header.IsSalesProcessingStopped === 'Yes')
    throw simError(409, `Sales order ${req.salesOrderNumber} is stopped and cannot be processed.`);
  const carrier = req.carrier ? knownCarrier(req.carrier) : str(header.ShippingCarrierId) || undefined;
  if (req.carrier && !carrier)
    throw simError(
      400,
      `The value '${req.carrier}' in field 'Carrier' is not found in the related table 'Shipping carriers'.`,
    );
  const picks = pickLines(store, company, req, linesOf(store, company, req.salesOrderNumber));
  checkStock(store, company, picks);
  const deliveryDate = req.deliveryDate ? `${req.deliveryDate}T12:00:00Z` : dateOnly(ctx.now());
  const packingSlipId = nextFreeNumber(
    ctx,
    sequences.packingSlip,
    company,
    (id) => store.listBy('CustPackingSlipJourBiEntities', company, 'PackingSlipId', id).length > 0,
  );
  const created = nowUtc(ctx);
  const results = picks.map((p, i) =>
    deliverLine(store, ctx, company, p, { packingSlipId, deliveryDate, created, lineNum: i + 1 }),
  );
  const weight = results.reduce((s, r) => s + r.weight, 0);
  const journalId = nextRecId(ctx, company);
  insertRow(store, 'CustPackingSlipJourBiEntities', {
    dataAreaId: company,
    SysDataAreaId: company,
    SourceDocumentHeader: journalId,
    SourceKey: journalId,
    PackingSlipId: packingSlipId,
    InternalPackingSlipId: nextNumber(ctx, sequences.internalPackingSlip, company),
    SalesId: header.SalesOrderNumber,
    OrderAccount: header.OrderingCustomerAccountNumber,
    InvoiceAccount: header.InvoiceCustomerAccountNumber,
    CustomerRef: header.CustomersOrderReference,
    PurchaseOrder: header.CustomerRequisitionNumber,
    DeliveryDate: deliveryDate,
    DocumentDate: deliveryDate,
    CreatedOn: created,
    DeliveryName: str(header.DeliveryAddressName) || str(header.SalesOrderName),
    InvoicingName: header.SalesOrderName,
    DlvMode: header.DeliveryModeCode,
    DlvTerm: header.DeliveryTermsCode,
    DlvReason: header.DeliveryReasonCode,
    LanguageId: header.LanguageId,
    ShipCarrierId: carrier ?? '',
    ShipCarrierAccount: req.carrierAccount ?? str(header.ShippingCarrierCustomerAccountNumber),
    BOLCarrierName: carrier ?? '',
    inventLocationId: str(header.DefaultShippingWarehouseId) || str(picks[0]?.line.ShippingWarehouseId),
    Qty: round(
      picks.reduce((s, p) => s + p.quantity, 0),
      6,
    ),
    Weight: round(weight, 6),
    SalesType: 'Sales',
    RefNum: 'SalesOrder',
    SysRecVersion: 1,
  });
  const trackingNumbers = [...new Set(req.trackingNumbers)];
  for (const number of trackingNumbers)
    insertRow(store, 'PackingSlipTrackingInformation', {
      dataAreaId: company,
      SalesOrderNumber: header.SalesOrderNumber,
      PackingSlipNumber: packingSlipId,
      DeliveryDate: deliveryDate,
      TrackingNumber: number,
      TrackingURL: carrier ? trackingUrl(carrier, number) : '',
    });
  const order = refreshHeader(store, ctx, company, header.SalesOrderNumber);
  return {
    packingSlipId,
    salesOrderNumber: header.SalesOrderNumber,
    deliveryDate: deliveryDate.slice(0, 10),
    carrier: carrier ?? null,
    trackingNumbers,
    salesOrderStatus: order?.SalesOrderStatus,
    lines: results.map((r) => r.summary),
  };
}

function deliverLine(
  store: EntityStore,
  ctx: BehaviourContext,
  company: string,
  p: Pick,
  slip: { packingSlipId: string; deliveryDate: string; created: string; lineNum: number },
) {
  const { line, quantity } = p;
  const d = dimsOf(line);
  const warehouse = str(line.ShippingWarehouseId);
  const name = productName(store, company, str(line.ItemNumber), d);
  const stocked = isStocked(store, company, str(line.ItemNumber));
  // The issue consumes the open demand it fulfils; an over-delivery beyond the remainder only issues.
  if (stocked)
    moveStock(
      store,
      company,
      str(line.ItemNumber),
      d,
      warehouse,
      { onHand: -quantity, onOrder: -Math.min(quantity, p.remaining) },
      name,
    );
  const remaining = round(Math.max(0, p.remaining - quantity), 6);
  const item = store.get('ReleasedProductsV2', { dataAreaId: company, ItemNumber: str(line.ItemNumber) });
  const weight = quantity * (num(item?.NetProductWeight) + num(item?.TareProductWeight));
  const amount = round((num(line.LineAmount) * quantity) / Math.max(num(line.OrderedSalesQuantity), 1));
  const sameCurrency = str(line.CurrencyCode) === legalEntity(company).currency;
  const recId = nextRecId(ctx, company);
  insertRow(store, 'CustPackingSlipTransBiEntities', {
    dataAreaId: company,
    SysDataAreaId: company,
    SourceDocumentLine: recId,
    SourceKey: recId,
    PackingSlipId: slip.packingSlipId,
    SalesId: line.SalesOrderNumber,
    OrigSalesId: line.SalesOrderNumber,
    InventTransId: line.InventoryLotId,
    ItemId: line.ItemNumber,
    ExternalItemId: line.ExternalItemNumber,
    Name: line.LineDescription,
    LineNum: slip.lineNum,
    Qty: quantity,
    inventQty: quantity,
    Ordered: line.OrderedSalesQuantity,
    Remain: remaining,
    RemainInvent: remaining,
    SalesUnit: line.SalesUnitSymbol,
    PriceUnit: line.SalesPriceQuantity,
    AmountCur: amount,
    ValueMST: sameCurrency ? amount : 0,
    CurrencyCode: line.CurrencyCode,
    InventDimId: inventDimId(siteOfWarehouse(store, company, warehouse) ?? '', warehouse, d),
    DeliveryDate: slip.deliveryDate,
    CreatedOn: slip.created,
    SalesLineShippingDateRequested: line.RequestedShippingDate,
    SalesLineShippingDateConfirmed: line.ConfirmedShippingDate,
    Weight: round(weight, 6),
    StockedProduct: stocked ? 'Yes' : 'No',
    DeliveryType: 'None',
    InventRefType: 'None',
    SysRecVersion: 1,
  });
  // After the journal line exists, so the line's delivered quantity includes this delivery.
  const updated = setRemainder(store, ctx, line, remaining);
  return {
    weight,
    summary: {
      inventoryLotId: line.InventoryLotId,
      itemNumber: line.ItemNumber,
      productName: name,
      quantity,
      remaining,
      status: updated.SalesOrderLineStatus,
    },
  };
}
