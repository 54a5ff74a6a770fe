// The stored shape of a report request, as getReport shows it plus the emulator's planned end while it runs.
import type { FeedStatus } from '../feeds/feedTypes.ts';

export interface StoredReport {
  reportId: string;
  seq: number;
  sellerId: string;
  reportType: string;
  marketplaceIds: string[];
  dataStartTime?: number;
  dataEndTime?: number;
  reportOptions?: Record<string, string>;
  status: FeedStatus;
  createdTime: number;
  processingStartTime?: number;
  plannedEndTime?: number;
  processingEndTime?: number;
  reportDocumentId?: string;
  /** Rows the document holds (set when it is written). */
  rows?: number;
}

/** The report types the emulator builds; any other is accepted and ends FATAL (not emulated). */
export const BUILT_REPORTS = ['GET_MERCHANT_LISTINGS_ALL_DATA'] as const;
