/**
 * Sales orders: headers (`SalesOrderHeadersV2`, the version whose `SalesOrderLines` navigation exists)
 * and lines (`SalesOrderLines`, keyed by the system-assigned `InventoryLotId` = InventTransId, which
 * packing-slip lines refer to). Idempotency rests on the connector's own references — the Amazon order
 * id in `CustomersOrderReference` — since F&O allocates `SalesOrderNumber`. A site is mandatory on
 * lines: send `DefaultShippingWarehouseId`/`DefaultShippingSiteId` on the header or per line.
 * Deleting an open order or line is the only OData way to cancel it.
 */
import { ConnectorError, isConnectorError } from '../../errors.ts';
import type { D365Client } from '../client.ts';
import { defineEntity, type Read, type RowOf } from '../entity/descriptor.ts';
import { createdRow, entityApi } from '../entity/entityApi.ts';
import { ItemReservation, NoYes, SalesOrderProcessingStatus, SalesStatus } from '../entity/enums.ts';
import { date, dateTime, decimal, enumOf, str } from '../entity/fields.ts';
import { salesOrderLines } from './salesOrderLines.ts';

export const salesOrderHeaders = defineEntity({
  entitySet: 'SalesOrderHeadersV2',
  keys: ['dataAreaId', 'SalesOrderNumber'],
  navigations: { SalesOrderLines: () => salesOrderLines },
  fields: {
    dataAreaId: str(),
    SalesOrderNumber: str(),
    OrderingCustomerAccountNumber: str(),
    InvoiceCustomerAccountNumber: str(),
    CustomersOrderReference: str(),
    CustomerRequisitionNumber: str(),
    SalesOrderName: str(),
    Email: str(),
    LanguageId: str(),
    CurrencyCode: str(),
    SalesOrderStatus: enumOf(SalesStatus),
    SalesOrderProcessingStatus: enumOf(SalesOrderProcessingStatus),
    IsSalesProcessingStopped: enumOf(NoYes),
    PaymentTermsName: str(),
    CustomerPaymentMethodName: str(),
    PriceCustomerGroupCode: str(),
    SalesTaxGroupCode: str(),
    ArePricesIncludingSalesTax: enumOf(NoYes),
    SalesOrderOriginCode: str(),
    SalesOrderPoolId: str(),
    SkipCreateAutoCharges: enumOf(NoYes),
    DeliveryModeCode: str(),
    DeliveryTermsCode: str(),
    DefaultShippingSiteId: str(),
    DefaultShippingWarehouseId: str(),
    RequestedShippingDate: date(),
    RequestedReceiptDate: date(),
    ConfirmedShippingDate: date(),
    InventoryReservationMethod: enumOf(ItemReservation),
    ShippingCarrierId: str(),
    ShippingCarrierServiceId: str(),
    IsDeliveryAddressOrderSpecific: enumOf(NoYes),
    DeliveryAddressName: str(),
    DeliveryAddressDescription: str(),
    DeliveryAddressStreet: str(),
    DeliveryAddressStreetNumber: str(),
    DeliveryBuildingCompliment: str(), // sic
    DeliveryAddressCity: str(),
    DeliveryAddressCountyId: str(),
    DeliveryAddressStateId: str(),
    DeliveryAddressZipCode: str(),
    DeliveryAddressCountryRegionId: str(),
    DeliveryAddressCountryRegionISOCode: str(),
    OrderTotalAmount: decimal(),
    OrderTotalChargesAmount: decimal(),
    OrderTotalTaxAmount: decimal(),
    /** The only timestamp on the header (no modified time exists). */
    OrderCreationDateTime: dateTime(),
  },
});

export type SalesOrderHeader = Read<RowOf<typeof salesOrderHeaders>>;
export type SalesOrderLine = Read<RowOf<typeof salesOrderLines>>;

export const salesOrderHeadersApi = entityApi(salesOrderHeaders, ['create', 'update', 'remove']);

/** Orders carrying this reference (the Amazon order id), to check before creating one again. */
export async function findSalesOrdersByReference(
  client: D365Client,
  reference: string,
  options: { company?: string; signal?: AbortSignal } = {},
): Promise<SalesOrderHeader[]> {
  const page = await client.list(salesOrderHeaders, {
    ...options,
    filter: (where) => where.eq('CustomersOrderReference', reference),
  });
  return page.rows;
}

export interface NewSalesOrder {
  company?: string;
  header: Partial<RowOf<typeof salesOrderHeaders>>;
  /** Lines without `SalesOrderNumber`: it is filled in here. */
  lines: Partial<RowOf<typeof salesOrderLines>>[];
  signal?: AbortSignal;
}

/**
 * Creates an order with its lines. With a `SalesOrderNumber` given (a number sequence that allows
 * manual numbers), header and lines go in one change set: all or nothing. Without one, F&O must allocate
 * the number first, so the header is created on its own and the lines follow in one change set — if
 * that fails, the header exists without lines, and the error says so (`context.headerCreated`).
 */
export async function createSalesOrderWithLines(
  client: D365Client,
  order: NewSalesOrder,
): Promise<{ header: SalesOrderHeader; lines: SalesOrderLine[] }> {
  const { company, signal } = order;
  const lineOps = (number: string) =>
    order.lines.map((line) =>
      client.ops.create(salesOrderLines, { ...line, SalesOrderNumber: number }, { company }),
    );
  const number = order.header.SalesOrderNumber;
  if (number) {
    const results = await client.changeSet(
      [client.ops.create(salesOrderHeaders, order.header, { company }), ...lineOps(number)],
      {
        signal,
      },
    );
    const header =
      createdRow(salesOrderHeaders, results[0]!) ?? (await readBack(client, number, company, signal));
    return { header, lines: results.slice(1).flatMap((r) => createdRow(salesOrderLines, r) ?? []) };
  }
  const header = await client.create(salesOrderHeaders, order.header, { company, signal });
  if (order.lines.length === 0) return { header, lines: [] };
  try {
    const results = await client.changeSet(lineOps(header.SalesOrderNumber), { signal });
    return { header, lines: results.flatMap((r) => createdRow(salesOrderLines, r) ?? []) };
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    throw new ConnectorError(
      error.kind,
      `${error.message} (order ${header.SalesOrderNumber} was created without lines)`,
      {
        retryable: error.retryable,
        cause: error,
        context: { ...error.context, headerCreated: true, salesOrderNumber: header.SalesOrderNumber },
      },
    );
  }
}

async function readBack(
  client: D365Client,
  number: string,
  company: string | undefined,
  signal?: AbortSignal,
) {
  const header = await client.get(salesOrderHeaders, { SalesOrderNumber: number }, { company, signal });
  if (!header) {
    throw new ConnectorError('remote', `D365 sales order ${number} was created but cannot be read back`, {
      context: { applied: true, salesOrderNumber: number },
    });
  }
  return header;
}
