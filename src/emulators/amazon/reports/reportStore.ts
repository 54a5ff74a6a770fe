// Report requests in the durable tables, with their id sequence (kept across resets).
import type { DurableTables } from '../../shared/durableTables.ts';
import type { StoredReport } from './reportTypes.ts';

const REPORTS = 'reports';
const META = 'meta';
const SEQ_KEY = 'reportSeq';

export class ReportStore {
  constructor(private readonly tables: DurableTables) {}

  get(reportId: string): StoredReport | undefined {
    return this.tables.get(REPORTS, reportId) as StoredReport | undefined;
  }

  all(): StoredReport[] {
    return (this.tables.rows(REPORTS) as StoredReport[]).sort((a, b) => a.seq - b.seq);
  }

  put(report: StoredReport): void {
    this.tables.put(REPORTS, report.reportId, report);
  }

  nextSeq(): number {
    const seq = ((this.tables.get(META, SEQ_KEY) as number | undefined) ?? 0) + 1;
    this.tables.put(META, SEQ_KEY, seq);
    return seq;
  }

  deleteAll(): void {
    for (const report of this.all()) this.tables.delete(REPORTS, report.reportId);
  }
}
