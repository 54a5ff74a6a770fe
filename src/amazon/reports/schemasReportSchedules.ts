/**
 * Reports API 2021-06-30 report-schedule schemas, named after the model's definitions
 * (reports_2021-06-30.json) and walked against it by schemasReportSchedules.test.ts. Bare objects, no
 * payload wrapper; answers tolerant (a schedule's `period` is any string there), the request body closed
 * with the model's periods.
 */
import { z } from 'zod';
import { dateTime } from '../orders/schemasCommon.ts';

/** The periods createReportSchedule accepts, as the model lists them. */
export const REPORT_SCHEDULE_PERIODS = [
  'PT5M',
  'PT15M',
  'PT30M',
  'PT1H',
  'PT2H',
  'PT4H',
  'PT8H',
  'PT12H',
  'P1D',
  'P2D',
  'P3D',
  'PT84H',
  'P7D',
  'P14D',
  'P15D',
  'P18D',
  'P30D',
  'P1M',
] as const;
export type ReportSchedulePeriod = (typeof REPORT_SCHEDULE_PERIODS)[number];

export const reportSchedule = z.object({
  reportScheduleId: z.string(),
  reportType: z.string(),
  marketplaceIds: z.array(z.string()).optional(),
  reportOptions: z.record(z.string(), z.string()).optional(),
  period: z.string(),
  nextReportCreationTime: dateTime.optional(),
});
export type ReportSchedule = z.infer<typeof reportSchedule>;

export const reportScheduleList = z.object({ reportSchedules: z.array(reportSchedule) });
export type ReportScheduleList = z.infer<typeof reportScheduleList>;

export const createReportScheduleResponse = z.object({ reportScheduleId: z.string() });

export const createReportScheduleSpecification = z.strictObject({
  reportType: z.string().min(1),
  marketplaceIds: z.array(z.string()).min(1).max(25),
  reportOptions: z.record(z.string(), z.string()).optional(),
  period: z.enum(REPORT_SCHEDULE_PERIODS),
  nextReportCreationTime: dateTime.optional(),
});
export type CreateReportScheduleSpecification = z.infer<typeof createReportScheduleSpecification>;
