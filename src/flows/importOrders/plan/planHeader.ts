/**
 * The header rules of the planned sales order (pure), each returning its value and adding what is
 * missing to `problems`, so planOrder can report every problem of an order at once: where the order
 * ships from, its mode of delivery, method of payment, sales tax group and (manual) number.
 */
import { sumTo } from './amounts.ts';
import { deliveryModeFor, paymentMethodFor } from '../../domain/mappings.ts';
import type { MarketplaceSettings } from '../settings.ts';
import type { MarketplaceProfile } from '../../domain/marketplaceProfile.ts';
import type { OrderFacts } from '../intake/facts.ts';
import type { PlanInput } from './planInput.ts';

const SETTINGS = 'services.import-orders';
/** D365's sales order number (SalesId) length. */
const ORDER_NUMBER_LENGTH = 20;

/** Rule: merchant orders ship from the marketplace's site and warehouse; Amazon's from the FBA ones. */
export function placeOf(
  facts: OrderFacts,
  input: PlanInput,
  profile: MarketplaceProfile,
  problems: string[],
) {
  const fba = facts.fulfilledBy === 'AMAZON';
  const where = fba ? input.settings.fba : profile;
  const key = fba ? `${SETTINGS}.fba` : profile.configPath;
  const missing = [!where.site && `${key}.site`, !where.warehouse && `${key}.warehouse`].filter(Boolean);
  if (missing.length > 0)
    problems.push(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: set the D365 site and warehouse ${fba ? 'Amazon-fulfilled orders are booked in' : `orders of marketplace ${facts.marketplaceId} ship from`}`,
    );
  return { site: where.site, warehouse: where.warehouse };
}

/** Rule: merchant orders by Amazon's service level through mappings.deliveryModes; FBA orders get fba.deliveryMode. */
export function deliveryModeOf(facts: OrderFacts, input: PlanInput, problems: string[]): string | undefined {
  if (facts.fulfilledBy === 'AMAZON') {
    const mode = input.settings.fba.deliveryMode;
    if (!mode)
      problems.push(
        `${SETTINGS}.fba.deliveryMode is not set: set it to the D365 mode of delivery that marks an order as fulfilled by Amazon (nobody in the warehouse ships it)`,
      );
    return mode;
  }
  const level = facts.serviceLevel;
  if (!level) {
    problems.push(
      'Amazon sent no shipping service level for the order, so no mode of delivery can be chosen: retry the record once Amazon sends the order complete',
    );
    return undefined;
  }
  const mode = deliveryModeFor(input.mappings, facts.marketplaceId, level);
  if (!mode)
    problems.push(
      `service level ${level} has no D365 mode of delivery: add a row to mappings.deliveryModes with serviceLevel ${level} and marketplaceId ${facts.marketplaceId} (or no marketplaceId, for every marketplace)`,
    );
  return mode;
}

/**
 * Rule: the method of payment is the mapping of Amazon's first payment method; without a mapping row
 * (or any payment method) the marketplace's defaultPaymentMethod; without that, a person must add one.
 */
export function paymentOf(
  facts: OrderFacts,
  input: PlanInput,
  market: MarketplaceSettings,
  problems: string[],
  notes: string[],
) {
  const mapped = (method: string | undefined) =>
    (method && paymentMethodFor(input.mappings, facts.marketplaceId, method)) || market.defaultPaymentMethod;
  const entries = facts.payments.map((p) => ({
    method: p.method,
    d365Method: mapped(p.method),
    amount: p.amount,
  }));
  const amazon = facts.payments[0]?.method;
  const method = mapped(amazon);
  const defaultKey = `${SETTINGS}.marketplaces.${facts.marketplaceId}.defaultPaymentMethod`;
  if (!method)
    problems.push(
      amazon
        ? `Amazon payment method ${amazon} has no D365 method of payment: add a row to mappings.paymentMethods with amazon ${amazon} and marketplaceId ${facts.marketplaceId} (or none), or set ${defaultKey}`
        : `the order has no payment method from Amazon and ${defaultKey} is not set: set it to the D365 method of payment of Amazon orders`,
    );
  else if (amazon && !paymentMethodFor(input.mappings, facts.marketplaceId, amazon))
    notes.push(
      `Amazon payment method ${amazon} has no row in mappings.paymentMethods: default ${method} used`,
    );
  return { method, entries };
}

/**
 * Rule: where Amazon collects the tax as marketplace facilitator (and taxMode says so), the order gets
 * the tax-exempt group so D365 books no second tax; the collected amount is kept in the summary.
 * Under `seller`, D365 computes tax from its own setup and the order names no group.
 */
export function taxOf(facts: OrderFacts, market: MarketplaceSettings, problems: string[]) {
  if (market.taxMode !== 'marketplaceFacilitator' || !facts.items.some((i) => i.marketplaceFacilitator))
    return {};
  if (!market.exemptTaxGroup)
    problems.push(
      `Amazon collects the tax of this order as marketplace facilitator, but ${SETTINGS}.marketplaces.${facts.marketplaceId}.exemptTaxGroup is not set: set it to a D365 sales tax group that charges no tax, or set taxMode to seller`,
    );
  return {
    group: market.exemptTaxGroup,
    collected: sumTo(
      facts.items.map((i) => i.tax),
      2,
    ),
  };
}

/** Rule: `manual` numbering gives the order prefix + Amazon order id, which must fit D365's 20 characters. */
export function orderNumberOf(facts: OrderFacts, input: PlanInput, problems: string[]): string | undefined {
  const { mode, prefix } = input.settings.orderNumbers;
  if (mode !== 'manual') return undefined;
  const number = `${prefix}${facts.orderId}`;
  if (number.length > ORDER_NUMBER_LENGTH)
    problems.push(
      `the sales order number ${number} would be ${number.length} characters, D365 allows ${ORDER_NUMBER_LENGTH}: shorten ${SETTINGS}.orderNumbers.prefix or set ${SETTINGS}.orderNumbers.mode to sequence`,
    );
  return number;
}

/** The calendar date of an Amazon timestamp as written (its own offset), YYYY-MM-DD. */
export function datePart(timestamp: string | undefined): string | undefined {
  return timestamp && /^\d{4}-\d{2}-\d{2}/.test(timestamp) ? timestamp.slice(0, 10) : undefined;
}
