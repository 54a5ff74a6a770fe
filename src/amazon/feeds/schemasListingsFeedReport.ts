/**
 * The JSON_LISTINGS_FEED processing report (listings-feed-processing-report-schema-v2.json), as zod:
 * header, issues (an issue has a singular `attributeName`, unlike the Listings Items API's
 * `attributeNames`), summary and the optional listings items of `header.report.includedData`. Tolerant
 * like every answer: unknown fields pass, severities are an open enum. ajv checks the same documents
 * against Amazon's JSON Schema in the tests.
 */
import { z } from 'zod';
import { listingsItem } from '../listings/schemasListings.ts';
import { openEnum } from '../orders/schemasCommon.ts';

export const REPORT_SEVERITIES = ['ERROR', 'WARNING', 'INFO'] as const;

export const reportIssue = z.object({
  messageId: z.number().int().optional(),
  sku: z.string().optional(),
  code: z.string().optional(),
  severity: openEnum(REPORT_SEVERITIES),
  message: z.string(),
  attributeName: z.string().optional(),
});
export type ReportIssue = z.infer<typeof reportIssue>;

export const reportSummary = z.object({
  errors: z.number().int(),
  warnings: z.number().int(),
  messagesProcessed: z.number().int(),
  messagesAccepted: z.number().int(),
  messagesInvalid: z.number().int(),
  itemSummary: z
    .object({ items: z.number().int(), errors: z.number().int(), warnings: z.number().int() })
    .optional(),
});
export type ReportSummary = z.infer<typeof reportSummary>;

export const listingsFeedReport = z.object({
  header: z.object({
    sellerId: z.string(),
    version: z.string(),
    feedId: z.string(),
    report: z.object({ includedData: z.array(z.string()), apiVersion: z.string() }).optional(),
  }),
  issues: z.array(reportIssue),
  summary: reportSummary,
  items: z.array(listingsItem).optional(),
});
export type ListingsFeedReport = z.infer<typeof listingsFeedReport>;
