// Posting a sales-price trade-agreement journal (F&O's PriceDiscAdmCheckPost): each journal line
// becomes a posted SalesPriceAgreements row (RecordId = a new RecId). A line naming an existing
// agreement — by RecordId, or by the same account/item/dimensions/currency/unit/quantity/date window —
// changes it, as the journal's "Edit selected lines" does; everything else adds a row. The journal is
// recorded as posted in TradeAgreementJournalHeaders and leaves the open-journal entity sets.
import type { BehaviourContext, EntityStore, Row } from '../engine/behaviour.ts';
import { mustBeFilled, notInRelatedTable, type Problem } from './faults.ts';
import { NO_DATE } from './metadata.ts';
import { nextRecId } from './numberSequences.ts';
import { dimsOf, resolveItem } from './products.ts';
import { checkRef, references } from './references.ts';
import { deleteIfExists, insertRow, patchRow, upsertRow } from './rows.ts';
import { legalEntity } from './setup.ts';
import { isNoDate, isSet, num, str, today } from './values.ts';

/** A journal line in OpenSalesPriceJournalLinesV2's shape (plus an optional RecordId to change). */
export type JournalLine = Row;

/** Problems of one line, prefixed with its position so a journal's problems can be listed together. */
export function validateJournalLine(
  store: EntityStore,
  company: string,
  l: JournalLine,
  where: string,
): Problem[] {
  const problems: Problem[] = [];
  const { problems: itemProblems } = resolveItem(store, company, str(l.ItemNumber), dimsOf(l), {
    allowMaster: true,
  });
  problems.push(...itemProblems);
  checkRef(store, problems, references.customer, company, l.CustomerAccountNumber);
  if (isSet(l.CustomerAccountNumber) && isSet(l.PriceCustomerGroupCode))
    problems.push({
      message: 'Account code Table (one customer) and Group (price group) cannot both be given on one line.',
    });
  if (!isSet(l.PriceCurrencyCode)) problems.push(mustBeFilled('Currency'));
  if (num(l.Price) < 0) problems.push({ message: 'The price must not be negative.' });
  if (num(l.ToQuantity) !== 0 && num(l.ToQuantity) < num(l.FromQuantity))
    problems.push({
      message: `To quantity ${num(l.ToQuantity)} is lower than From quantity ${num(l.FromQuantity)}.`,
    });
  const from = str(l.PriceApplicableFromDate);
  const to = str(l.PriceApplicableToDate);
  if (!isNoDate(from) && !isNoDate(to) && to.slice(0, 10) < from.slice(0, 10))
    problems.push({
      message: `The To date ${to.slice(0, 10)} is before the From date ${from.slice(0, 10)}.`,
    });
  checkRef(store, problems, references.unit, company, l.QuantityUnitSymbol);
  if (
    isSet(l.RecordId) &&
    !store.get('SalesPriceAgreements', { dataAreaId: company, RecordId: num(l.RecordId) })
  )
    problems.push(notInRelatedTable(l.RecordId, 'Record-ID', 'Trade agreements'));
  return problems.map((p) => ({ ...p, message: `${where}: ${p.message}` }));
}

/** Journal-line defaults F&O fills: company currency, the item's sales unit, price unit 1, Find next. */
export function journalLineDefaults(store: EntityStore, company: string, l: JournalLine): JournalLine {
  const item = store.get('ReleasedProductsV2', { dataAreaId: company, ItemNumber: str(l.ItemNumber) });
  return {
    PriceCurrencyCode: legalEntity(company).currency,
    QuantityUnitSymbol: str(item?.SalesUnitSymbol),
    SalesPriceQuantity: 1,
    FromQuantity: 1,
    WillSearchContinue: 'Yes',
    ...Object.fromEntries(Object.entries(l).filter(([, v]) => isSet(v))),
  };
}

/** The agreement row a journal line posts to (note the entity's own spellings). */
function agreementOf(store: EntityStore, company: string, l: JournalLine): Row {
  const d = dimsOf(l);
  const variant =
    d.ProductSizeId || d.ProductColorId || d.ProductStyleId || d.ProductConfigurationId || d.ProductVersionId;
  const item = store.get('ReleasedProductsV2', { dataAreaId: company, ItemNumber: str(l.ItemNumber) });
  const v =
    variant &&
    store.get('ReleasedProductVariantsV2', {
      dataAreaId: company,
      ProductMasterNumber: str(l.ItemNumber),
      ...d,
    });
  return {
    dataAreaId: company,
    ItemNumber: l.ItemNumber,
    ProductNumber: v ? v.ProductVariantNumber : item?.ProductNumber,
    CustomerAccountNumber: str(l.CustomerAccountNumber),
    PriceCustomerGroupCode: str(l.PriceCustomerGroupCode),
    Price: num(l.Price),
    PriceCurrencyCode: str(l.PriceCurrencyCode).toUpperCase(),
    FromQuantity: num(l.FromQuantity),
    ToQuantity: num(l.ToQuantity),
    PriceApplicableFromDate: str(l.PriceApplicableFromDate) || NO_DATE,
    PriceApplicableToDate: str(l.PriceApplicableToDate) || NO_DATE,
    QuantityUnitySymbol: str(l.QuantityUnitSymbol),
    SalesPriceQuantity: num(l.SalesPriceQuantity) || 1,
    FixedPriceCharges: num(l.FixedPriceCharges),
    PriceSiteId: str(l.PriceSiteId),
    PriceWarehouseId: str(l.PriceWarehouseId),
    ProductconfigurationId: d.ProductConfigurationId,
    ProductSizeId: d.ProductSizeId,
    ProductColorId: d.ProductColorId,
    ProductStyleId: d.ProductStyleId,
    ProductVersionId: d.ProductVersionId,
    SalesLeadTimeDays: num(l.SalesLeadTimeDays),
    WillSearchContinue: l.WillSearchContinue ?? 'Yes',
    WillDeliveryDateControlDisregardLeadTime: l.WillDeliveryDateControlDisregardLeadTime ?? 'No',
    IsGenericCurrencySearchEnabled: l.IsGenericCurrencySearchEnabled ?? 'No',
  };
}

const identity = [
  'ItemNumber',
  'CustomerAccountNumber',
  'PriceCustomerGroupCode',
  'PriceCurrencyCode',
  'QuantityUnitySymbol',
  'FromQuantity',
  'ToQuantity',
  'PriceApplicableFromDate',
  'PriceApplicableToDate',
  'PriceSiteId',
  'PriceWarehouseId',
  'ProductconfigurationId',
  'ProductSizeId',
  'ProductColorId',
  'ProductStyleId',
  'ProductVersionId',
];

export interface PostedJournal {
  journalNumber: string;
  created: number[];
  changed: number[];
}

/** Posts `lines` (already validated) under journal `header`; one change set with the caller's. */
export function postJournal(
  store: EntityStore,
  ctx: BehaviourContext,
  company: string,
  header: { JournalNumber: string; TradeAgreementJournalNameId: string; JournalDescription?: string },
  lines: JournalLine[],
): PostedJournal {
  const result: PostedJournal = { journalNumber: header.JournalNumber, created: [], changed: [] };
  for (const l of lines) {
    const agreement = agreementOf(store, company, l);
    const existing = isSet(l.RecordId)
      ? store.get('SalesPriceAgreements', { dataAreaId: company, RecordId: num(l.RecordId) })
      : store
          .list('SalesPriceAgreements', company)
          .find((a) => identity.every((f) => str(a[f]) === str(agreement[f])));
    if (existing) {
      patchRow(
        store,
        'SalesPriceAgreements',
        { dataAreaId: company, RecordId: existing.RecordId },
        agreement,
      );
      result.changed.push(num(existing.RecordId));
    } else {
      const recordId = nextRecId(ctx, company);
      insertRow(store, 'SalesPriceAgreements', { ...agreement, RecordId: recordId });
      result.created.push(recordId);
    }
  }
  const key = { dataAreaId: company, JournalNumber: header.JournalNumber };
  upsertRow(store, 'TradeAgreementJournalHeaders', {
    ...key,
    TradeAgreementJournalNameId: header.TradeAgreementJournalNameId,
    JournalDescription: header.JournalDescription ?? '',
    DefaultTradeAgreementType: 'PriceSales',
    Posted: 'Yes',
    PostedDate: today(ctx),
  });
  for (const l of store.list('OpenSalesPriceJournalLinesV2', company))
    if (l.TradeAgreementJournalNumber === header.JournalNumber)
      deleteIfExists(store, 'OpenSalesPriceJournalLinesV2', l);
  deleteIfExists(store, 'OpenTradeAgreementJournalHeadersV2', key);
  return result;
}
