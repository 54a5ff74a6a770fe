/**
 * Sales price trade agreements (`SalesPriceAgreements`: posted *Price (sales)* lines). The account code
 * (one customer / price group / all customers) is not a field: it follows from which of
 * `CustomerAccountNumber` and `PriceCustomerGroupCode` is filled. The key is `RecordId` (RecId), the
 * only stable id; there is no timestamp, so price changes are found by scanning and hashing.
 * Read-only: prices change through trade agreement journals in F&O.
 */
import type { D365Client } from '../client.ts';
import { defineEntity, type Read, type RowOf } from '../entity/descriptor.ts';
import { entityApi } from '../entity/entityApi.ts';
import { NoYes } from '../entity/enums.ts';
import { date, decimal, enumOf, int32, int64, str } from '../entity/fields.ts';

export const salesPriceAgreements = defineEntity({
  entitySet: 'SalesPriceAgreements',
  keys: ['dataAreaId', 'RecordId'],
  fields: {
    dataAreaId: str(),
    RecordId: int64(),
    ItemNumber: str(),
    ProductNumber: str(),
    CustomerAccountNumber: str(),
    PriceCustomerGroupCode: str(),
    Price: decimal(),
    PriceCurrencyCode: str(),
    SalesPriceQuantity: decimal(),
    FixedPriceCharges: decimal(),
    FromQuantity: decimal(),
    ToQuantity: decimal(),
    QuantityUnitySymbol: str(), // sic: "Unity"
    PriceApplicableFromDate: date(),
    PriceApplicableToDate: date(),
    PriceSiteId: str(),
    PriceWarehouseId: str(),
    ProductColorId: str(),
    ProductSizeId: str(),
    ProductStyleId: str(),
    ProductVersionId: str(),
    ProductconfigurationId: str(), // sic: lower-case c
    WillSearchContinue: enumOf(NoYes),
    IsGenericCurrencySearchEnabled: enumOf(NoYes),
    SalesLeadTimeDays: int32(),
    AttributeBasedPricingId: str(),
  },
});

export type SalesPriceAgreement = Read<RowOf<typeof salesPriceAgreements>>;

export const salesPriceAgreementsApi = entityApi(salesPriceAgreements);

/** Every agreement of the company in one currency, in RecordId order (a stable scan). */
export function iterateSalesPrices(
  client: D365Client,
  options: { company?: string; currency: string; signal?: AbortSignal },
): AsyncIterable<SalesPriceAgreement> {
  const { currency, ...call } = options;
  return client.iterate(salesPriceAgreements, {
    ...call,
    filter: (where) => where.eq('PriceCurrencyCode', currency),
    orderBy: ['RecordId'],
  });
}
