/**
 * Amazon's static sandbox examples of Feeds and Reports 2021-06-30 replayed through the client (as
 * sandboxListings.int.test.ts does for listings): an emulator in static sandbox mode answers from the
 * models' cases, and the client's own operation is called with each case's parameters. A 2xx case must
 * parse with the client's schemas and equal the example; a 4xx case must become a ConnectorError with
 * the example's code and message. A case whose trigger is a value the typed operation refuses before
 * sending (an unknown processing status, a body without feedType) goes through the raw `call`, declared
 * invalid on purpose — and so does createReportSchedule's 400 case, whose body lacks the marketplaceIds the
 * model requires and the typed operation always sends.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { QueryParams } from '../../../src/amazon/exchangeLog.ts';
import { createFeedDocument, getFeedDocument } from '../../../src/amazon/feeds/feedDocuments.ts';
import { cancelFeed, createFeed, getFeed, getFeeds } from '../../../src/amazon/feeds/feeds.ts';
import {
  createFeedDocumentResponse,
  createFeedResponse,
  feed,
  feedDocument,
  getFeedsResponse,
} from '../../../src/amazon/feeds/schemasFeeds.ts';
import type { AmazonOperation } from '../../../src/amazon/rateTable.ts';
import {
  cancelReport,
  createReport,
  getReport,
  getReportDocument,
  getReports,
} from '../../../src/amazon/reports/reports.ts';
import {
  cancelReportSchedule,
  createReportSchedule,
  getReportSchedule,
  getReportSchedules,
} from '../../../src/amazon/reports/reportSchedules.ts';
import {
  createReportScheduleResponse,
  reportSchedule,
  reportScheduleList,
} from '../../../src/amazon/reports/schemasReportSchedules.ts';
import {
  createReportResponse,
  getReportsResponse,
  report,
  reportDocument,
} from '../../../src/amazon/reports/schemasReports.ts';
import { buildSandboxRequest } from '../../../src/emulators/amazon/sandbox/buildSandboxRequest.ts';
import { staticSandboxCases, type SandboxCase } from '../../../src/emulators/amazon/sandbox/sandboxCases.ts';
import { failure, startAmazonIntegration, type AmazonIntegration, type Json } from './kit.ts';

const F = 'feeds_2021-06-30';
const R = 'reports_2021-06-30';
const OPERATIONS: Record<string, { client: AmazonOperation; schema?: z.ZodType }> = {
  [`${F}:getFeeds`]: { client: 'feeds.getFeeds', schema: getFeedsResponse },
  [`${F}:createFeed`]: { client: 'feeds.createFeed', schema: createFeedResponse },
  [`${F}:getFeed`]: { client: 'feeds.getFeed', schema: feed },
  [`${F}:cancelFeed`]: { client: 'feeds.cancelFeed' },
  [`${F}:createFeedDocument`]: { client: 'feeds.createFeedDocument', schema: createFeedDocumentResponse },
  [`${F}:getFeedDocument`]: { client: 'feeds.getFeedDocument', schema: feedDocument },
  [`${R}:getReports`]: { client: 'reports.getReports', schema: getReportsResponse },
  [`${R}:createReport`]: { client: 'reports.createReport', schema: createReportResponse },
  [`${R}:getReport`]: { client: 'reports.getReport', schema: report },
  [`${R}:cancelReport`]: { client: 'reports.cancelReport' },
  [`${R}:getReportDocument`]: { client: 'reports.getReportDocument', schema: reportDocument },
  [`${R}:getReportSchedules`]: { client: 'reports.getReportSchedules', schema: reportScheduleList },
  [`${R}:createReportSchedule`]: {
    client: 'reports.createReportSchedule',
    schema: createReportScheduleResponse,
  },
  [`${R}:getReportSchedule`]: { client: 'reports.getReportSchedule', schema: reportSchedule },
  [`${R}:cancelReportSchedule`]: { client: 'reports.cancelReportSchedule' },
};

const cases = staticSandboxCases().filter((c) => c.operation in OPERATIONS);
const title = (c: SandboxCase) =>
  `${c.operation.split(':')[1]} ${c.status} ${JSON.stringify(c.params).slice(0, 80)}`;

let env: AmazonIntegration;
beforeAll(async () => {
  env = await startAmazonIntegration({ emulator: { sandbox: true }, connection: { sandbox: true } });
});
afterEach(() => {
  expect(env.problems()).toEqual([]);
});
afterAll(async () => env?.finish());

/** The case's exact request through the raw `call`, declared invalid on purpose. */
function rawCall(c: SandboxCase) {
  const request = buildSandboxRequest(c);
  const sent = request.body === undefined ? undefined : JSON.stringify(request.body);
  // This request, and only it: the same body, or the unknown status in the query.
  env.expectInvalidRequests(
    (r) =>
      r.path === request.path &&
      (sent !== undefined ? r.text === sent : r.query.toString().includes('BAD_VALUE')),
  );
  const query: QueryParams = {};
  for (const [name, value] of request.query) query[name] = value;
  return env.client
    .call({
      operation: OPERATIONS[c.operation]!.client,
      path: request.path,
      query,
      body: request.body,
      schema: OPERATIONS[c.operation]!.schema,
    })
    .then((r) => r.data);
}

/** The client's operation for the case, called with the case's parameters; answers the body it stands for. */
async function viaClient(c: SandboxCase): Promise<unknown> {
  const p = c.params as Json;
  const body = p.body as Json;
  switch (c.operation.split(':')[1]) {
    case 'getFeeds':
      if (p.processingStatuses?.includes('BAD_VALUE')) return rawCall(c);
      return getFeeds(env.client, p);
    case 'createFeed':
      if (!body.feedType) return rawCall(c);
      return { feedId: await createFeed(env.client, body) };
    case 'getFeed':
      return getFeed(env.client, p.feedId);
    case 'cancelFeed':
      return cancelFeed(env.client, p.feedId);
    case 'createFeedDocument':
      if (!body.contentType) return rawCall(c);
      return createFeedDocument(env.client, body.contentType);
    case 'getFeedDocument':
      return getFeedDocument(env.client, p.feedDocumentId);
    case 'getReports':
      if (p.processingStatuses?.includes('BAD_VALUE')) return rawCall(c);
      return getReports(env.client, p);
    case 'createReport':
      return { reportId: await createReport(env.client, body) };
    case 'getReport':
      return getReport(env.client, p.reportId);
    case 'cancelReport':
      return cancelReport(env.client, p.reportId ?? 'ANY-OTHER-REPORT');
    case 'getReportDocument':
      return getReportDocument(env.client, p.reportDocumentId);
    case 'getReportSchedules':
      return getReportSchedules(env.client, p.reportTypes);
    case 'createReportSchedule':
      if (!body.marketplaceIds) return rawCall(c);
      return { reportScheduleId: await createReportSchedule(env.client, body) };
    case 'getReportSchedule':
      return getReportSchedule(env.client, p.reportScheduleId);
    case 'cancelReportSchedule':
      return cancelReportSchedule(env.client, p.reportScheduleId ?? 'ANY-OTHER-SCHEDULE');
  }
  throw new Error(`no client operation for ${c.operation}`);
}

describe('static sandbox examples of Feeds and Reports, replayed through the client', () => {
  it('covers every case of the fifteen operations', () => {
    expect(cases).toHaveLength(30);
    expect(new Set(cases.map((c) => c.operation)).size).toBe(15);
  });

  it.each(cases.filter((c) => c.status < 300).map((c) => [title(c), c] as const))('%s', async (_, c) => {
    const result = await viaClient(c);
    const schema = OPERATIONS[c.operation]!.schema;
    if (!schema) return expect(result).toBeUndefined(); // an empty 200
    const expected = schema.parse(c.expectedBody);
    expect(expected).toEqual(c.expectedBody); // the schemas drop nothing of Amazon's examples
    expect(result).toEqual(expected);
  });

  it.each(cases.filter((c) => c.status >= 400).map((c) => [title(c), c] as const))('%s', async (_, c) => {
    const expected = (c.expectedBody as { errors: Array<{ code: string; message: string }> }).errors[0]!;
    const error = await failure(viaClient(c));
    expect(error.kind).toBe('remote');
    expect(error.context).toMatchObject({
      status: c.status,
      code: expected.code,
      message: expected.message,
      attempts: 1,
    });
  });
});
