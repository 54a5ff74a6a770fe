/**
 * The Feeds and Reports schemas against Amazon's models: every object's fields and required fields,
 * every enum (open in answers, closed in requests) — and every static sandbox example of a 2xx answer
 * parses without losing a field.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { compareWithModel, loadModel, sandboxExamples } from '../../../test/support/modelSchemaCompare.ts';
import {
  createReportResponse,
  createReportSpecification,
  getReportsResponse,
  report,
  reportDocument,
} from '../reports/schemasReports.ts';
import {
  createFeedDocumentResponse,
  createFeedDocumentSpecification,
  createFeedResponse,
  createFeedSpecification,
  feed,
  feedDocument,
  getFeedsResponse,
} from './schemasFeeds.ts';

const feeds = loadModel('feeds_2021-06-30.json');
const reports = loadModel('reports_2021-06-30.json');

describe.each([
  [feeds, 'Feed', feed, 'answer'],
  [feeds, 'GetFeedsResponse', getFeedsResponse, 'answer'],
  [feeds, 'CreateFeedResponse', createFeedResponse, 'answer'],
  [feeds, 'FeedDocument', feedDocument, 'answer'],
  [feeds, 'CreateFeedDocumentResponse', createFeedDocumentResponse, 'answer'],
  [feeds, 'CreateFeedSpecification', createFeedSpecification, 'request'],
  [feeds, 'CreateFeedDocumentSpecification', createFeedDocumentSpecification, 'request'],
  [reports, 'Report', report, 'answer'],
  [reports, 'GetReportsResponse', getReportsResponse, 'answer'],
  [reports, 'CreateReportResponse', createReportResponse, 'answer'],
  [reports, 'ReportDocument', reportDocument, 'answer'],
  [reports, 'CreateReportSpecification', createReportSpecification, 'request'],
] as const)('%#: %s', (model, name, schema, side) => {
  it('has the model’s fields, required fields and enums', () => {
    const differences: string[] = [];
    compareWithModel(model, { $ref: `#/definitions/${name}` }, schema, name, differences, side);
    expect(differences).toEqual([]);
  });
});

const ANSWERS: Array<[typeof feeds, string, string, z.ZodType]> = [
  [feeds, '/feeds/2021-06-30/feeds', 'get', getFeedsResponse],
  [feeds, '/feeds/2021-06-30/feeds', 'post', createFeedResponse],
  [feeds, '/feeds/2021-06-30/feeds/{feedId}', 'get', feed],
  [feeds, '/feeds/2021-06-30/documents', 'post', createFeedDocumentResponse],
  [feeds, '/feeds/2021-06-30/documents/{feedDocumentId}', 'get', feedDocument],
  [reports, '/reports/2021-06-30/reports', 'get', getReportsResponse],
  [reports, '/reports/2021-06-30/reports', 'post', createReportResponse],
  [reports, '/reports/2021-06-30/reports/{reportId}', 'get', report],
  [reports, '/reports/2021-06-30/documents/{reportDocumentId}', 'get', reportDocument],
];

describe('sandbox examples of 2xx answers parse unchanged', () => {
  it.each(
    ANSWERS.flatMap(([model, path, method, schema]) =>
      sandboxExamples(model, path, method)
        .filter(([, status]) => status.startsWith('2'))
        .map(([n, , c]) => [`${method} ${path} ${n}`, c.response, schema] as const),
    ),
  )('%s', (_name, example, schema) => {
    expect(schema.parse(example)).toEqual(example);
  });
});
