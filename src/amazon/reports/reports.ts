/**
 * Reports API 2021-06-30 for the connection's seller: createReport, getReport, getReports (filters and
 * paging), cancelReport, getReportDocument and the download of a report's document as a stream (large
 * reports — every listing of the seller — are read row by row, never held whole: merchantListings.ts).
 *
 * createReport is repeated freely when its answer is lost: a second request for the same data only
 * makes a second report, which costs a token but changes nothing at Amazon.
 */
import type { AmazonClient, CallOptions } from '../client.ts';
import { refuse } from '../listings/listingsItems.ts';
import { instant, processingListQuery, type ProcessingListFilters } from '../processingListQuery.ts';
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

/** getReports' filters: 1–10 report types (Amazon requires them on a first page) and the shared ones. */
export interface GetReportsFilters extends ProcessingListFilters {
  reportTypes: string[];
}

/** One page of reports; a `nextToken` goes alone (it carries the first page's filters). */
export async function getReports(
  client: AmazonClient,
  page: GetReportsFilters | { nextToken: string },
  options: CallOptions = {},
): Promise<GetReportsResponse> {
  const query = processingListQuery(
    'getReports',
    'reportTypes',
    'nextToken' in page ? page : { ...page, types: page.reportTypes },
  );
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
