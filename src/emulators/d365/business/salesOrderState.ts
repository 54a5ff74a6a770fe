// The state F&O derives for a sales order and keeps in several places at once. One order is one row in
// SalesOrderHeadersV2 and SalesOrderHeadersV4 (two entities over SalesTable) plus SalesTableBiEntities;
// one line is a row in SalesOrderLines and SalesOrderLinesV3 plus SalesLineBiEntities, whose
// RemainSalesPhysical ("deliver remainder") is the remaining quantity of record. Statuses are derived:
// a line is open while it has a remainder, Delivered when its remainder went out on packing slips,
// Canceled when it was zeroed without delivery; the header follows its lines.
import type { BehaviourContext, EntityStore, Row } from '../engine/behaviour.ts';
import { inventDimId, siteOfWarehouse } from './inventory.ts';
import { projectRow } from './metadata.ts';
import { nextRecId } from './numberSequences.ts';
import { dimsOf } from './products.ts';
import { deleteIfExists, upsertRow } from './rows.ts';
import { nowUtc, num, round, str } from './values.ts';

export const HEADER_SETS = ['SalesOrderHeadersV2', 'SalesOrderHeadersV4'] as const;
export const LINE_SETS = ['SalesOrderLines', 'SalesOrderLinesV3'] as const;

export function headerOf(store: EntityStore, company: string, salesOrderNumber: unknown): Row | undefined {
  return store.get('SalesOrderHeadersV2', { dataAreaId: company, SalesOrderNumber: str(salesOrderNumber) });
}

export function linesOf(store: EntityStore, company: string, salesOrderNumber: unknown): Row[] {
  return store
    .listBy('SalesOrderLines', company, 'SalesOrderNumber', salesOrderNumber)
    .sort((a, b) => num(a.LineCreationSequenceNumber) - num(b.LineCreationSequenceNumber));
}

export function lineOf(store: EntityStore, company: string, inventoryLotId: unknown): Row | undefined {
  return store.get('SalesOrderLines', { dataAreaId: company, InventoryLotId: str(inventoryLotId) });
}

function lineBiKey(line: Row) {
  return {
    dataAreaId: line.dataAreaId,
    SalesId: line.SalesOrderNumber,
    LineCreationSequenceNumber: line.LineCreationSequenceNumber,
  };
}

/** Quantity delivered on posted packing slips for a line (by lot id = InventTransId). */
export function deliveredQty(store: EntityStore, company: string, inventoryLotId: unknown): number {
  return store
    .listBy('CustPackingSlipTransBiEntities', company, 'InventTransId', inventoryLotId)
    .reduce((sum, t) => sum + num(t.Qty), 0);
}

/** The deliver remainder of record; a line not yet mirrored has its whole quantity open. */
export function remainingQty(store: EntityStore, line: Row): number {
  const bi = store.get('SalesLineBiEntities', lineBiKey(line));
  return bi ? num(bi.RemainSalesPhysical) : num(line.OrderedSalesQuantity);
}

export function lineStatus(ordered: number, delivered: number, remaining: number): string {
  if (remaining > 0) return 'Backorder';
  if (delivered > 0) return 'Delivered';
  return ordered > 0 ? 'Canceled' : 'Backorder';
}

/** The order's status from its lines'; `anyDelivered` tells a partly delivered order from an open one. */
export function headerStatus(
  lineStatuses: string[],
  anyDelivered: boolean,
): { status: string; processing: string } {
  const open = lineStatuses.filter((s) => s === 'Backorder').length;
  if (lineStatuses.length > 0 && lineStatuses.every((s) => s === 'Canceled'))
    return { status: 'Canceled', processing: 'Canceled' };
  if (lineStatuses.length > 0 && open === 0) return { status: 'Delivered', processing: 'Delivered' };
  return { status: 'Backorder', processing: anyDelivered ? 'PartiallyDelivered' : 'Active' };
}

/** Whether F&O considers the order processed: a packing slip was posted for it. */
export function isProcessed(store: EntityStore, company: string, salesOrderNumber: unknown): boolean {
  return store.listBy('CustPackingSlipJourBiEntities', company, 'SalesId', salesOrderNumber).length > 0;
}

/** Writes the line's BI row (remainder, status, timestamps) and returns the line with its status. */
export function mirrorLine(store: EntityStore, ctx: BehaviourContext, line: Row, remaining: number): Row {
  const company = str(line.dataAreaId);
  const delivered = deliveredQty(store, company, line.InventoryLotId);
  const status = lineStatus(num(line.OrderedSalesQuantity), delivered, remaining);
  const before = store.get('SalesLineBiEntities', lineBiKey(line));
  const recId = before?.SourceKey ?? nextRecId(ctx, company);
  const header = headerOf(store, company, line.SalesOrderNumber);
  const site =
    str(line.ShippingSiteId) || siteOfWarehouse(store, company, str(line.ShippingWarehouseId)) || '';
  upsertRow(store, 'SalesLineBiEntities', {
    ...lineBiKey(line),
    SysDataAreaId: company,
    InventTransId: line.InventoryLotId,
    ItemId: line.ItemNumber,
    Name: line.LineDescription,
    ExternalItemId: line.ExternalItemNumber,
    LineNum: line.LineNumber,
    SalesQty: line.OrderedSalesQuantity,
    QtyOrdered: line.OrderedSalesQuantity,
    RemainSalesPhysical: remaining,
    RemainInventPhysical: remaining,
    RemainSalesFinancial: delivered,
    RemainInventFinancial: delivered,
    SalesPrice: line.SalesPrice,
    PriceUnit: line.SalesPriceQuantity,
    LineAmount: line.LineAmount,
    LineDisc: line.LineDiscountAmount,
    LinePercent: line.LineDiscountPercentage,
    SalesStatus: status,
    SalesUnit: line.SalesUnitSymbol,
    CurrencyCode: line.CurrencyCode,
    CustAccount: header?.OrderingCustomerAccountNumber,
    DlvMode: line.DeliveryModeCode,
    InventDimId: inventDimId(site, str(line.ShippingWarehouseId), dimsOf(line)),
    Reservation: line.InventoryReservationMethod,
    Blocked: line.IsLineStopped,
    Complete: status === 'Backorder' ? 'No' : 'Yes',
    SalesType: 'Sales',
    StockedProduct: 'Yes',
    TaxGroup: line.SalesTaxGroupCode,
    TaxItemGroup: line.SalesTaxItemGroupCode,
    ShippingDateRequested: line.RequestedShippingDate,
    ReceiptDateRequested: line.RequestedReceiptDate,
    SourceKey: recId,
    SourceDocumentLine: recId,
    CreatedOn: before?.CreatedOn ?? nowUtc(ctx),
    SysModifiedDateTime: nowUtc(ctx),
    SysRecVersion: num(before?.SysRecVersion) + 1,
  });
  return { ...line, SalesOrderLineStatus: status };
}

/** Writes a line to every line entity set except `primary` (the one the engine is storing). */
export function writeLine(store: EntityStore, line: Row, primary?: string): void {
  for (const set of LINE_SETS) if (set !== primary) upsertRow(store, set, projectRow(set, line));
}

export function removeLine(store: EntityStore, line: Row, primary?: string): void {
  for (const set of LINE_SETS) if (set !== primary) deleteIfExists(store, set, line);
  deleteIfExists(store, 'SalesLineBiEntities', lineBiKey(line));
}

/** Header status and totals from its lines; `pending` is a line the engine has not stored yet. */
export function deriveHeader(store: EntityStore, header: Row, pending?: Row, removed?: unknown): Row {
  const company = str(header.dataAreaId);
  const lines = linesOf(store, company, header.SalesOrderNumber).filter(
    (l) => l.InventoryLotId !== removed && l.InventoryLotId !== pending?.InventoryLotId,
  );
  if (pending) lines.push(pending);
  const statuses = lines.map((l) => str(l.SalesOrderLineStatus) || 'Backorder');
  const anyDelivered = lines.some((l) => deliveredQty(store, company, l.InventoryLotId) > 0);
  const { status, processing } = headerStatus(statuses, anyDelivered);
  const total = lines
    .filter((l) => l.SalesOrderLineStatus !== 'Canceled')
    .reduce((s, l) => s + num(l.LineAmount), 0);
  return {
    ...header,
    SalesOrderStatus: status,
    SalesOrderProcessingStatus: processing,
    OrderTotalAmount: round(total),
    AreTotalsCalculated: 'Yes',
  };
}

/** Writes the header's BI row and every header entity set except `primary`. */
export function writeHeader(store: EntityStore, ctx: BehaviourContext, header: Row, primary?: string): void {
  for (const set of HEADER_SETS) if (set !== primary) upsertRow(store, set, projectRow(set, header));
  const company = str(header.dataAreaId);
  const key = { dataAreaId: company, SalesId: header.SalesOrderNumber };
  const before = store.get('SalesTableBiEntities', key);
  const recId = before?.SourceKey ?? nextRecId(ctx, company);
  const customer = store.get('CustomersV3', {
    dataAreaId: company,
    CustomerAccount: str(header.OrderingCustomerAccountNumber),
  });
  upsertRow(store, 'SalesTableBiEntities', {
    ...key,
    SysDataAreaId: company,
    CustAccount: header.OrderingCustomerAccountNumber,
    InvoiceAccount: header.InvoiceCustomerAccountNumber,
    CustGroup: customer?.CustomerGroupId,
    SalesName: header.SalesOrderName,
    CurrencyCode: header.CurrencyCode,
    SalesStatus: header.SalesOrderStatus,
    DocumentStatus: isProcessed(store, company, header.SalesOrderNumber) ? 'PackingSlip' : 'None',
    CustomerRef: header.CustomersOrderReference,
    PurchOrderFormNum: header.CustomerRequisitionNumber,
    DlvMode: header.DeliveryModeCode,
    DlvTerm: header.DeliveryTermsCode,
    PaymMode: header.CustomerPaymentMethodName,
    Payment: header.PaymentTermsName,
    InventSiteId: header.DefaultShippingSiteId,
    InventLocationId: header.DefaultShippingWarehouseId,
    LanguageId: header.LanguageId,
    TaxGroup: header.SalesTaxGroupCode,
    PriceGroupId: header.PriceCustomerGroupCode,
    SalesOriginId: header.SalesOrderOriginCode,
    SalesPoolId: header.SalesOrderPoolId,
    ShipCarrierId: header.ShippingCarrierId,
    DeliveryName: header.DeliveryAddressName,
    ShippingDateRequested: header.RequestedShippingDate,
    ReceiptDateRequested: header.RequestedReceiptDate,
    Reservation: header.InventoryReservationMethod,
    OneTimeCustomer: header.IsOneTimeCustomer,
    MCROrderStopped: header.IsSalesProcessingStopped,
    Email: header.Email,
    URL: header.URL,
    SalesType: 'Sales',
    SourceKey: recId,
    SourceDocumentHeader: recId,
    CreatedOn: header.OrderCreationDateTime,
    SysModifiedDateTime: nowUtc(ctx),
    SysRecVersion: num(before?.SysRecVersion) + 1,
  });
}

/** Re-derives and stores the header after its lines changed outside the header's own write. */
export function refreshHeader(
  store: EntityStore,
  ctx: BehaviourContext,
  company: string,
  number: unknown,
  pending?: Row,
  removed?: unknown,
): Row | undefined {
  const header = headerOf(store, company, number);
  if (!header) return undefined;
  const derived = deriveHeader(store, { ...header }, pending, removed);
  writeHeader(store, ctx, derived);
  return derived;
}

/** Sets a line's remainder (packing slip, cancellation) and stores the line and its header. */
export function setRemainder(store: EntityStore, ctx: BehaviourContext, line: Row, remaining: number): Row {
  const updated = mirrorLine(store, ctx, { ...line }, remaining);
  writeLine(store, updated);
  return updated;
}
