/**
 * /api/records: synced items and the ones a person must look at — list (paged backwards by id), detail
 * with history and payload, retry (back to pending; the flow runs), replay (process the stored payload
 * again without calling the remote) and bulk retry by filter. Every caller here is authenticated, so
 * the detail opens the sealed personal data; nothing else in the API ever shows it.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Operations } from '../ops/operations.ts';
import { RECORD_STATES } from '../store/repos/records.ts';
import { notFound } from './httpError.ts';
import { parseId, parseJsonBody, parseQuery, text } from './validate.ts';

const RECORD_PAGE_MAX = 500;

const filterFields = {
  state: z.enum(RECORD_STATES).optional(),
  flow: text(64).optional(),
  connection: text(64).optional(),
  /** Case-insensitive text in the reason or the last error. */
  reason: text(200).optional(),
};

const listQuery = z.strictObject({
  ...filterFields,
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(RECORD_PAGE_MAX).default(50),
});

// Only records a person must look at are retried in bulk (Operations.retryMany says the same).
const bulkRetryBody = z.strictObject({
  ...filterFields,
  state: z.enum(['needs_attention', 'failed']).optional(),
});
const noParams = z.strictObject({});

/** Recorded in the record's history as who asked for the retry. */
const REQUESTED_BY = 'an operator (web API)';

export function recordRoutes(ops: Operations): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const q = parseQuery(c, listQuery);
    const records = await ops.records({
      state: q.state,
      flow: q.flow,
      connectionId: q.connection,
      reason: q.reason,
      beforeId: q.before,
      limit: q.limit,
    });
    const nextBefore = records.length === q.limit ? records[records.length - 1]!.id : null;
    return c.json({ records, nextBefore });
  });

  app.post('/retry', async (c) => {
    parseQuery(c, noParams);
    const f = await parseJsonBody(c, bulkRetryBody);
    const retried = await ops.retryMany(
      { state: f.state, flow: f.flow, connectionId: f.connection, reason: f.reason },
      REQUESTED_BY,
    );
    return c.json({ retried }, 202);
  });

  app.get('/:id', async (c) => {
    parseQuery(c, noParams);
    const id = parseId(c);
    const detail = await ops.record(id, true);
    if (!detail) throw notFound(`there is no record ${id}`);
    return c.json({
      record: detail.record,
      history: detail.history,
      personal: detail.personal ?? null,
      payload: detail.payload ?? null,
    });
  });

  app.post('/:id/retry', async (c) => {
    parseQuery(c, noParams);
    const record = await ops.retry(parseId(c), REQUESTED_BY);
    return c.json({ record }, 202);
  });

  app.post('/:id/replay', async (c) => {
    parseQuery(c, noParams);
    const summary = await ops.replay(parseId(c));
    // retryableError (an Error) is internal to the job engine; the caller gets the outcome and message.
    const { retryableError: _internal, ...result } = summary;
    return c.json({ result });
  });

  return app;
}
