/**
 * Builders for the tests of the D365 writers (src/flows/importOrders/write): a buyer's customer draft, a
 * sales-order draft to Jane Doe at 5 Elm St with the header salesOrderRows makes of it, and a write
 * context over a test store. Each test passes only what it is about (its addresses, its lines, the
 * fields it changes).
 */
import type { D365Client } from '../../src/d365/index.ts';
import type { CustomerDraft, LineDraft, SalesOrderDraft } from '../../src/flows/importOrders/plan/drafts.ts';
import type { D365WriteContext } from '../../src/flows/importOrders/write/writeContext.ts';
import type { Store } from '../../src/store/openStore.ts';
import { testOnce } from './testDb.ts';

/** A run of import-orders for connection `us`, writing through `d365` with intents in `store`. */
export function testWriteContext(d365: D365Client, store: Store): D365WriteContext {
  return { d365, once: testOnce(store), connectionId: 'us', flow: 'import-orders' };
}

/** Jane Doe, a person buying in the US marketplace, with the addresses the test gives her. */
export function aBuyerDraft(
  overrides: Partial<CustomerDraft> & Pick<CustomerDraft, 'addresses'>,
): CustomerDraft {
  return {
    key: 'AMZ-0123456789abcdef',
    kind: 'buyer',
    company: 'usmf',
    partyType: 'Person',
    firstName: 'Jane',
    lastName: 'Doe',
    customerGroup: 'AMZ',
    currency: 'USD',
    email: 'jane@marketplace.amazon.com',
    phone: '+1 206 555 0100',
    ...overrides,
  };
}

/** A merchant-fulfilled US order to AMZ-US with the lines the test gives, delivered to 5 Elm St, Apt 2. */
export function aSalesOrderDraft(
  overrides: Partial<SalesOrderDraft> & { lines: LineDraft[] },
): SalesOrderDraft {
  return {
    orderId: '113-1234567-1234567',
    company: 'usmf',
    customer: { kind: 'account', account: 'AMZ-US' },
    currency: 'USD',
    purchaseOrderNumber: 'PO-9',
    requestedShipDate: '2026-03-04T07:59:59Z',
    requestedReceiptDate: '2026-03-09',
    deliveryMode: 'AMZ-STD',
    paymentMethod: 'AMAZON',
    salesTaxGroup: 'AMZ-MF',
    site: '1',
    warehouse: '11',
    deliveryAddress: {
      name: 'Jane Doe',
      lines: ['5 Elm St', 'Apt 2'],
      city: 'Seattle',
      stateOrRegion: 'WA',
      postalCode: '98101',
      countryCode: 'US',
    },
    summary: {
      marketplaceId: 'ATVPDKIKX0DER',
      amazonStatus: 'UNSHIPPED',
      fulfilledBy: 'MERCHANT',
      lines: overrides.lines.length,
      payment: [],
    },
    ...overrides,
  };
}

/** The header salesOrderRows makes of aSalesOrderDraft (but its company, dataAreaId). */
export const A_SALES_ORDER_HEADER = {
  OrderingCustomerAccountNumber: 'AMZ-US',
  InvoiceCustomerAccountNumber: 'AMZ-US',
  CustomersOrderReference: '113-1234567-1234567',
  CustomerRequisitionNumber: 'PO-9',
  CurrencyCode: 'USD',
  RequestedShippingDate: '2026-03-04',
  RequestedReceiptDate: '2026-03-09',
  DeliveryModeCode: 'AMZ-STD',
  CustomerPaymentMethodName: 'AMAZON',
  SalesTaxGroupCode: 'AMZ-MF',
  DefaultShippingSiteId: '1',
  DefaultShippingWarehouseId: '11',
  SkipCreateAutoCharges: 'Yes',
  IsDeliveryAddressOrderSpecific: 'Yes',
  DeliveryAddressName: 'Jane Doe',
  DeliveryAddressStreet: '5 Elm St\nApt 2',
  DeliveryAddressCity: 'Seattle',
  DeliveryAddressStateId: 'WA',
  DeliveryAddressZipCode: '98101',
  DeliveryAddressCountryRegionId: 'USA',
  DeliveryAddressCountryRegionISOCode: 'US',
};
