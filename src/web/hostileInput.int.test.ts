import { describe, expect, it } from 'vitest';
import { bearer, jsonOf, useTestWeb } from '../../test/support/webTestKit.ts';

/**
 * Text a database cannot store (NUL), bytes that are not UTF-8, and strings that are not well-formed
 * Unicode: each is the caller's mistake, answered 400 naming where it was — never a 500, never a
 * stream that opens and closes at once.
 */
const testWeb = useTestWeb();

async function get(path: string) {
  const res = await testWeb().app.request(path, { headers: bearer });
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel();
  return res;
}

async function post(path: string, body: string | Uint8Array) {
  return testWeb().app.request(path, {
    method: 'POST',
    headers: { ...bearer, 'content-type': 'application/json' },
    body,
  });
}

async function expectProblem(res: Response, name: string) {
  expect(res.status).toBe(400);
  const body = await jsonOf(res);
  expect(body.error).toBe('bad_request');
  expect(body.problems).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
}

describe('a NUL character', () => {
  it.each([
    '/api/feed?text=%00',
    '/api/feed?run=%00',
    '/api/feed?flow=a%00b',
    '/api/feed?connection=%00',
    '/api/feed/stream?text=%00',
    '/api/records?reason=%00',
    '/api/records?flow=%00',
    '/api/records?connection=x%00',
    '/api/check?flow=%00',
    '/api/services/import-test/plan?connection=%00',
  ])('in %s → 400 naming the parameter', async (path) => {
    const name = new URL(path, 'http://x').searchParams.keys().next().value!;
    await expectProblem(await get(path), name);
  });

  it.each([
    ['/api/records/retry', '{"reason":"\\u0000"}', 'reason'],
    ['/api/records/retry', '{"flow":"import\\u0000test"}', 'flow'],
    ['/api/services/import-test/backfill', '{"since":"2026-01-01","connection":"\\u0000"}', 'connection'],
  ])('in the body of %s (%s) → 400 naming the field', async (path, body, name) => {
    await expectProblem(await post(path, body), name);
  });
});

describe('bytes that are not UTF-8', () => {
  it.each(['/api/feed?text=%FF', '/api/records?reason=%C3%28', '/api/feed/stream?flow=%ED%A0%80'])(
    'in %s → 400 naming the parameter',
    async (path) => {
      const name = path.split('?')[1]!.split('=')[0]!;
      await expectProblem(await get(path), name);
    },
  );

  it('in a body → 400', async () => {
    const bytes = Buffer.concat([Buffer.from('{"reason":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const res = await post('/api/records/retry', bytes);
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).problems).toEqual(['(body): not valid UTF-8']);
  });
});

describe('a lone surrogate', () => {
  it.each([
    ['{"reason":"\\ud800"}', 'reason'],
    ['{"connection":"x\\udc00y"}', 'connection'],
  ])('in a JSON string (%s) → 400 naming the field', async (body, name) => {
    await expectProblem(await post('/api/records/retry', body), name);
  });
});
