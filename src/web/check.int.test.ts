/**
 * GET /api/check and POST /api/services/:flow/backfill over the real app and store, with a test flow
 * whose hooks report what their context allowed them: a check runs dry (its writes are refused) per
 * connection; a backfill runs with an ordinary transaction and its request is in the store afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { withContractCheck } from '../../test/support/apiContract.ts';
import { openTestStore } from '../../test/support/testDb.ts';
import { ConnectorError } from '../errors.ts';

import { FlowRegistry } from '../engine/registry.ts';
import type { RunnerDeps } from '../engine/runner.ts';
import { serviceKeys } from '../engine/serviceKeys.ts';
import { createLogger } from '../log/logger.ts';
import { Operations, type Scheduler } from '../ops/operations.ts';
import type { Store } from '../store/openStore.ts';
import { getCursor, setCursor } from '../store/repos/cursors.ts';
import { readFeed } from '../store/repos/feed.ts';
import { createWebApp } from './app.ts';
import { bearer, jsonOf, TEST_TOKEN, TEST_TOKENS, testConfig } from '../../test/support/webTestKit.ts';
import { stubFlow } from '../../test/support/stubFlow.ts';

/** Checks that writing is refused, and fails its second item for eu1 only; backfills record a cursor. */
const probeFlow = stubFlow({
  id: 'probe',
  scope: 'connection',
  async check(ctx) {
    const refused = await ctx
      .commit(async () => 'written')
      .then(
        () => false,
        () => true,
      );
    return [
      { name: `writes refused for ${ctx.connectionId}`, ok: ctx.dryRun && refused, detail: 'dry run' },
      ctx.connectionId === 'us1'
        ? { name: 'setup', ok: true, detail: 'found' }
        : { name: 'setup', ok: false, detail: 'mode of delivery X is missing', fix: 'create it' },
    ];
  },
  async backfill(since, ctx) {
    if (since.getUTCFullYear() < 2000) {
      throw new ConnectorError('config', 'nothing to backfill before 2000: give a later --since');
    }
    await ctx.commit((tx) =>
      setCursor(
        tx,
        { connectionId: ctx.connectionId, flow: 'probe', scope: 'backfill' },
        since.toISOString(),
      ),
    );
    return `${ctx.connectionId}: searched again from ${since.toISOString()} in the next runs`;
  },
});

let store: Store;
let app: Hono;

beforeAll(async () => {
  store = await openTestStore();
  // A global flow with neither a check nor a backfill, beside the probe.
  const heartbeatFlow = stubFlow({ id: 'heartbeat' });
  const registry = new FlowRegistry([heartbeatFlow, probeFlow]);
  const deps: RunnerDeps = {
    config: testConfig,
    store,
    log: createLogger({ level: 'silent' }),
    holder: 'check-test',
    shutdown: new AbortController().signal,
  };
  const scheduler: Scheduler = {
    keys: (flow, connection) => serviceKeys(testConfig, registry, flow, connection),
    runNow: async () => [],
    setEnabled: async () => [],
  };
  // Every answer is checked against the API's OpenAPI document, real check items and backfills included.
  app = withContractCheck(
    createWebApp({ ops: new Operations(deps, registry, scheduler), db: store.db, apiTokens: TEST_TOKENS }),
    TEST_TOKEN,
  );
});
afterAll(() => store.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = bearer) {
  const res = await app.request(path, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await jsonOf(res) };
}

describe('GET /api/check', () => {
  it('checks every flow that has a check, per connection, in a dry run', async () => {
    const { status, body } = await call('GET', '/api/check');
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: false,
      checks: [
        {
          flow: 'probe',
          title: 'Probe',
          connection: 'eu1',
          ok: false,
          items: [
            { name: 'writes refused for eu1', ok: true, detail: 'dry run' },
            { name: 'setup', ok: false, detail: 'mode of delivery X is missing', fix: 'create it' },
          ],
        },
        {
          flow: 'probe',
          title: 'Probe',
          connection: 'us1',
          ok: true,
          items: [
            { name: 'writes refused for us1', ok: true, detail: 'dry run' },
            { name: 'setup', ok: true, detail: 'found' },
          ],
        },
      ],
    });
  });

  it('narrows to a flow and a connection', async () => {
    const { body } = await call('GET', '/api/check?flow=probe&connection=us1');
    expect(body.ok).toBe(true);
    expect(body.checks.map((c: { connection: string }) => c.connection)).toEqual(['us1']);
  });

  it.each([
    ['/api/check?flow=heartbeat', 404, 'the heartbeat flow has no pre-flight check; flows with one: probe'],
    ['/api/check?flow=nothing', 404, 'there is no flow "nothing"'],
    ['/api/check?connection=xx9', 404, 'there is no connection "xx9"'],
  ])('%s → %i', async (path, expected, message) => {
    const { status, body } = await call('GET', path);
    expect(status).toBe(expected);
    expect(body.message).toContain(message);
  });

  it('refuses a misspelt parameter and a caller without credentials', async () => {
    expect((await call('GET', '/api/check?flw=probe')).body.problems).toEqual(['flw: not a known parameter']);
    expect((await call('GET', '/api/check', undefined, {})).status).toBe(401);
  });
});

describe('POST /api/services/:flow/backfill', () => {
  it('records the backfill for every connection, says what will happen and notes it in the feed', async () => {
    const { status, body } = await call('POST', '/api/services/probe/backfill', { since: '2025-01-31' });
    expect(status).toBe(202);
    expect(body).toEqual({
      backfills: [
        {
          flow: 'probe',
          connection: 'eu1',
          message: 'eu1: searched again from 2025-01-31T00:00:00.000Z in the next runs',
        },
        {
          flow: 'probe',
          connection: 'us1',
          message: 'us1: searched again from 2025-01-31T00:00:00.000Z in the next runs',
        },
      ],
    });
    for (const connectionId of ['eu1', 'us1']) {
      expect(await getCursor(store.db, { connectionId, flow: 'probe', scope: 'backfill' })).toBe(
        '2025-01-31T00:00:00.000Z',
      );
    }
    // The flow notes what it will do; the API notes who asked.
    const feed = await readFeed(store.db, { flow: 'probe', text: 'backfill from' });
    const asked = feed.filter((e) => e.fields.actor === 'tester');
    expect(asked.map((e) => e.connectionId).sort()).toEqual(['eu1', 'us1']);
    expect(
      feed
        .filter((e) => !e.fields.actor)
        .map((e) => e.connectionId)
        .sort(),
    ).toEqual(['eu1', 'us1']);
  });

  it('takes a date-time with an offset and one connection', async () => {
    const { body } = await call('POST', '/api/services/probe/backfill', {
      since: '2025-02-01T10:00:00+02:00',
      connection: 'us1',
    });
    expect(body.backfills).toEqual([
      { flow: 'probe', connection: 'us1', message: expect.stringContaining('2025-02-01T08:00:00.000Z') },
    ]);
  });

  it.each([
    [{ since: '2999-01-01' }, 'since: 2999-01-01T00:00:00.000Z is in the future'],
    [{ since: 'last week' }, 'since: "last week" is not a date'],
    [{ since: '2025-02-30' }, 'since: "2025-02-30" is not a date'],
    [{}, 'since: '],
    [{ since: '2025-01-01', conection: 'us1' }, 'conection: not a known field'],
  ])('refuses %j with a 400 naming the problem', async (body, problem) => {
    const answer = await call('POST', '/api/services/probe/backfill', body);
    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual([expect.stringContaining(problem)]);
  });

  it('passes on a refusal of the flow as a 400, and an unknown or unable flow as a 404', async () => {
    const refused = await call('POST', '/api/services/probe/backfill', { since: '1999-12-31' });
    expect(refused).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'nothing to backfill before 2000: give a later --since' },
    });
    const unable = await call('POST', '/api/services/heartbeat/backfill', { since: '2025-01-01' });
    expect(unable.status).toBe(404);
    expect(unable.body.message).toBe('the heartbeat flow cannot backfill; flows that can: probe');
    expect((await call('POST', '/api/services/nothing/backfill', { since: '2025-01-01' })).status).toBe(404);
  });
});
