/**
 * The Feeds API around processing: upload URLs that expire and hold the declared content type, feeds of
 * one seller processed one after another (a big feed delays the next), cancelFeed only while IN_QUEUE,
 * JSON_LISTINGS_FEED's 5-per-5-minutes quota, getFeeds' filters and paging, result documents gzip-
 * compressed above the threshold, legacy feed types FATAL. Every answer is checked against the model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  startAmazonTestEmulator,
  type AmazonTestKit,
  type Json,
} from '../../../../test/support/amazonEmulatorTestKit.ts';
import {
  download,
  getFeed,
  JSON_TYPE,
  listingsFeed,
  QUICK_PROCESSING,
  submitFeed,
  untilProcessed,
  uploadDocument,
} from '../../../../test/support/amazonFeedsKit.ts';
import type { ProcessingTiming } from './feedTypes.ts';

let kit: AmazonTestKit;
afterEach(() => {
  kit?.expectNoViolations();
  kit?.close();
});

const start = (processing: Partial<ProcessingTiming> = QUICK_PROCESSING) => {
  kit = startAmazonTestEmulator({ seed: 'none', processing });
  return kit.emulator.context.sellerId;
};
const deleteMessages = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ messageId: i + 1, sku: `GONE-${i}`, operationType: 'DELETE' }));

describe('feed documents', () => {
  it('take one upload with the declared content type while the URL lives', async () => {
    start();
    const created = await kit.spApi('/feeds/2021-06-30/documents', {
      method: 'POST',
      body: { contentType: JSON_TYPE },
    });
    expect(created.status).toBe(201);
    const { url } = (await created.json()) as Json;
    expect(url).toMatch(/^http:\/\/localhost\/_documents\/feeds\/amzn1\.tortuga\./);
    const put = (contentType: string) =>
      kit.emulator.app.request(url, { method: 'PUT', headers: { 'content-type': contentType }, body: '{}' });
    const wrong = await put('text/xml; charset=UTF-8');
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await put(JSON_TYPE)).status).toBe(200);
    kit.clock.advance(5 * 60_000 + 1);
    const late = await put(JSON_TYPE);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Request has expired');
  });

  it('are served gzip-compressed above the threshold, with Content-Encoding only when asked', async () => {
    const sellerId = start({ ...QUICK_PROCESSING, gzipAboveBytes: 10 });
    const feed = await untilProcessed(
      kit,
      await submitFeed(kit, 'JSON_LISTINGS_FEED', JSON_TYPE, listingsFeed(sellerId, deleteMessages(2))),
    );
    const path = `/feeds/2021-06-30/documents/${feed.resultFeedDocumentId}`;
    const plain = await download(kit, path);
    expect(plain.meta.compressionAlgorithm).toBe('GZIP');
    expect(plain.res.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(plain.plain.toString('utf8')).summary.messagesAccepted).toBe(2);
    const encoded = await download(kit, `${path}?enableContentEncodingUrlHeader=true`);
    expect(encoded.res.headers.get('content-encoding')).toBe('gzip');
  });
});

describe('feed processing', () => {
  it('runs one seller’s product feeds one after another, and cancels only queued ones', async () => {
    const sellerId = start();
    const big = await submitFeed(
      kit,
      'JSON_LISTINGS_FEED',
      JSON_TYPE,
      listingsFeed(sellerId, deleteMessages(500)),
    );
    const small = await submitFeed(
      kit,
      'JSON_LISTINGS_FEED',
      JSON_TYPE,
      listingsFeed(sellerId, deleteMessages(1)),
    );
    const third = await submitFeed(
      kit,
      'JSON_LISTINGS_FEED',
      JSON_TYPE,
      listingsFeed(sellerId, deleteMessages(1)),
    );
    expect((await kit.spApi(`/feeds/2021-06-30/feeds/${third}`, { method: 'DELETE' })).status).toBe(200);
    expect((await getFeed(kit, third)).processingStatus).toBe('CANCELLED');

    kit.clock.advance(1_000);
    expect((await getFeed(kit, big)).processingStatus).toBe('IN_PROGRESS');
    expect((await getFeed(kit, small)).processingStatus).toBe('IN_QUEUE');
    expect((await kit.spApi(`/feeds/2021-06-30/feeds/${big}`, { method: 'DELETE' })).status).toBe(400);

    const first = await untilProcessed(kit, big);
    const second = await untilProcessed(kit, small);
    expect(Date.parse(second.processingStartTime)).toBeGreaterThanOrEqual(
      Date.parse(first.processingEndTime),
    );
    const sim = (await kit.sim('GET', '/_sim/feeds')).body.feeds as Json[];
    expect(sim.map((f) => f.status)).toEqual(['DONE', 'DONE', 'CANCELLED']);
  });

  it('answers 429 to the sixth JSON_LISTINGS_FEED within five minutes, and makes legacy types FATAL', async () => {
    const sellerId = start();
    const doc = listingsFeed(sellerId, deleteMessages(1));
    for (let i = 0; i < 5; i++) await submitFeed(kit, 'JSON_LISTINGS_FEED', JSON_TYPE, doc);
    const { feedDocumentId } = await uploadDocument(kit, JSON_TYPE, doc);
    const create = (feedType: string) =>
      kit.spApi('/feeds/2021-06-30/feeds', {
        method: 'POST',
        body: { feedType, marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: feedDocumentId },
      });
    expect((await create('JSON_LISTINGS_FEED')).status).toBe(429);
    expect((await kit.sim('GET', '/_sim/stats')).body.throttled).toEqual({ createFeed: 1 });
    const legacy = await create('POST_PRODUCT_DATA');
    expect(legacy.status).toBe(202);
    const feed = await untilProcessed(kit, ((await legacy.json()) as Json).feedId);
    expect(feed.processingStatus).toBe('FATAL');
    kit.clock.advance(5 * 60_000);
    expect((await create('JSON_LISTINGS_FEED')).status).toBe(202);
  });

  it('lists feeds by type and status, newest first, paging with nextToken alone', async () => {
    const sellerId = start();
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        await submitFeed(kit, 'JSON_LISTINGS_FEED', JSON_TYPE, listingsFeed(sellerId, deleteMessages(1))),
      );
    const page1 = (await (
      await kit.spApi(
        '/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED&pageSize=2&processingStatuses=IN_QUEUE',
      )
    ).json()) as Json;
    expect(page1.feeds.map((f: Json) => f.feedId)).toEqual([ids[2], ids[1]]);
    const bad = await kit.spApi(
      `/feeds/2021-06-30/feeds?nextToken=${encodeURIComponent(page1.nextToken)}&pageSize=2`,
    );
    expect(bad.status).toBe(400);
    const page2 = (await (
      await kit.spApi(`/feeds/2021-06-30/feeds?nextToken=${encodeURIComponent(page1.nextToken)}`)
    ).json()) as Json;
    expect(page2.feeds.map((f: Json) => f.feedId)).toEqual([ids[0]]);
    expect(page2.nextToken).toBeUndefined();
    expect((await kit.spApi('/feeds/2021-06-30/feeds')).status).toBe(400);
  });

  it('sets its delays through /_sim/processing, and forgets feeds and settings on /_sim/reset', async () => {
    const sellerId = start();
    const set = await kit.sim('POST', '/_sim/processing', { feedQueueMs: 0, feedBaseMs: 500 });
    expect(set.body).toMatchObject({ feedQueueMs: 0, feedBaseMs: 500, feedPerMessageMs: 10 });
    expect((await kit.sim('POST', '/_sim/processing', { feedBaseMs: -1 })).status).toBe(400);
    const feedId = await submitFeed(
      kit,
      'JSON_LISTINGS_FEED',
      JSON_TYPE,
      listingsFeed(sellerId, deleteMessages(1)),
    );
    kit.clock.advance(510);
    expect((await getFeed(kit, feedId)).processingStatus).toBe('DONE');
    await kit.sim('POST', '/_sim/reset');
    expect((await kit.sim('GET', '/_sim/feeds')).body.feeds).toEqual([]);
    expect((await kit.sim('GET', '/_sim/processing')).body.feedBaseMs).toBe(QUICK_PROCESSING.feedBaseMs);
  });
});
