/**
 * GET /metrics: the Prometheus text exposition of this process's registry (runtime.ts builds it,
 * docs/operations.md lists the series), behind the same API tokens as /api — any role, since it only
 * reads. A scraper sends `Authorization: Bearer <token>` (Prometheus: `authorization: {
 * credentials_file: … }`). It holds no personal data: labels are flows, connection ids, remotes,
 * operations and queue names.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Registry } from 'prom-client';
import { apiRoute, validationHook } from './apiRoute.ts';
import type { AuthEnv } from './auth.ts';

const route = apiRoute('viewer', {
  method: 'get',
  path: '/metrics',
  summary: "This process's metrics in the Prometheus text format",
  description:
    'Service, record and job-queue numbers come from the shared database (the same in every process); ' +
    'remote exchanges and process metrics are this process’s own. docs/operations.md lists every series.',
  responses: {
    200: {
      description: 'Prometheus text exposition format 0.0.4.',
      content: { 'text/plain': { schema: z.string() } },
    },
  },
});

export function metricsRoute(registry: Registry, auth: MiddlewareHandler<AuthEnv>): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  app.use('/metrics', auth);
  app.openapi(route, async (c) => {
    const text = await registry.metrics();
    // The registry's content type names the exposition format's version, which scrapers read.
    return c.text(text, 200, { 'content-type': registry.contentType });
  });
  return app;
}
