// A stored report as the Reports API 2021-06-30 `Report` shows it.
import type { StoredReport } from './reportTypes.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function reportView(report: StoredReport): Record<string, unknown> {
  return {
    reportId: report.reportId,
    reportType: report.reportType,
    marketplaceIds: report.marketplaceIds,
    ...(report.dataStartTime !== undefined && { dataStartTime: iso(report.dataStartTime) }),
    ...(report.dataEndTime !== undefined && { dataEndTime: iso(report.dataEndTime) }),
    createdTime: iso(report.createdTime),
    processingStatus: report.status,
    ...(report.processingStartTime !== undefined && { processingStartTime: iso(report.processingStartTime) }),
    ...(report.processingEndTime !== undefined && { processingEndTime: iso(report.processingEndTime) }),
    ...(report.reportDocumentId && { reportDocumentId: report.reportDocumentId }),
  };
}
