/**
 * /api/feed: the live feed, newest first, paged backwards by id (`before` = the previous page's
 * `nextBefore`), filtered by connection, flow, run, minimum level and text; and /api/feed/stream, the
 * same entries as they are written (feedStream.ts).
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Operations } from '../ops/operations.ts';
import { feedEntrySchema } from './apiSchemas.ts';
import { apiRoute, validationHook } from './apiRoute.ts';
import type { AuthEnv } from './auth.ts';
import { feedPageQuery, feedStreamQuery, toFeedFilter } from './feedQuery.ts';
import { feedStream, type FeedStreamOptions } from './feedStream.ts';

const page = apiRoute('viewer', {
  method: 'get',
  path: '/',
  summary: 'The live feed, newest first',
  request: { query: feedPageQuery },
  responses: {
    200: {
      description:
        'A page of entries; `nextBefore` is the `before` of the next (older) page, null after a short page.',
      content: {
        'application/json': {
          schema: z.strictObject({ entries: z.array(feedEntrySchema), nextBefore: z.int().nullable() }),
        },
      },
    },
  },
});

const stream = apiRoute('viewer', {
  method: 'get',
  path: '/stream',
  summary: 'New live-feed entries as server-sent events',
  description:
    'Each entry is an event `entry` whose `id` is the entry id and whose `data` is the FeedEntry as JSON. ' +
    'Starts after the newest entry, or right after `Last-Event-ID`. The first frame is a comment that sets ' +
    'the reconnect delay; `: keep-alive` follows every 15 s without entries. A session stream ends when the ' +
    'session does (signed out, expired, token changed).',
  request: {
    query: feedStreamQuery,
    headers: z.object({
      'last-event-id': z
        .string()
        .regex(/^\d{1,15}$/, 'must be the id of a feed entry')
        .optional()
        .openapi({ description: 'Resume after this entry id (EventSource sends it when it reconnects).' }),
    }),
  },
  responses: {
    200: {
      description: 'The event stream; it ends when the server stops or the session ends.',
      // OpenAPI 3.1 cannot type the events (3.2's itemSchema can): each `data` is a FeedEntry.
      content: {
        'text/event-stream': {
          schema: z.string().openapi({ description: 'Events whose data is a FeedEntry.' }),
        },
      },
    },
  },
});

export function feedRoutes(ops: Operations, options: FeedStreamOptions): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });

  app.openapi(page, async (c) => {
    const q = c.req.valid('query');
    const entries = await ops.feed({ ...toFeedFilter(q), beforeId: q.before, limit: q.limit });
    // A full page may have more behind it (at worst the next page is empty); a short page is the end.
    const nextBefore = entries.length === q.limit ? entries[entries.length - 1]!.id : null;
    return c.json({ entries, nextBefore }, 200);
  });

  app.openapi(stream, (c) => {
    const lastEventId = c.req.valid('header')['last-event-id'];
    return feedStream(
      c,
      ops,
      options,
      toFeedFilter(c.req.valid('query')),
      lastEventId === undefined ? undefined : Number(lastEventId),
    );
  });

  return app;
}
