/**
 * Setup data the mappings point at: customer groups, modes of delivery (`DeliveryModesV2` — there is no
 * `DeliveryModes` set), methods of payment (`CustomerPaymentMethods`), payment terms, sales origins,
 * barcode setups (which setup is UPC/EAN), warehouses and sites. The connector only reads them — to
 * validate mappings and offer choices; setting them up is an F&O administrator's task.
 */
import { defineEntity } from '../entity/descriptor.ts';
import { entityApi } from '../entity/entityApi.ts';
import { BarcodeType, CustPaymentType, InventLocationType, NoYes, SalesOriginType } from '../entity/enums.ts';
import { enumOf, int32, str } from '../entity/fields.ts';

export const customerGroups = defineEntity({
  entitySet: 'CustomerGroups',
  keys: ['dataAreaId', 'CustomerGroupId'],
  fields: {
    dataAreaId: str(),
    CustomerGroupId: str(),
    Description: str(),
    PaymentTermId: str(),
    CustomerAccountNumberSequence: str(),
    IsSalesTaxIncludedInPrice: enumOf(NoYes),
    TaxGroupId: str(),
  },
});

export const deliveryModes = defineEntity({
  entitySet: 'DeliveryModesV2',
  keys: ['dataAreaId', 'ModeCode'],
  fields: { dataAreaId: str(), ModeCode: str(), ModeDescription: str(), ModeDisplayOrder: int32() },
});

export const paymentMethods = defineEntity({
  entitySet: 'CustomerPaymentMethods',
  keys: ['dataAreaId', 'Name'],
  fields: { dataAreaId: str(), Name: str(), Description: str(), PaymentType: enumOf(CustPaymentType) },
});

export const paymentTerms = defineEntity({
  entitySet: 'PaymentTerms',
  keys: ['dataAreaId', 'Name'],
  fields: { dataAreaId: str(), Name: str(), Description: str(), NumberOfDays: int32() },
});

export const salesOriginCodes = defineEntity({
  entitySet: 'SalesOrderOriginCodes',
  keys: ['dataAreaId', 'OriginCode'],
  fields: {
    dataAreaId: str(),
    OriginCode: str(),
    OriginDescription: str(),
    OriginType: enumOf(SalesOriginType),
  },
});

export const barcodeSetups = defineEntity({
  entitySet: 'BarcodeSetups',
  keys: ['dataAreaId', 'BarcodeSetupId'],
  fields: {
    dataAreaId: str(),
    BarcodeSetupId: str(),
    BarcodeDescription: str(),
    BarcodeType: enumOf(BarcodeType),
    MinimumBarcodeLength: int32(),
    MaximumBarcodeLength: int32(),
  },
});

export const warehouses = defineEntity({
  entitySet: 'Warehouses',
  keys: ['dataAreaId', 'WarehouseId'],
  fields: {
    dataAreaId: str(),
    WarehouseId: str(),
    WarehouseName: str(),
    OperationalSiteId: str(),
    WarehouseType: enumOf(InventLocationType),
    AreAdvancedWarehouseManagementProcessesEnabled: enumOf(NoYes),
  },
});

export const sites = defineEntity({
  entitySet: 'OperationalSitesV2',
  keys: ['dataAreaId', 'SiteId'],
  fields: { dataAreaId: str(), SiteId: str(), SiteName: str() },
});

export const customerGroupsApi = entityApi(customerGroups);
export const deliveryModesApi = entityApi(deliveryModes);
export const paymentMethodsApi = entityApi(paymentMethods);
export const paymentTermsApi = entityApi(paymentTerms);
export const salesOriginCodesApi = entityApi(salesOriginCodes);
export const barcodeSetupsApi = entityApi(barcodeSetups);
export const warehousesApi = entityApi(warehouses);
export const sitesApi = entityApi(sites);
