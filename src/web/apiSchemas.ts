/**
 * The shapes of the API's answers, as zod schemas: the OpenAPI document (/api/openapi.json) is
 * generated from them and from the request schemas beside each route, and the tests check every answer
 * they receive against that document. Objects are strict, so a field added to an answer without being
 * documented here fails the tests. Dates travel as ISO 8601 strings.
 */
import { z } from '@hono/zod-openapi';
import { FEED_LEVELS } from '../store/repos/feed.ts';
import { RECORD_STATES } from '../store/repos/records.ts';

const date = z.iso.datetime();
const nullableDate = date.nullable();

export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'unsupported_media_type',
  'too_many_requests',
  'unavailable',
  'internal',
] as const;

export const errorSchema = z
  .strictObject({
    error: z.enum(ERROR_CODES),
    message: z.string().openapi({ description: 'What happened and what to do, for a person.' }),
    problems: z
      .array(z.string())
      .optional()
      .openapi({ description: 'Bad input: every problem, each as `path: message`.' }),
  })
  .openapi('Error');

export const serviceKeySchema = z
  .strictObject({ flow: z.string(), connection: z.string() })
  .openapi('ServiceKey');

export const serviceStatusSchema = z
  .strictObject({
    flow: z.string(),
    title: z.string(),
    description: z.string(),
    connection: z.string(),
    enabled: z.boolean(),
    intervalSeconds: z.number(),
    nextRunAt: nullableDate,
    running: z.boolean(),
    lastRun: z.strictObject({
      id: z.string().nullable(),
      startedAt: nullableDate,
      endedAt: nullableDate,
      outcome: z.string().nullable(),
      message: z.string().nullable(),
    }),
    itemsProcessed: z.number(),
    errors: z.number(),
    backlog: z.number().nullable(),
    lagSeconds: z.number().nullable(),
  })
  .openapi('ServiceStatus');

export const planSchema = z
  .strictObject({
    actions: z.array(
      // Flows may say more about an action than these three fields.
      z.looseObject({ action: z.string(), externalId: z.string().optional(), description: z.string() }),
    ),
    hasMore: z.boolean(),
    backlog: z.number().optional(),
    lagSeconds: z.number().optional(),
  })
  .openapi('Plan');

export const checkSchema = z
  .strictObject({
    flow: z.string(),
    title: z.string(),
    connection: z.string(),
    ok: z.boolean(),
    items: z.array(
      z.strictObject({ name: z.string(), ok: z.boolean(), detail: z.string(), fix: z.string().optional() }),
    ),
  })
  .openapi('FlowCheck');

export const backfillSchema = z
  .strictObject({ flow: z.string(), connection: z.string(), message: z.string() })
  .openapi('FlowBackfill');

export const feedEntrySchema = z
  .strictObject({
    id: z.int(),
    at: date,
    connectionId: z.string().nullable(),
    flow: z.string().nullable(),
    runId: z.string().nullable(),
    level: z.enum(FEED_LEVELS),
    message: z.string(),
    fields: z.record(z.string(), z.unknown()),
  })
  .openapi('FeedEntry');

export const syncRecordSchema = z
  .strictObject({
    id: z.int(),
    connectionId: z.string(),
    flow: z.string(),
    externalId: z.string(),
    state: z.enum(RECORD_STATES),
    attempts: z.int(),
    reason: z.string().nullable(),
    lastError: z.string().nullable(),
    contentHash: z.string().nullable(),
    summary: z.record(z.string(), z.unknown()),
    hasPersonal: z.boolean(),
    payloadId: z.int().nullable(),
    purgeAfter: nullableDate,
    purgedAt: nullableDate,
    createdAt: date,
    updatedAt: date,
    syncedAt: nullableDate,
  })
  .openapi('SyncRecord');

export const recordEventSchema = z
  .strictObject({ at: date, runId: z.string().nullable(), state: z.enum(RECORD_STATES), message: z.string() })
  .openapi('RecordEvent');

export const payloadSchema = z
  .strictObject({
    id: z.int(),
    connectionId: z.string(),
    kind: z.string(),
    receivedAt: date,
    purgedAt: nullableDate,
    body: z.unknown().openapi({
      description: 'The raw payload; each personal field is `"[personal data]"` unless revealed.',
    }),
  })
  .openapi('Payload');

export const runResultSchema = z
  .strictObject({
    runId: z.string().optional(),
    outcome: z.enum(['succeeded', 'failed', 'skipped', 'interrupted']),
    items: z.int(),
    errors: z.int(),
    pages: z.int(),
    message: z.string(),
  })
  .openapi('RunResult');
