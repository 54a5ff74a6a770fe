/**
 * /api/records: synced items and the ones a person must look at — list (paged backwards by id), detail
 * with history and payload, retry (back to pending; the flow runs), resolve (a person handled it outside
 * the connector: synced, the flow does not run), replay (process the stored payload again without
 * calling the remote) and bulk retry by filter. The detail masks every personal value
 * unless an operator asks to reveal them (`?reveal=true`); each reveal is written to the live feed
 * with the token's name and the record before the data leaves. A viewer never sees personal data.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Operations } from '../ops/operations.ts';
import {
  NOTE_BLANK_MESSAGE,
  NOTE_CONTROL_MESSAGE,
  NOTE_MALFORMED_MESSAGE,
  noteIsNotBlank,
  noteIsWellFormed,
  RESOLUTION_NOTE_MAX,
  RESOLUTION_NOTE_PATTERN,
} from '../ops/resolve.ts';
import { RECORD_STATES } from '../store/repos/records.ts';
import { payloadSchema, recordEventSchema, runResultSchema, syncRecordSchema } from './apiSchemas.ts';
import { apiRoute, validationHook } from './apiRoute.ts';
import type { Audit } from './audit.ts';
import { forbidden, type AuthEnv } from './auth.ts';
import { notFound } from './httpError.ts';
import { text } from './validate.ts';

const RECORD_PAGE_MAX = 500;

const filterFields = {
  state: z.enum(RECORD_STATES).optional(),
  flow: text(64).optional(),
  connection: text(64).optional(),
  reason: text(200)
    .optional()
    .openapi({ description: 'Case-insensitive text in the reason or the last error.' }),
};

const idParam = z.strictObject({
  id: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'must be a positive integer')
    .transform(Number)
    .openapi({ description: 'The record id.', type: 'string', pattern: '^[1-9]\\d{0,15}$' }),
});
const json = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });

const list = apiRoute('viewer', {
  method: 'get',
  path: '/',
  summary: 'Records, newest first',
  request: {
    query: z.strictObject({
      ...filterFields,
      before: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(RECORD_PAGE_MAX).default(50),
    }),
  },
  responses: {
    200: {
      description: 'A page of records; `nextBefore` is the `before` of the next (older) page.',
      ...json(z.strictObject({ records: z.array(syncRecordSchema), nextBefore: z.int().nullable() })),
    },
  },
});

// Only records a person must look at are retried in bulk (Operations.retryMany says the same).
const bulkRetry = apiRoute('operator', {
  method: 'post',
  path: '/retry',
  summary: 'Retry every record matching a filter',
  description: 'Only `needs_attention` and `failed` records (default: both). The body may be left out.',
  request: {
    query: z.strictObject({}),
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.strictObject({
            ...filterFields,
            state: z.enum(['needs_attention', 'failed']).optional(),
          }),
        },
      },
    },
  },
  responses: {
    202: { description: 'How many were put back to pending.', ...json(z.strictObject({ retried: z.int() })) },
  },
});

const detail = apiRoute('viewer', {
  method: 'get',
  path: '/{id}',
  summary: 'A record with its history and payload',
  description:
    'Personal values are masked (`"[personal data]"`) unless `reveal=true` is asked by an operator; every ' +
    'reveal is written to the live feed with the token name and the record. A viewer asking to reveal gets 403.',
  request: {
    params: idParam,
    query: z.strictObject({
      reveal: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ description: 'Show personal data (operators only).' }),
    }),
  },
  responses: {
    200: {
      description: '`personal` and `payload` are null when there is none.',
      ...json(
        z.strictObject({
          record: syncRecordSchema,
          history: z.array(recordEventSchema),
          personal: z
            .unknown()
            .openapi({ description: 'Personal data of the record, masked unless revealed.' }),
          payload: payloadSchema.nullable(),
          revealed: z.boolean(),
        }),
      ),
    },
  },
  errors: [404],
});

const retry = apiRoute('operator', {
  method: 'post',
  path: '/{id}/retry',
  summary: 'Put a record back to pending; its flow runs',
  request: { params: idParam, query: z.strictObject({}) },
  responses: {
    202: { description: 'The record, now pending.', ...json(z.strictObject({ record: syncRecordSchema })) },
  },
  errors: [404, 409],
});

const note = z
  .string()
  .min(1)
  .max(RESOLUTION_NOTE_MAX)
  .regex(RESOLUTION_NOTE_PATTERN, NOTE_CONTROL_MESSAGE)
  .refine(noteIsWellFormed, NOTE_MALFORMED_MESSAGE)
  .refine(noteIsNotBlank, NOTE_BLANK_MESSAGE)
  .openapi({
    description:
      'What the person did, one line (no control characters); kept in the record’s history and summary, ' +
      'nowhere else.',
  });

const resolve = apiRoute('operator', {
  method: 'post',
  path: '/{id}/resolve',
  summary: 'Settle a record a person handled outside the connector; its flow does not run',
  description:
    'Only a `needs_attention` or `failed` record (else 409). It becomes `synced`; its history keeps the ' +
    'reason, then `resolved by <token name> (web API): <note>`, and its summary gets `resolvedBy`, ' +
    '`resolvedAt` and `resolution` (the note, or null). The body may be left out.',
  request: {
    params: idParam,
    query: z.strictObject({}),
    body: { required: false, ...json(z.strictObject({ note: note.optional() })) },
  },
  responses: {
    200: { description: 'The record, now synced.', ...json(z.strictObject({ record: syncRecordSchema })) },
  },
  errors: [404, 409],
});

const replay = apiRoute('operator', {
  method: 'post',
  path: '/{id}/replay',
  summary: 'Process the stored payload again, without calling the remote',
  request: { params: idParam, query: z.strictObject({}) },
  responses: {
    200: { description: 'How the replay went.', ...json(z.strictObject({ result: runResultSchema })) },
  },
  errors: [404, 409, 503],
});

/** Recorded in a record's history as who asked. */
const requestedBy = (name: string) => `${name} (web API)`;

export function recordRoutes(ops: Operations, audit: Audit): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });

  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    const records = await ops.records({
      state: q.state,
      flow: q.flow,
      connectionId: q.connection,
      reason: q.reason,
      beforeId: q.before,
      limit: q.limit,
    });
    const nextBefore = records.length === q.limit ? records[records.length - 1]!.id : null;
    return c.json({ records, nextBefore }, 200);
  });

  app.openapi(bulkRetry, async (c) => {
    const f = c.req.valid('json');
    const retried = await ops.retryMany(
      { state: f.state, flow: f.flow, connectionId: f.connection, reason: f.reason },
      requestedBy(c.get('auth').name),
    );
    await audit(c.get('auth'), {
      message: `Retry of ${retried} record${retried === 1 ? '' : 's'} requested`,
      flow: f.flow,
      connectionId: f.connection,
      fields: { retried, state: f.state ?? 'needs_attention,failed' },
    });
    return c.json({ retried }, 202);
  });

  app.openapi(detail, async (c) => {
    const { id } = c.req.valid('param');
    const reveal = c.req.valid('query').reveal === 'true';
    const auth = c.get('auth');
    if (reveal && auth.role !== 'operator') {
      throw forbidden(`the API token "${auth.name}" has the viewer role, which never sees personal data`);
    }
    const found = await ops.record(id, reveal);
    if (!found) throw notFound(`there is no record ${id}`);
    const { record } = found;
    if (reveal) {
      // Written before the answer leaves: without its entry in the feed, no reveal.
      await audit(
        auth,
        {
          message: `Personal data of record ${id} (${record.externalId}) revealed`,
          flow: record.flow,
          connectionId: record.connectionId,
          fields: { recordId: id },
        },
        { required: true },
      );
    }
    return c.json(
      {
        record,
        history: found.history,
        personal: found.personal ?? null,
        payload: found.payload ?? null,
        revealed: reveal,
      },
      200,
    );
  });

  app.openapi(retry, async (c) => {
    const { id } = c.req.valid('param');
    const record = await ops.retry(id, requestedBy(c.get('auth').name));
    await audit(c.get('auth'), {
      message: `Retry of record ${id} (${record.externalId}) requested`,
      flow: record.flow,
      connectionId: record.connectionId,
      fields: { recordId: id },
    });
    return c.json({ record }, 202);
  });

  app.openapi(resolve, async (c) => {
    const { id } = c.req.valid('param');
    const record = await ops.resolve(id, requestedBy(c.get('auth').name), c.req.valid('json').note);
    // The note stays in the record: the feed says who resolved which record, not what they wrote.
    await audit(c.get('auth'), {
      message: `Record ${id} (${record.externalId}) resolved`,
      flow: record.flow,
      connectionId: record.connectionId,
      fields: { recordId: id },
    });
    return c.json({ record }, 200);
  });

  app.openapi(replay, async (c) => {
    const { id } = c.req.valid('param');
    const summary = await ops.replay(id, requestedBy(c.get('auth').name));
    // retryableError (an Error) is internal to the job engine; the caller gets the outcome and message.
    const { retryableError: _internal, ...result } = summary;
    await audit(c.get('auth'), {
      message: `Replay of record ${id}: ${result.outcome}`,
      fields: { recordId: id, runId: result.runId ?? null },
    });
    return c.json({ result }, 200);
  });

  return app;
}
