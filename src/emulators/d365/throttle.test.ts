import { afterEach, describe, expect, it } from 'vitest';
import { THROTTLE_MESSAGE } from './engine/errors.ts';
import { startD365TestEmulator, type D365TestEmulator } from '../../../test/support/d365EmulatorTestKit.ts';

let kit: D365TestEmulator;
afterEach(() => kit.close());

const batchOfGets = (n: number) =>
  [
    ...Array.from({ length: n }, () =>
      [
        '--b',
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        '',
        'GET CustomerGroups HTTP/1.1',
        '',
        '',
      ].join('\r\n'),
    ),
    '--b--',
    '',
  ].join('\r\n');

describe('throttling', () => {
  it('answers 429 with Retry-After past the limit, and admits again when the window slides', async () => {
    let clock = 1_000_000;
    kit = await startD365TestEmulator({
      seed: 'none',
      now: () => clock,
      throttle: { maxRequestsPerWindow: 3, windowSeconds: 10, retryAfterSeconds: 7 },
    });
    await kit.token();
    for (let i = 0; i < 3; i++) expect((await kit.request('/data/CustomerGroups')).status).toBe(200);
    const throttled = await kit.request('/data/CustomerGroups');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('Retry-After')).toBe('7');
    expect(await throttled.json()).toEqual({ error: { code: '', message: THROTTLE_MESSAGE } });
    clock += 10_001;
    expect((await kit.request('/data/CustomerGroups')).status).toBe(200);
  });

  it('scales the window and Retry-After by the time scale', async () => {
    let clock = 0;
    kit = await startD365TestEmulator({
      seed: 'none',
      now: () => clock,
      timeScale: 10,
      throttle: { maxRequestsPerWindow: 1, windowSeconds: 300, retryAfterSeconds: 30 },
    });
    expect((await kit.request('/data')).status).toBe(200);
    const throttled = await kit.request('/data');
    expect(throttled.headers.get('Retry-After')).toBe('3');
    clock += 30_001; // 300 s / 10
    expect((await kit.request('/data')).status).toBe(200);
  });

  it('throttles $batch parts one by one', async () => {
    kit = await startD365TestEmulator({
      seed: 'none',
      now: () => 0,
      throttle: { maxRequestsPerWindow: 3, windowSeconds: 60, retryAfterSeconds: 5 },
    });
    const response = await kit.request('/data/$batch', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/mixed; boundary=b' },
      body: batchOfGets(3),
    });
    expect(response.status).toBe(200); // the batch itself is the first request of the window
    const statuses = [...(await response.text()).matchAll(/HTTP\/1\.1 (\d+)/g)].map((m) => Number(m[1]));
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('fault injection (/_sim/faults)', () => {
  const inject = (spec: unknown) =>
    kit.request('/_sim/faults', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(spec),
      auth: false,
    });

  it('renders throttle, error and malformed faults in F&O’s shape', async () => {
    kit = await startD365TestEmulator({ seed: 'none' });
    await kit.token();
    expect((await inject({ kind: 'throttle', retryAfterSeconds: 12 })).status).toBe(201);
    const throttled = await kit.request('/data/CustomerGroups');
    expect([throttled.status, throttled.headers.get('Retry-After')]).toEqual([429, '12']);
    expect(await throttled.json()).toEqual({ error: { code: '', message: THROTTLE_MESSAGE } });

    await inject({ kind: 'error', status: 503 });
    const unavailable = await kit.request('/data/CustomerGroups');
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toMatchObject({
      error: { code: '', message: 'The service is unavailable.' },
    });

    await inject({ kind: 'error' });
    const failed = await kit.request('/data/CustomerGroups');
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({
      error: { message: 'An error has occurred.', innererror: { type: 'System.Exception' } },
    });

    await inject({ kind: 'malformed' });
    const malformed = await kit.request('/data/CustomerGroups');
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();

    expect((await kit.request('/data/CustomerGroups')).status).toBe(200);
  });

  it('faults single $batch parts by method and path', async () => {
    kit = await startD365TestEmulator({ seed: 'none' });
    await inject({ kind: 'throttle', pathPrefix: '/data/CustomerGroups', retryAfterSeconds: 4 });
    const response = await kit.request('/data/$batch', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/mixed; boundary=b' },
      body: batchOfGets(2),
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect([...text.matchAll(/HTTP\/1\.1 (\d+)/g)].map((m) => Number(m[1]))).toEqual([429, 200]);
    expect(text).toContain('Retry-After: 4');
  });
});
