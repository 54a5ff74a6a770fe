/**
 * GET /api/feed/stream: new live-feed entries as server-sent events (`event: entry`, `id:` the entry
 * id, `data:` the entry as JSON). It polls the feed table rather than listening in-process, because
 * entries are also written by worker processes elsewhere (PostgreSQL) and a table is the one place
 * they all meet. A reconnecting EventSource sends `Last-Event-ID` and resumes right after it; without
 * it, the stream starts at the newest entry. The loop ends when the client goes away, when the server
 * closes (`signal`), when the caller's session ends (signed out, expired, token changed: checked every
 * `sessionCheckMs`), or on a database error (the client reconnects and resumes by Last-Event-ID).
 */
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { Logger } from '../log/logger.ts';
import type { Operations } from '../ops/operations.ts';
import type { FeedFilter } from '../store/repos/feed.ts';
import type { AuthEnv } from './auth.ts';
import { FeedCursor } from './feedCursor.ts';

export interface FeedStreamOptions {
  /** How often the feed table is polled. */
  pollMs: number;
  /** How long without an event before a comment line keeps proxies and the client from timing out. */
  keepAliveMs: number;
  /** How long entries beyond a gap in the ids wait for the missing one to commit (feedCursor.ts). */
  gapGraceMs: number;
  /** How often a session's stream checks that the session still holds. */
  sessionCheckMs: number;
  /** Aborted when the server closes: open streams end so that closing never waits for them. */
  signal?: AbortSignal;
  log?: Logger;
}

const BATCH = 100;
/** The client waits this long before reconnecting after the stream ends. */
const RETRY_MS = 2000;

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The stream for a request whose filter and Last-Event-ID were validated (bad input is a plain 400). */
export async function feedStream(
  c: Context<AuthEnv>,
  ops: Operations,
  options: FeedStreamOptions,
  filter: FeedFilter,
  resumeAfter: number | undefined,
): Promise<Response> {
  const newest = (await ops.feed({ limit: 1 }))[0]?.id ?? 0;
  // An id beyond the newest comes from another database (a fresh demo data directory): resuming
  // after it would hold the stream back until the feed caught up, so start from the newest instead.
  const start = resumeAfter !== undefined && resumeAfter <= newest ? resumeAfter : newest;

  return streamSSE(c, async (stream: SSEStreamingApi) => {
    const gone = new AbortController();
    stream.onAbort(() => gone.abort());
    const signals = [gone.signal, c.req.raw.signal, options.signal].filter((s) => s !== undefined);
    const stop = AbortSignal.any(signals);
    const cursor = new FeedCursor(start, options.gapGraceMs);
    let lastWrite = Date.now();
    let lastCheck = Date.now();
    const auth = c.get('auth');

    await stream.write(`: connected\nretry: ${RETRY_MS}\n\n`);
    while (!stop.aborted && !stream.aborted) {
      if (Date.now() - lastCheck >= options.sessionCheckMs) {
        lastCheck = Date.now();
        if (!(await auth.stillValid().catch(() => false))) return;
      }
      let batch;
      try {
        batch = await ops.feed({ ...filter, afterId: cursor.last, limit: BATCH });
      } catch (error) {
        options.log?.warn({ err: error }, 'live-feed stream: reading the feed failed; closing the stream');
        return;
      }
      for (const entry of cursor.take(batch, Date.now())) {
        if (stop.aborted) return;
        await stream.writeSSE({ event: 'entry', id: String(entry.id), data: JSON.stringify(entry) });
        lastWrite = Date.now();
      }
      if (Date.now() - lastWrite >= options.keepAliveMs) {
        await stream.write(': keep-alive\n\n');
        lastWrite = Date.now();
      }
      // A full batch sent means more is probably waiting: read again at once.
      if (batch.length < BATCH || cursor.waiting) await pause(options.pollMs, stop);
    }
  });
}
