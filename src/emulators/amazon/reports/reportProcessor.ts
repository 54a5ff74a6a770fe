// Runs report requests on the emulator's clock, lazily like feeds (`settle()` before every request), but
// side by side: a report starts a queue delay after its request and takes a base time plus a time per
// 1,000 rows. The document is built from the listings store when the report ends — what the listings are
// then is what it shows. Types the emulator does not build end FATAL without a document.
import type { DocumentStore } from '../documents/documentStore.ts';
import type { ProcessingSettings } from '../feeds/processingSettings.ts';
import type { ListingsEngine } from '../listings/listingsEngine.ts';
import type { EmulatorContext } from '../options.ts';
import {
  MERCHANT_LISTINGS_CONTENT_TYPE,
  merchantListingsDocument,
  merchantListingsRows,
} from './merchantListingsReport.ts';
import type { ReportStore } from './reportStore.ts';
import { BUILT_REPORTS, type StoredReport } from './reportTypes.ts';

export interface ReportDeps {
  ctx: EmulatorContext;
  reports: ReportStore;
  documents: DocumentStore;
  settings: ProcessingSettings;
  engine: ListingsEngine;
}

const built = (type: string) => (BUILT_REPORTS as readonly string[]).includes(type);

export class ReportProcessor {
  constructor(private readonly deps: ReportDeps) {}

  settle(): void {
    const { ctx, reports, settings } = this.deps;
    const now = ctx.now();
    for (let report of reports.all()) {
      if (report.status === 'IN_QUEUE') {
        const startAt = report.createdTime + ctx.scaled(settings.get().reportQueueMs);
        if (now < startAt) continue;
        report = this.start(report, startAt);
      }
      if (report.status === 'IN_PROGRESS' && now >= report.plannedEndTime!) this.finish(report);
    }
  }

  private start(report: StoredReport, at: number): StoredReport {
    const { ctx, engine, reports, settings } = this.deps;
    const timing = settings.get();
    const rows = built(report.reportType) ? engine.all(report.sellerId).length : 0;
    const started: StoredReport = {
      ...report,
      status: 'IN_PROGRESS',
      processingStartTime: at,
      plannedEndTime: at + ctx.scaled(timing.reportBaseMs + (timing.reportPerThousandRowsMs * rows) / 1000),
    };
    reports.put(started);
    return started;
  }

  private finish(report: StoredReport): void {
    const { ctx, documents, engine, reports, settings } = this.deps;
    const end = report.plannedEndTime!;
    const { plannedEndTime: _planned, ...rest } = report;
    if (!built(report.reportType)) {
      reports.put({ ...rest, status: 'FATAL', processingEndTime: end });
      return;
    }
    const rows = merchantListingsRows(ctx, engine, report.marketplaceIds[0]!);
    const doc = documents.write(
      'reports',
      MERCHANT_LISTINGS_CONTENT_TYPE,
      merchantListingsDocument(rows),
      end,
      settings.get().gzipAboveBytes,
    );
    reports.put({
      ...rest,
      status: 'DONE',
      processingEndTime: end,
      reportDocumentId: doc.documentId,
      rows: rows.length,
    });
  }
}
