/**
 * Product masters (the parent of a variation family, `ReleasedProductMastersV2`) and their released
 * variants (`ReleasedProductVariantsV2`). A variant's key is the master's item number plus the five
 * product dimensions, each '' when the dimension is not used; a master's item number is shared by all
 * its variants, so a variant is addressed by (ItemNumber, dimensions) everywhere else (on-hand, prices,
 * barcodes, order lines).
 */
import { defineEntity } from '../entity/descriptor.ts';
import { entityApi } from '../entity/entityApi.ts';
import { EcoResProductType } from '../entity/enums.ts';
import { date, decimal, enumOf, str } from '../entity/fields.ts';

export const releasedProductMasters = defineEntity({
  entitySet: 'ReleasedProductMastersV2',
  keys: ['dataAreaId', 'ItemNumber'],
  fields: {
    dataAreaId: str(),
    ItemNumber: str(),
    ProductNumber: str(),
    SearchName: str(),
    ProductSearchName: str(),
    ProductType: enumOf(EcoResProductType),
    // Unlike ReleasedProductsV2, no ProductSubType (every row is a master) and no
    // ProductDimensionGroupName (read it from the shared product, ProductsV2).
    ItemModelGroupId: str(),
    ProductGroupId: str(),
    StorageDimensionGroupName: str(),
    TrackingDimensionGroupName: str(),
    InventoryUnitSymbol: str(),
    SalesUnitSymbol: str(),
    SalesPrice: decimal(),
    SalesPriceQuantity: decimal(),
    NetProductWeight: decimal(),
    TareProductWeight: decimal(),
    GrossDepth: decimal(),
    GrossProductHeight: decimal(),
    GrossProductWidth: decimal(),
    SalesSalesTaxItemGroupCode: str(),
    BarcodeSetupId: str(),
    OriginCountryRegionId: str(),
    SellStartDate: date(),
    SellEndDate: date(),
  },
});

export const releasedProductVariants = defineEntity({
  entitySet: 'ReleasedProductVariantsV2',
  keys: [
    'dataAreaId',
    'ProductMasterNumber',
    'ProductConfigurationId',
    'ProductSizeId',
    'ProductColorId',
    'ProductStyleId',
    'ProductVersionId',
  ],
  fields: {
    dataAreaId: str(),
    ProductMasterNumber: str(),
    ProductConfigurationId: str(),
    ProductSizeId: str(),
    ProductColorId: str(),
    ProductStyleId: str(),
    ProductVersionId: str(),
    ItemNumber: str(),
    ProductVariantNumber: str(),
    ProductName: str(),
    ProductSearchName: str(),
    ProductDescription: str(),
    ProductLifecycleStateId: str(),
    SalesSalesTaxItemGroupCode: str(),
  },
});

export const releasedProductMastersApi = entityApi(releasedProductMasters);
export const releasedProductVariantsApi = entityApi(releasedProductVariants);
