/**
 * Pre-flight checks and backfills. `GET /api/check` verifies what every flow with a check relies on —
 * credentials of both remotes, the setup its settings and mappings name — writing nothing; `?flow=` and
 * `?connection=` narrow it. `POST /api/services/:flow/backfill` asks a flow to go back over its source
 * from a date; the service's next runs do the work. Both run in the connector's process, not as jobs:
 * the caller waits for the answer.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { describeError, isConnectorError } from '../errors.ts';
import { parseBackfillSince } from '../engine/hooks.ts';
import type { Operations } from '../ops/operations.ts';
import { backfillSchema, checkSchema } from './apiSchemas.ts';
import { apiRoute, validationHook } from './apiRoute.ts';
import type { Audit } from './audit.ts';
import type { AuthEnv } from './auth.ts';
import { errorAnswer, HttpError } from './httpError.ts';
import { text } from './validate.ts';

const name = text(64);
const json = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });

const check = apiRoute('viewer', {
  method: 'get',
  path: '/check',
  summary: 'Pre-flight of every flow with a check, writing nothing',
  description:
    'Always 200 when the check ran: `ok` says whether every item passed. A flow without a check is a 404.',
  request: { query: z.strictObject({ flow: name.optional(), connection: name.optional() }) },
  responses: {
    200: {
      description: 'The checks, per flow and connection.',
      ...json(z.strictObject({ ok: z.boolean(), checks: z.array(checkSchema) })),
    },
  },
  errors: [404],
});

const backfill = apiRoute('operator', {
  method: 'post',
  path: '/services/{flow}/backfill',
  summary: "Go back over a flow's source from a date",
  description:
    "The request is recorded and the service's next runs do the work. A date that does not parse or lies " +
    "in the future is a 400, and so is the flow's own refusal (e.g. nothing to backfill); a flow that " +
    'cannot backfill is a 404.',
  request: {
    params: z.strictObject({ flow: z.string() }),
    query: z.strictObject({}),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.strictObject({
            since: text(40)
              .transform((value, ctx) => {
                try {
                  return parseBackfillSince(value);
                } catch (error) {
                  ctx.addIssue({ code: 'custom', message: describeError(error) });
                  return z.NEVER;
                }
              })
              .openapi({ description: 'A date (`2025-01-31`) or a time (`2025-01-31T08:00:00Z`).' }),
            connection: name.optional(),
          }),
        },
      },
    },
  },
  responses: {
    202: {
      description: 'Recorded, per connection.',
      ...json(z.strictObject({ backfills: z.array(backfillSchema) })),
    },
  },
  errors: [404],
});

/**
 * A flow refuses a backfill with a config error written for the caller ("nothing to backfill: give an
 * earlier --since"): that is a 400, not the 500 of an unexpected configuration error.
 */
function asCallerMistake(error: unknown): unknown {
  if (isConnectorError(error) && error.kind === 'config' && errorAnswer(error).status === 500) {
    return new HttpError(400, 'bad_request', error.message);
  }
  return error;
}

export function checkRoutes(ops: Operations, audit: Audit): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });

  app.openapi(check, async (c) => {
    const { flow, connection } = c.req.valid('query');
    const checks = await ops.check(flow, connection);
    return c.json({ ok: checks.every((item) => item.ok), checks }, 200);
  });

  app.openapi(backfill, async (c) => {
    const { since, connection } = c.req.valid('json');
    let backfills;
    try {
      backfills = await ops.backfill(c.req.valid('param').flow, since, connection);
    } catch (error) {
      throw asCallerMistake(error);
    }
    for (const b of backfills) {
      await audit(c.get('auth'), {
        message: `Backfill from ${since.toISOString()} requested`,
        flow: b.flow,
        connectionId: b.connection,
      });
    }
    return c.json({ backfills }, 202);
  });

  return app;
}
