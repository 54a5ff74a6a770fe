/**
 * The web API as one Hono app (docs/api.md is its contract): health probes open to all, everything
 * under /api behind authentication. It holds no server and no timers of its own, so tests call it
 * in-process through `app.request`, and server.ts puts it on a port.
 */
import { Hono } from 'hono';
import type { Logger } from '../log/logger.ts';
import type { Operations } from '../ops/operations.ts';
import type { Db } from '../store/db.ts';
import { requireAuth, sessionRoutes } from './auth.ts';
import { checkRoutes } from './checkRoutes.ts';
import { feedRoutes } from './feedRoutes.ts';
import { healthRoutes } from './healthRoutes.ts';
import { allowedMethods } from './allowedMethods.ts';
import { errorAnswer, methodNotAllowed, type ErrorBody } from './httpError.ts';
import { recordRoutes } from './recordRoutes.ts';
import { readBody } from './requestBody.ts';
import { serviceRoutes } from './serviceRoutes.ts';
import { queryEncoding } from './validate.ts';

const MAX_BODY_BYTES = 64 * 1024;

export interface WebAppDeps {
  ops: Operations;
  /** For the readiness probe: `SELECT 1` and the applied migrations. */
  db: Db;
  apiToken: string;
  /** How often the live-feed stream polls the feed table (default 300 ms). */
  streamPollMs?: number;
  /** Idle time before the stream sends a keep-alive comment (default 15 s). */
  streamKeepAliveMs?: number;
  /** How long the stream waits for a missing feed id to commit (default 1 s; see feedCursor.ts). */
  streamGapGraceMs?: number;
  /** Aborted when the server closes: ends open streams. */
  signal?: AbortSignal;
  /** Process log for unexpected errors; never given the token, bodies or personal data. */
  log?: Logger;
}

export function createWebApp(deps: WebAppDeps): Hono {
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    // Answers can hold personal data (record detail) and always change: no cache may keep them.
    c.header('Cache-Control', 'no-store');
  });

  app.route('/', healthRoutes(deps.db, deps.log));
  // Every body here is a few fields; login is open to anyone who can reach the port, so cap it early.
  app.use('/api/*', readBody(MAX_BODY_BYTES));
  // Login and logout come before the authentication middleware: they are how a browser gets past it.
  app.route('/api', sessionRoutes(deps.apiToken));
  app.use('/api/*', requireAuth(deps.apiToken));
  app.use('/api/*', queryEncoding());
  app.route('/api/services', serviceRoutes(deps.ops));
  // GET /api/check and POST /api/services/:flow/backfill.
  app.route('/api', checkRoutes(deps.ops));
  app.route(
    '/api/feed',
    feedRoutes(deps.ops, {
      pollMs: deps.streamPollMs ?? 300,
      keepAliveMs: deps.streamKeepAliveMs ?? 15_000,
      gapGraceMs: deps.streamGapGraceMs ?? 1000,
      signal: deps.signal,
      log: deps.log,
    }),
  );
  app.route('/api/records', recordRoutes(deps.ops));

  app.notFound((c) => {
    const allow = allowedMethods(app.routes, c.req.path);
    if (allow.length > 0) {
      const answer = errorAnswer(methodNotAllowed(c.req.method, c.req.path, allow));
      return c.json(answer.body, answer.status, answer.headers);
    }
    const body: ErrorBody = {
      error: 'not_found',
      message: `there is no endpoint ${c.req.method} ${c.req.path}`,
    };
    return c.json(body, 404);
  });

  app.onError((error, c) => {
    const answer = errorAnswer(error);
    if (answer.unexpected) {
      deps.log?.error({ err: error, method: c.req.method, path: c.req.path }, 'web API request failed');
    }
    return c.json(answer.body, answer.status, answer.headers);
  });

  return app;
}
