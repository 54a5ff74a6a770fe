import { describe, expect, it } from 'vitest';
import { bearer, useTestWeb, jsonOf } from '../../test/support/webTestKit.ts';

const testWeb = useTestWeb();

async function call(method: string, path: string) {
  const res = await testWeb().app.request(path, { method, headers: bearer });
  return { status: res.status, body: await jsonOf(res) };
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('GET /api/services', () => {
  it('lists every service per flow × connection with its status', async () => {
    const { status, body } = await call('GET', '/api/services');
    expect(status).toBe(200);
    const pairs = body.services.map((s: { flow: string; connection: string }) => `${s.flow}/${s.connection}`);
    expect(pairs.sort()).toEqual(['heartbeat/global', 'import-test/eu1', 'import-test/us1']);
    const service = body.services.find((s: { connection: string }) => s.connection === 'eu1');
    expect(service).toEqual({
      flow: 'import-test',
      title: 'Import test',
      description: expect.any(String),
      connection: 'eu1',
      enabled: true,
      intervalSeconds: 60,
      nextRunAt: null,
      running: false,
      lastRun: { id: null, startedAt: null, endedAt: null, outcome: null, message: null },
      itemsProcessed: 0,
      errors: 0,
      backlog: null,
      lagSeconds: null,
    });
  });

  it('reports dates as ISO strings', async () => {
    await call('POST', '/api/services/import-test/run?connection=eu1');
    const { body } = await call('GET', '/api/services');
    const service = body.services.find((s: { connection: string }) => s.connection === 'eu1');
    expect(service.nextRunAt).toMatch(ISO);
  });
});

describe('POST /api/services/:flow/run', () => {
  it('queues a run for every connection of the flow', async () => {
    const { status, body } = await call('POST', '/api/services/import-test/run');
    expect(status).toBe(202);
    expect(body).toEqual({
      queued: [
        { flow: 'import-test', connection: 'eu1' },
        { flow: 'import-test', connection: 'us1' },
      ],
    });
    const jobs = await testWeb().waitingJobs('import-test');
    expect(jobs.map((j) => `${j.connectionId}:${j.trigger}`).sort()).toEqual(['eu1:manual', 'us1:manual']);
  });

  it('?connection= narrows it to one connection; a global flow runs under "global"', async () => {
    expect((await call('POST', '/api/services/import-test/run?connection=us1')).body).toEqual({
      queued: [{ flow: 'import-test', connection: 'us1' }],
    });
    expect(await testWeb().waitingJobs('import-test')).toEqual([{ connectionId: 'us1', trigger: 'manual' }]);
    expect((await call('POST', '/api/services/heartbeat/run')).body).toEqual({
      queued: [{ flow: 'heartbeat', connection: 'global' }],
    });
  });
});

describe('POST /api/services/:flow/enable|disable', () => {
  it('switches the services off and on again', async () => {
    const off = await call('POST', '/api/services/import-test/disable?connection=us1');
    expect(off).toEqual({
      status: 200,
      body: { services: [{ flow: 'import-test', connection: 'us1' }], enabled: false },
    });
    const enabled = async () =>
      Object.fromEntries(
        (await call('GET', '/api/services')).body.services.map(
          (s: { flow: string; connection: string; enabled: boolean }) => [
            `${s.flow}/${s.connection}`,
            s.enabled,
          ],
        ),
      );
    expect(await enabled()).toEqual({
      'heartbeat/global': true,
      'import-test/eu1': true,
      'import-test/us1': false,
    });

    const on = await call('POST', '/api/services/import-test/enable');
    expect(on.body.enabled).toBe(true);
    expect(on.body.services).toHaveLength(2);
    expect(await enabled()).toEqual({
      'heartbeat/global': true,
      'import-test/eu1': true,
      'import-test/us1': true,
    });
  });
});

describe('GET /api/services/:flow/plan', () => {
  it('returns the dry-run plan per connection, writing nothing', async () => {
    const { status, body } = await call('GET', '/api/services/import-test/plan');
    expect(status).toBe(200);
    expect(body.plans).toEqual([
      {
        connection: 'eu1',
        plan: { actions: [{ action: 'import', description: 'import for eu1' }], hasMore: false, backlog: 1 },
      },
      {
        connection: 'us1',
        plan: { actions: [{ action: 'import', description: 'import for us1' }], hasMore: false, backlog: 1 },
      },
    ]);
    expect((await call('GET', '/api/feed')).body.entries).toEqual([]);
    expect(await testWeb().waitingJobs('import-test')).toEqual([]);
  });
});

describe('unknown names and bad input', () => {
  it.each([
    ['POST', '/api/services/no-such-flow/run'],
    ['POST', '/api/services/no-such-flow/enable'],
    ['POST', '/api/services/no-such-flow/disable'],
    ['GET', '/api/services/no-such-flow/plan'],
  ])('%s %s → 404 naming the known flows', async (method, path) => {
    const { status, body } = await call(method, path);
    expect(status).toBe(404);
    expect(body.error).toBe('not_found');
    expect(body.message).toContain('there is no flow "no-such-flow"');
    expect(body.message).toContain('import-test');
  });

  it('an unknown connection → 404', async () => {
    const { status, body } = await call('POST', '/api/services/import-test/run?connection=xx9');
    expect(status).toBe(404);
    expect(body.message).toContain('there is no connection "xx9"');
  });

  it('a misspelt or empty parameter → 400 listing each problem', async () => {
    const { status, body } = await call('POST', '/api/services/import-test/run?conection=eu1');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'bad_request', problems: ['conection: not a known parameter'] });
    const empty = await call('GET', '/api/services/import-test/plan?connection=');
    expect(empty.status).toBe(400);
    expect(empty.body.problems).toEqual([expect.stringMatching(/^connection: /)]);
  });

  it('an unknown endpoint → 404 JSON', async () => {
    const { status, body } = await call('GET', '/api/services/import-test/nothing');
    expect(status).toBe(404);
    expect(body.error).toBe('not_found');
  });
});
