/**
 * Probes for process supervisors and load balancers, open without authentication: /healthz says the
 * process answers, /readyz that it can do its work (database reachable, migrations current). Being
 * unauthenticated, readyz names what is wrong but not the database's own error text, which can hold
 * host names; that goes to the process log.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../store/db.ts';
import { isCurrent } from '../store/migrate.ts';
import type { Logger } from '../log/logger.ts';
import { apiRoute, validationHook } from './apiRoute.ts';

/** A probe answers within this even when the database hangs (a pool waiting for a connection). */
const PROBE_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function readinessProblems(db: Db, log?: Logger): Promise<string[]> {
  try {
    await withTimeout(db.query('SELECT 1'), PROBE_TIMEOUT_MS);
  } catch (error) {
    log?.warn({ err: error }, 'readiness: database not reachable');
    return ['database: not reachable'];
  }
  try {
    if (!(await withTimeout(isCurrent(db), PROBE_TIMEOUT_MS))) {
      return ['database: migrations are not current (run `connector migrate`, or restart the connector)'];
    }
  } catch (error) {
    log?.warn({ err: error }, 'readiness: cannot read the applied migrations');
    return ['database: cannot read the applied migrations'];
  }
  return [];
}

const health = apiRoute('public', {
  method: 'get',
  path: '/healthz',
  summary: 'The process answers',
  responses: {
    200: {
      description: 'Up.',
      content: { 'application/json': { schema: z.strictObject({ status: z.literal('ok') }) } },
    },
  },
});

const ready = apiRoute('public', {
  method: 'get',
  path: '/readyz',
  summary: 'The database is reachable and its migrations are current',
  responses: {
    200: {
      description: 'Ready.',
      content: { 'application/json': { schema: z.strictObject({ status: z.literal('ready') }) } },
    },
    503: {
      description: "Not ready, and why (never the database's own error text).",
      content: {
        'application/json': {
          schema: z.strictObject({ status: z.literal('not ready'), problems: z.array(z.string()) }),
        },
      },
    },
  },
});

export function healthRoutes(db: Db, log?: Logger): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(health, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(ready, async (c) => {
    const problems = await readinessProblems(db, log);
    if (problems.length > 0) return c.json({ status: 'not ready' as const, problems }, 503);
    return c.json({ status: 'ready' as const }, 200);
  });
  return app;
}
