import { describe, expect, it } from 'vitest';
import { getRecord } from '../store/repos/records.ts';
import { readFeed } from '../store/repos/feed.ts';
import { bearer, jsonOf, seedRecord, useTestWeb, viewerBearer } from '../../test/support/webTestKit.ts';

const testWeb = useTestWeb();

async function call(method: string, path: string, body?: unknown) {
  const res = await testWeb().app.request(path, {
    method,
    headers: body === undefined ? bearer : { ...bearer, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await jsonOf(res) };
}

const externalIds = (body: { records: Array<{ externalId: string }> }) =>
  body.records.map((r) => r.externalId);

async function seedMany() {
  const store = testWeb().store;
  await seedRecord(store, { externalId: 'o1', state: 'synced' });
  await seedRecord(store, { externalId: 'o2', state: 'needs_attention', reason: 'SKU ABC is not mapped' });
  await seedRecord(store, {
    externalId: 'o3',
    state: 'failed',
    reason: 'D365 timed out',
    connectionId: 'us1',
  });
  await seedRecord(store, {
    externalId: 'o4',
    state: 'needs_attention',
    reason: 'no mode of delivery for X',
  });
  await seedRecord(store, { externalId: 'h1', state: 'needs_attention', flow: 'other-flow', reason: 'sku' });
}

describe('GET /api/records', () => {
  it('lists records newest first and pages backwards', async () => {
    await seedMany();
    const first = await call('GET', '/api/records?limit=3');
    expect(first.status).toBe(200);
    expect(externalIds(first.body)).toEqual(['h1', 'o4', 'o3']);
    const second = await call('GET', `/api/records?limit=3&before=${first.body.nextBefore}`);
    expect(externalIds(second.body)).toEqual(['o2', 'o1']);
    expect(second.body.nextBefore).toBeNull();
  });

  it.each([
    ['state=needs_attention', ['h1', 'o4', 'o2']],
    ['state=failed', ['o3']],
    ['flow=import-test&state=needs_attention', ['o4', 'o2']],
    ['connection=us1', ['o3']],
    ['reason=sku', ['h1', 'o2']],
  ])('filters by %s', async (query, expected) => {
    await seedMany();
    expect(externalIds((await call('GET', `/api/records?${query}`)).body)).toEqual(expected);
  });

  it('bad parameters → 400 listing every problem', async () => {
    const { status, body } = await call('GET', '/api/records?state=broken&limit=501');
    expect(status).toBe(400);
    expect(body.problems.map((p: string) => p.split(':')[0]).sort()).toEqual(['limit', 'state']);
  });
});

describe('GET /api/records/:id', () => {
  it('shows the record, its history and its payload with personal data masked; the DB keeps it sealed', async () => {
    const record = await seedRecord(testWeb().store, {
      externalId: 'o9',
      state: 'needs_attention',
      reason: 'SKU ABC is not mapped',
      personal: { name: 'Jane Buyer', email: 'jane@example.com' },
      payload: { orderId: 'o9', buyer: { name: 'Jane Buyer' }, items: [{ sku: 'ABC' }] },
      personalPaths: ['buyer.name'],
    });
    const { status, body } = await call('GET', `/api/records/${record.id}`);
    expect(status).toBe(200);
    expect(body.record).toMatchObject({
      id: record.id,
      externalId: 'o9',
      state: 'needs_attention',
      hasPersonal: true,
    });
    expect(body.record.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(body.history).toEqual([
      expect.objectContaining({ state: 'needs_attention', message: 'SKU ABC is not mapped' }),
    ]);
    expect(body.revealed).toBe(false);
    expect(body.personal).toEqual({ name: '[personal data]', email: '[personal data]' });
    expect(body.payload.body).toEqual({
      orderId: 'o9',
      buyer: { name: '[personal data]' },
      items: [{ sku: 'ABC' }],
    });
    expect(JSON.stringify(body)).not.toContain('Jane');
    // Nothing was revealed, so nothing is in the feed.
    expect(await readFeed(testWeb().store.db, { text: 'revealed', limit: 10 })).toEqual([]);

    const { rows } = await testWeb().store.db.query<{ personal: string; body: unknown }>(
      'SELECT r.personal, p.body FROM records r JOIN payloads p ON p.id = r.payload_id WHERE r.id = $1',
      [record.id],
    );
    expect(JSON.stringify(rows[0])).not.toContain('Jane');
  });

  it('an operator asking to reveal sees the personal data, and the reveal is in the live feed', async () => {
    const record = await seedRecord(testWeb().store, {
      externalId: 'o9',
      state: 'needs_attention',
      personal: { name: 'Jane Buyer', email: 'jane@example.com' },
      payload: { orderId: 'o9', buyer: { name: 'Jane Buyer' } },
      personalPaths: ['buyer.name'],
    });
    const { status, body } = await call('GET', `/api/records/${record.id}?reveal=true`);
    expect(status).toBe(200);
    expect(body.revealed).toBe(true);
    expect(body.personal).toEqual({ name: 'Jane Buyer', email: 'jane@example.com' });
    expect(body.payload.body).toEqual({ orderId: 'o9', buyer: { name: 'Jane Buyer' } });
    const [entry, ...others] = await readFeed(testWeb().store.db, { text: 'revealed', limit: 10 });
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      flow: 'import-test',
      connectionId: 'eu1',
      message: `Personal data of record ${record.id} (o9) revealed (by tester, web API)`,
      fields: { recordId: record.id, actor: 'tester', role: 'operator', via: 'bearer' },
    });
    // The feed itself never holds the data.
    expect(JSON.stringify(entry)).not.toContain('Jane');
  });

  it('a viewer asking to reveal is refused, and sees masked data without asking', async () => {
    const record = await seedRecord(testWeb().store, {
      externalId: 'o9',
      state: 'needs_attention',
      personal: { name: 'Jane Buyer', phones: ['+44 1', null] },
    });
    const viewer = async (path: string) => {
      const res = await testWeb().app.request(path, { headers: viewerBearer });
      return { status: res.status, body: await jsonOf(res) };
    };
    const refused = await viewer(`/api/records/${record.id}?reveal=true`);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('Jane');
    const masked = await viewer(`/api/records/${record.id}`);
    expect(masked.body.personal).toEqual({ name: '[personal data]', phones: ['[personal data]', null] });
    expect(await readFeed(testWeb().store.db, { text: 'revealed', limit: 10 })).toEqual([]);
  });

  it('a record without personal data or payload answers null for them', async () => {
    const record = await seedRecord(testWeb().store, { externalId: 'o1', state: 'synced' });
    const { body } = await call('GET', `/api/records/${record.id}`);
    expect(body).toMatchObject({ personal: null, payload: null });
  });

  it('an unknown record → 404, a malformed id → 400', async () => {
    expect((await call('GET', '/api/records/999')).status).toBe(404);
    const bad = await call('GET', '/api/records/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual(['id: must be a positive integer']);
  });
});

describe('POST /api/records/:id/retry', () => {
  it('puts a needs_attention record back to pending and asks the scheduler to run its flow', async () => {
    const record = await seedRecord(testWeb().store, {
      externalId: 'o2',
      state: 'needs_attention',
      connectionId: 'us1',
    });
    const { status, body } = await call('POST', `/api/records/${record.id}/retry`);
    expect(status).toBe(202);
    expect(body.record).toMatchObject({ id: record.id, state: 'pending' });
    expect((await getRecord(testWeb().store.db, record.id))?.state).toBe('pending');
    expect(await testWeb().waitingJobs('import-test')).toEqual([{ connectionId: 'us1', trigger: 'manual' }]);
    const detail = await call('GET', `/api/records/${record.id}`);
    expect(detail.body.history.at(-1)).toMatchObject({
      state: 'pending',
      message: expect.stringContaining('retry requested'),
    });
  });

  it('a synced record → 409; an unknown one → 404', async () => {
    const record = await seedRecord(testWeb().store, { externalId: 'o1', state: 'synced' });
    expect((await call('POST', `/api/records/${record.id}/retry`)).status).toBe(409);
    expect((await call('POST', '/api/records/999/retry')).status).toBe(404);
  });
});

describe('POST /api/records/:id/resolve', () => {
  it('settles a needs_attention record as synced, with the note in its history and summary; its flow does not run', async () => {
    const record = await seedRecord(testWeb().store, {
      externalId: 'o2',
      state: 'needs_attention',
      reason: 'SKU ABC is not mapped',
    });
    const note = 'entered in D365 by hand as SO-000123';
    const { status, body } = await call('POST', `/api/records/${record.id}/resolve`, { note });
    expect(status).toBe(200);
    expect(body.record).toMatchObject({
      id: record.id,
      state: 'synced',
      reason: null,
      summary: {
        externalId: 'o2',
        resolvedBy: 'tester (web API)',
        resolvedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        resolution: note,
      },
    });
    expect(await testWeb().waitingJobs('import-test')).toEqual([]);
    const detail = await call('GET', `/api/records/${record.id}`);
    expect(detail.body.history.map((e: { message: string }) => e.message)).toEqual([
      'SKU ABC is not mapped',
      `resolved by tester (web API): ${note}`,
    ]);
    // The feed says who resolved which record, never the note.
    const feed = await readFeed(testWeb().store.db, { text: 'resolved', limit: 10 });
    expect(feed.map((e) => e.message)).toEqual([`Record ${record.id} (o2) resolved (by tester, web API)`]);
    expect(JSON.stringify(feed)).not.toContain('SO-000123');
  });

  it('takes no body: a failed record is resolved without a note', async () => {
    const record = await seedRecord(testWeb().store, {
      externalId: 'o3',
      state: 'failed',
      reason: 'timeout',
    });
    const res = await testWeb().app.request(`/api/records/${record.id}/resolve`, {
      method: 'POST',
      headers: bearer,
    });
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).record.summary).toMatchObject({
      resolvedBy: 'tester (web API)',
      resolution: null,
    });
  });

  it('a synced or pending record → 409 saying why; an unknown one → 404', async () => {
    const synced = await seedRecord(testWeb().store, { externalId: 'o1', state: 'synced' });
    expect(await call('POST', `/api/records/${synced.id}/resolve`, { note: 'done' })).toEqual({
      status: 409,
      body: {
        error: 'conflict',
        message: `record ${synced.id} is synced; only records needing attention or failed can be resolved`,
      },
    });
    const pending = await seedRecord(testWeb().store, { externalId: 'o4', state: 'pending' });
    expect((await call('POST', `/api/records/${pending.id}/resolve`)).status).toBe(409);
    expect((await call('POST', '/api/records/999/resolve')).status).toBe(404);
  });

  it('needs an operator: a viewer → 403 and the record stays as it was', async () => {
    const record = await seedRecord(testWeb().store, { externalId: 'o2', state: 'needs_attention' });
    const res = await testWeb().app.request(`/api/records/${record.id}/resolve`, {
      method: 'POST',
      headers: { ...viewerBearer, 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'done' }),
    });
    expect(res.status).toBe(403);
    expect((await getRecord(testWeb().store.db, record.id))?.state).toBe('needs_attention');
  });

  it.each([
    ['a line break', 'two\nlines', 'must be one line without control characters'],
    ['a tab', 'a\tb', 'must be one line without control characters'],
    ['only spaces', '   ', 'must not be blank'],
    ['over 500 characters', 'x'.repeat(501), 'Too big'],
    ['not text', 42, 'Invalid input: expected string'],
  ])('a note with %s → 400 naming the note', async (_what, value, problem) => {
    const record = await seedRecord(testWeb().store, { externalId: 'o2', state: 'needs_attention' });
    const { status, body } = await call('POST', `/api/records/${record.id}/resolve`, { note: value });
    expect(status).toBe(400);
    expect(body.problems).toEqual([expect.stringContaining(`note: ${problem}`)]);
    expect((await getRecord(testWeb().store.db, record.id))?.state).toBe('needs_attention');
  });
});

describe('POST /api/records/:id/replay', () => {
  it('processes the stored payload again through the flow', async () => {
    const record = await seedRecord(testWeb().store, {
      externalId: 'o5',
      state: 'needs_attention',
      payload: { orderId: 'o5' },
    });
    const { status, body } = await call('POST', `/api/records/${record.id}/replay`);
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ outcome: 'succeeded', items: 1, errors: 0 });
    const after = await getRecord(testWeb().store.db, record.id);
    expect(after).toMatchObject({ state: 'synced', summary: { replayedFrom: 'o5' } });
  });

  it('a record without a stored payload → 409; an unknown record → 404', async () => {
    const record = await seedRecord(testWeb().store, { externalId: 'o6', state: 'needs_attention' });
    const { status, body } = await call('POST', `/api/records/${record.id}/replay`);
    expect(status).toBe(409);
    expect(body).toEqual({ error: 'conflict', message: expect.stringContaining('no stored payload') });
    expect((await call('POST', '/api/records/999/replay')).status).toBe(404);
  });
});

describe('POST /api/records/retry (bulk)', () => {
  it('retries every needs_attention and failed record matching the filter, and runs their flows', async () => {
    await seedMany();
    const { status, body } = await call('POST', '/api/records/retry', { flow: 'import-test' });
    expect(status).toBe(202);
    expect(body).toEqual({ retried: 3 });
    expect(externalIds((await call('GET', '/api/records?state=pending')).body).sort()).toEqual([
      'o2',
      'o3',
      'o4',
    ]);
    const jobs = await testWeb().waitingJobs('import-test');
    expect(jobs.map((j) => j.connectionId).sort()).toEqual(['eu1', 'us1']);
  });

  it('narrows by reason', async () => {
    await seedMany();
    expect((await call('POST', '/api/records/retry', { reason: 'mode of delivery' })).body).toEqual({
      retried: 1,
    });
  });

  it('bad bodies → 400: synced records cannot be retried, unknown fields and broken JSON are named', async () => {
    const synced = await call('POST', '/api/records/retry', { state: 'synced', flw: 'x' });
    expect(synced.status).toBe(400);
    expect(synced.body.problems.map((p: string) => p.split(':')[0]).sort()).toEqual(['flw', 'state']);
    const broken = await call('POST', '/api/records/retry', '{"flow":');
    expect(broken).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'invalid body', problems: ['(body): not valid JSON'] },
    });
  });
});
