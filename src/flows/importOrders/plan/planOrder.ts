/**
 * The order import's decision for one staged Amazon order — create a D365 sales order, wait, skip, or
 * ask a person — from the order's facts, the settings, the mappings and what the executor looked up.
 * Pure: no I/O, no clock, so `plan --dry-run` shows exactly what a run would do.
 *
 * First the gates (gateOrder below, each rule commented), then every part (header rules in
 * planHeader.ts, customer in planCustomer.ts, lines in planLines.ts) of the order is planned and
 * ALL problems are collected before deciding: a person fixing an order sees every unmapped SKU and
 * missing setting at once, each with what to fix and where, instead of one per retry.
 */
import { FULFILLMENT_STATUSES, isKnown } from '../../../amazon/orders/schemasCommon.ts';
import { planCustomer } from './planCustomer.ts';
import { datePart, deliveryModeOf, orderNumberOf, paymentOf, placeOf, taxOf } from './planHeader.ts';
import { planLines } from './planLines.ts';
import { marketplaceSettingsOf } from '../settings.ts';
import type { MarketplaceProfile } from '../../domain/marketplaceProfile.ts';
import type { OrderFacts } from '../intake/facts.ts';
import type { PlanInput } from './planInput.ts';
import type { SalesOrderDraft, OrderSummary } from './drafts.ts';
import type { OrderDecision } from './decisions.ts';

const SETTINGS = 'services.import-orders';

export function planOrder(facts: OrderFacts, input: PlanInput): OrderDecision {
  return gateOrder(facts, input) ?? planImport(facts, input, input.profile!);
}

/** The rules that decide an order without planning it; undefined: the order is to be imported. */
function gateOrder(facts: OrderFacts, input: PlanInput): OrderDecision | undefined {
  const { settings } = input;
  // The payload could not be read whole: nothing else can be trusted.
  if (facts.problems.length > 0) return { kind: 'attention', problems: facts.problems };
  // No legal entity to book it in.
  if (input.profile === undefined)
    return attention(
      `marketplace ${facts.marketplaceId} is not among this connection's amazon.marketplaces: add it there with its legalEntity`,
    );
  // Cancelled before the import saw it open: there is nothing in D365 to cancel either.
  if (facts.status === 'CANCELLED')
    return { kind: 'skip', reason: 'cancelled on Amazon before it was imported' };
  if (facts.status === 'UNFULFILLABLE')
    return { kind: 'skip', reason: 'Amazon reports the order as unfulfillable: it will not be shipped' };
  // Amazon withholds prices until payment is authorised (and pre-orders until the item is available).
  if (facts.status === 'PENDING' || facts.status === 'PENDING_AVAILABILITY')
    return { kind: 'wait', reason: `waiting for payment (Amazon status ${facts.status})` };
  // A status Amazon added after this connector was written: do not guess, look again on the next change.
  if (!isKnown(FULFILLMENT_STATUSES, facts.status))
    return {
      kind: 'wait',
      reason: `Amazon reports status ${facts.status}, which this connector does not know: the order waits for a known status (update the connector if it keeps waiting)`,
    };
  // An unknown fulfilment channel could be shipped twice or never: a person decides.
  if (facts.fulfilledBy !== 'MERCHANT' && facts.fulfilledBy !== 'AMAZON')
    return attention(
      `Amazon reports the order as fulfilled by ${facts.fulfilledBy}, which this connector does not know: enter the order in D365 by hand, and update the connector`,
    );
  // Amazon ships FBA orders itself: imported only when the seller wants them in D365 (fba.import).
  if (facts.fulfilledBy === 'AMAZON' && !settings.fba.import)
    return {
      kind: 'skip',
      reason: `Amazon-fulfilled; to import such orders set ${SETTINGS}.fba.import, then replay this record (connector replay)`,
    };
  // The seller chose which statuses import (e.g. not orders already shipped elsewhere).
  if (!(settings.statuses as string[]).includes(facts.status))
    return {
      kind: 'skip',
      reason: `status ${facts.status} is not in ${SETTINGS}.statuses (${settings.statuses.join(', ')}): add it there, then replay this record (connector replay) to import it`,
    };
  // Paid but some prices still missing: Amazon sends them with a later update.
  if (facts.items.some((i) => i.unitPrice === undefined))
    return { kind: 'wait', reason: 'waiting for payment: Amazon has not sent the price of every item yet' };
  return undefined;
}

function planImport(facts: OrderFacts, input: PlanInput, profile: MarketplaceProfile): OrderDecision {
  const { settings, mappings } = input;
  const id = facts.marketplaceId;
  const market = marketplaceSettingsOf(settings, id);
  const fba = facts.fulfilledBy === 'AMAZON';
  const problems: string[] = [];
  const notes: string[] = [];

  const place = placeOf(facts, input, profile, problems);
  if (!facts.currency)
    problems.push(
      'Amazon sent no currency for the order (no item price or payment amount): retry the record once Amazon sends the order complete',
    );
  const customer = planCustomer(facts, input, facts.currency);
  problems.push(...customer.problems);
  const deliveryMode = deliveryModeOf(facts, input, problems);
  const payment = paymentOf(facts, input, market, problems, notes);
  const tax = taxOf(facts, market, problems);
  const salesOrderNumber = orderNumberOf(facts, input, problems);
  const lines = planLines(facts, {
    settings,
    mappings,
    lookups: input.lookups,
    site: place.site ?? '',
    warehouse: place.warehouse ?? '',
    marketplaceAccount: profile.customerAccount,
  });
  problems.push(...lines.problems);
  notes.push(...lines.notes);
  if (problems.length > 0) return { kind: 'attention', problems: [...new Set(problems)] };
  // Charge lines alone (shipping of items that are all gone) are no sale to import.
  if (lines.lines.every((l) => l.kind === 'charge'))
    return { kind: 'skip', reason: 'no item of the order has a quantity left on Amazon: nothing to import' };

  // Rule: an order first seen already shipped (shipped outside D365, or while the connector was down)
  // is imported all the same — D365 must know the sale — and flagged for a person to reconcile stock.
  // Shipped (or partly) before the import saw it: imported all the same — never silently skipped — and
  // flagged, in the record and, with a pool set, in D365, so nobody ships it a second time.
  const shippedBeforeImport = facts.status === 'SHIPPED' || facts.items.some((i) => i.quantityShipped > 0);
  const pool = shippedBeforeImport ? input.settings.shippedOrderPool : undefined;
  if (shippedBeforeImport)
    notes.push(
      `first seen already ${facts.status === 'SHIPPED' ? '' : 'partly '}shipped: imported and flagged` +
        (pool ? ` (sales order pool ${pool})` : ''),
    );
  if (fba) notes.push('fulfilled by Amazon: imported with the FBA site, warehouse and mode of delivery');

  const summary: OrderSummary = {
    marketplaceId: id,
    amazonStatus: facts.status,
    fulfilledBy: facts.fulfilledBy,
    currency: facts.currency,
    total: facts.grandTotal,
    lines: lines.lines.length,
    payment: payment.entries,
    ...(tax.collected !== undefined && { marketplaceFacilitatorTax: tax.collected }),
    deliveryMode,
    ...(shippedBeforeImport && { shippedBeforeImport }),
    ...(fba && { fulfilledByAmazon: true }),
    business: facts.isBusiness,
  };
  const draft: SalesOrderDraft = {
    orderId: facts.orderId,
    company: profile.legalEntity,
    customer: customer.customer!,
    salesOrderNumber,
    currency: facts.currency!,
    purchaseOrderNumber: facts.buyer.purchaseOrderNumber,
    requestedShipDate: datePart(facts.shipByLatest),
    requestedReceiptDate: datePart(facts.deliverByLatest),
    deliveryMode,
    paymentMethod: payment.method,
    salesTaxGroup: tax.group,
    ...(pool && { salesOrderPool: pool }),
    pricesIncludeTax: profile.pricesIncludeTax,
    site: place.site!,
    warehouse: place.warehouse!,
    deliveryAddress: facts.deliveryAddress,
    lines: lines.lines,
    summary,
  };
  return { kind: 'create', draft, notes };
}

function attention(problem: string): OrderDecision {
  return { kind: 'attention', problems: [problem] };
}
