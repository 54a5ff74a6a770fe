// SalesOrderLines (and SalesOrderLinesV3): F&O's line rules. A line needs an existing order and a
// sellable released product or variant; site and warehouse are mandatory inventory dimensions (taken
// from the line, else the order's defaults, else refused as F&O does); the lot id (InventTransId) and
// creation sequence number are system-assigned; price comes from the client or the trade-agreement
// search; the line amount is computed. Open demand raises "on order" at the warehouse. A line is
// deletable until something was delivered on it.
import type { BehaviourContext, EntityBehaviour, EntityStore, Row } from '../engine/behaviour.ts';
import { deleteFailed, mustBeFilled, notInRelatedTable, refuseIfAny, type Problem } from './faults.ts';
import {
  externalItemNumber,
  fromHeader,
  headerSiteAndWarehouse,
  lineAmount,
  validateLine,
  withSite,
} from './salesOrderLineRules.ts';
import { isStocked, moveStock } from './inventory.ts';
import { projectRow } from './metadata.ts';
import { nextFreeNumber, sequences } from './numberSequences.ts';
import { findSalesPrice } from './priceSearch.ts';
import { dimsOf, productName } from './products.ts';
import {
  deliveredQty,
  headerOf,
  lineOf,
  linesOf,
  mirrorLine,
  refreshHeader,
  remainingQty,
  removeLine,
  writeLine,
} from './salesOrderState.ts';
import { companyOf, isSet, num, str } from './values.ts';

export const lineComputed = ['SalesOrderLineStatus'];

function demand(store: EntityStore, l: Row, qty: number): void {
  if (qty === 0 || !isSet(l.ShippingWarehouseId)) return;
  const company = str(l.dataAreaId);
  if (!isStocked(store, company, str(l.ItemNumber))) return;
  const d = dimsOf(l);
  moveStock(
    store,
    company,
    str(l.ItemNumber),
    d,
    str(l.ShippingWarehouseId),
    { onOrder: qty },
    productName(store, company, str(l.ItemNumber), d),
  );
}

/** Takes a line's open remainder off "on order" (deleted or cancelled lines). */
export function releaseLineDemand(store: EntityStore, line: Row): void {
  demand(store, line, -remainingQty(store, line));
}

function create(set: string, input: Row, ctx: BehaviourContext): Row {
  const { store } = ctx;
  const company = companyOf(input, ctx);
  const problems: Problem[] = [];
  if (!isSet(input.SalesOrderNumber)) problems.push(mustBeFilled('Sales order', 'SalesOrderNumber'));
  const header = isSet(input.SalesOrderNumber) ? headerOf(store, company, input.SalesOrderNumber) : undefined;
  if (isSet(input.SalesOrderNumber) && !header)
    problems.push(
      notInRelatedTable(input.SalesOrderNumber, 'Sales order', 'Sales orders', 'SalesOrderNumber'),
    );
  refuseIfAny(set, problems);
  let line: Row = {
    ...Object.fromEntries(fromHeader.map(([lf, hf]) => [lf, header?.[hf]])),
    ...headerSiteAndWarehouse(store, company, header, input),
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => isSet(v))),
    dataAreaId: company,
    CurrencyCode: header?.CurrencyCode,
    OrderedSalesQuantity: input.OrderedSalesQuantity ?? 1,
  };
  line = withSite(store, company, line);
  const item = validateLine(store, company, line, problems);
  refuseIfAny(set, problems);
  const existing = linesOf(store, company, line.SalesOrderNumber);
  const d = dimsOf(line);
  line.InventoryLotId = nextFreeNumber(ctx, sequences.lot, company, (lot) => !!lineOf(store, company, lot));
  line.LineCreationSequenceNumber =
    Math.max(0, ...existing.map((l) => num(l.LineCreationSequenceNumber))) + 1;
  line.LineNumber = isSet(input.LineNumber)
    ? input.LineNumber
    : Math.max(0, ...existing.map((l) => num(l.LineNumber))) + 1;
  line.SalesUnitSymbol = str(line.SalesUnitSymbol) || item?.SalesUnitSymbol;
  line.LineDescription = str(line.LineDescription) || productName(store, company, str(line.ItemNumber), d);
  line.SalesTaxItemGroupCode =
    str(line.SalesTaxItemGroupCode) || str(item?.variantTaxGroup) || str(item?.SalesSalesTaxItemGroupCode);
  line.ExternalItemNumber =
    str(line.ExternalItemNumber) ||
    externalItemNumber(store, company, line, header?.OrderingCustomerAccountNumber);
  if (input.SalesPrice === undefined) {
    const found = findSalesPrice(store, {
      company,
      itemNumber: str(line.ItemNumber),
      dims: d,
      customerAccount: str(header?.OrderingCustomerAccountNumber),
      priceGroup: str(header?.PriceCustomerGroupCode),
      currency: str(header?.CurrencyCode),
      unit: str(line.SalesUnitSymbol),
      quantity: num(line.OrderedSalesQuantity),
      date: ctx.now().toISOString(),
      siteId: str(line.ShippingSiteId),
      warehouseId: str(line.ShippingWarehouseId),
    });
    line.SalesPrice = found?.price ?? 0;
    if (input.SalesPriceQuantity === undefined) line.SalesPriceQuantity = found?.priceUnit ?? 1;
  }
  line.SalesPriceQuantity = num(line.SalesPriceQuantity) || 1;
  line.LineAmount =
    line.CalculateLineAmount === 'No' && isSet(input.LineAmount) ? input.LineAmount : lineAmount(line);
  demand(store, line, num(line.OrderedSalesQuantity));
  line = mirrorLine(store, ctx, line, num(line.OrderedSalesQuantity));
  writeLine(store, line, set);
  refreshHeader(store, ctx, company, line.SalesOrderNumber, line);
  return projectRow(set, line);
}

function update(set: string, before: Row, after: Row, ctx: BehaviourContext): Row {
  const { store } = ctx;
  const company = companyOf(before, ctx);
  const problems: Problem[] = [];
  const delivered = deliveredQty(store, company, before.InventoryLotId);
  const identity = [
    'ItemNumber',
    'ProductConfigurationId',
    'ProductSizeId',
    'ProductColorId',
    'ProductStyleId',
    'ProductVersionId',
    'ShippingSiteId',
    'ShippingWarehouseId',
    'SalesUnitSymbol',
  ];
  for (const f of ['SalesOrderNumber', 'LineCreationSequenceNumber', ...(delivered > 0 ? identity : [])])
    if (str(after[f]) !== str(before[f]))
      problems.push({
        message: `Field '${f}' cannot be changed on a line that has been ${delivered > 0 ? 'delivered' : 'created'}.`,
        field: f,
      });
  const oldQty = num(before.OrderedSalesQuantity);
  const newQty = num(after.OrderedSalesQuantity);
  if (before.SalesOrderLineStatus === 'Canceled' && newQty !== oldQty)
    problems.push({
      message: 'The line has been canceled; its quantity cannot be changed.',
      field: 'OrderedSalesQuantity',
    });
  if (newQty < delivered)
    problems.push({
      message: `The quantity cannot be less than the quantity already delivered (${delivered}).`,
      field: 'OrderedSalesQuantity',
    });
  // Choosing another warehouse moves the site with it, as in the order form.
  const movedWarehouse =
    after.ShippingWarehouseId !== before.ShippingWarehouseId &&
    after.ShippingSiteId === before.ShippingSiteId;
  const line: Row = withSite(store, company, movedWarehouse ? { ...after, ShippingSiteId: '' } : after);
  validateLine(store, company, line, problems);
  refuseIfAny(set, problems);
  const oldRemain = remainingQty(store, before);
  const newRemain = before.SalesOrderLineStatus === 'Canceled' ? 0 : Math.max(0, oldRemain + newQty - oldQty);
  demand(store, before, -oldRemain);
  demand(store, line, newRemain);
  // An amount the client changes itself stays when it asked F&O not to calculate it.
  const ownAmount = line.CalculateLineAmount === 'No' && num(after.LineAmount) !== num(before.LineAmount);
  line.LineAmount = ownAmount ? line.LineAmount : lineAmount(line);
  const updated = mirrorLine(store, ctx, line, newRemain);
  writeLine(store, updated, set);
  refreshHeader(store, ctx, company, updated.SalesOrderNumber, updated);
  return projectRow(set, updated);
}

function remove(set: string, row: Row, ctx: BehaviourContext): void {
  const company = companyOf(row, ctx);
  if (deliveredQty(ctx.store, company, row.InventoryLotId) > 0)
    throw deleteFailed(
      set,
      `The sales order line ${str(row.InventoryLotId)} cannot be deleted because it has been physically updated (a packing slip has been posted).`,
    );
  releaseLineDemand(ctx.store, row);
  removeLine(ctx.store, row, set);
  refreshHeader(ctx.store, ctx, company, row.SalesOrderNumber, undefined, row.InventoryLotId);
}

export const salesOrderLineBehaviours: EntityBehaviour[] = ['SalesOrderLines', 'SalesOrderLinesV3'].map(
  (set) => ({
    entitySet: set,
    computed: { fields: lineComputed, onWrite: 'refuse' },
    onCreate: (row, ctx) => create(set, row, ctx),
    onUpdate: (before, after, ctx) => update(set, before, after, ctx),
    onDelete: (row, ctx) => remove(set, row, ctx),
  }),
);
