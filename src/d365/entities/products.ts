/**
 * Released products (the item per company, `ReleasedProductsV2`), their one-call creation with the
 * shared product (`ReleasedProductCreationsV2`) and the shared products themselves (`ProductsV2`,
 * no company). Names and descriptions are not on `ReleasedProductsV2`: they live on the shared product
 * (and on the creation entity), so a listing reads both. Gross weight is net + tare; F&O has no field.
 */
import { defineEntity } from '../entity/descriptor.ts';
import { entityApi } from '../entity/entityApi.ts';
import {
  EcoResProductSubtype,
  EcoResProductType,
  EcoResVariantConfigurationTechnologyType,
  NoYes,
} from '../entity/enums.ts';
import { date, decimal, enumOf, str } from '../entity/fields.ts';

export const releasedProducts = defineEntity({
  entitySet: 'ReleasedProductsV2',
  keys: ['dataAreaId', 'ItemNumber'],
  fields: {
    dataAreaId: str(),
    ItemNumber: str(),
    ProductNumber: str(),
    SearchName: str(),
    ProductSearchName: str(),
    ProductType: enumOf(EcoResProductType),
    ProductSubType: enumOf(EcoResProductSubtype),
    ItemModelGroupId: str(),
    ProductGroupId: str(),
    StorageDimensionGroupName: str(),
    TrackingDimensionGroupName: str(),
    ProductDimensionGroupName: str(),
    InventoryUnitSymbol: str(),
    SalesUnitSymbol: str(),
    PurchaseUnitSymbol: str(),
    SalesPrice: decimal(),
    SalesPriceQuantity: decimal(),
    SalesPriceDate: date(),
    FixedSalesPriceCharges: decimal(),
    IsSalesPriceIncludingCharges: enumOf(NoYes),
    NetProductWeight: decimal(),
    TareProductWeight: decimal(),
    GrossDepth: decimal(),
    GrossProductHeight: decimal(),
    GrossProductWidth: decimal(),
    ProductVolume: decimal(),
    SalesSalesTaxItemGroupCode: str(),
    BarcodeSetupId: str(),
    ProductLifecycleStateId: str(),
    SellStartDate: date(),
    SellEndDate: date(),
    IsIntercompanySalesUsageBlocked: enumOf(NoYes),
    OriginCountryRegionId: str(),
    CommodityCodeId: str(),
    DefaultProductColorId: str(),
    DefaultProductSizeId: str(),
    DefaultProductStyleId: str(),
    DefaultProductConfigurationId: str(),
    DefaultProductVersionId: str(),
  },
});

/** Creates the shared product and releases it to the company in one call (a real F&O pattern). */
export const releasedProductCreations = defineEntity({
  entitySet: 'ReleasedProductCreationsV2',
  keys: ['dataAreaId', 'ItemNumber'],
  fields: {
    dataAreaId: str(),
    ItemNumber: str(),
    ProductNumber: str(),
    ProductName: str(),
    ProductSearchName: str(),
    ProductDescription: str(),
    SearchName: str(),
    ProductType: enumOf(EcoResProductType),
    ProductSubType: enumOf(EcoResProductSubtype),
    VariantConfigurationTechnology: enumOf(EcoResVariantConfigurationTechnologyType),
    ItemModelGroupId: str(),
    ProductGroupId: str(),
    StorageDimensionGroupName: str(),
    TrackingDimensionGroupName: str(),
    ProductDimensionGroupName: str(),
    InventoryUnitSymbol: str(),
    SalesUnitSymbol: str(),
    PurchaseUnitSymbol: str(),
    BOMUnitSymbol: str(),
    SalesSalesTaxItemGroupCode: str(),
    PurchaseSalesTaxItemGroupCode: str(),
    RetailProductCategoryname: str(), // sic: lower-case n in F&O
  },
});

export const products = defineEntity({
  entitySet: 'ProductsV2',
  keys: ['ProductNumber'],
  fields: {
    ProductNumber: str(),
    ProductName: str(),
    ProductSearchName: str(),
    ProductDescription: str(),
    ProductType: enumOf(EcoResProductType),
    ProductSubType: enumOf(EcoResProductSubtype),
    ProductDimensionGroupName: str(),
    VariantConfigurationTechnology: enumOf(EcoResVariantConfigurationTechnologyType),
    ProductColorGroupId: str(),
    ProductSizeGroupId: str(),
    ProductStyleGroupId: str(),
    RetailProductCategoryName: str(),
    HarmonizedSystemCode: str(),
  },
});

/** Product master data is owned by F&O users: the connector reads it and may correct weights/prices. */
export const releasedProductsApi = entityApi(releasedProducts, ['update']);
/** Creation only: the record then exists as a released product (read it through releasedProductsApi). */
export const releasedProductCreationsApi = entityApi(releasedProductCreations, ['create']);
export const productsApi = entityApi(products);
