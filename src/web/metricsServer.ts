/**
 * A worker's metrics listener (`connector worker --metrics-port`): `connector worker` serves no web API,
 * yet its remote exchanges are its own (remoteMetrics.ts), so a scraper must reach each worker. This is
 * GET /metrics alone — no API, no dashboard, no health probe — behind the same API tokens and sign-in
 * limiter as the API, on 127.0.0.1 unless told otherwise. Anything else is a 404.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { Logger } from '../log/logger.ts';
import type { Db } from '../store/db.ts';
import type { ApiToken } from './apiToken.ts';
import { validationHook } from './apiRoute.ts';
import { createAudit } from './audit.ts';
import { requireAuth, type AuthEnv } from './auth.ts';
import { createAuthDeps } from './authDeps.ts';
import { errorAnswer, type ErrorBody } from './httpError.ts';
import { metricsRoute } from './metricsRoute.ts';
import { serveWebApp, type WebServer } from './server.ts';

export const DEFAULT_METRICS_HOST = '127.0.0.1';

export interface MetricsAppDeps {
  db: Db;
  apiTokens: ApiToken[];
  metrics: Registry;
  log?: Logger;
  now?: () => Date;
}

export function createMetricsApp(deps: MetricsAppDeps): Hono {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  const auth = createAuthDeps(deps, createAudit(deps.db, deps.log), deps.now ?? (() => new Date()));
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
  });
  app.route('/', metricsRoute(deps.metrics, requireAuth(auth)));
  app.notFound((c) => {
    const body: ErrorBody = { error: 'not_found', message: 'this listener serves GET /metrics only' };
    return c.json(body, 404);
  });
  app.onError((error, c) => {
    const answer = errorAnswer(error);
    if (answer.unexpected) deps.log?.error({ err: error, path: c.req.path }, 'metrics request failed');
    return c.json(answer.body, answer.status, answer.headers);
  });
  return app as unknown as Hono;
}

/** What the listener needs of the running worker (runtime.ts's Runtime has it). */
export interface MetricsRuntime {
  store: { db: Db };
  metrics?: Registry;
  runnerDeps: { log: Logger };
}

export function startMetricsServer(
  runtime: MetricsRuntime,
  options: { apiTokens: ApiToken[]; port: number; host?: string },
): Promise<WebServer> {
  if (!runtime.metrics) throw new Error('this runtime keeps no metrics registry');
  const app = createMetricsApp({
    db: runtime.store.db,
    apiTokens: options.apiTokens,
    metrics: runtime.metrics,
    log: runtime.runnerDeps.log,
  });
  return serveWebApp(app, {
    host: options.host ?? DEFAULT_METRICS_HOST,
    port: options.port,
    what: 'the metrics listener',
    portOption: '--metrics-port',
  });
}
