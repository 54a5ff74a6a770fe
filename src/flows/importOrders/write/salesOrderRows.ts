/**
 * A SalesOrderDraft as F&O rows: the `SalesOrderHeadersV2` header and the `SalesOrderLines` lines
 * (without `SalesOrderNumber`, which the writer fills in). Pure: no I/O, no defaults of its own — a
 * field the draft leaves empty is left out, so F&O defaults it from the customer.
 *
 * The keys the writer finds the order by again are sent exactly as given, never shortened:
 * `CustomersOrderReference` = the Amazon order id (the order's duplicate check) and `OrderLineReference`
 * = the line's reference (`orderItemId`, `orderItemId#n`, `SHIPPING`…). Only free text a person reads
 * (line description, delivery name) is cut to F&O's field length, with a note. The delivery address is
 * personal data: it goes into the rows and nowhere else (notes never quote it).
 */
import type { RowOf, salesOrderHeaders, salesOrderLines } from '../../../d365/index.ts';
import { countryRegionId, stateIdOf } from './countryCodes.ts';
import type { ResolvedItem } from '../../domain/items.ts';
import type { PostalAddress } from '../intake/facts.ts';
import type { LineDraft, SalesOrderDraft } from '../plan/drafts.ts';

export type HeaderRow = Partial<RowOf<typeof salesOrderHeaders>>;
export type LineRow = Partial<RowOf<typeof salesOrderLines>>;

export interface SalesOrderRows {
  header: HeaderRow;
  lines: LineRow[];
  /** What was changed on the way (shortened text), without personal data. */
  notes: string[];
}

/**
 * F&O string lengths of the free-text fields we fill (EDTs ItemFreeTxt and DlvName; the metadata
 * extract carries no MaxLength, so these are the standard application's).
 */
export const TEXT_LIMITS = { LineDescription: 1000, DeliveryAddressName: 100 } as const;

const YES = 'Yes' as const;

/** Header and lines of a draft for the given customer account. */
export function salesOrderRows(draft: SalesOrderDraft, customerAccount: string): SalesOrderRows {
  const notes: string[] = [];
  const header = headerRow(draft, customerAccount, notes);
  const lines = draft.lines.map((line) => lineRow(line, notes));
  return { header, lines, notes };
}

export function headerRow(draft: SalesOrderDraft, customerAccount: string, notes: string[] = []): HeaderRow {
  return {
    dataAreaId: draft.company,
    ...given('SalesOrderNumber', draft.salesOrderNumber),
    OrderingCustomerAccountNumber: customerAccount,
    InvoiceCustomerAccountNumber: customerAccount,
    CustomersOrderReference: draft.orderId,
    ...given('CustomerRequisitionNumber', draft.purchaseOrderNumber),
    CurrencyCode: draft.currency,
    ...given('RequestedShippingDate', dateOf(draft.requestedShipDate)),
    ...given('RequestedReceiptDate', dateOf(draft.requestedReceiptDate)),
    ...given('DeliveryModeCode', draft.deliveryMode),
    ...given('CustomerPaymentMethodName', draft.paymentMethod),
    ...given('SalesTaxGroupCode', draft.salesTaxGroup),
    ...given('SalesOrderPoolId', draft.salesOrderPool),
    ...(draft.pricesIncludeTax !== undefined && {
      ArePricesIncludingSalesTax: draft.pricesIncludeTax ? YES : 'No',
    }),
    ...given('DefaultShippingSiteId', draft.site),
    ...given('DefaultShippingWarehouseId', draft.warehouse),
    // Amazon's shipping and gift-wrap amounts arrive as lines: F&O's automatic charges would add them twice.
    SkipCreateAutoCharges: YES,
    ...(draft.deliveryAddress ? withoutEmpty(deliveryAddressFields(draft.deliveryAddress, notes)) : {}),
  };
}

export function lineRow(line: LineDraft, notes: string[] = []): LineRow {
  const { item } = line;
  // A bundle component's item is typed `{ itemNumber }` but may carry variant dimensions all the same.
  const dims: Partial<ResolvedItem> = item;
  return {
    ItemNumber: item.itemNumber,
    ...given('ProductColorId', dims.color),
    ...given('ProductSizeId', dims.size),
    ...given('ProductStyleId', dims.style),
    ...given('ProductConfigurationId', dims.configuration),
    OrderedSalesQuantity: line.quantity,
    SalesPrice: line.unitPrice,
    // The price is per one unit: an item whose price unit is 100 must not read it as per hundred.
    SalesPriceQuantity: 1,
    LineDiscountAmount: line.discountPerUnit,
    ...given('ShippingSiteId', line.site),
    ...given('ShippingWarehouseId', line.warehouse),
    OrderLineReference: line.reference,
    ...given('ExternalItemNumber', line.externalItemNumber),
    ...given(
      'LineDescription',
      line.description && shorten(line.description, 'LineDescription', `line ${line.reference}`, notes),
    ),
    SkipCreateAutoCharges: YES,
  };
}

/**
 * The order-specific delivery address as header fields — every field, empty ones as "" so that a PATCH
 * (an address change) also clears what the old address had. A company name goes on the first street
 * line, under the recipient, as on a parcel label.
 */
export function deliveryAddressFields(address: PostalAddress, notes: string[] = []): HeaderRow {
  const name = address.name?.trim() || address.companyName?.trim() || '';
  const company = address.name?.trim() && address.companyName?.trim();
  const street = [company, ...address.lines.map((l) => l.trim())].filter(Boolean).join('\n');
  const iso = address.countryCode?.trim().toUpperCase() ?? '';
  const country = iso ? countryRegionId(iso) : undefined;
  return {
    IsDeliveryAddressOrderSpecific: YES,
    DeliveryAddressName: shorten(name, 'DeliveryAddressName', 'the delivery name', notes),
    DeliveryAddressStreet: street,
    DeliveryAddressCity: address.city?.trim() ?? '',
    DeliveryAddressStateId: stateIdOf(address.stateOrRegion) ?? '',
    DeliveryAddressZipCode: address.postalCode?.trim() ?? '',
    // The 3-letter id is what F&O stores (and what real integrations post); the ISO code goes along,
    // from the same table so the two agree, and alone when the table does not know the code.
    DeliveryAddressCountryRegionId: country ?? '',
    DeliveryAddressCountryRegionISOCode: iso,
  };
}

function shorten(text: string, field: keyof typeof TEXT_LIMITS, what: string, notes: string[]): string {
  const limit = TEXT_LIMITS[field];
  if (text.length <= limit) return text;
  notes.push(`${what} was shortened to ${limit} characters, the length of D365 field ${field}`);
  return text.slice(0, limit);
}

/** `{ [field]: value }` when the value is set, else nothing (F&O then defaults the field). */
function given<F extends string, V>(field: F, value: V | undefined | null | ''): { [K in F]?: V } {
  return value === undefined || value === null || value === '' ? {} : ({ [field]: value } as { [K in F]: V });
}

/** F&O Date fields take the calendar day; a full timestamp is cut to its date. */
function dateOf(value: string | undefined): string | undefined {
  return value ? value.slice(0, 10) : undefined;
}

function withoutEmpty(row: HeaderRow): HeaderRow {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '')) as HeaderRow;
}
