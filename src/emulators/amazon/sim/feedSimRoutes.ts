// `/_sim/` for feeds and reports: every feed with its timings, one feed in full (its document, the
// messages it held, what processing made of each, the result document), the processing delays and gzip
// threshold (`/_sim/processing`), and the report requests. The emulator's own view for tests and people
// rehearsing a setup — not Amazon's shapes.
import type { Hono } from 'hono';
import { z } from 'zod';
import { gunzipSync } from 'node:zlib';
import type { DocumentStore, StoredDocument } from '../documents/documentStore.ts';
import type { FeedStore } from '../feeds/feedStore.ts';
import type { StoredFeed } from '../feeds/feedTypes.ts';
import type { ProcessingSettings } from '../feeds/processingSettings.ts';
import type { EmulatorContext } from '../options.ts';
import type { ReportStore } from '../reports/reportStore.ts';
import { decodeWindows1252 } from '../reports/windows1252.ts';
import type { StoredReport } from '../reports/reportTypes.ts';
import { readBody } from './orderSimRoutes.ts';
import { parseSim, SimError } from './simError.ts';

export interface FeedSimDeps {
  ctx: EmulatorContext;
  feeds: FeedStore;
  reports: ReportStore;
  documents: DocumentStore;
  settings: ProcessingSettings;
}

const ms = z.number().nonnegative();
const processingSchema = z.strictObject({
  feedQueueMs: ms.optional(),
  feedBaseMs: ms.optional(),
  feedPerMessageMs: ms.optional(),
  reportQueueMs: ms.optional(),
  reportBaseMs: ms.optional(),
  reportPerThousandRowsMs: ms.optional(),
  gzipAboveBytes: z.number().int().nonnegative().optional(),
});

const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());

function timings(x: StoredFeed | StoredReport) {
  return {
    created: iso(x.createdTime),
    started: iso(x.processingStartTime),
    plannedEnd: iso(x.plannedEndTime),
    ended: iso(x.processingEndTime),
  };
}

function feedSummary(feed: StoredFeed) {
  return {
    feedId: feed.feedId,
    feedType: feed.feedType,
    marketplaceIds: feed.marketplaceIds,
    status: feed.status,
    lane: feed.lane,
    messageCount: feed.messageCount ?? null,
    inputFeedDocumentId: feed.inputFeedDocumentId,
    resultFeedDocumentId: feed.resultFeedDocumentId ?? null,
    timings: timings(feed),
  };
}

/** A document's text (decompressed), with what it is. */
function documentView(documents: DocumentStore, doc: StoredDocument | undefined) {
  if (!doc) return null;
  const bytes = documents.bytes(doc);
  const plain = bytes && (doc.compressed ? gunzipSync(bytes) : bytes);
  return {
    documentId: doc.documentId,
    contentType: doc.contentType,
    compressed: doc.compressed,
    bytes: plain?.length ?? null,
    uploaded: iso(doc.uploadedAt),
    text: plain
      ? /cp1252|windows-1252/i.test(doc.contentType)
        ? decodeWindows1252(plain)
        : plain.toString('utf8')
      : null,
  };
}

export function mountFeedSimRoutes(app: Hono, deps: FeedSimDeps): void {
  const { ctx, feeds, reports, documents, settings } = deps;

  app.get('/_sim/feeds', (c) => c.json({ feeds: feeds.all().map(feedSummary) }));

  app.get('/_sim/feeds/:id', (c) => {
    const feed = feeds.get(c.req.param('id'));
    if (!feed) throw new SimError(404, `no feed ${c.req.param('id')}`);
    const outcome = feeds.outcome(feed.feedId);
    const input = documentView(documents, documents.get(feed.inputFeedDocumentId));
    let messages: unknown = null;
    try {
      messages = input?.text ? ((JSON.parse(input.text) as { messages?: unknown }).messages ?? null) : null;
    } catch {
      messages = null; // an XML or unreadable document: its text is in `document`
    }
    return c.json({
      ...feedSummary(feed),
      document: input,
      messages,
      results: outcome?.messages ?? null,
      feedIssues: outcome?.feedIssues ?? null,
      resultDocument: documentView(
        documents,
        feed.resultFeedDocumentId ? documents.get(feed.resultFeedDocumentId) : undefined,
      ),
    });
  });

  app.get('/_sim/processing', (c) => c.json(settings.get()));
  app.post('/_sim/processing', async (c) => {
    const changes = parseSim(processingSchema, await readBody(c), 'processing settings');
    return c.json(ctx.tables.atomically(() => settings.set(changes)));
  });

  const reportSummary = (r: StoredReport) => ({
    reportId: r.reportId,
    reportType: r.reportType,
    marketplaceIds: r.marketplaceIds,
    status: r.status,
    rows: r.rows ?? null,
    reportDocumentId: r.reportDocumentId ?? null,
    timings: timings(r),
  });
  app.get('/_sim/reports', (c) => c.json({ reports: reports.all().map(reportSummary) }));
  app.get('/_sim/reports/:id', (c) => {
    const report = reports.get(c.req.param('id'));
    if (!report) throw new SimError(404, `no report ${c.req.param('id')}`);
    return c.json(reportSummary(report));
  });
}
