/**
 * Reads a JSON_LISTINGS_FEED processing report back onto the messages that were sent. The report has no
 * per-message status: a message with at least one ERROR issue is INVALID ("updates will not be
 * applied"), any other message is ACCEPTED ("being applied" — queued, not yet live; problems found later
 * show in `items[].issues` when the header asked for them). Issues without a messageId concern the
 * feed as a whole.
 *
 * A feed-level error with nothing processed (a wrong header version, 4002006; a message failing the
 * message schema, 4002008, when Amazon treats it as fatal) leaves every message NOT_PROCESSED: none was
 * applied, all may be sent again once the document is fixed. The same codes reported per message are
 * ordinary INVALID messages. Amazon's behaviour here is not documented (docs/remotes/amazon.md), so both
 * shapes are read. A FATAL feed with no report at all is `notProcessed`.
 */
import { ConnectorError } from '../../errors.ts';
import type { ListingsItem } from '../listings/schemasListings.ts';
import type { ListingsFeedDocument } from './listingsFeedBuilder.ts';
import {
  listingsFeedReport,
  type ListingsFeedReport,
  type ReportIssue,
  type ReportSummary,
} from './schemasListingsFeedReport.ts';

export type MessageStatus = 'ACCEPTED' | 'INVALID' | 'NOT_PROCESSED';

export interface MessageOutcome<R> {
  messageId: number;
  record: R;
  sku: string;
  status: MessageStatus;
  /** The message's issues (ERROR, WARNING, INFO), as reported. */
  issues: ReportIssue[];
  /** The listing as the report shows it, when `header.report.includedData` asked for it. */
  item?: ListingsItem;
}

export interface ListingsFeedOutcome<R> {
  feedId?: string;
  messages: MessageOutcome<R>[];
  /** Issues about the feed as a whole (no messageId, or one the document never had). */
  feedIssues: ReportIssue[];
  summary?: ReportSummary;
  /** Whether the summary's counts agree with the outcomes derived here (they should; a mismatch is logged). */
  summaryAgrees: boolean;
}

/** Parses a report's text; a document that is not a report is Amazon's fault, not a record's. */
export function parseListingsFeedReport(text: string): ListingsFeedReport {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ConnectorError('remote', 'The listings feed processing report is not JSON', {
      retryable: false,
    });
  }
  const parsed = listingsFeedReport.safeParse(body);
  if (!parsed.success)
    throw new ConnectorError(
      'remote',
      `The listings feed processing report does not match its schema: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
      { retryable: false },
    );
  return parsed.data;
}

export function readListingsFeedReport<R>(
  report: ListingsFeedReport | string,
  document: ListingsFeedDocument<R>,
): ListingsFeedOutcome<R> {
  const parsed = typeof report === 'string' ? parseListingsFeedReport(report) : report;
  const byMessage = new Map<number, ReportIssue[]>();
  const feedIssues: ReportIssue[] = [];
  for (const issue of parsed.issues) {
    if (issue.messageId !== undefined && document.messages.has(issue.messageId)) {
      const list = byMessage.get(issue.messageId) ?? [];
      list.push(issue);
      byMessage.set(issue.messageId, list);
    } else feedIssues.push(issue);
  }
  const itemsBySku = new Map((parsed.items ?? []).map((item) => [item.sku, item]));
  const nothingProcessed =
    parsed.summary.messagesProcessed === 0 && feedIssues.some((i) => i.severity === 'ERROR');
  const messages: MessageOutcome<R>[] = [];
  for (const [messageId, { record, sku }] of document.messages) {
    const issues = byMessage.get(messageId) ?? [];
    const status: MessageStatus = issues.some((i) => i.severity === 'ERROR')
      ? 'INVALID'
      : nothingProcessed
        ? 'NOT_PROCESSED'
        : 'ACCEPTED';
    const item = itemsBySku.get(sku);
    messages.push({ messageId, record, sku, status, issues, ...(item && { item }) });
  }
  const count = (s: MessageStatus) => messages.filter((m) => m.status === s).length;
  const summaryAgrees =
    count('ACCEPTED') === parsed.summary.messagesAccepted &&
    count('INVALID') === parsed.summary.messagesInvalid;
  return { feedId: parsed.header.feedId, messages, feedIssues, summary: parsed.summary, summaryAgrees };
}

/** Every message NOT_PROCESSED: a FATAL or CANCELLED feed without a report. */
export function notProcessed<R>(document: ListingsFeedDocument<R>, reason: string): ListingsFeedOutcome<R> {
  return {
    messages: [...document.messages].map(([messageId, { record, sku }]) => ({
      messageId,
      record,
      sku,
      status: 'NOT_PROCESSED' as const,
      issues: [],
    })),
    feedIssues: [{ severity: 'ERROR', message: reason }],
    summaryAgrees: true,
  };
}
