/**
 * /api/services: the status of every sync service, and acting on one flow — run now, enable, disable,
 * dry-run plan. `?connection=` narrows an action to one connection; without it the action covers every
 * connection the flow runs for. An unknown flow or connection is a 404 (see httpError.ts).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Operations, ServiceKey } from '../ops/operations.ts';
import { parseQuery, text } from './validate.ts';

const noParams = z.strictObject({});
const connectionParam = z.strictObject({
  connection: text(64).optional(),
});

const asPairs = (keys: ServiceKey[]) => keys.map((k) => ({ flow: k.flow, connection: k.connectionId }));

export function serviceRoutes(ops: Operations): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    parseQuery(c, noParams);
    return c.json({ services: await ops.services() });
  });

  app.post('/:flow/run', async (c) => {
    const { connection } = parseQuery(c, connectionParam);
    const keys = await ops.runNow(c.req.param('flow'), connection);
    return c.json({ queued: asPairs(keys) }, 202);
  });

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(`/:flow/${action}`, async (c) => {
      const { connection } = parseQuery(c, connectionParam);
      const keys = await ops.setEnabled(c.req.param('flow'), enabled, connection);
      return c.json({ services: asPairs(keys), enabled });
    });
  }

  app.get('/:flow/plan', async (c) => {
    const { connection } = parseQuery(c, connectionParam);
    return c.json({ plans: await ops.plan(c.req.param('flow'), connection) });
  });

  return app;
}
