// POST /_sim/trade-agreements — a pricing manager creating and posting a sales-price trade-agreement
// journal (Sales and marketing > Trade agreements > Trade agreement journals), or posting an open
// journal a client prepared over OData (`journalNumber`). Posting creates or changes
// SalesPriceAgreements rows — the only way they change, as in F&O. Every line is checked before any
// is posted (item/variant, customer, currency, quantity and date windows, unit).
import { z } from 'zod';
import type { BehaviourContext, EntityStore, Row } from '../../engine/behaviour.ts';
import { nextFreeNumber, sequences } from '../numberSequences.ts';
import { TRADE_AGREEMENT_JOURNAL_NAME } from '../setup.ts';
import { journalLineDefaults, postJournal, validateJournalLine } from '../tradeAgreements.ts';
import { str } from '../values.ts';
import { companyFrom, simError } from './http.ts';

const lineSchema = z.strictObject({
  itemNumber: z.string().min(1),
  configuration: z.string().optional(),
  size: z.string().optional(),
  color: z.string().optional(),
  style: z.string().optional(),
  version: z.string().optional(),
  /** Account code Table: one customer … */
  customerAccount: z.string().min(1).optional(),
  /** … or Group: a price customer group (CustomersV3.DiscountPriceGroupId); neither = All. */
  priceGroup: z.string().min(1).optional(),
  currency: z.string().length(3).optional(),
  price: z.number().nonnegative(),
  priceUnit: z.number().positive().optional(),
  fromQuantity: z.number().nonnegative().optional(),
  toQuantity: z.number().nonnegative().optional(),
  fromDate: z.iso.date().optional(),
  toDate: z.iso.date().optional(),
  unit: z.string().min(1).optional(),
  findNext: z.boolean().optional(),
  siteId: z.string().optional(),
  warehouseId: z.string().optional(),
  /** Change this existing agreement instead of adding one. */
  recordId: z.number().int().positive().optional(),
});

export const tradeAgreementSchema = z
  .strictObject({
    company: z.string().optional(),
    journalName: z.string().min(1).default(TRADE_AGREEMENT_JOURNAL_NAME),
    description: z.string().optional(),
    /** Post an open journal prepared over OData … */
    journalNumber: z.string().min(1).optional(),
    /** … or create one with these lines and post it. */
    lines: z.array(lineSchema).min(1).optional(),
  })
  .refine((b) => (b.journalNumber === undefined) !== (b.lines === undefined), {
    message: 'give either journalNumber (post an open journal) or lines (create and post one)',
  });
export type TradeAgreementRequest = z.output<typeof tradeAgreementSchema>;

const date = (d: string | undefined) => (d ? `${d}T12:00:00Z` : undefined);

function toJournalLine(l: z.output<typeof lineSchema>): Row {
  return {
    ItemNumber: l.itemNumber,
    ProductConfigurationId: l.configuration,
    ProductSizeId: l.size,
    ProductColorId: l.color,
    ProductStyleId: l.style,
    ProductVersionId: l.version,
    CustomerAccountNumber: l.customerAccount,
    PriceCustomerGroupCode: l.priceGroup,
    PriceCurrencyCode: l.currency?.toUpperCase(),
    Price: l.price,
    SalesPriceQuantity: l.priceUnit,
    FromQuantity: l.fromQuantity,
    ToQuantity: l.toQuantity,
    PriceApplicableFromDate: date(l.fromDate),
    PriceApplicableToDate: date(l.toDate),
    QuantityUnitSymbol: l.unit,
    WillSearchContinue: l.findNext === undefined ? undefined : l.findNext ? 'Yes' : 'No',
    PriceSiteId: l.siteId,
    PriceWarehouseId: l.warehouseId,
    RecordId: l.recordId,
  };
}

export function postTradeAgreements(store: EntityStore, ctx: BehaviourContext, req: TradeAgreementRequest) {
  const company = companyFrom(req.company);
  let header: { JournalNumber: string; TradeAgreementJournalNameId: string; JournalDescription?: string };
  let lines: Row[];
  if (req.journalNumber) {
    const open = store.get('OpenTradeAgreementJournalHeadersV2', {
      dataAreaId: company,
      JournalNumber: req.journalNumber,
    });
    if (!open)
      throw simError(
        404,
        `Trade agreement journal ${req.journalNumber} is not an open journal of company ${company}.`,
      );
    header = {
      JournalNumber: req.journalNumber,
      TradeAgreementJournalNameId: str(open.TradeAgreementJournalNameId),
      JournalDescription: str(open.JournalDescription),
    };
    lines = store
      .list('OpenSalesPriceJournalLinesV2', company)
      .filter((l) => l.TradeAgreementJournalNumber === req.journalNumber)
      .map((l) => ({ ...l }));
    if (lines.length === 0)
      throw simError(409, `Trade agreement journal ${req.journalNumber} has no lines to post.`);
  } else {
    const name = store.get('TradeAgreementJournalNames', {
      dataAreaId: company,
      TradeAgreementJournalNameId: req.journalName,
    });
    if (!name)
      throw simError(
        400,
        `The value '${req.journalName}' in field 'Name' is not found in the related table 'Journal names'.`,
      );
    const taken = (n: string) =>
      !!store.get('TradeAgreementJournalHeaders', { dataAreaId: company, JournalNumber: n });
    header = {
      JournalNumber: nextFreeNumber(ctx, sequences.tradeAgreementJournal, company, taken),
      TradeAgreementJournalNameId: req.journalName,
      JournalDescription: req.description ?? str(name.DefaultJournalDescription),
    };
    lines = (req.lines ?? []).map((l) => journalLineDefaults(store, company, toJournalLine(l)));
  }
  const problems = lines.flatMap((l, i) =>
    validateJournalLine(store, company, l, `lines.${i}`).map((p) => p.message),
  );
  if (problems.length)
    throw simError(400, `Trade agreement journal ${header.JournalNumber} cannot be posted.`, problems);
  return postJournal(store, ctx, company, header, lines);
}
