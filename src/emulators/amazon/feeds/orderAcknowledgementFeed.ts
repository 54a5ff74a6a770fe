// Processing a POST_ORDER_ACKNOWLEDGEMENT_DATA document (XML, OrderAcknowledgement.xsd): parsed with
// fast-xml-parser, each message checked with zod, then applied — StatusCode Failure is the seller's
// cancellation (orders/sellerCancellation.ts: cancel and restock, or refund the whole order once a unit
// shipped), Success acknowledges and changes nothing. A document that is not an OrderAcknowledgement
// envelope makes the feed FATAL. Result codes other than 5001 are the emulator's own (docs: quirks).
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import type { SellerOffers } from '../listings/sellerOffers.ts';
import type { OrderStore } from '../orders/orderStore.ts';
import { cancelBySeller } from '../orders/sellerCancellation.ts';
import type { FeedOutcome, MessageResult } from './feedTypes.ts';

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
  // The newer enum of three independent client codebases (reference §7.1).
  'CannotVerifyInformation',
  'PricingError',
  'RejectOrder',
  'WeatherDelay',
] as const;

/** The emulator's result codes: 5001 is Amazon's schema/parse error, the others are its own. */
export const RESULT_CODES = {
  schema: '5001',
  'no-order': '99001',
  'no-item': '99002',
  'already-cancelled': '99003',
} as const;

const text = z.string().trim().min(1);
const acknowledgement = z.object({
  AmazonOrderID: text,
  MerchantOrderID: text.optional(),
  StatusCode: z.enum(['Success', 'Failure']),
  Item: z
    .array(
      z.object({
        AmazonOrderItemCode: text,
        MerchantOrderItemID: text.optional(),
        CancelReason: z.enum(CANCEL_REASONS).optional(),
      }),
    )
    .default([]),
});
const message = z.object({ MessageID: z.string().regex(/^\d+$/), OrderAcknowledgement: acknowledgement });

const parser = new XMLParser({
  ignoreAttributes: true,
  // Ids stay strings: AmazonOrderItemCode has 14 digits, and `0`-led values must survive.
  parseTagValue: false,
  isArray: (name) => name === 'Message' || name === 'Item',
});

export interface AcknowledgementDeps {
  orders: OrderStore;
  offers: SellerOffers;
}

export function processOrderAcknowledgements(
  feedId: string,
  content: Buffer | undefined,
  at: number,
  deps: AcknowledgementDeps,
): FeedOutcome {
  const envelope = read(content);
  if (!envelope)
    return {
      feedId,
      fatal: true,
      feedIssues: [
        {
          code: RESULT_CODES.schema,
          severity: 'ERROR',
          message:
            'XML Parsing Fatal Error: the document is not an AmazonEnvelope of MessageType OrderAcknowledgement.',
        },
      ],
      messages: [],
    };
  const messages = (envelope.Message as unknown[] | undefined) ?? [];
  return {
    feedId,
    fatal: false,
    feedIssues: [],
    messages: messages.map((raw, i) => apply(raw, i + 1, at, deps)),
    merchantIdentifier: String((envelope.Header as Record<string, unknown>).MerchantIdentifier),
  };
}

function read(content: Buffer | undefined): Record<string, unknown> | undefined {
  if (!content) return undefined;
  try {
    const doc = parser.parse(content.toString('utf8'), true) as Record<string, unknown>;
    const envelope = doc.AmazonEnvelope as Record<string, unknown> | undefined;
    if (!envelope || envelope.MessageType !== 'OrderAcknowledgement') return undefined;
    const header = envelope.Header as Record<string, unknown> | undefined;
    return header?.MerchantIdentifier ? envelope : undefined;
  } catch {
    return undefined;
  }
}

function apply(raw: unknown, position: number, at: number, deps: AcknowledgementDeps): MessageResult {
  const parsed = message.safeParse(raw);
  if (!parsed.success) {
    const id = Number((raw as { MessageID?: unknown })?.MessageID);
    return {
      messageId: Number.isInteger(id) && id > 0 ? id : position,
      status: 'INVALID',
      issues: parsed.error.issues.map((i) => ({
        code: RESULT_CODES.schema,
        severity: 'ERROR' as const,
        message: `The XML does not match the OrderAcknowledgement schema at ${i.path.join('/')}: ${i.message}`,
      })),
    };
  }
  const { MessageID, OrderAcknowledgement: ack } = parsed.data;
  const base = { messageId: Number(MessageID), key: ack.AmazonOrderID };
  if (ack.StatusCode === 'Success') return { ...base, status: 'ACCEPTED', issues: [] };
  const outcome = cancelBySeller(
    deps.orders,
    ack.AmazonOrderID,
    ack.Item.map((item) => ({ orderItemId: item.AmazonOrderItemCode, reason: item.CancelReason })),
    at,
  );
  if (outcome.kind === 'refused')
    return {
      ...base,
      status: 'INVALID',
      issues: [{ code: RESULT_CODES[outcome.reason], severity: 'ERROR', message: outcome.detail }],
    };
  if (outcome.kind === 'cancelled')
    for (const { sku, quantity } of outcome.restocked) deps.offers.restock(sku, quantity);
  return { ...base, status: 'ACCEPTED', issues: [] };
}
