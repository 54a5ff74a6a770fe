import { describe, expect, it } from 'vitest';
import { useTestStore } from '../../../test/support/testDb.ts';
import { getCursor, listCursors, setCursor } from './cursors.ts';
import { findLink, findLinkByD365Id, upsertLink, deleteLink } from './links.ts';
import {
  countRecords,
  findRecord,
  getRecordPersonal,
  listRecords,
  recordHistory,
  saveRecord,
} from './records.ts';
import { getPayload, savePayload } from './payloads.ts';
import { appendFeed, latestFeedId, purgeFeed, readFeed } from './feed.ts';
import {
  findIntent,
  openIntentValue,
  pendingIntents,
  purgeResolvedIntents,
  recordIntent,
  resolveIntent,
} from './intents.ts';

const store = useTestStore();

describe('cursors', () => {
  it('are kept per connection × flow × scope', async () => {
    const key = { connectionId: 'us', flow: 'import-orders' };
    expect(await getCursor(store.db, key)).toBeUndefined();
    await setCursor(store.db, key, '2026-01-01T00:00:00Z');
    await setCursor(store.db, { ...key, scope: 'ATVPDKIKX0DER' }, 'a');
    await setCursor(store.db, key, '2026-01-02T00:00:00Z');
    expect(await getCursor(store.db, key)).toBe('2026-01-02T00:00:00Z');
    expect(await getCursor(store.db, { ...key, scope: 'ATVPDKIKX0DER' })).toBe('a');
    expect(await getCursor(store.db, { ...key, connectionId: 'eu' })).toBeUndefined();
    expect((await listCursors(store.db, 'us')).map((c) => c.scope)).toEqual(['', 'ATVPDKIKX0DER']);
  });

  it('do not advance when the transaction covering the work rolls back', async () => {
    const key = { connectionId: 'us', flow: 'f' };
    await setCursor(store.db, key, '1');
    await expect(
      store.db.transaction(async (tx) => {
        await setCursor(tx, key, '2');
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(await getCursor(store.db, key)).toBe('1');
  });
});

describe('links', () => {
  it('map an external id to a D365 id per entity kind, both ways', async () => {
    const link = {
      connectionId: 'us',
      entityKind: 'sales-order',
      externalId: '111-1',
      d365Id: 'SO-1',
      dataAreaId: 'usmf',
    };
    await upsertLink(store.db, link);
    expect(await findLink(store.db, 'us', 'sales-order', '111-1')).toMatchObject({
      d365Id: 'SO-1',
      contentHash: null,
    });
    expect(await findLink(store.db, 'us', 'customer', '111-1')).toBeUndefined();
    expect(await findLinkByD365Id(store.db, 'us', 'sales-order', 'usmf', 'SO-1')).toMatchObject({
      externalId: '111-1',
    });
    await upsertLink(store.db, { ...link, d365Id: 'SO-2', contentHash: 'h' });
    expect(await findLink(store.db, 'us', 'sales-order', '111-1')).toMatchObject({
      d365Id: 'SO-2',
      contentHash: 'h',
    });
    await deleteLink(store.db, 'us', 'sales-order', '111-1');
    expect(await findLink(store.db, 'us', 'sales-order', '111-1')).toBeUndefined();
  });
});

describe('records', () => {
  const base = { connectionId: 'us', flow: 'import-orders', externalId: '111-1' };

  it('keep state, attempts, reason, summary and history; personal data sealed at rest', async () => {
    const first = await saveRecord(store.db, store.sealer, {
      ...base,
      state: 'pending',
      summary: { total: '12.00' },
      personal: { buyerName: 'Jane Doe' },
      attempt: true,
    });
    expect(first).toMatchObject({
      state: 'pending',
      attempts: 1,
      hasPersonal: true,
      summary: { total: '12.00' },
    });
    const second = await saveRecord(store.db, store.sealer, {
      ...base,
      state: 'needs_attention',
      reason: 'SKU X-1 is not mapped to a D365 item: add it to mappings.skus',
      summary: { lines: 2 },
      attempt: true,
    });
    expect(second).toMatchObject({
      id: first.id,
      state: 'needs_attention',
      attempts: 2,
      summary: { total: '12.00', lines: 2 },
    });
    const { rows } = await store.db.query<{ personal: string }>(
      'SELECT personal FROM records WHERE id = $1',
      [first.id],
    );
    expect(rows[0]!.personal).not.toContain('Jane');
    expect(await getRecordPersonal(store.db, store.sealer, first.id)).toEqual({ buyerName: 'Jane Doe' });
    const synced = await saveRecord(store.db, store.sealer, { ...base, state: 'synced', contentHash: 'abc' });
    expect(synced.syncedAt).toBeInstanceOf(Date);
    expect(synced.reason).toBeNull();
    expect((await recordHistory(store.db, first.id)).map((e) => e.state)).toEqual([
      'pending',
      'needs_attention',
      'synced',
    ]);
  });

  it('are listed and counted by state, flow and reason', async () => {
    for (let i = 0; i < 5; i++) {
      await saveRecord(store.db, store.sealer, {
        ...base,
        externalId: `o-${i}`,
        state: i % 2 ? 'needs_attention' : 'synced',
        reason: i % 2 ? `SKU S-${i} is not mapped` : null,
      });
    }
    expect(await countRecords(store.db, { state: 'needs_attention' })).toBe(2);
    expect((await listRecords(store.db, { reason: 's-3 is NOT' })).map((r) => r.externalId)).toEqual(['o-3']);
    const page1 = await listRecords(store.db, { flow: 'import-orders', limit: 2 });
    const page2 = await listRecords(store.db, { flow: 'import-orders', limit: 2, beforeId: page1[1]!.id });
    expect([...page1, ...page2].map((r) => r.externalId)).toEqual(['o-4', 'o-3', 'o-2', 'o-1']);
    expect(await findRecord(store.db, 'us', 'import-orders', 'o-0')).toMatchObject({ state: 'synced' });
  });
});

describe('payloads', () => {
  it('are stored once per plaintext, with personal fields sealed and masked unless revealed', async () => {
    const body = { orderId: '111-1', buyer: { buyerEmail: 'abc@marketplace.amazon.com' } };
    const p = { connectionId: 'us', kind: 'order', body, personalPaths: ['buyer.buyerEmail'] };
    const id1 = await savePayload(store.db, store.sealer, p);
    const id2 = await savePayload(store.db, store.sealer, p);
    expect(id2).toBe(id1);
    const id3 = await savePayload(store.db, store.sealer, { ...p, body: { ...body, orderId: '111-2' } });
    expect(id3).not.toBe(id1);
    const { rows } = await store.db.query<{ body: unknown }>('SELECT body FROM payloads WHERE id = $1', [
      id1,
    ]);
    expect(JSON.stringify(rows[0]!.body)).not.toContain('abc@');
    expect((await getPayload(store.db, store.sealer, id1, true))!.body).toEqual(body);
    expect((await getPayload(store.db, store.sealer, id1, false))!.body).toEqual({
      orderId: '111-1',
      buyer: { buyerEmail: '[personal data]' },
    });
  });
});

describe('feed', () => {
  it('pages backwards, streams forwards, filters, redacts and expires', async () => {
    await appendFeed(store.db, { level: 'info', flow: 'a', connectionId: 'us', message: 'Imported order 1' });
    await appendFeed(store.db, {
      level: 'warn',
      flow: 'b',
      connectionId: 'eu',
      message: 'SKU unmapped',
      fields: { sku: 'S1' },
    });
    await appendFeed(store.db, {
      level: 'error',
      flow: 'a',
      message: 'Write refused',
      fields: { buyerEmail: 'jane@example.com', note: 'mail jane@example.com', orderId: '1' },
    });
    const newest = await readFeed(store.db, { limit: 2 });
    expect(newest.map((e) => e.message)).toEqual(['Write refused', 'SKU unmapped']);
    expect(newest[0]!.fields).toEqual({ buyerEmail: '[redacted]', note: 'mail [redacted]', orderId: '1' });
    expect((await readFeed(store.db, { beforeId: newest[1]!.id })).map((e) => e.message)).toEqual([
      'Imported order 1',
    ]);
    expect((await readFeed(store.db, { afterId: 0 })).map((e) => e.message)[0]).toBe('Imported order 1');
    expect((await readFeed(store.db, { level: 'warn' })).map((e) => e.level)).toEqual(['error', 'warn']);
    expect((await readFeed(store.db, { flow: 'a', connectionId: 'us' })).length).toBe(1);
    expect((await readFeed(store.db, { text: 'sku' })).length).toBe(1);
    expect(await latestFeedId(store.db)).toBe(newest[0]!.id);
    await store.db.query(`UPDATE feed SET at = now() - interval '40 days' WHERE flow = 'b'`);
    expect(await purgeFeed(store.db, 30)).toBe(1);
    expect((await readFeed(store.db, {})).length).toBe(2);
  });
});

describe('intents', () => {
  it('are recorded before a write, re-armed on a new attempt and resolved after', async () => {
    const k = { connectionId: 'us', operation: 'confirmShipment', key: '111-1/pkg-1' };
    const intent = await recordIntent(store.db, store.sealer, {
      ...k,
      flow: 'confirm-shipments',
      request: { carrier: 'UPS' },
    });
    expect(intent).toMatchObject({ state: 'pending', attempts: 1 });
    expect((await pendingIntents(store.db, 'us')).map((i) => i.key)).toEqual(['111-1/pkg-1']);
    const again = await recordIntent(store.db, store.sealer, {
      ...k,
      flow: 'confirm-shipments',
      request: { carrier: 'UPS' },
    });
    expect(again).toMatchObject({ id: intent.id, attempts: 2 });
    await resolveIntent(store.db, store.sealer, intent.id, 'done', { ok: true });
    const done = await findIntent(store.db, k);
    expect(done?.state).toBe('done');
    expect(done?.request).not.toContain('UPS'); // sealed at rest
    expect(openIntentValue(store.sealer, done!.request)).toEqual({ carrier: 'UPS' });
    expect(openIntentValue(store.sealer, done!.result)).toEqual({ ok: true });
    await store.db.query(`UPDATE intents SET resolved_at = now() - interval '40 days'`);
    expect(await purgeResolvedIntents(store.db, 30)).toBe(1);
    expect(await pendingIntents(store.db, 'us')).toEqual([]);
  });
});
