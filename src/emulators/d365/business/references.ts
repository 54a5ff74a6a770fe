// Foreign-key checks F&O runs in validateField: a code the row names must exist in its setup table,
// else "The value '…' in field '…' is not found in the related table '…'." One table per reference;
// a required reference must also be given, and a shipping warehouse must belong to the site beside it.
import type { EntityStore, Row } from '../engine/behaviour.ts';
import { mustBeFilled, notInRelatedTable, type Problem } from './faults.ts';
import { isSet, str } from './values.ts';

interface Reference {
  entitySet: string;
  key: (company: string, value: string) => Row;
  label: string;
  table: string;
}

const ref = (
  entitySet: string,
  keyField: string,
  label: string,
  table: string,
  shared = false,
): Reference => ({
  entitySet,
  key: (company, value) => (shared ? { [keyField]: value } : { dataAreaId: company, [keyField]: value }),
  label,
  table,
});

export const references = {
  customer: ref('CustomersV3', 'CustomerAccount', 'Customer account', 'Customers'),
  customerGroup: ref('CustomerGroups', 'CustomerGroupId', 'Customer group', 'Customer groups'),
  paymentTerms: ref('PaymentTerms', 'Name', 'Terms of payment', 'Terms of payment'),
  paymentMethod: ref('CustomerPaymentMethods', 'Name', 'Method of payment', 'Customer method of payment'),
  deliveryMode: ref('DeliveryModesV2', 'ModeCode', 'Mode of delivery', 'Modes of delivery'),
  deliveryTerms: ref('DeliveryTerms', 'TermsCode', 'Delivery terms', 'Terms of delivery'),
  origin: ref('SalesOrderOriginCodes', 'OriginCode', 'Origin', 'Origin'),
  site: ref('OperationalSitesV2', 'SiteId', 'Site', 'Sites'),
  warehouse: ref('Warehouses', 'WarehouseId', 'Warehouse', 'Warehouses'),
  unit: ref('UnitsOfMeasure', 'UnitSymbol', 'Unit', 'Units', true),
  journalName: ref('TradeAgreementJournalNames', 'TradeAgreementJournalNameId', 'Name', 'Journal names'),
} satisfies Record<string, Reference>;

/** Adds a problem when `value` is set and not found; returns the referenced row when found. */
export function checkRef(
  store: EntityStore,
  problems: Problem[],
  r: Reference,
  company: string,
  value: unknown,
  field?: string,
): Row | undefined {
  if (!isSet(value)) return undefined;
  const found = store.get(r.entitySet, r.key(company, str(value)));
  if (!found) problems.push(notInRelatedTable(value, r.label, r.table, field));
  return found;
}

/** A reference F&O requires: "must be filled in" (with the reference's label) when empty, else checkRef. */
export function checkRequiredRef(
  store: EntityStore,
  problems: Problem[],
  r: Reference,
  company: string,
  value: unknown,
  field: string,
): Row | undefined {
  if (!isSet(value)) problems.push(mustBeFilled(r.label, field));
  return checkRef(store, problems, r, company, value, field);
}

/**
 * A shipping warehouse (an order's default or a line's), checked as a reference and against the site
 * beside it: F&O refuses a warehouse of another site.
 */
export function checkWarehouseOfSite(
  store: EntityStore,
  problems: Problem[],
  company: string,
  row: Row,
  fields: { warehouse: string; site: string },
): void {
  const warehouse = row[fields.warehouse];
  const site = row[fields.site];
  const wh = checkRef(store, problems, references.warehouse, company, warehouse, fields.warehouse);
  if (wh && isSet(site) && wh.OperationalSiteId !== site)
    problems.push({
      message: `Warehouse ${str(warehouse)} is not associated with site ${str(site)}.`,
      field: fields.warehouse,
    });
}
