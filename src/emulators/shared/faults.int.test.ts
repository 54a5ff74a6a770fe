import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultInjector, faultMiddleware, mountFaultRoutes } from './faults.ts';
import { serveEmulator, type ServedEmulator } from './serveEmulator.ts';

function appWithFaults(random?: () => number) {
  const injector = new FaultInjector(random);
  const applied: string[] = [];
  const app = new Hono();
  mountFaultRoutes(app, injector);
  app.use(
    faultMiddleware(injector, {
      throttle: (c, f) =>
        c.json({ throttled: true }, 429, { 'Retry-After': String(f.retryAfterSeconds ?? 1) }),
      error: (c, f) => c.json({ failed: true }, (f.status ?? 500) as 500),
      malformed: (c) => c.body('{"truncated":', 200, { 'content-type': 'application/json' }),
    }),
  );
  app.post('/things/:id', (c) => {
    applied.push(c.req.param('id'));
    return c.json({ ok: true });
  });
  return { app, applied, injector };
}

let served: ServedEmulator | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe('fault injection', () => {
  it('faults the next N matching calls, then answers normally', async () => {
    const { app, applied } = appWithFaults();
    const added = await app.request('/_sim/faults', {
      method: 'POST',
      body: JSON.stringify({ kind: 'throttle', next: 2, pathPrefix: '/things', retryAfterSeconds: 3 }),
    });
    expect(added.status).toBe(201);
    const statuses = [];
    for (const id of ['a', 'b', 'c'])
      statuses.push((await app.request(`/things/${id}`, { method: 'POST' })).status);
    expect(statuses).toEqual([429, 429, 200]);
    expect(applied).toEqual(['c']);
  });

  it('lists every problem of an invalid fault', async () => {
    const { app } = appWithFaults();
    const res = await app.request('/_sim/faults', {
      method: 'POST',
      body: JSON.stringify({ kind: 'boom', share: 2 }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { problems: string[] };
    expect(body.problems).toEqual([expect.stringMatching(/^0\.kind/), expect.stringMatching(/^0\.share/)]);
  });

  it('faults a share of calls until cleared, and never /_sim/ itself', async () => {
    const rolls = [0.1, 0.9, 0.2];
    const { app } = appWithFaults(() => rolls.shift() ?? 0.99);
    await app.request('/_sim/faults', {
      method: 'POST',
      body: JSON.stringify({ kind: 'error', status: 503, share: 0.5 }),
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request('/things/x', { method: 'POST' })).status);
    expect(statuses).toEqual([503, 200, 503]);
    expect((await app.request('/_sim/faults', { method: 'DELETE' })).status).toBe(204);
    expect((await app.request('/things/y', { method: 'POST' })).status).toBe(200);
  });

  it('a reset after the call applies the change and loses the answer; before, it applies nothing', async () => {
    const { app, applied } = appWithFaults();
    served = await serveEmulator(app);
    const post = (path: string, body?: unknown) =>
      fetch(`${served!.url}${path}`, {
        method: 'POST',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await post('/_sim/faults', { kind: 'reset', when: 'after' });
    await expect(post('/things/1')).rejects.toThrow();
    await post('/_sim/faults', { kind: 'reset', when: 'before' });
    await expect(post('/things/2')).rejects.toThrow();
    expect(applied).toEqual(['1']);
  });

  it('a malformed body is a 200 that does not parse', async () => {
    const { app } = appWithFaults();
    await app.request('/_sim/faults', { method: 'POST', body: JSON.stringify({ kind: 'malformed' }) });
    const res = await app.request('/things/z', { method: 'POST' });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });
});
