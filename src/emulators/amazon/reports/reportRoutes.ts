// Reports API 2021-06-30: createReport, getReport, getReports, cancelReport (while IN_QUEUE) and
// getReportDocument (a download URL on the emulator; GZIP when stored compressed). Requests are checked
// against the model first; building the documents is reportProcessor.ts's.
import type { Context, Hono } from 'hono';
import type { DocumentStore } from '../documents/documentStore.ts';
import { downloadLink } from '../documents/downloadLink.ts';
import { listPage } from '../documents/processingList.ts';
import type { UrlSigner } from '../documents/presignedUrls.ts';
import { checkAgainstModel } from '../model/checkAgainstModel.ts';
import type { EmulatorContext } from '../options.ts';
import { invalidInput, INVALID_INPUT_MESSAGE, notFound } from '../spApiErrors.ts';
import type { ReportStore } from './reportStore.ts';
import type { StoredReport } from './reportTypes.ts';
import { reportView } from './reportView.ts';

const MODEL = 'reports_2021-06-30';

export interface ReportRouteDeps {
  ctx: EmulatorContext;
  reports: ReportStore;
  documents: DocumentStore;
  signer: UrlSigner;
}

export function mountReportRoutes(app: Hono, deps: ReportRouteDeps): void {
  const { ctx, reports, documents, signer } = deps;
  const base = '/reports/2021-06-30';
  const ownReport = (reportId: string): StoredReport => {
    const report = reports.get(reportId);
    if (!report || report.sellerId !== ctx.sellerId)
      throw notFound('Report not found.', `reportId ${reportId}`);
    return report;
  };
  const refuse = (details: string) => invalidInput({ message: INVALID_INPUT_MESSAGE, details });

  app.post(`${base}/reports`, async (c: Context) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw refuse('The body is not valid JSON.');
    }
    checkAgainstModel(c, `${MODEL}:createReport`, {}, body);
    const spec = body as {
      reportType: string;
      marketplaceIds: string[];
      dataStartTime?: string;
      dataEndTime?: string;
      reportOptions?: Record<string, string>;
    };
    const known = ctx.catalogue.marketplaces.map((m) => m.id);
    const unknown = spec.marketplaceIds.filter((m) => !known.includes(m));
    if (unknown.length > 0)
      throw invalidInput(
        ...unknown.map((m) => ({ message: INVALID_INPUT_MESSAGE, details: `Invalid marketplaceId: ${m}.` })),
      );
    const now = ctx.now();
    for (const name of ['dataStartTime', 'dataEndTime'] as const)
      if (spec[name] && Date.parse(spec[name]) > now) throw refuse(`${name} must not be in the future.`);
    const report = ctx.tables.atomically(() => {
      const seq = reports.nextSeq();
      const created: StoredReport = {
        reportId: String(70_000_000_000 + seq),
        seq,
        sellerId: ctx.sellerId,
        reportType: spec.reportType,
        marketplaceIds: spec.marketplaceIds,
        ...(spec.dataStartTime && { dataStartTime: Date.parse(spec.dataStartTime) }),
        ...(spec.dataEndTime && { dataEndTime: Date.parse(spec.dataEndTime) }),
        ...(spec.reportOptions && { reportOptions: spec.reportOptions }),
        status: 'IN_QUEUE',
        createdTime: now,
      };
      reports.put(created);
      return created;
    });
    return c.json({ reportId: report.reportId }, 202);
  });

  app.get(`${base}/reports`, (c) => {
    checkAgainstModel(c, `${MODEL}:getReports`, {});
    const mine = reports
      .all()
      .filter((r) => r.sellerId === ctx.sellerId)
      .map((r) => ({ ...r, type: r.reportType }));
    const { page, nextToken } = listPage(new URL(c.req.url).searchParams, 'reportTypes', mine, ctx.now());
    return c.json({ reports: page.map(reportView), ...(nextToken && { nextToken }) });
  });

  app.get(`${base}/reports/:reportId`, (c) => {
    const reportId = c.req.param('reportId');
    checkAgainstModel(c, `${MODEL}:getReport`, { reportId });
    return c.json(reportView(ownReport(reportId)));
  });

  app.delete(`${base}/reports/:reportId`, (c) => {
    const reportId = c.req.param('reportId');
    checkAgainstModel(c, `${MODEL}:cancelReport`, { reportId });
    const report = ownReport(reportId);
    if (report.status !== 'IN_QUEUE')
      throw refuse(
        `Report ${reportId} is ${report.status}: only reports with processingStatus IN_QUEUE can be cancelled.`,
      );
    ctx.tables.atomically(() => reports.put({ ...report, status: 'CANCELLED' }));
    return c.body(null, 200);
  });

  app.get(`${base}/documents/:reportDocumentId`, (c) => {
    const reportDocumentId = c.req.param('reportDocumentId');
    checkAgainstModel(c, `${MODEL}:getReportDocument`, { reportDocumentId });
    const doc = documents.get(reportDocumentId);
    if (!doc || doc.kind !== 'reports')
      throw notFound('Report document not found.', `reportDocumentId ${reportDocumentId}`);
    return c.json({ reportDocumentId: doc.documentId, ...downloadLink(c, signer, doc, ctx.now()) });
  });
}
