/**
 * Reports API 2021-06-30 schemas, named after the model's definitions (reports_2021-06-30.json) and
 * walked against it by feeds/schemasFeeds.test.ts. Bare objects, no payload wrapper; answers tolerant, the
 * request body closed.
 */
import { z } from 'zod';
import { COMPRESSION_ALGORITHMS, PROCESSING_STATUSES } from '../feeds/schemasFeeds.ts';
import { dateTime, openEnum } from '../orders/schemasCommon.ts';

export const report = z.object({
  marketplaceIds: z.array(z.string()).optional(),
  reportId: z.string(),
  reportType: z.string(),
  dataStartTime: dateTime.optional(),
  dataEndTime: dateTime.optional(),
  reportScheduleId: z.string().optional(),
  createdTime: dateTime,
  processingStatus: openEnum(PROCESSING_STATUSES),
  processingStartTime: dateTime.optional(),
  processingEndTime: dateTime.optional(),
  reportDocumentId: z.string().optional(),
});
export type Report = z.infer<typeof report>;

export const getReportsResponse = z.object({
  reports: z.array(report),
  nextToken: z.string().optional(),
});
export type GetReportsResponse = z.infer<typeof getReportsResponse>;

export const createReportResponse = z.object({ reportId: z.string() });

export const reportDocument = z.object({
  reportDocumentId: z.string(),
  url: z.string(),
  compressionAlgorithm: openEnum(COMPRESSION_ALGORITHMS).optional(),
});
export type ReportDocument = z.infer<typeof reportDocument>;

export const createReportSpecification = z.strictObject({
  reportOptions: z.record(z.string(), z.string()).optional(),
  reportType: z.string().min(1),
  dataStartTime: dateTime.optional(),
  dataEndTime: dateTime.optional(),
  marketplaceIds: z.array(z.string()).min(1).max(25),
});
export type CreateReportSpecification = z.infer<typeof createReportSpecification>;
