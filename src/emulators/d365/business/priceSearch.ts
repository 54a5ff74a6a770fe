// The sales price F&O puts on an order line when the client sends none: the trade-agreement search over
// posted SalesPriceAgreements (reference §1.1) — brackets customer → price group → all customers, each
// line filtered by currency, unit, quantity window, date window and product dimensions (equal or
// blank), the lowest price across visited brackets, stopping after a bracket with "Find next" = No —
// and the item's base sales price when no agreement applies in the company currency.
import type { EntityStore, Row } from '../engine/behaviour.ts';
import type { Dims } from './products.ts';
import { legalEntity } from './setup.ts';
import { isNoDate, num, str } from './values.ts';

export interface PriceQuery {
  company: string;
  itemNumber: string;
  dims: Dims;
  customerAccount: string;
  priceGroup: string;
  currency: string;
  unit: string;
  quantity: number;
  /** The pricing date (YYYY-MM-DD…); today in F&O's default setup. */
  date: string;
  siteId?: string;
  warehouseId?: string;
}

export interface PriceResult {
  price: number;
  priceUnit: number;
  /** The agreement used (absent for the base price). */
  recordId?: number;
}

const eqOrBlank = (agreement: unknown, value: string) => str(agreement) === '' || str(agreement) === value;

function applies(a: Row, q: PriceQuery): boolean {
  const day = q.date.slice(0, 10);
  const from = str(a.PriceApplicableFromDate);
  const to = str(a.PriceApplicableToDate);
  return (
    a.ItemNumber === q.itemNumber &&
    str(a.PriceCurrencyCode).toUpperCase() === q.currency.toUpperCase() &&
    (str(a.QuantityUnitySymbol) === '' ||
      str(a.QuantityUnitySymbol).toLowerCase() === q.unit.toLowerCase()) &&
    num(a.FromQuantity) <= q.quantity &&
    (num(a.ToQuantity) === 0 || num(a.ToQuantity) >= q.quantity) &&
    (isNoDate(from) || from.slice(0, 10) <= day) &&
    (isNoDate(to) || to.slice(0, 10) >= day) &&
    eqOrBlank(a.ProductconfigurationId, q.dims.ProductConfigurationId) &&
    eqOrBlank(a.ProductSizeId, q.dims.ProductSizeId) &&
    eqOrBlank(a.ProductColorId, q.dims.ProductColorId) &&
    eqOrBlank(a.ProductStyleId, q.dims.ProductStyleId) &&
    eqOrBlank(a.ProductVersionId, q.dims.ProductVersionId) &&
    eqOrBlank(a.PriceSiteId, q.siteId ?? '') &&
    eqOrBlank(a.PriceWarehouseId, q.warehouseId ?? '')
  );
}

const unitPrice = (a: Row) => num(a.Price) / Math.max(num(a.SalesPriceQuantity), 1);

export function findSalesPrice(store: EntityStore, q: PriceQuery): PriceResult | undefined {
  const candidates = store.list('SalesPriceAgreements', q.company).filter((a) => applies(a, q));
  const brackets: ((a: Row) => boolean)[] = [
    (a) => q.customerAccount !== '' && a.CustomerAccountNumber === q.customerAccount,
    (a) =>
      q.priceGroup !== '' && str(a.CustomerAccountNumber) === '' && a.PriceCustomerGroupCode === q.priceGroup,
    (a) => str(a.CustomerAccountNumber) === '' && str(a.PriceCustomerGroupCode) === '',
  ];
  let best: Row | undefined;
  for (const inBracket of brackets) {
    const rows = candidates.filter(inBracket);
    for (const a of rows) if (!best || unitPrice(a) < unitPrice(best)) best = a;
    if (rows.some((a) => a.WillSearchContinue === 'No')) break;
  }
  if (best)
    return {
      price: num(best.Price),
      priceUnit: Math.max(num(best.SalesPriceQuantity), 1),
      recordId: num(best.RecordId),
    };
  if (q.currency.toUpperCase() !== legalEntity(q.company).currency) return undefined;
  const item = store.get('ReleasedProductsV2', { dataAreaId: q.company, ItemNumber: q.itemNumber });
  return item
    ? { price: num(item.SalesPrice), priceUnit: Math.max(num(item.SalesPriceQuantity), 1) }
    : undefined;
}
