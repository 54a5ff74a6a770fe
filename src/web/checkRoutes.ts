/**
 * Pre-flight checks and backfills. `GET /api/check` verifies what every flow with a check relies on —
 * credentials of both remotes, the setup its settings and mappings name — writing nothing; `?flow=` and
 * `?connection=` narrow it. `POST /api/services/:flow/backfill` asks a flow to go back over its source
 * from a date; the service's next runs do the work. Both run in the connector's process, not as jobs:
 * the caller waits for the answer.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { describeError, isConnectorError } from '../errors.ts';
import { parseBackfillSince } from '../flows/hooks.ts';
import type { Operations } from '../ops/operations.ts';
import { errorAnswer, HttpError } from './httpError.ts';
import { parseJsonBody, parseQuery, text } from './validate.ts';

const name = text(64);

const checkParams = z.strictObject({ flow: name.optional(), connection: name.optional() });

const backfillBody = z.strictObject({
  since: text(40).transform((text, ctx) => {
    try {
      return parseBackfillSince(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: describeError(error) });
      return z.NEVER;
    }
  }),
  connection: name.optional(),
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

export function checkRoutes(ops: Operations): Hono {
  const app = new Hono();

  app.get('/check', async (c) => {
    const { flow, connection } = parseQuery(c, checkParams);
    const checks = await ops.check(flow, connection);
    return c.json({ ok: checks.every((check) => check.ok), checks });
  });

  app.post('/services/:flow/backfill', async (c) => {
    const { since, connection } = await parseJsonBody(c, backfillBody);
    try {
      return c.json({ backfills: await ops.backfill(c.req.param('flow'), since, connection) }, 202);
    } catch (error) {
      throw asCallerMistake(error);
    }
  });

  return app;
}
