// SalesOrderHeadersV2 (and V4, the same SalesTable): the number from the sales-order number sequence
// (a given number only when the company allows manual numbers), the ordering customer and currency as
// F&O requires them, defaults from the customer, an order-specific delivery address, the derived status
// (SalesOrderStatus / SalesOrderProcessingStatus are F&O's, never the client's: a write is refused),
// and deletion only while nothing was delivered, with the lines going along.
import type { BehaviourContext, EntityBehaviour, Row } from '../engine/behaviour.ts';
import { deleteFailed, mustBeFilled, refuseIfAny, writeFailed, type Problem } from './faults.ts';
import { projectRow } from './metadata.ts';
import { nextFreeNumber, sequences } from './numberSequences.ts';
import { checkRef, checkRequiredRef, checkWarehouseOfSite, references } from './references.ts';
import { releaseLineDemand } from './salesOrderLines.ts';
import { defaultsFromCustomer, orderDeliveryAddress } from './salesOrderDefaults.ts';
import { deleteIfExists } from './rows.ts';
import {
  HEADER_SETS,
  deriveHeader,
  headerOf,
  isProcessed,
  linesOf,
  removeLine,
  writeHeader,
} from './salesOrderState.ts';
import type { CompanySetup } from './setup.ts';
import { companyOf, isSet, nowUtc, str, today } from './values.ts';

/** The status fields F&O derives; the engine refuses a client write of any of them. */
export const headerComputed = ['SalesOrderStatus', 'SalesOrderProcessingStatus'];

function validateRefs(ctx: BehaviourContext, company: string, o: Row, problems: Problem[]): void {
  const { store } = ctx;
  checkRef(
    store,
    problems,
    references.customer,
    company,
    o.InvoiceCustomerAccountNumber,
    'InvoiceCustomerAccountNumber',
  );
  checkRef(store, problems, references.paymentTerms, company, o.PaymentTermsName, 'PaymentTermsName');
  checkRef(
    store,
    problems,
    references.paymentMethod,
    company,
    o.CustomerPaymentMethodName,
    'CustomerPaymentMethodName',
  );
  checkRef(store, problems, references.deliveryMode, company, o.DeliveryModeCode, 'DeliveryModeCode');
  checkRef(store, problems, references.deliveryTerms, company, o.DeliveryTermsCode, 'DeliveryTermsCode');
  checkRef(store, problems, references.origin, company, o.SalesOrderOriginCode, 'SalesOrderOriginCode');
  checkRef(store, problems, references.site, company, o.DefaultShippingSiteId, 'DefaultShippingSiteId');
  checkWarehouseOfSite(store, problems, company, o, {
    warehouse: 'DefaultShippingWarehouseId',
    site: 'DefaultShippingSiteId',
  });
  if (!isSet(o.CurrencyCode)) problems.push(mustBeFilled('Currency', 'CurrencyCode'));
}

/** A warehouse implies its site (F&O fills the site when a warehouse is chosen). */
function withSite(ctx: BehaviourContext, company: string, o: Row): Row {
  if (isSet(o.DefaultShippingSiteId) || !isSet(o.DefaultShippingWarehouseId)) return o;
  const wh = ctx.store.get('Warehouses', {
    dataAreaId: company,
    WarehouseId: str(o.DefaultShippingWarehouseId),
  });
  return wh ? { ...o, DefaultShippingSiteId: wh.OperationalSiteId } : o;
}

function assignNumber(
  ctx: BehaviourContext,
  company: string,
  row: Row,
  setup: CompanySetup,
  set: string,
): string {
  const given = str(row.SalesOrderNumber);
  if (given && !setup.manualSalesOrderNumbers)
    throw writeFailed(set, [
      {
        message: `Number sequence ${sequences.salesOrder.code} does not allow manual numbers: the sales order number '${given}' cannot be set. Omit SalesOrderNumber to get the next number.`,
        field: 'SalesOrderNumber',
      },
    ]);
  return (
    given || nextFreeNumber(ctx, sequences.salesOrder, company, (n) => !!headerOf(ctx.store, company, n))
  );
}

function create(set: string, setup: CompanySetup, input: Row, ctx: BehaviourContext): Row {
  const company = companyOf(input, ctx);
  const problems: Problem[] = [];
  const customer = checkRequiredRef(
    ctx.store,
    problems,
    references.customer,
    company,
    input.OrderingCustomerAccountNumber,
    'OrderingCustomerAccountNumber',
  );
  if (customer && (customer.OnHoldStatus === 'All' || customer.OnHoldStatus === 'Invoice'))
    problems.push({
      message: `Customer ${str(customer.CustomerAccount)} is on hold (${str(customer.OnHoldStatus)}).`,
    });
  refuseIfAny(set, problems);
  const number = assignNumber(ctx, company, input, setup, set);
  let order: Row = defaultsFromCustomer(
    { ...input, dataAreaId: company, SalesOrderNumber: number },
    customer ?? {},
  );
  order = withSite(ctx, company, order);
  order = orderDeliveryAddress(order, ctx, company, problems);
  validateRefs(ctx, company, order, problems);
  refuseIfAny(set, problems);
  const derived = deriveHeader(ctx.store, {
    InventoryReservationMethod: 'None',
    RequestedShippingDate: today(ctx),
    RequestedReceiptDate: today(ctx),
    IsDeliveryAddressOrderSpecific: 'No',
    ...order,
    OrderCreationDateTime: nowUtc(ctx),
  });
  writeHeader(ctx.store, ctx, derived, set);
  return projectRow(set, derived);
}

function update(set: string, before: Row, after: Row, ctx: BehaviourContext): Row {
  const company = companyOf(before, ctx);
  const problems: Problem[] = [];
  const processed = isProcessed(ctx.store, company, before.SalesOrderNumber);
  for (const f of ['OrderingCustomerAccountNumber', 'CurrencyCode'])
    if (processed && after[f] !== before[f])
      problems.push({
        message: `Field '${f}' cannot be changed: packing slips have been posted for the order.`,
        field: f,
      });
  checkRef(
    ctx.store,
    problems,
    references.customer,
    company,
    after.OrderingCustomerAccountNumber,
    'OrderingCustomerAccountNumber',
  );
  // Choosing another warehouse moves the site with it, as in the order form.
  const movedWarehouse =
    after.DefaultShippingWarehouseId !== before.DefaultShippingWarehouseId &&
    after.DefaultShippingSiteId === before.DefaultShippingSiteId;
  let order = withSite(ctx, company, movedWarehouse ? { ...after, DefaultShippingSiteId: '' } : after);
  order = orderDeliveryAddress(order, ctx, company, problems);
  validateRefs(ctx, company, order, problems);
  refuseIfAny(set, problems);
  const derived = deriveHeader(ctx.store, order);
  writeHeader(ctx.store, ctx, derived, set);
  return projectRow(set, derived);
}

function remove(set: string, row: Row, ctx: BehaviourContext): void {
  const company = companyOf(row, ctx);
  if (
    isProcessed(ctx.store, company, row.SalesOrderNumber) ||
    ['Delivered', 'Invoiced'].includes(str(row.SalesOrderStatus))
  )
    throw deleteFailed(
      set,
      `Sales order ${str(row.SalesOrderNumber)} cannot be deleted because it has been physically updated (packing slips have been posted). Cancel the remaining quantity instead.`,
    );
  for (const line of linesOf(ctx.store, company, row.SalesOrderNumber)) {
    releaseLineDemand(ctx.store, line);
    removeLine(ctx.store, line);
  }
  for (const s of HEADER_SETS)
    if (s !== set)
      deleteIfExists(ctx.store, s, { dataAreaId: company, SalesOrderNumber: row.SalesOrderNumber });
  deleteIfExists(ctx.store, 'SalesTableBiEntities', { dataAreaId: company, SalesId: row.SalesOrderNumber });
}

export function salesOrderHeaderBehaviours(setup: CompanySetup): EntityBehaviour[] {
  return ['SalesOrderHeadersV2', 'SalesOrderHeadersV4'].map((set) => ({
    entitySet: set,
    computed: { fields: headerComputed, onWrite: 'refuse' },
    onCreate: (row, ctx) => create(set, setup, row, ctx),
    onUpdate: (before, after, ctx) => update(set, before, after, ctx),
    onDelete: (row, ctx) => remove(set, row, ctx),
  }));
}
