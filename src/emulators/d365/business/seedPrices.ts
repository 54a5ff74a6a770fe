// Opening sales prices, posted through a trade-agreement journal like any price in F&O: for every
// catalogue offer an all-customers agreement in the marketplace's currency (USD and CAD for usmf), and
// for simple items in the company currency a quantity break from 10 pieces at 10 % off. Also the
// Amazon SKU of each offer as the marketplace customer's external item number.
import { demoCatalogue } from '../../../demo/demoCatalogue.ts';
import type { BehaviourContext, EntityStore, Row } from '../engine/behaviour.ts';
import { nextNumber, sequences } from './numberSequences.ts';
import { noDims } from './products.ts';
import { ensureRow } from './rows.ts';
import { legalEntity, marketplaceCustomer, TRADE_AGREEMENT_JOURNAL_NAME } from './setup.ts';
import { postJournal } from './tradeAgreements.ts';
import { round } from './values.ts';

const BREAK_QUANTITY = 10;
const BREAK_DISCOUNT = 0.1;

interface Offer {
  itemNumber: string;
  size: string;
  color: string;
  title: string;
  marketplaceId: string;
  sku: string;
  price: number;
  simple: boolean;
}

function offers(): Offer[] {
  return demoCatalogue().products.flatMap((p): Offer[] =>
    p.kind === 'simple'
      ? p.offers.map((o) => ({
          ...o,
          itemNumber: p.itemNumber,
          size: '',
          color: '',
          title: p.name,
          simple: true,
        }))
      : p.variants.flatMap((v) =>
          v.offers.map((o) => ({
            ...o,
            itemNumber: p.itemNumber,
            size: v.size,
            color: v.color,
            title: v.name,
            simple: false,
          })),
        ),
  );
}

export function seedPrices(store: EntityStore, ctx: BehaviourContext, company: string): void {
  if (store.list('SalesPriceAgreements', company).length > 0) return;
  const marketplaces = demoCatalogue().marketplaces.filter((m) => m.legalEntity === company);
  const lines: Row[] = [];
  for (const o of offers()) {
    const m = marketplaces.find((mk) => mk.id === o.marketplaceId);
    if (!m) continue;
    const line = {
      ItemNumber: o.itemNumber,
      ProductSizeId: o.size,
      ProductColorId: o.color,
      PriceCurrencyCode: m.currency,
      Price: o.price,
      SalesPriceQuantity: 1,
      QuantityUnitSymbol: 'ea',
      FromQuantity: 1,
      WillSearchContinue: 'Yes',
    };
    lines.push(line);
    if (o.simple && m.currency === legalEntity(company).currency)
      lines.push({ ...line, FromQuantity: BREAK_QUANTITY, Price: round(o.price * (1 - BREAK_DISCOUNT)) });
  }
  postJournal(
    store,
    ctx,
    company,
    {
      JournalNumber: nextNumber(ctx, sequences.tradeAgreementJournal, company),
      TradeAgreementJournalNameId: TRADE_AGREEMENT_JOURNAL_NAME,
      JournalDescription: 'Opening sales prices',
    },
    lines,
  );
}

/** Each offer's SKU as the marketplace customer's number for the item (CustomerProductDescriptionsV2). */
export function seedCustomerProductNumbers(store: EntityStore, company: string): void {
  const marketplaces = demoCatalogue().marketplaces.filter((m) => m.legalEntity === company);
  for (const o of offers()) {
    const m = marketplaces.find((mk) => mk.id === o.marketplaceId);
    if (!m) continue;
    ensureRow(store, 'CustomerProductDescriptionsV2', {
      dataAreaId: company,
      ItemNumber: o.itemNumber,
      ...noDims,
      ProductSizeId: o.size,
      ProductColorId: o.color,
      CustomerAccountNumber: marketplaceCustomer(m.countryCode),
      ProductDescriptionCustomerGroupId: '',
      CustomerProductNumber: o.sku,
      CustomerProductDescription: o.title,
    });
  }
}
