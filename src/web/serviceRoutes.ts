/**
 * /api/services: the status of every sync service, and acting on one flow — run now, enable, disable,
 * dry-run plan. `?connection=` narrows an action to one connection; without it the action covers every
 * connection the flow runs for. An unknown flow or connection is a 404 (see httpError.ts). Every
 * action is written to the live feed with the name of the token that asked.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Operations, ServiceKey } from '../ops/operations.ts';
import { planSchema, serviceKeySchema, serviceStatusSchema } from './apiSchemas.ts';
import { apiRoute, validationHook } from './apiRoute.ts';
import type { Audit } from './audit.ts';
import type { AuthEnv } from './auth.ts';
import { text } from './validate.ts';

const flowParam = z.strictObject({
  flow: z.string().openapi({ description: 'The flow (service) id, e.g. `import-orders`.' }),
});
const connectionQuery = z.strictObject({
  connection: text(64)
    .optional()
    .openapi({ description: 'Only this connection (default: all the flow runs for).' }),
});
const json = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });

const list = apiRoute('viewer', {
  method: 'get',
  path: '/',
  summary: 'Status of every service',
  request: { query: z.strictObject({}) },
  responses: {
    200: {
      description: 'Every service per connection.',
      ...json(z.strictObject({ services: z.array(serviceStatusSchema) })),
    },
  },
});

const run = apiRoute('operator', {
  method: 'post',
  path: '/{flow}/run',
  summary: 'Run a service now',
  request: { params: flowParam, query: connectionQuery },
  responses: {
    202: { description: 'Queued.', ...json(z.strictObject({ queued: z.array(serviceKeySchema) })) },
  },
  errors: [404],
});

const toggle = (action: 'enable' | 'disable') =>
  apiRoute('operator', {
    method: 'post',
    path: `/{flow}/${action}`,
    summary: `${action === 'enable' ? 'Switch a service on' : 'Switch a service off'}`,
    request: { params: flowParam, query: connectionQuery },
    responses: {
      200: {
        description: 'The services switched.',
        ...json(z.strictObject({ services: z.array(serviceKeySchema), enabled: z.boolean() })),
      },
    },
    errors: [404],
  });

const plan = apiRoute('viewer', {
  method: 'get',
  path: '/{flow}/plan',
  summary: 'Dry run: what a run would do, writing nothing',
  request: { params: flowParam, query: connectionQuery },
  responses: {
    200: {
      description: 'One plan per connection.',
      ...json(
        z.strictObject({ plans: z.array(z.strictObject({ connection: z.string(), plan: planSchema })) }),
      ),
    },
  },
  errors: [404],
});

const asPairs = (keys: ServiceKey[]) => keys.map((k) => ({ flow: k.flow, connection: k.connectionId }));

export function serviceRoutes(ops: Operations, audit: Audit): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });

  app.openapi(list, async (c) => c.json({ services: await ops.services() }, 200));

  app.openapi(run, async (c) => {
    const { flow } = c.req.valid('param');
    const { connection } = c.req.valid('query');
    const keys = await ops.runNow(flow, connection);
    for (const key of keys) {
      await audit(c.get('auth'), {
        message: 'Run requested',
        flow: key.flow,
        connectionId: key.connectionId,
      });
    }
    return c.json({ queued: asPairs(keys) }, 202);
  });

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.openapi(toggle(action), async (c) => {
      const { flow } = c.req.valid('param');
      const { connection } = c.req.valid('query');
      const keys = await ops.setEnabled(flow, enabled, connection);
      for (const key of keys) {
        await audit(c.get('auth'), {
          message: enabled ? 'Service switched on' : 'Service switched off',
          flow: key.flow,
          connectionId: key.connectionId,
        });
      }
      return c.json({ services: asPairs(keys), enabled }, 200);
    });
  }

  app.openapi(plan, async (c) => {
    const { flow } = c.req.valid('param');
    const { connection } = c.req.valid('query');
    return c.json({ plans: await ops.plan(flow, connection) }, 200);
  });

  return app;
}
