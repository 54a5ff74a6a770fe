/**
 * Purchase orders and their lines (`PurchaseOrderHeadersV2`, `PurchaseOrderLinesV2`): inbound supply,
 * e.g. for replenishing the stock Amazon sells. F&O allocates `PurchaseOrderNumber` when it is left
 * out; line `LineNumber` is an Int64 the caller chooses (or F&O assigns). Posting receipts is F&O work.
 */
import { defineEntity } from '../entity/descriptor.ts';
import { entityApi } from '../entity/entityApi.ts';
import { PurchStatus } from '../entity/enums.ts';
import { date, decimal, enumOf, int64, str } from '../entity/fields.ts';

export const purchaseOrderHeaders = defineEntity({
  entitySet: 'PurchaseOrderHeadersV2',
  keys: ['dataAreaId', 'PurchaseOrderNumber'],
  navigations: { PurchaseOrderLinesV2: () => purchaseOrderLines },
  fields: {
    dataAreaId: str(),
    PurchaseOrderNumber: str(),
    OrderVendorAccountNumber: str(),
    InvoiceVendorAccountNumber: str(),
    PurchaseOrderName: str(),
    VendorOrderReference: str(),
    CurrencyCode: str(),
    PurchaseOrderStatus: enumOf(PurchStatus),
    DefaultReceivingSiteId: str(),
    DefaultReceivingWarehouseId: str(),
    DeliveryModeId: str(),
    RequestedDeliveryDate: date(),
    ConfirmedDeliveryDate: date(),
    AccountingDate: date(),
  },
});

export const purchaseOrderLines = defineEntity({
  entitySet: 'PurchaseOrderLinesV2',
  keys: ['dataAreaId', 'PurchaseOrderNumber', 'LineNumber'],
  fields: {
    dataAreaId: str(),
    PurchaseOrderNumber: str(),
    LineNumber: int64(),
    ItemNumber: str(),
    ExternalItemNumber: str(),
    LineDescription: str(),
    ProductColorId: str(),
    ProductSizeId: str(),
    ProductStyleId: str(),
    ProductConfigurationId: str(),
    ProductVersionId: str(),
    OrderedPurchaseQuantity: decimal(),
    PurchaseUnitSymbol: str(),
    PurchasePrice: decimal(),
    LineAmount: decimal(),
    ReceivingSiteId: str(),
    ReceivingWarehouseId: str(),
    PurchaseOrderLineStatus: enumOf(PurchStatus),
    RequestedDeliveryDate: date(),
    ConfirmedDeliveryDate: date(),
    InventoryLotId: str(),
  },
});

export const purchaseOrderHeadersApi = entityApi(purchaseOrderHeaders, ['create', 'update']);
export const purchaseOrderLinesApi = entityApi(purchaseOrderLines, ['create', 'update', 'remove']);
