/**
 * F&O refusing a sales order, told so a person can act: which part it refused (the header, which line),
 * what became of what had been written, F&O's own reason, and what to fix where. Errors made here are
 * marked `leftNothing`: D365 holds nothing of the order afterwards, so the writer rejects the intent
 * instead of leaving it pending for a check that could only say "not there".
 */
import { ConnectorError, isConnectorError } from '../../../errors.ts';
import type { LineDraft, SalesOrderDraft } from '../plan/drafts.ts';

const NOTHING_LEFT = 'nothingLeftInD365';

/** F&O said no, definitely: nothing of that write was applied, and sending it again will not help. */
export function isRefusal(error: unknown): error is ConnectorError {
  return (
    isConnectorError(error) &&
    (error.kind === 'data' || error.kind === 'remote') &&
    !error.retryable &&
    error.context.outcomeUnknown !== true &&
    error.context.applied !== true
  );
}

/** Whether D365 holds nothing of the order after this error (made by `refused`). */
export function leftNothing(error: unknown): boolean {
  return isConnectorError(error) && error.context[NOTHING_LEFT] === true;
}

const FIX_ORDER =
  'Fix what D365 names — the customer, the mode of delivery (mappings.deliveryModes), the method of payment ' +
  '(mappings.paymentMethods), the site and warehouse (services.import-orders.marketplaces.<id>.site/warehouse) ' +
  'or their setup in D365 — then retry the order.';
export const FIX_LINES =
  'Fix what D365 names — the item or variant (mappings.skus, mappings.bundles, or the product released to this ' +
  'company), the site or warehouse, the charge items (services.import-orders.chargeItems) — then retry the order.';
const FIX_ANY =
  'Fix what D365 names — in the order: the customer, mode of delivery, method of payment, site or warehouse; ' +
  'in a line: the item or variant (mappings.skus, mappings.bundles) or the charge items — then retry the order.';

/**
 * The refusal of a write after which nothing of the order is in D365. `culprit`: the header, a line, or
 * unknown (F&O's answer did not name the operation); `state`: a sentence on what became of what was written.
 */
export function refused(
  draft: SalesOrderDraft,
  error: ConnectorError,
  culprit: 'header' | LineDraft | undefined,
  state: string,
): ConnectorError {
  const what =
    culprit === 'header'
      ? 'its sales order header'
      : culprit
        ? `its line ${culprit.reference} (item ${culprit.item.itemNumber})`
        : 'it';
  const fix = culprit === 'header' ? FIX_ORDER : culprit ? FIX_LINES : FIX_ANY;
  const taken =
    culprit !== undefined && culprit !== 'header'
      ? ''
      : draft.salesOrderNumber
        ? ` If sales order number ${draft.salesOrderNumber} is taken already, change orderNumbers.prefix or use ` +
          'orderNumbers.mode sequence.'
        : '';
  return new ConnectorError(
    error.kind,
    `Amazon order ${draft.orderId} was not imported: D365 refused ${what}: ${reason(error)}. ${state} ${fix}${taken}`,
    { cause: error, context: { ...error.context, [NOTHING_LEFT]: true } },
  );
}

/** F&O's words without their closing full stop (the message goes on after them). */
export const reason = (error: ConnectorError) => error.message.replace(/[.\s]+$/, '');

/** The index of the change-set operation F&O refused, when its answer named it. */
export function operationOf(error: ConnectorError): number | undefined {
  return typeof error.context.operation === 'number' ? error.context.operation : undefined;
}

/** The draft line of the refused operation of a change set of lines only. */
export function lineAt(error: ConnectorError, lines: LineDraft[]): LineDraft | undefined {
  const at = operationOf(error);
  return at === undefined ? undefined : lines[at];
}
