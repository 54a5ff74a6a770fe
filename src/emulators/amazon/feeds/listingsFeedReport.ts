// The JSON_LISTINGS_FEED processing report (listings-feed-processing-report-schema-v2.json): every issue
// with its message id and SKU (feed-level ones without), the summary counts — a message is INVALID when it
// has an ERROR issue, ACCEPTED otherwise (the report has no status field: reference §5) — and, when the
// feed header asked for it (`report.includedData`), the listings items it changed as the Listings Items
// API renders them, with their item summary.
import type { FeedOutcome, StoredFeed } from './feedTypes.ts';

type Json = Record<string, unknown>;

/** Renders the listings item of a SKU for the report's marketplaces; undefined when it does not exist. */
export type ItemRenderer = (sku: string, includedData: string[]) => Json | undefined;

export function listingsProcessingReport(
  feed: StoredFeed,
  outcome: FeedOutcome,
  renderItem: ItemRenderer,
): Json {
  const issues: Json[] = [
    ...outcome.feedIssues.map((i) => ({ ...i })),
    ...outcome.messages.flatMap((m) =>
      m.issues.map((i) => ({
        ...(m.messageId >= 1 && { messageId: m.messageId }),
        ...(m.key && { sku: m.key }),
        ...(i.code && { code: i.code }),
        severity: i.severity,
        message: i.message,
        ...(i.attributeName && { attributeName: i.attributeName }),
      })),
    ),
  ];
  const count = (severity: string) => issues.filter((i) => i.severity === severity).length;
  const accepted = outcome.messages.filter((m) => m.status === 'ACCEPTED');
  const report: Json = {
    header: {
      sellerId: feed.sellerId,
      version: '2.0',
      feedId: feed.feedId,
      ...(outcome.report && { report: outcome.report }),
    },
    issues,
    summary: {
      errors: count('ERROR'),
      warnings: count('WARNING'),
      messagesProcessed: outcome.messages.length,
      messagesAccepted: accepted.length,
      messagesInvalid: outcome.messages.length - accepted.length,
    },
  };
  if (!outcome.report) return report;

  const skus = [...new Set(accepted.map((m) => m.key!))];
  // Issues are counted whatever includedData asked for: the item summary counts them in any case.
  const withIssues = [...new Set([...outcome.report.includedData, 'issues'])];
  const rendered = skus.flatMap((sku): Json[] => {
    const item = renderItem(sku, withIssues);
    return item ? [item] : [];
  });
  const itemIssues = rendered.flatMap((item) => (item.issues as { severity: string }[] | undefined) ?? []);
  const items = outcome.report.includedData.includes('issues')
    ? rendered
    : rendered.map(({ issues: _issues, ...item }) => item);
  (report.summary as Json).itemSummary = {
    items: items.length,
    errors: itemIssues.filter((i) => i.severity === 'ERROR').length,
    warnings: itemIssues.filter((i) => i.severity === 'WARNING').length,
  };
  report.items = items;
  return report;
}
