/**
 * Reports API 2021-06-30 for the connection's seller: createReport, getReport, getReports (filters and
 * paging), cancelReport, getReportDocument and the download of a report's document as a stream (large
 * reports — every listing of the seller — are read row by row, never held whole: merchantListings.ts).
 *
 * createReport is repeated freely when its answer is lost: a second request for the same data only
 * makes a second report, which costs a token but changes nothing at Amazon.
 */
import type { AmazonClient, CallOptions } from '../client.ts';
import type { ProcessingStatus } from '../feeds/schemasFeeds.ts';
import { PROCESSING_STATUSES } from '../feeds/schemasFeeds.ts';
import { refuse } from '../listings/listingsItems.ts';
import {
  createReportResponse,
  createReportSpecification,
  getReportsResponse,
  report,
  reportDocument,
  type CreateReportSpecification,
  type GetReportsResponse,
  type Report,
  type ReportDocument,
} from './schemasReports.ts';

const REPORTS = '/reports/2021-06-30/reports';
const reportPath = (reportId: string) => `${REPORTS}/${encodeURIComponent(reportId)}`;
const instant = (value: Date | string | undefined) => (value instanceof Date ? value.toISOString() : value);

export interface CreateReportParams extends Omit<
  CreateReportSpecification,
  'marketplaceIds' | 'dataStartTime' | 'dataEndTime'
> {
  /** Default: the connection's marketplaces. */
  marketplaceIds?: string[];
  dataStartTime?: Date | string;
  dataEndTime?: Date | string;
}

export async function createReport(
  client: AmazonClient,
  params: CreateReportParams,
  options: CallOptions = {},
): Promise<string> {
  const parsed = createReportSpecification.safeParse({
    ...params,
    marketplaceIds: params.marketplaceIds ?? [...client.marketplaceIds],
    dataStartTime: instant(params.dataStartTime),
    dataEndTime: instant(params.dataEndTime),
  });
  if (!parsed.success)
    throw refuse(
      'createReport',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  const { data } = await client.call(
    {
      operation: 'reports.createReport',
      path: REPORTS,
      body: JSON.parse(JSON.stringify(parsed.data)) as unknown, // undefined fields left out of the body
      schema: createReportResponse,
      idempotent: true,
    },
    options,
  );
  return data.reportId;
}

export async function getReport(
  client: AmazonClient,
  reportId: string,
  options: CallOptions = {},
): Promise<Report> {
  const { data } = await client.call(
    { operation: 'reports.getReport', path: reportPath(reportId), schema: report },
    options,
  );
  return data;
}

export interface GetReportsFilters {
  /** 1–10 report types (Amazon requires types unless a nextToken is sent). */
  reportTypes?: string[];
  processingStatuses?: ProcessingStatus[];
  /** 1–10 marketplaces. */
  marketplaceIds?: string[];
  /** 1–100, Amazon's default 10. */
  pageSize?: number;
  createdSince?: Date | string;
  createdUntil?: Date | string;
}

function checkFilters(filters: GetReportsFilters): void {
  const problems: string[] = [];
  for (const key of ['reportTypes', 'marketplaceIds'] as const) {
    const list = filters[key];
    if (list && (list.length < 1 || list.length > 10)) problems.push(`${key}: 1 to 10 values`);
  }
  const size = filters.pageSize;
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > 100))
    problems.push('pageSize: an integer from 1 to 100');
  for (const status of filters.processingStatuses ?? [])
    if (!PROCESSING_STATUSES.includes(status)) problems.push(`processingStatuses: unknown ${status}`);
  if (problems.length) throw refuse('getReports', problems.join('; '));
}

/** One page of reports; a `nextToken` goes alone (it carries the first page's filters). */
export async function getReports(
  client: AmazonClient,
  page: GetReportsFilters | { nextToken: string },
  options: CallOptions = {},
): Promise<GetReportsResponse> {
  let query;
  if ('nextToken' in page) query = { nextToken: page.nextToken };
  else {
    checkFilters(page);
    query = {
      reportTypes: page.reportTypes,
      processingStatuses: page.processingStatuses,
      marketplaceIds: page.marketplaceIds,
      pageSize: page.pageSize,
      createdSince: instant(page.createdSince),
      createdUntil: instant(page.createdUntil),
    };
  }
  const { data } = await client.call(
    { operation: 'reports.getReports', path: REPORTS, query, schema: getReportsResponse },
    options,
  );
  return data;
}

/** Cancels a report still IN_QUEUE. */
export async function cancelReport(
  client: AmazonClient,
  reportId: string,
  options: CallOptions = {},
): Promise<void> {
  await client.call(
    { operation: 'reports.cancelReport', path: reportPath(reportId), idempotent: true },
    options,
  );
}

export async function getReportDocument(
  client: AmazonClient,
  reportDocumentId: string,
  options: CallOptions = {},
): Promise<ReportDocument> {
  const { data } = await client.call(
    {
      operation: 'reports.getReportDocument',
      path: `/reports/2021-06-30/documents/${encodeURIComponent(reportDocumentId)}`,
      schema: reportDocument,
    },
    options,
  );
  return data;
}

/**
 * A report document's answer, its body unread, with the compression to undo: the caller streams it
 * (documentStream.ts) and decodes it by the charset the answer declares.
 */
export async function openReportDocument(
  client: AmazonClient,
  reportDocumentId: string,
  options: CallOptions = {},
): Promise<{ document: ReportDocument; response: Response }> {
  const document = await getReportDocument(client, reportDocumentId, options);
  return { document, response: await client.openDownload(document.url, options) };
}
