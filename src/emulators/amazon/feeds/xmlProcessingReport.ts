// The XML processing report of an XML feed (Amazon's ProcessingReport in an AmazonEnvelope): the document
// transaction id (the feed id), StatusCode Complete, the ProcessingSummary counts and one Result per
// message with an error or warning — a message without a Result succeeded. Built with fast-xml-parser's
// builder, never by string concatenation.
import { XMLBuilder } from 'fast-xml-parser';
import type { FeedOutcome } from './feedTypes.ts';

const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: false });

export function xmlProcessingReport(
  feedId: string,
  outcome: FeedOutcome,
  merchantIdentifier: string,
): string {
  const results = [
    // Document-level problems (an unreadable document) are reported against message 0.
    ...outcome.feedIssues.map((issue) => ({ messageId: 0, orderId: undefined, issue })),
    ...outcome.messages.flatMap((m) =>
      m.issues.map((issue) => ({ messageId: m.messageId, orderId: m.key, issue })),
    ),
  ];
  const withError = outcome.messages.filter((m) => m.issues.some((i) => i.severity === 'ERROR')).length;
  const withWarning = outcome.messages.filter(
    (m) => m.issues.some((i) => i.severity === 'WARNING') && !m.issues.some((i) => i.severity === 'ERROR'),
  ).length;
  const processed = outcome.messages.length;
  const report = {
    DocumentTransactionID: feedId,
    StatusCode: 'Complete',
    ProcessingSummary: {
      MessagesProcessed: processed,
      MessagesSuccessful: processed - withError,
      MessagesWithError: withError + (outcome.feedIssues.length > 0 ? 1 : 0),
      MessagesWithWarning: withWarning,
    },
    ...(results.length > 0 && {
      Result: results.map(({ messageId, orderId, issue }) => ({
        MessageID: messageId,
        ResultCode: issue.severity === 'ERROR' ? 'Error' : 'Warning',
        ResultMessageCode: issue.code ?? '5001',
        ResultDescription: issue.message,
        ...(orderId && { AdditionalInfo: { AmazonOrderID: orderId } }),
      })),
    }),
  };
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    AmazonEnvelope: {
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xsi:noNamespaceSchemaLocation': 'amzn-envelope.xsd',
      Header: { DocumentVersion: '1.02', MerchantIdentifier: merchantIdentifier },
      MessageType: 'ProcessingReport',
      Message: { MessageID: 1, ProcessingReport: report },
    },
  }) as string;
}
