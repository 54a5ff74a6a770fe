/**
 * A JSON_LISTINGS_FEED with many messages for the same SKUs ends exactly as the same changes submitted
 * one by one: the engine carries each SKU's projection through the batch (`submitMany`) instead of
 * replaying its queue per message, and that must change nothing — per-message results (the report's
 * status and issues, and the engine's identifiers: a message after a queued DELETE finds no ASIN), the
 * pending submissions and when they apply, and the listings once they did. The messages build on each other: price and quantity PATCHes, PARTIAL_UPDATEs, invalid prices,
 * and DELETEs after which the next PATCH starts a listing afresh (no ASIN any more), on top of
 * submissions an earlier feed left pending.
 */
import { describe, expect, it } from 'vitest';
import { createAmazonEmulator, type AmazonEmulator } from '../app.ts';
import type { ListingsEngine, SubmissionResult } from '../listings/listingsEngine.ts';
import type { MessageResult } from './feedTypes.ts';
import { processListingsFeed } from './listingsFeed.ts';

const US = 'ATVPDKIKX0DER';
const SKUS = [
  ['DEMO-HP', 'HEADPHONES'],
  ['DEMO-SPK', 'SPEAKERS'],
] as const;
/** The one-by-one reference replays each SKU's queue per message (quadratic): kept to a size it runs in. */
const MESSAGES = 1_000;
const START = Date.parse('2026-03-02T12:00:00Z');
const APPLY_MS = 5 * 60_000;

const offer = (price: unknown) => [
  {
    marketplace_id: US,
    currency: 'USD',
    audience: 'ALL',
    our_price: [{ schedule: [{ value_with_tax: price }] }],
  },
];
const stock = (quantity: number) => [{ fulfillment_channel_code: 'DEFAULT', quantity }];

/** Message i: a SKU in turn, and a change that depends on what the ones before it left. */
function message(i: number): Record<string, unknown> {
  const [sku, productType] = SKUS[i % SKUS.length]!;
  const base = { messageId: i + 1, sku, productType };
  const replace = (name: string, value: unknown) => ({
    ...base,
    operationType: 'PATCH',
    patches: [{ op: 'replace', path: `/attributes/${name}`, value }],
  });
  if (i % 97 === 96) return { messageId: i + 1, sku, operationType: 'DELETE' };
  if (i % 89 === 88) return { messageId: i + 1, sku, operationType: 'PATCH' }; // no patches: 4002008
  switch (i % 5) {
    case 0:
      return replace('purchasable_offer', offer(20 + (i % 300) / 10));
    case 1:
      return replace('fulfillment_availability', stock(i % 40));
    case 2:
      return {
        ...base,
        operationType: 'PARTIAL_UPDATE',
        attributes: { fulfillment_availability: stock(i % 7) },
      };
    case 3:
      return replace('purchasable_offer', offer('not a price'));
    default: // the offer taken away (by its selectors): a later merge finds none to merge into
      return {
        ...base,
        operationType: 'PATCH',
        patches: [
          {
            op: 'delete',
            path: '/attributes/purchasable_offer',
            value: [{ marketplace_id: US, audience: 'ALL' }],
          },
        ],
      };
  }
}

const feed = (sellerId: string, messages: unknown[]) =>
  Buffer.from(JSON.stringify({ header: { sellerId, version: '2.0' }, messages }));

interface World {
  emulator: AmazonEmulator;
  sellerId: string;
  /** The engine's result of every submission, without its random id. */
  submitted: Omit<SubmissionResult, 'submissionId'>[];
  /** The engine as the feed sees it, recording what it answers. */
  engine: ListingsEngine;
  setNow(ms: number): void;
}

function world(): World {
  let now = START;
  const emulator = createAmazonEmulator({ seed: 'none', now: () => now });
  const submitted: World['submitted'] = [];
  const listings = emulator.listings;
  const engine = {
    submitMany: (...args: Parameters<ListingsEngine['submitMany']>) => {
      const results = listings.submitMany(...args);
      submitted.push(...results.map(({ submissionId: _id, ...r }) => r));
      return results;
    },
  } as ListingsEngine;
  return { emulator, sellerId: emulator.context.sellerId, submitted, engine, setNow: (ms) => (now = ms) };
}

function runFeed(w: World, feedId: string, messages: unknown[], at: number): MessageResult[] {
  const input = {
    feedId,
    sellerId: w.sellerId,
    marketplaceIds: [US],
    content: feed(w.sellerId, messages),
    at,
  };
  const outcome = processListingsFeed(input, w.engine);
  expect(outcome.fatal).toBe(false);
  return outcome.messages;
}

/** The pending submissions without their random ids, in submission order. */
const pending = (w: World) =>
  SKUS.flatMap(([sku]) => w.emulator.listings.pending(w.sellerId, sku))
    .sort((a, b) => a.seq - b.seq)
    .map(({ id: _id, ...s }) => s);

describe('a JSON_LISTINGS_FEED with many messages per SKU', () => {
  it('ends as the same changes submitted one by one', () => {
    const earlier = Array.from({ length: 10 }, (_, i) => message(i + 5));
    const messages = Array.from({ length: MESSAGES }, (_, i) => message(i));
    const feedAt = START + 60_000;

    const batch = world();
    const batchResults = [...runFeed(batch, 'F1', earlier, START), ...runFeed(batch, 'F2', messages, feedAt)];
    const single = world();
    const singleResults = [
      ...earlier.map((m) => runFeed(single, 'F1', [m], START)[0]!),
      ...messages.map((m) => runFeed(single, 'F2', [m], feedAt)[0]!),
    ];

    expect(batchResults).toEqual(singleResults);
    expect(batch.submitted).toEqual(single.submitted);
    const asins = batch.submitted.map((r) => r.identifiers[0]?.asin);
    expect(asins).toContain(undefined); // after a queued DELETE
    expect(asins.filter(Boolean).length).toBeGreaterThan(50); // before it
    const statuses = new Set(batchResults.map((r) => r.status));
    expect(statuses).toEqual(new Set(['ACCEPTED', 'INVALID']));
    expect(batchResults.filter((r) => r.issues.some((i) => i.code === '4002008')).length).toBeGreaterThan(5);

    // The same submissions wait, each applying the engine's delay after its feed started.
    expect(pending(batch)).toEqual(pending(single));
    const applyAt = new Set(pending(batch).map((s) => s.applyAt));
    expect(applyAt).toEqual(new Set([START + APPLY_MS, feedAt + APPLY_MS]));

    // Nothing shows before then; afterwards both hold the same listings, issues and ASINs included.
    for (const w of [batch, single]) w.setNow(START + APPLY_MS - 1);
    const before = batch.emulator.listings.all(batch.sellerId);
    expect(before).toEqual(single.emulator.listings.all(single.sellerId));
    for (const w of [batch, single]) w.setNow(feedAt + APPLY_MS);
    const after = batch.emulator.listings.all(batch.sellerId);
    expect(after).toEqual(single.emulator.listings.all(single.sellerId));
    expect(after).not.toEqual(before);
    expect(pending(batch)).toEqual([]);
    batch.emulator.close();
    single.emulator.close();
  }, 120_000);
});
