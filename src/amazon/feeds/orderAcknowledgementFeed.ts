/**
 * Builds POST_ORDER_ACKNOWLEDGEMENT_DATA documents: the seller's cancellations (reference sp-api §5.2,
 * outbound §7.1). One AmazonEnvelope, one Message per order with `StatusCode` Failure and the cancelled
 * items, each with its CancelReason; no Item at all cancels the whole order (without a reason: the reason
 * exists only on Item). Written with fast-xml-parser's builder, which escapes every value — never by
 * pasting strings. Element order follows the XSD: AmazonOrderID, MerchantOrderID, StatusCode, Item*;
 * in Item: AmazonOrderItemCode, MerchantOrderItemID, CancelReason.
 *
 * Amazon's effects, which the caller must mean: every reason but NoInventory puts the cancelled units
 * back into the listing's quantity; sent after any item of the order shipped, it refunds the whole order.
 */
import { XMLBuilder } from 'fast-xml-parser';

/** CancelReason of Amazon's order-feed base schema. */
export const CANCEL_REASONS = [
  'NoInventory',
  'ShippingAddressUndeliverable',
  'CustomerExchange',
  'BuyerCanceled',
  'GeneralAdjustment',
  'CarrierCreditDecision',
  'RiskAssessmentInformationNotValid',
  'CarrierCoverageFailure',
  'CustomerReturn',
  'MerchandiseNotReceived',
] as const;
/** Seen only in newer client code, not in a published XSD we hold: sent only when the caller opts in. */
export const NEWER_CANCEL_REASONS = [
  'CannotVerifyInformation',
  'PricingError',
  'RejectOrder',
  'WeatherDelay',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number] | (typeof NEWER_CANCEL_REASONS)[number];

export interface OrderCancellation<R> {
  /** The caller's record (what the processing report's outcome maps back to). */
  record: R;
  amazonOrderId: string;
  merchantOrderId?: string;
  /** The items cancelled; empty cancels the whole order, without a reason. */
  items: { amazonOrderItemCode: string; merchantOrderItemId?: string; cancelReason: CancelReason }[];
}

export interface OrderAcknowledgementDocument<R> {
  content: string;
  /** MessageID → the caller's record and the order. */
  messages: Map<number, { record: R; amazonOrderId: string }>;
  refused: { record: R; amazonOrderId: string; reason: string }[];
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: false });

function problemOf(c: OrderCancellation<unknown>, newerReasons: boolean): string | undefined {
  if (!c.amazonOrderId) return 'the Amazon order id is empty';
  const allowed: readonly string[] = newerReasons
    ? [...CANCEL_REASONS, ...NEWER_CANCEL_REASONS]
    : CANCEL_REASONS;
  for (const item of c.items) {
    if (!item.amazonOrderItemCode) return 'an item has no Amazon order item code';
    if (!allowed.includes(item.cancelReason))
      return `CancelReason ${item.cancelReason} is not one Amazon's published schema lists`;
  }
  return undefined;
}

export function buildOrderAcknowledgementFeed<R>(
  sellerId: string,
  cancellations: Iterable<OrderCancellation<R>>,
  options: { newerReasons?: boolean } = {},
): OrderAcknowledgementDocument<R> {
  const messages: OrderAcknowledgementDocument<R>['messages'] = new Map();
  const refused: OrderAcknowledgementDocument<R>['refused'] = [];
  const xmlMessages: object[] = [];
  for (const c of cancellations) {
    const problem = problemOf(c, options.newerReasons === true);
    if (problem) {
      refused.push({ record: c.record, amazonOrderId: c.amazonOrderId, reason: problem });
      continue;
    }
    const messageId = xmlMessages.length + 1;
    messages.set(messageId, { record: c.record, amazonOrderId: c.amazonOrderId });
    xmlMessages.push({
      MessageID: messageId,
      OrderAcknowledgement: {
        AmazonOrderID: c.amazonOrderId,
        ...(c.merchantOrderId && { MerchantOrderID: c.merchantOrderId }),
        StatusCode: 'Failure',
        ...(c.items.length > 0 && {
          Item: c.items.map((item) => ({
            AmazonOrderItemCode: item.amazonOrderItemCode,
            ...(item.merchantOrderItemId && { MerchantOrderItemID: item.merchantOrderItemId }),
            CancelReason: item.cancelReason,
          })),
        }),
      },
    });
  }
  const content: string = builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    AmazonEnvelope: {
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xsi:noNamespaceSchemaLocation': 'amzn-envelope.xsd',
      Header: { DocumentVersion: '1.01', MerchantIdentifier: sellerId },
      MessageType: 'OrderAcknowledgement',
      Message: xmlMessages,
    },
  });
  return { content, messages, refused };
}
