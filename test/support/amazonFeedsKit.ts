// Test support for the Amazon emulator's Feeds and Reports: the calls a feed test makes over and over —
// upload a document through createFeedDocument and its URL, create a feed, move the clock until it is
// done, read its result document (gunzipped when GZIP) — on an in-process emulator of amazonEmulatorTestKit.
import { gunzipSync } from 'node:zlib';
import type { AmazonTestKit, Json } from './amazonEmulatorTestKit.ts';

export const US = 'ATVPDKIKX0DER';
export const JSON_TYPE = 'application/json; charset=UTF-8';
export const XML_TYPE = 'text/xml; charset=UTF-8';

/** Processing delays short enough to step through with a test clock (Amazon milliseconds at scale 1). */
export const QUICK_PROCESSING = {
  feedQueueMs: 1_000,
  feedBaseMs: 2_000,
  feedPerMessageMs: 10,
  reportQueueMs: 1_000,
  reportBaseMs: 2_000,
  reportPerThousandRowsMs: 100,
};

export async function uploadDocument(kit: AmazonTestKit, contentType: string, content: string | Buffer) {
  const created = await kit.spApi('/feeds/2021-06-30/documents', { method: 'POST', body: { contentType } });
  if (created.status !== 201) throw new Error(`createFeedDocument answered ${created.status}`);
  const { feedDocumentId, url } = (await created.json()) as { feedDocumentId: string; url: string };
  const put = await kit.emulator.app.request(url, {
    method: 'PUT',
    headers: { 'content-type': contentType },
    body: content,
  });
  if (put.status !== 200) throw new Error(`upload answered ${put.status}: ${await put.text()}`);
  return { feedDocumentId, url };
}

export async function submitFeed(
  kit: AmazonTestKit,
  feedType: string,
  contentType: string,
  content: string | Buffer,
  marketplaceIds = [US],
): Promise<string> {
  const { feedDocumentId } = await uploadDocument(kit, contentType, content);
  const res = await kit.spApi('/feeds/2021-06-30/feeds', {
    method: 'POST',
    body: { feedType, marketplaceIds, inputFeedDocumentId: feedDocumentId },
  });
  if (res.status !== 202) throw new Error(`createFeed answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { feedId: string }).feedId;
}

export async function getFeed(kit: AmazonTestKit, feedId: string): Promise<Json> {
  return (await kit.spApi(`/feeds/2021-06-30/feeds/${feedId}`)).json();
}

/** Advances the clock a second at a time until the feed is DONE, FATAL or CANCELLED. */
export async function untilProcessed(kit: AmazonTestKit, feedId: string, maxSteps = 10_000): Promise<Json> {
  for (let i = 0; i < maxSteps; i++) {
    const feed = await getFeed(kit, feedId);
    if (['DONE', 'FATAL', 'CANCELLED'].includes(feed.processingStatus)) return feed;
    kit.clock.advance(1_000);
  }
  throw new Error(`feed ${feedId} not processed after ${maxSteps} steps`);
}

/** Downloads a feed or report document through get…Document and its URL; bytes as served, and plain. */
export async function download(kit: AmazonTestKit, path: string) {
  const meta = (await (await kit.spApi(path)).json()) as { url: string; compressionAlgorithm?: string };
  const res = await kit.emulator.app.request(meta.url);
  const raw = Buffer.from(await res.arrayBuffer());
  const plain = meta.compressionAlgorithm === 'GZIP' ? gunzipSync(raw) : raw;
  return { meta, res, raw, plain };
}

export const listingsFeed = (sellerId: string, messages: unknown[], header: Record<string, unknown> = {}) =>
  JSON.stringify({ header: { sellerId, version: '2.0', ...header }, messages });
