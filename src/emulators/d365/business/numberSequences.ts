// The number sequences the business rules draw from, with F&O-like formats per legal entity (USMF
// style: six-digit sales orders and lot ids, "US-" customer accounts). The engine keeps the counters
// (BehaviourContext.nextNumber, durable with the rest of the state); this module only formats them, so
// the counters survive restarts and numbers are never reused.
import type { BehaviourContext } from '../engine/behaviour.ts';

interface Sequence {
  /** The counter's name at the engine. */
  code: string;
  prefix: string;
  digits: number;
  /** The first number handed out (added to the engine's 1-based counter). */
  first: number;
}

/** A sequence as F&O's number sequence setup describes one; `prefix` and `first` default to none and 1. */
const seq = ({
  code,
  prefix = '',
  digits,
  first = 1,
}: Omit<Sequence, 'prefix' | 'first'> & Partial<Sequence>) => ({
  code,
  prefix,
  digits,
  first,
});

export const sequences = {
  salesOrder: seq({ code: 'SalesOrderNumber', digits: 6 }),
  lot: seq({ code: 'InventoryLotId', digits: 6 }),
  customerAccount: seq({ code: 'CustomerAccount', prefix: 'US-', digits: 3, first: 101 }),
  party: seq({ code: 'PartyNumber', digits: 9, first: 1001 }),
  location: seq({ code: 'LocationId', digits: 9, first: 5001 }),
  packingSlip: seq({ code: 'PackingSlipId', prefix: 'PS-', digits: 6 }),
  internalPackingSlip: seq({ code: 'InternalPackingSlipId', prefix: 'IPS-', digits: 6 }),
  purchaseOrder: seq({ code: 'PurchaseOrderNumber', digits: 8 }),
  productReceipt: seq({ code: 'ProductReceiptNumber', prefix: 'PR-', digits: 6 }),
  tradeAgreementJournal: seq({ code: 'TradeAgreementJournalNumber', prefix: 'TAJ-', digits: 6 }),
} as const satisfies Record<string, Sequence>;

/** F&O's first RecId: record ids (Int64 keys such as SalesPriceAgreements.RecordId) count up from it. */
const FIRST_REC_ID = 5637144576;

function counter(ctx: BehaviourContext, code: string, company: string): number {
  const raw = ctx.nextNumber(code, company);
  const n = Number(String(raw).replace(/\D/g, ''));
  if (!Number.isSafeInteger(n)) throw new Error(`Number sequence ${code} returned ${raw}`);
  return n;
}

/** The next formatted number of `s` in `company`. */
export function nextNumber(ctx: BehaviourContext, s: Sequence, company: string): string {
  const n = counter(ctx, s.code, company) + s.first - 1;
  return `${s.prefix}${String(n).padStart(s.digits, '0')}`;
}

/** The next number not already taken (a manual number may have used it: F&O then moves on too). */
export function nextFreeNumber(
  ctx: BehaviourContext,
  s: Sequence,
  company: string,
  taken: (candidate: string) => boolean,
): string {
  for (;;) {
    const candidate = nextNumber(ctx, s, company);
    if (!taken(candidate)) return candidate;
  }
}

/** A new RecId (Int64), unique per company. */
export function nextRecId(ctx: BehaviourContext, company: string): number {
  return FIRST_REC_ID + counter(ctx, 'RecId', company);
}
