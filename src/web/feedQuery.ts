/**
 * The live-feed filters a caller may give, shared by the page (GET /api/feed) and the stream
 * (GET /api/feed/stream), and their translation to the repository's FeedFilter.
 */
import { z } from 'zod';
import { FEED_LEVELS, type FeedFilter } from '../store/repos/feed.ts';
import { text } from './validate.ts';

export const feedFilterParams = {
  connection: text(64).optional(),
  flow: text(64).optional(),
  run: text(100).optional(),
  /** The minimum level: `warn` shows warnings and errors. */
  level: z.enum(FEED_LEVELS).optional(),
  /** Case-insensitive text in the message. */
  text: text(200).optional(),
};

export const FEED_PAGE_MAX = 1000;

export const feedPageQuery = z.strictObject({
  ...feedFilterParams,
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(FEED_PAGE_MAX).default(100),
});

export const feedStreamQuery = z.strictObject(feedFilterParams);

type FilterParams = z.output<typeof feedStreamQuery>;

export function toFeedFilter(q: FilterParams): FeedFilter {
  return { connectionId: q.connection, flow: q.flow, runId: q.run, level: q.level, text: q.text };
}
