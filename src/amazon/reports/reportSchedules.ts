/**
 * Reports API 2021-06-30 report schedules for the connection's seller: getReportSchedules (by report
 * type), createReportSchedule, getReportSchedule and cancelReportSchedule. A schedule makes Amazon
 * create a report of its type every `period`; the reports it makes are read as any other (reports.ts,
 * their `reportScheduleId` set).
 *
 * createReportSchedule is repeated freely when its answer is lost: Amazon replaces a schedule of the same
 * report type and marketplaces with the new one, so a second request leaves one schedule as the first
 * would have. cancelReportSchedule likewise only ends what is already ended.
 */
import type { AmazonClient, CallOptions } from '../client.ts';
import { refuse } from '../listings/listingsItems.ts';
import {
  createReportScheduleResponse,
  createReportScheduleSpecification,
  reportSchedule,
  reportScheduleList,
  type CreateReportScheduleSpecification,
  type ReportSchedule,
  type ReportScheduleList,
} from './schemasReportSchedules.ts';

const SCHEDULES = '/reports/2021-06-30/schedules';
const schedulePath = (reportScheduleId: string) => `${SCHEDULES}/${encodeURIComponent(reportScheduleId)}`;

export interface CreateReportScheduleParams extends Omit<
  CreateReportScheduleSpecification,
  'marketplaceIds' | 'nextReportCreationTime'
> {
  /** Default: the connection's marketplaces. */
  marketplaceIds?: string[];
  /** When the first report is made (default: Amazon's choice). */
  nextReportCreationTime?: Date | string;
}

/** The schedules of 1–10 report types (Amazon requires the types). */
export async function getReportSchedules(
  client: AmazonClient,
  reportTypes: readonly string[],
  options: CallOptions = {},
): Promise<ReportScheduleList> {
  if (reportTypes.length < 1 || reportTypes.length > 10)
    throw refuse('getReportSchedules', 'reportTypes: 1 to 10 values');
  const { data } = await client.call(
    {
      operation: 'reports.getReportSchedules',
      path: SCHEDULES,
      query: { reportTypes: [...reportTypes] },
      schema: reportScheduleList,
    },
    options,
  );
  return data;
}

/** Creates (or replaces) the schedule of a report type; answers its id. */
export async function createReportSchedule(
  client: AmazonClient,
  params: CreateReportScheduleParams,
  options: CallOptions = {},
): Promise<string> {
  const next = params.nextReportCreationTime;
  const parsed = createReportScheduleSpecification.safeParse({
    ...params,
    marketplaceIds: params.marketplaceIds ?? [...client.marketplaceIds],
    nextReportCreationTime: next instanceof Date ? next.toISOString() : next,
  });
  if (!parsed.success)
    throw refuse(
      'createReportSchedule',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  const { data } = await client.call(
    {
      operation: 'reports.createReportSchedule',
      path: SCHEDULES,
      body: JSON.parse(JSON.stringify(parsed.data)) as unknown, // undefined fields left out of the body
      schema: createReportScheduleResponse,
      idempotent: true,
    },
    options,
  );
  return data.reportScheduleId;
}

export async function getReportSchedule(
  client: AmazonClient,
  reportScheduleId: string,
  options: CallOptions = {},
): Promise<ReportSchedule> {
  const { data } = await client.call(
    { operation: 'reports.getReportSchedule', path: schedulePath(reportScheduleId), schema: reportSchedule },
    options,
  );
  return data;
}

/** Ends a schedule: it makes no more reports (those it made stay). */
export async function cancelReportSchedule(
  client: AmazonClient,
  reportScheduleId: string,
  options: CallOptions = {},
): Promise<void> {
  await client.call(
    { operation: 'reports.cancelReportSchedule', path: schedulePath(reportScheduleId), idempotent: true },
    options,
  );
}
