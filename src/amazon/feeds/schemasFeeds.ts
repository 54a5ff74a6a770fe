/**
 * Feeds API 2021-06-30 schemas, named after the model's definitions (feeds_2021-06-30.json) and walked
 * against it by schemasFeeds.test.ts. Answers tolerate fields and enum values Amazon adds later; the
 * request bodies are closed. No payload wrapper: Feeds answers are bare objects.
 */
import { z } from 'zod';
import { dateTime, openEnum } from '../orders/schemasCommon.ts';

export const PROCESSING_STATUSES = ['CANCELLED', 'DONE', 'FATAL', 'IN_PROGRESS', 'IN_QUEUE'] as const;
export type ProcessingStatus = (typeof PROCESSING_STATUSES)[number];
export const COMPRESSION_ALGORITHMS = ['GZIP'] as const;

export const feed = z.object({
  feedId: z.string(),
  feedType: z.string(),
  marketplaceIds: z.array(z.string()).optional(),
  createdTime: dateTime,
  processingStatus: openEnum(PROCESSING_STATUSES),
  processingStartTime: dateTime.optional(),
  processingEndTime: dateTime.optional(),
  resultFeedDocumentId: z.string().optional(),
});
export type Feed = z.infer<typeof feed>;

export const getFeedsResponse = z.object({
  feeds: z.array(feed),
  nextToken: z.string().optional(),
});
export type GetFeedsResponse = z.infer<typeof getFeedsResponse>;

export const createFeedResponse = z.object({ feedId: z.string() });

export const feedDocument = z.object({
  feedDocumentId: z.string(),
  url: z.string(),
  compressionAlgorithm: openEnum(COMPRESSION_ALGORITHMS).optional(),
});
export type FeedDocument = z.infer<typeof feedDocument>;

export const createFeedDocumentResponse = z.object({ feedDocumentId: z.string(), url: z.string() });
export type CreateFeedDocumentResponse = z.infer<typeof createFeedDocumentResponse>;

/** `feedOptions`: a string map whose keys depend on the feed type. */
export const feedOptions = z.record(z.string(), z.string());

export const createFeedSpecification = z.strictObject({
  feedType: z.string().min(1),
  marketplaceIds: z.array(z.string()).min(1).max(25),
  inputFeedDocumentId: z.string().min(1),
  feedOptions: feedOptions.optional(),
});
export type CreateFeedSpecification = z.infer<typeof createFeedSpecification>;

export const createFeedDocumentSpecification = z.strictObject({ contentType: z.string().min(1) });
