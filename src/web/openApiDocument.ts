/**
 * The API's contract, /api/openapi.json: an OpenAPI 3.1 document generated (by @hono/zod-openapi) from
 * the very zod schemas that validate each route's requests, and from the answer schemas in
 * apiSchemas.ts. Served to any API token, like the rest of /api. Generated once, on first request:
 * every route is registered by then.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { apiRoute } from './apiRoute.ts';
import type { AuthEnv } from './auth.ts';
import { SESSION_COOKIE } from './sessions.ts';

const DESCRIPTION = `The HTTP API of the Amazon ⇄ Dynamics 365 F&O connector (docs/api.md explains it in prose).

Every route under /api needs an API token — as \`Authorization: Bearer <token>\`, or a session cookie from
POST /api/login — and acts with that token's name and role (\`operator\`: every action; \`viewer\`: reads
only, personal data never revealed). Every error answer is an \`Error\`. Any method a path does not answer
is 405 with \`Allow\`; an unknown path is 404 (401 without credentials).`;

const route = apiRoute('viewer', {
  method: 'get',
  path: '/api/openapi.json',
  summary: 'This document',
  request: { query: z.strictObject({}) },
  responses: {
    200: {
      description: 'The OpenAPI 3.1 document of this API.',
      content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } },
    },
  },
});

/** The contract's own version: changes when an answer or a request changes shape. */
const API_VERSION = '1.0.0';

export function serveOpenApiDocument(app: OpenAPIHono<AuthEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerToken', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token (server.apiTokens, CONNECTOR_API_TOKEN, or <data-dir>/api-token in demo mode).',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The session cookie POST /api/login sets (browsers). Writes need Origin: one of ours.',
  });
  let document: unknown;
  app.openapi(route, (c) => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'Amazon ⇄ D365 connector API', version: API_VERSION, description: DESCRIPTION },
    });
    return c.json(document as { openapi: string }, 200);
  });
}
