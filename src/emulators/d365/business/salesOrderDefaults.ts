// What a new sales order takes from its customer (SalesTable.initFromCustTable): invoice account,
// currency, language, payment, delivery and tax codes, price/discount groups, default site and
// warehouse, names and addresses. Only fields the client left empty are defaulted. A one-time delivery
// address (IsDeliveryAddressOrderSpecific = Yes) is kept on the order with its own location id and is
// not added to the customer's address book.
import type { BehaviourContext, Row } from '../engine/behaviour.ts';
import { countryPair, formatAddress } from './addresses.ts';
import { customerName } from './customers.ts';
import type { Problem } from './faults.ts';
import { nextNumber, sequences } from './numberSequences.ts';
import { legalEntity } from './setup.ts';
import { isSet, str } from './values.ts';

/** Header field ← customer field. */
const fromCustomer: [string, string][] = [
  ['CurrencyCode', 'SalesCurrencyCode'],
  ['LanguageId', 'LanguageId'],
  ['PaymentTermsName', 'PaymentTerms'],
  ['CustomerPaymentMethodName', 'PaymentMethod'],
  ['CustomerPaymentMethodSpecificationName', 'PaymentSpecification'],
  ['PaymentScheduleName', 'PaymentSchedule'],
  ['DeliveryModeCode', 'DeliveryMode'],
  ['DeliveryTermsCode', 'DeliveryTerms'],
  ['DeliveryReasonCode', 'DeliveryReason'],
  ['SalesTaxGroupCode', 'SalesTaxGroup'],
  ['TaxExemptNumber', 'TaxExemptNumber'],
  ['PriceCustomerGroupCode', 'DiscountPriceGroupId'],
  ['LineDiscountCustomerGroupCode', 'LineDiscountCode'],
  ['MultilineDiscountCustomerGroupCode', 'MultiLineDiscountCode'],
  ['TotalDiscountCustomerGroupCode', 'TotalDiscountCode'],
  ['ChargeCustomerGroupId', 'ChargesGroupId'],
  ['CommissionCustomerGroupId', 'CommissionCustomerGroupId'],
  ['ArePricesIncludingSalesTax', 'IsSalesTaxIncludedInPrices'],
  ['DefaultShippingSiteId', 'SiteId'],
  ['DefaultShippingWarehouseId', 'WarehouseId'],
  ['SalesOrderPoolId', 'SalesOrderPoolId'],
  ['IsOneTimeCustomer', 'IsOneTimeCustomer'],
  ['FulfillmentPolicyName', 'FulfillmentPolicyName'],
];

/** The customer's address of a purpose (Delivery/Invoice fields when set, else the primary address). */
function customerAddress(c: Row, prefix: 'Delivery' | 'Invoice') {
  const own = isSet(c[`${prefix}AddressStreet`]) || isSet(c[`${prefix}AddressCity`]);
  const p = own ? `${prefix}Address` : 'Address';
  return {
    street: str(c[`${p}Street`]),
    city: str(c[`${p}City`]),
    state: str(c[`${p}State`]),
    zip: str(c[`${p}ZipCode`]),
    country: str(c[`${p}CountryRegionId`]),
    iso: str(c[`${p}CountryRegionISOCode`]),
    locationId: str(c[`${p}LocationId`]),
    description: str(c[`${p}Description`]),
  };
}

/** Header address column (after its `InvoiceAddress`/`DeliveryAddress` prefix) ← part of the address. */
const addressColumns = [
  ['Street', 'street'],
  ['City', 'city'],
  ['StateId', 'state'],
  ['ZipCode', 'zip'],
  ['CountryRegionId', 'country'],
  ['CountryRegionISOCode', 'iso'],
] as const;

/** Whether the order gives a delivery address of its own (any of street, city, ZIP/postal code). */
const deliveryAddressGiven = (order: Row) =>
  ['DeliveryAddressStreet', 'DeliveryAddressCity', 'DeliveryAddressZipCode'].some((f) => isSet(order[f]));

export function defaultsFromCustomer(order: Row, customer: Row): Row {
  const out: Row = { ...order };
  const fill = (field: string, value: unknown) => {
    if (!isSet(out[field]) && isSet(value)) out[field] = value;
  };
  fill('InvoiceCustomerAccountNumber', str(customer.InvoiceAccount) || customer.CustomerAccount);
  for (const [header, cust] of fromCustomer) fill(header, customer[cust]);
  fill('SalesOrderName', customerName(customer));
  const inv = customerAddress(customer, 'Invoice');
  for (const [column, part] of addressColumns) fill(`InvoiceAddress${column}`, inv[part]);
  fill('FormattedInvoiceAddress', formatAddress(inv));
  if (order.IsDeliveryAddressOrderSpecific !== 'Yes' && !deliveryAddressGiven(order)) {
    const dlv = customerAddress(customer, 'Delivery');
    fill('DeliveryAddressName', customerName(customer));
    fill('DeliveryAddressDescription', dlv.description);
    for (const [column, part] of addressColumns) fill(`DeliveryAddress${column}`, dlv[part]);
    fill('DeliveryAddressLocationId', dlv.locationId);
  }
  return out;
}

/**
 * A delivery address given on the order (one-time/order-specific, the Amazon buyer's address): it
 * gets a location id, the country pair and the formatted text. An empty order-specific address is
 * refused, as F&O cannot create a postal address without any address line.
 */
export function orderDeliveryAddress(
  order: Row,
  ctx: BehaviourContext,
  company: string,
  problems: Problem[],
): Row {
  const given = deliveryAddressGiven(order);
  if (order.IsDeliveryAddressOrderSpecific === 'Yes' && !given) {
    problems.push({
      message: 'The order-specific delivery address has no street, city or ZIP/postal code.',
      field: 'DeliveryAddressStreet',
    });
    return order;
  }
  if (!given && !isSet(order.DeliveryAddressCountryRegionId)) return order;
  const country = countryPair(
    order.DeliveryAddressCountryRegionId,
    order.DeliveryAddressCountryRegionISOCode,
    legalEntity(company).countryRegionId,
  );
  const parts = {
    street: str(order.DeliveryAddressStreet),
    city: str(order.DeliveryAddressCity),
    state: str(order.DeliveryAddressStateId),
    zip: str(order.DeliveryAddressZipCode),
    country: country.id,
  };
  return {
    ...order,
    DeliveryAddressCountryRegionId: country.id,
    DeliveryAddressCountryRegionISOCode: country.iso,
    DeliveryAddressDescription: str(order.DeliveryAddressDescription) || str(order.DeliveryAddressName),
    DeliveryAddressLocationId:
      str(order.DeliveryAddressLocationId) || nextNumber(ctx, sequences.location, company),
    FormattedDelveryAddress: [str(order.DeliveryAddressName), formatAddress(parts)]
      .filter(Boolean)
      .join('\n'),
  };
}
