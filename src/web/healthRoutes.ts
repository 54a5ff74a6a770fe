/**
 * Probes for process supervisors and load balancers, open without authentication: /healthz says the
 * process answers, /readyz that it can do its work (database reachable, migrations current). Being
 * unauthenticated, readyz names what is wrong but not the database's own error text, which can hold
 * host names; that goes to the process log.
 */
import { Hono } from 'hono';
import type { Db } from '../store/db.ts';
import { isCurrent } from '../store/migrate.ts';
import type { Logger } from '../log/logger.ts';

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

export function healthRoutes(db: Db, log?: Logger): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const problems = await readinessProblems(db, log);
    if (problems.length > 0) return c.json({ status: 'not ready', problems }, 503);
    return c.json({ status: 'ready' });
  });
  return app;
}
