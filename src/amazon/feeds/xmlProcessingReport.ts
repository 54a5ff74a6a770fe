/**
 * Reads the XML processing report of an XML feed (POST_ORDER_ACKNOWLEDGEMENT_DATA): `ProcessingReport`
 * with its `StatusCode` (Complete | Processing | Rejected), `ProcessingSummary` and one `Result` per
 * message that had an error or a warning (reference sp-api §5.2, outbound §7.1). A message without an
 * Error result succeeded — which for a cancellation means Amazon took it, not that the order is already
 * cancelled: the order's status says that. Parsed with fast-xml-parser, values kept as text (codes like
 * "5001" and ids with leading zeros must not become numbers).
 */
import { XMLParser } from 'fast-xml-parser';
import { ConnectorError } from '../../errors.ts';

export interface XmlResult {
  messageId: number;
  resultCode: string;
  resultMessageCode?: string;
  resultDescription?: string;
  additionalInfo?: Record<string, string>;
}

export interface XmlProcessingReport {
  documentTransactionId?: string;
  statusCode: string;
  summary: {
    messagesProcessed: number;
    messagesSuccessful: number;
    messagesWithError: number;
    messagesWithWarning: number;
  };
  results: XmlResult[];
}

const parser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  isArray: (name) => name === 'Result' || name === 'Message',
});

type Node = Record<string, unknown>;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
const count = (value: unknown): number => Number(text(value) ?? 0);

function refuse(why: string): ConnectorError {
  return new ConnectorError('remote', `The XML processing report cannot be read: ${why}`, {
    retryable: false,
  });
}

export function parseXmlProcessingReport(xml: string): XmlProcessingReport {
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (error) {
    throw refuse(`not XML (${String(error)})`);
  }
  const envelope = doc.AmazonEnvelope as Node | undefined;
  const message = (envelope?.Message as Node[] | undefined)?.[0];
  const report = (message?.ProcessingReport ?? (doc.ProcessingReport as Node | undefined)) as
    Node | undefined;
  if (!report) throw refuse('no ProcessingReport element');
  const summary = (report.ProcessingSummary ?? {}) as Node;
  const results = ((report.Result ?? []) as Node[]).map((r): XmlResult => {
    const info = r.AdditionalInfo as Node | undefined;
    return {
      messageId: count(r.MessageID),
      resultCode: text(r.ResultCode) ?? '',
      ...(text(r.ResultMessageCode) && { resultMessageCode: text(r.ResultMessageCode) }),
      ...(text(r.ResultDescription) && { resultDescription: text(r.ResultDescription) }),
      ...(info && {
        additionalInfo: Object.fromEntries(
          Object.entries(info).flatMap(([k, v]) => (text(v) === undefined ? [] : [[k, text(v)!]])),
        ),
      }),
    };
  });
  return {
    ...(text(report.DocumentTransactionID) && { documentTransactionId: text(report.DocumentTransactionID) }),
    statusCode: text(report.StatusCode) ?? '',
    summary: {
      messagesProcessed: count(summary.MessagesProcessed),
      messagesSuccessful: count(summary.MessagesSuccessful),
      messagesWithError: count(summary.MessagesWithError),
      messagesWithWarning: count(summary.MessagesWithWarning),
    },
    results,
  };
}

export interface XmlMessageOutcome<R> {
  messageId: number;
  record: R;
  amazonOrderId: string;
  /** SUCCESS: Amazon took the message (warnings aside); ERROR: it did not; NOT_PROCESSED: report Rejected. */
  status: 'SUCCESS' | 'ERROR' | 'NOT_PROCESSED';
  results: XmlResult[];
}

/** The report mapped onto the messages sent (an order acknowledgement document's `messages`). */
export function readXmlProcessingReport<R>(
  report: XmlProcessingReport | string,
  messages: Map<number, { record: R; amazonOrderId: string }>,
): { report: XmlProcessingReport; messages: XmlMessageOutcome<R>[]; feedResults: XmlResult[] } {
  const parsed = typeof report === 'string' ? parseXmlProcessingReport(report) : report;
  const byMessage = new Map<number, XmlResult[]>();
  const feedResults: XmlResult[] = [];
  for (const r of parsed.results) {
    if (!messages.has(r.messageId))
      feedResults.push(r); // MessageID 0 or unknown: about the document
    else byMessage.set(r.messageId, [...(byMessage.get(r.messageId) ?? []), r]);
  }
  const rejected = parsed.statusCode === 'Rejected' || parsed.summary.messagesProcessed === 0;
  const outcomes = [...messages].map(([messageId, { record, amazonOrderId }]): XmlMessageOutcome<R> => {
    const results = byMessage.get(messageId) ?? [];
    const status = results.some((r) => r.resultCode === 'Error')
      ? 'ERROR'
      : rejected
        ? 'NOT_PROCESSED'
        : 'SUCCESS';
    return { messageId, record, amazonOrderId, status, results };
  });
  return { report: parsed, messages: outcomes, feedResults };
}
