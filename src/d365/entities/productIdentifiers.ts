/**
 * How a product is recognised outside F&O: barcodes (UPC/EAN/GTIN, `ProductBarcodesV3`, per item,
 * variant dimensions, unit and barcode setup) and customer-specific external item numbers
 * (`CustomerProductDescriptionsV2`: the connector keeps the seller SKU / ASIN there, for the Amazon
 * customer). Which barcode setup is UPC or EAN is configuration — see `barcodeSetups` in reference.ts.
 * The connector may write both (matching by ASIN, recording the SKU).
 */
import { defineEntity } from '../entity/descriptor.ts';
import { entityApi } from '../entity/entityApi.ts';
import { Abc, NoYes } from '../entity/enums.ts';
import { decimal, enumOf, str } from '../entity/fields.ts';

export const productBarcodes = defineEntity({
  entitySet: 'ProductBarcodesV3',
  keys: [
    'dataAreaId',
    'ItemNumber',
    'ProductConfigurationId',
    'ProductColorId',
    'ProductSizeId',
    'ProductStyleId',
    'ProductVersionId',
    'ProductQuantityUnitSymbol',
    'BarcodeSetupId',
    'Barcode',
  ],
  fields: {
    dataAreaId: str(),
    ItemNumber: str(),
    ProductConfigurationId: str(),
    ProductColorId: str(),
    ProductSizeId: str(),
    ProductStyleId: str(),
    ProductVersionId: str(),
    ProductQuantityUnitSymbol: str(),
    BarcodeSetupId: str(),
    Barcode: str(),
    ProductQuantity: decimal(),
    ProductDescription: str(),
    IsDefaultScannedBarcode: enumOf(NoYes),
    IsDefaultPrintedBarcode: enumOf(NoYes),
    IsDefaultDisplayedBarcode: enumOf(NoYes),
  },
});

export const customerProductDescriptions = defineEntity({
  entitySet: 'CustomerProductDescriptionsV2',
  keys: [
    'dataAreaId',
    'ItemNumber',
    'ProductColorId',
    'ProductConfigurationId',
    'ProductSizeId',
    'ProductStyleId',
    'ProductVersionId',
    'CustomerAccountNumber',
    'ProductDescriptionCustomerGroupId',
  ],
  fields: {
    dataAreaId: str(),
    ItemNumber: str(),
    ProductColorId: str(),
    ProductConfigurationId: str(),
    ProductSizeId: str(),
    ProductStyleId: str(),
    ProductVersionId: str(),
    CustomerAccountNumber: str(),
    ProductDescriptionCustomerGroupId: str(),
    CustomerProductNumber: str(),
    CustomerProductDescription: str(),
    CustomerABCCode: enumOf(Abc),
  },
});

export const productBarcodesApi = entityApi(productBarcodes, ['create', 'remove']);
export const customerProductDescriptionsApi = entityApi(customerProductDescriptions, [
  'create',
  'update',
  'remove',
]);
