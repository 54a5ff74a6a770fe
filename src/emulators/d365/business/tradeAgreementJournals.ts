// Open trade-agreement journals over OData (OpenTradeAgreementJournalHeadersV2 and
// OpenSalesPriceJournalLinesV2): a client may prepare a sales-price journal; posting it is a person's
// (or batch job's) action in F&O, so it happens through `/_sim/trade-agreements`. Journal numbers come
// from their number sequence; lines are numbered and defaulted; every open journal also shows, unposted,
// in TradeAgreementJournalHeaders.
import type { BehaviourContext, EntityBehaviour, Row } from '../engine/behaviour.ts';
import { notInRelatedTable, refuseIfAny, type Problem } from './faults.ts';
import { nextFreeNumber, sequences } from './numberSequences.ts';
import { checkRequiredRef, references } from './references.ts';
import { deleteIfExists, upsertRow } from './rows.ts';
import { journalLineDefaults, validateJournalLine } from './tradeAgreements.ts';
import { companyOf, isSet, num, str } from './values.ts';

const HEADERS = 'OpenTradeAgreementJournalHeadersV2';
const LINES = 'OpenSalesPriceJournalLinesV2';

function mirror(ctx: BehaviourContext, h: Row): void {
  upsertRow(ctx.store, 'TradeAgreementJournalHeaders', {
    dataAreaId: h.dataAreaId,
    JournalNumber: h.JournalNumber,
    TradeAgreementJournalNameId: h.TradeAgreementJournalNameId,
    JournalDescription: h.JournalDescription,
    DefaultTradeAgreementType: h.DefaultTradeAgreementType,
    IsCurrentPriceExported: h.IsCurrentPriceExported,
    Posted: 'No',
  });
}

function createHeader(input: Row, ctx: BehaviourContext): Row {
  const company = companyOf(input, ctx);
  const problems: Problem[] = [];
  const name = checkRequiredRef(
    ctx.store,
    problems,
    references.journalName,
    company,
    input.TradeAgreementJournalNameId,
    'TradeAgreementJournalNameId',
  );
  refuseIfAny(HEADERS, problems);
  const taken = (n: string) =>
    !!ctx.store.get('TradeAgreementJournalHeaders', { dataAreaId: company, JournalNumber: n });
  const row: Row = {
    ...input,
    dataAreaId: company,
    JournalNumber:
      str(input.JournalNumber) || nextFreeNumber(ctx, sequences.tradeAgreementJournal, company, taken),
    JournalDescription: str(input.JournalDescription) || str(name?.DefaultJournalDescription),
    DefaultTradeAgreementType: name?.DefaultTradeAgreementType ?? 'PriceSales',
  };
  mirror(ctx, row);
  return row;
}

function createLine(input: Row, ctx: BehaviourContext): Row {
  const company = companyOf(input, ctx);
  const header = ctx.store.get(HEADERS, {
    dataAreaId: company,
    JournalNumber: str(input.TradeAgreementJournalNumber),
  });
  if (!header)
    refuseIfAny(LINES, [
      notInRelatedTable(
        input.TradeAgreementJournalNumber,
        'Journal number',
        'Open trade agreement journals',
        'TradeAgreementJournalNumber',
      ),
    ]);
  const line = journalLineDefaults(ctx.store, company, { ...input, dataAreaId: company });
  refuseIfAny(LINES, validateJournalLine(ctx.store, company, line, 'Journal line'));
  const siblings = ctx.store
    .list(LINES, company)
    .filter((l) => l.TradeAgreementJournalNumber === input.TradeAgreementJournalNumber);
  return {
    ...line,
    LineNumber: isSet(input.LineNumber)
      ? input.LineNumber
      : Math.max(0, ...siblings.map((l) => num(l.LineNumber))) + 1,
  };
}

export const tradeAgreementJournalBehaviours: EntityBehaviour[] = [
  {
    entitySet: HEADERS,
    onCreate: createHeader,
    onUpdate: (_before, after, ctx) => {
      mirror(ctx, after);
      return after;
    },
    onDelete: (row, ctx) => {
      const company = companyOf(row, ctx);
      for (const l of ctx.store.list(LINES, company))
        if (l.TradeAgreementJournalNumber === row.JournalNumber) deleteIfExists(ctx.store, LINES, l);
      deleteIfExists(ctx.store, 'TradeAgreementJournalHeaders', {
        dataAreaId: company,
        JournalNumber: row.JournalNumber,
      });
    },
  },
  {
    entitySet: LINES,
    onCreate: createLine,
    onUpdate: (_before, after, ctx) => {
      const company = companyOf(after, ctx);
      refuseIfAny(LINES, validateJournalLine(ctx.store, company, after, 'Journal line'));
      return after;
    },
  },
];
