/**
 * /api/feed: the live feed, newest first, paged backwards by id (`before` = the previous page's
 * `nextBefore`), filtered by connection, flow, run, minimum level and text; and /api/feed/stream, the
 * same entries as they are written (feedStream.ts).
 */
import { Hono } from 'hono';
import type { Operations } from '../ops/operations.ts';
import { feedPageQuery, toFeedFilter } from './feedQuery.ts';
import { feedStream, type FeedStreamOptions } from './feedStream.ts';
import { parseQuery } from './validate.ts';

export function feedRoutes(ops: Operations, stream: FeedStreamOptions): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const q = parseQuery(c, feedPageQuery);
    const entries = await ops.feed({ ...toFeedFilter(q), beforeId: q.before, limit: q.limit });
    // A full page may have more behind it (at worst the next page is empty); a short page is the end.
    const nextBefore = entries.length === q.limit ? entries[entries.length - 1]!.id : null;
    return c.json({ entries, nextBefore });
  });

  app.get('/stream', feedStream(ops, stream));

  return app;
}
