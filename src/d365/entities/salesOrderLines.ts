/**
 * Sales order lines (`SalesOrderLines`, EntityType SalesOrderLine). `InventoryLotId` is assigned by F&O
 * on create and is the line's identity everywhere else (packing slips' `InventTransId`); keep it with
 * the Amazon order item id. There is no remaining-quantity field here: cancellations and deliveries are
 * read from `SalesOrderLineStatus` and the packing-slip lines.
 */
import { defineEntity } from '../entity/descriptor.ts';
import { entityApi } from '../entity/entityApi.ts';
import { ItemReservation, NoYes, SalesStatus } from '../entity/enums.ts';
import { date, decimal, enumOf, int32, str } from '../entity/fields.ts';

export const salesOrderLines = defineEntity({
  entitySet: 'SalesOrderLines',
  keys: ['dataAreaId', 'InventoryLotId'],
  fields: {
    dataAreaId: str(),
    InventoryLotId: str(),
    SalesOrderNumber: str(),
    LineCreationSequenceNumber: int32(),
    LineNumber: decimal(),
    ItemNumber: str(),
    ExternalItemNumber: str(),
    LineDescription: str(),
    ProductColorId: str(),
    ProductSizeId: str(),
    ProductStyleId: str(),
    ProductConfigurationId: str(),
    ProductVersionId: str(),
    OrderedSalesQuantity: decimal(),
    SalesUnitSymbol: str(),
    SalesPrice: decimal(),
    SalesPriceQuantity: decimal(),
    LineAmount: decimal(),
    LineDiscountAmount: decimal(),
    FixedPriceCharges: decimal(),
    CalculateLineAmount: enumOf(NoYes),
    IsPriceLocked: enumOf(NoYes),
    CurrencyCode: str(),
    ShippingSiteId: str(),
    ShippingWarehouseId: str(),
    SalesOrderLineStatus: enumOf(SalesStatus),
    RequestedShippingDate: date(),
    ConfirmedShippingDate: date(),
    DeliveryModeCode: str(),
    SalesTaxGroupCode: str(),
    SalesTaxItemGroupCode: str(),
    InventoryReservationMethod: enumOf(ItemReservation),
    SalesDeliverNow: decimal(),
    CustomerRequisitionNumber: str(),
    CustomersLineNumber: int32(),
    OrderLineReference: str(),
    IsLineStopped: enumOf(NoYes),
    // The line's own delivery address: F&O copies the order's onto each line at creation, and shipping
    // works from the lines, so an address change must reach them too.
    IsDeliveryAddressOrderSpecific: enumOf(NoYes),
    DeliveryAddressName: str(),
    DeliveryAddressDescription: str(),
    DeliveryAddressStreet: str(),
    DeliveryAddressCity: str(),
    DeliveryAddressCountyId: str(),
    DeliveryAddressStateId: str(),
    DeliveryAddressZipCode: str(),
    DeliveryAddressCountryRegionId: str(),
    DeliveryAddressCountryRegionISOCode: str(),
    SkipCreateAutoCharges: enumOf(NoYes),
  },
});

export const salesOrderLinesApi = entityApi(salesOrderLines, ['create', 'update', 'remove']);
