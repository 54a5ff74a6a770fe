/**
 * The web API as one Hono app (docs/api.md explains it, /api/openapi.json is its contract): health
 * probes open to all, everything under /api behind an API token. In order, for /api: the Host must be
 * one of ours (originPolicy.ts), the body is read once under a cap (requestBody.ts), sign-in and
 * sign-out, authentication, then the routes with their role checks and validation. It holds no server
 * and no timers of its own, so tests call it in-process through `app.request`, and server.ts puts it
 * on a port.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { ConnectorConfig } from '../config/schema.ts';
import type { Logger } from '../log/logger.ts';
import type { Operations } from '../ops/operations.ts';
import type { Db } from '../store/db.ts';
import { allowedMethods } from './allowedMethods.ts';
import type { ApiToken } from './apiToken.ts';
import { validationHook } from './apiRoute.ts';
import { createAudit } from './audit.ts';
import { requireAuth, requireOwnHost, type AuthEnv } from './auth.ts';
import { createAuthDeps } from './authDeps.ts';
import { checkRoutes } from './checkRoutes.ts';
import { feedRoutes } from './feedRoutes.ts';
import { healthRoutes } from './healthRoutes.ts';
import { metricsRoute } from './metricsRoute.ts';
import { errorAnswer, methodNotAllowed, type ErrorBody } from './httpError.ts';
import { serveOpenApiDocument } from './openApiDocument.ts';
import { recordRoutes } from './recordRoutes.ts';
import { readBody } from './requestBody.ts';
import { serviceRoutes } from './serviceRoutes.ts';
import { sessionRoutes } from './sessionRoutes.ts';
import type { LimiterOptions } from './signInLimiter.ts';
import { queryEncoding } from './validate.ts';

const MAX_BODY_BYTES = 64 * 1024;

export interface WebAppDeps {
  ops: Operations;
  /** For the readiness probe and the sessions table: `SELECT 1` and the applied migrations. */
  db: Db;
  /** Who may call the API, each with a name and a role (apiToken.ts). */
  apiTokens: ApiToken[];
  /** The server settings: listen host and public URLs (Host and Origin checks), session limits. */
  server?: Partial<Pick<ConnectorConfig['server'], 'host' | 'publicUrls' | 'sessions'>>;
  /** The clock of sessions and of the sign-in limiter (tests move it instead of waiting). */
  now?: () => Date;
  /** Overrides of the sign-in limiter's defaults. */
  signInLimits?: Partial<LimiterOptions>;
  /** How often the live-feed stream polls the feed table (default 300 ms). */
  streamPollMs?: number;
  /** Idle time before the stream sends a keep-alive comment (default 15 s). */
  streamKeepAliveMs?: number;
  /** How long the stream waits for a missing feed id to commit (default 1 s; see feedCursor.ts). */
  streamGapGraceMs?: number;
  /** How often a session's stream checks that the session still holds (default 5 s). */
  streamSessionCheckMs?: number;
  /** Aborted when the server closes: ends open streams. */
  signal?: AbortSignal;
  /** Process log for unexpected errors; never given the token, bodies or personal data. */
  log?: Logger;
  /** Served at /metrics (Prometheus text) behind the API tokens; without it there is no /metrics. */
  metrics?: Registry;
}

/** The app; its callers need only `fetch`/`request` (and `routes`), so it is handed out as a plain Hono. */
export function createWebApp(deps: WebAppDeps): Hono {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  const now = deps.now ?? (() => new Date());
  const audit = createAudit(deps.db, deps.log);
  const authDeps = createAuthDeps(deps, audit, now);

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    // Answers can hold personal data (record detail) and always change: no cache may keep them.
    c.header('Cache-Control', 'no-store');
  });

  app.route('/', healthRoutes(deps.db, deps.log));
  // Scrapers are programs with a bearer token: no Host check (a scraper names the target as it likes,
  // and the check guards browser sessions against DNS rebinding, which bearer tokens do not need).
  if (deps.metrics) app.route('/', metricsRoute(deps.metrics, requireAuth(authDeps)));
  app.use('/api/*', requireOwnHost(authDeps.origins));
  // Every body here is a few fields; login is open to anyone who can reach the port, so cap it early.
  app.use('/api/*', readBody(MAX_BODY_BYTES));
  // Login and logout come before the authentication middleware: they are how a browser gets past it.
  app.route('/api', sessionRoutes(authDeps, audit));
  app.use('/api/*', requireAuth(authDeps));
  app.use('/api/*', queryEncoding());
  app.route('/api/services', serviceRoutes(deps.ops, audit));
  // GET /api/check and POST /api/services/:flow/backfill.
  app.route('/api', checkRoutes(deps.ops, audit));
  app.route(
    '/api/feed',
    feedRoutes(deps.ops, {
      pollMs: deps.streamPollMs ?? 300,
      keepAliveMs: deps.streamKeepAliveMs ?? 15_000,
      gapGraceMs: deps.streamGapGraceMs ?? 1000,
      sessionCheckMs: deps.streamSessionCheckMs ?? 5000,
      signal: deps.signal,
      log: deps.log,
    }),
  );
  app.route('/api/records', recordRoutes(deps.ops, audit));
  serveOpenApiDocument(app);

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

  return app as unknown as Hono;
}
