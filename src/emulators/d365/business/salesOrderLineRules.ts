// The checks and derivations of a sales order line, shared by create and update: the fields a line takes
// from its order, site and warehouse (mandatory inventory dimensions; a warehouse implies its site), the
// item or variant and unit, the customer's external item number, and F&O's line amount.
import type { EntityStore, Row } from '../engine/behaviour.ts';
import type { Problem } from './faults.ts';
import { dimsOf, resolveItem } from './products.ts';
import { checkRef, checkWarehouseOfSite, references } from './references.ts';
import { isSet, num, round, str } from './values.ts';

/** Fields a line copies from its order when the client leaves them empty. */
export const fromHeader: [string, string][] = [
  ['DeliveryModeCode', 'DeliveryModeCode'],
  ['DeliveryTermsId', 'DeliveryTermsCode'],
  ['SalesTaxGroupCode', 'SalesTaxGroupCode'],
  ['InventoryReservationMethod', 'InventoryReservationMethod'],
  ['RequestedShippingDate', 'RequestedShippingDate'],
  ['RequestedReceiptDate', 'RequestedReceiptDate'],
  ['CustomerRequisitionNumber', 'CustomerRequisitionNumber'],
  ['IsDeliveryAddressOrderSpecific', 'IsDeliveryAddressOrderSpecific'],
  ...[
    'Name',
    'Description',
    'Street',
    'StreetNumber',
    'City',
    'StateId',
    'ZipCode',
    'CountyId',
    'CountryRegionId',
    'CountryRegionISOCode',
    'LocationId',
  ].map((f): [string, string] => [`DeliveryAddress${f}`, `DeliveryAddress${f}`]),
  ['FormattedDelveryAddress', 'FormattedDelveryAddress'],
];

/** F&O's line amount: quantity × unit price, less the per-unit and percentage discounts. */
export function lineAmount(l: Row): number {
  const qty = num(l.OrderedSalesQuantity);
  const gross =
    (qty * num(l.SalesPrice)) / Math.max(num(l.SalesPriceQuantity), 1) - qty * num(l.LineDiscountAmount);
  return round(
    gross * (1 - num(l.LineDiscountPercentage) / 100) * (1 - num(l.MultilineDiscountPercentage) / 100),
  );
}

/** Item, dimensions, site, warehouse and unit checks shared by create and update. */
export function validateLine(
  store: EntityStore,
  company: string,
  l: Row,
  problems: Problem[],
): Row | undefined {
  const { item, variant, problems: itemProblems } = resolveItem(store, company, str(l.ItemNumber), dimsOf(l));
  problems.push(...itemProblems);
  // An unknown warehouse is reported as such; the site it would have implied is not asked for too.
  if (!isSet(l.ShippingSiteId) && !isSet(l.ShippingWarehouseId))
    problems.push({
      message: 'Inventory dimension Site is mandatory and must consequently be specified.',
      field: 'ShippingSiteId',
    });
  else checkRef(store, problems, references.site, company, l.ShippingSiteId, 'ShippingSiteId');
  if (!isSet(l.ShippingWarehouseId))
    problems.push({
      message: 'Inventory dimension Warehouse is mandatory and must consequently be specified.',
      field: 'ShippingWarehouseId',
    });
  checkWarehouseOfSite(store, problems, company, l, {
    warehouse: 'ShippingWarehouseId',
    site: 'ShippingSiteId',
  });
  if (
    item &&
    isSet(l.SalesUnitSymbol) &&
    str(l.SalesUnitSymbol).toLowerCase() !== str(item.SalesUnitSymbol).toLowerCase()
  )
    problems.push({
      message: `No unit conversion exists from '${str(l.SalesUnitSymbol)}' to '${str(item.SalesUnitSymbol)}' for item ${str(l.ItemNumber)}.`,
      field: 'SalesUnitSymbol',
    });
  if (num(l.OrderedSalesQuantity) < 0)
    problems.push({
      message: 'The quantity on a sales order line must not be negative; use a return order.',
      field: 'OrderedSalesQuantity',
    });
  return item && { ...item, variantTaxGroup: variant?.SalesSalesTaxItemGroupCode };
}

/**
 * The order's default site and warehouse for a line that names neither; a line naming only a site keeps
 * the order's warehouse when it belongs to that site (F&O clears it otherwise).
 */
export function headerSiteAndWarehouse(
  store: EntityStore,
  company: string,
  header: Row | undefined,
  input: Row,
): Row {
  if (isSet(input.ShippingWarehouseId)) return {};
  const site = str(input.ShippingSiteId) || str(header?.DefaultShippingSiteId);
  const wh = str(header?.DefaultShippingWarehouseId);
  const whSite = wh && store.get('Warehouses', { dataAreaId: company, WarehouseId: wh })?.OperationalSiteId;
  return { ShippingSiteId: site, ShippingWarehouseId: !site || whSite === site ? wh : '' };
}

/** Site from the warehouse when only the warehouse is known (F&O fills it on selection). */
export function withSite(store: EntityStore, company: string, l: Row): Row {
  if (isSet(l.ShippingSiteId) || !isSet(l.ShippingWarehouseId)) return l;
  const wh = store.get('Warehouses', { dataAreaId: company, WarehouseId: str(l.ShippingWarehouseId) });
  return wh ? { ...l, ShippingSiteId: wh.OperationalSiteId } : l;
}

export function externalItemNumber(store: EntityStore, company: string, l: Row, customer: unknown): string {
  const match = store
    .list('CustomerProductDescriptionsV2', company)
    .find(
      (d) =>
        d.CustomerAccountNumber === customer &&
        d.ItemNumber === l.ItemNumber &&
        Object.entries(dimsOf(l)).every(([k, v]) => str(d[k]) === v),
    );
  return str(match?.CustomerProductNumber);
}
