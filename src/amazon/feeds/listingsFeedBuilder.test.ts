/**
 * The JSON_LISTINGS_FEED builder against Amazon's published schema (ajv, listings-feed-schema-v2.json):
 * the model's example rebuilt message for message, every document valid, messageIds unique and mapped
 * back to the caller's records, and the split at 25,000 messages or 10 MiB, whichever comes first.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  buildListingsFeeds,
  MAX_BYTES,
  MAX_MESSAGES,
  type ListingsFeedEntry,
  type ListingsFeedMessage,
} from './listingsFeedBuilder.ts';

const MODELS = new URL('../../emulators/amazon/models/', import.meta.url);
const model = (file: string) =>
  JSON.parse(readFileSync(new URL(file, MODELS), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false });
const validFeed = ajv.compile(model('listings-feed-schema-v2.json'));
const example = model('listings-feed-schema-v2.example.json') as {
  header: { sellerId: string; issueLocale: string; report: { includedData: string[] } };
  messages: Array<ListingsFeedMessage & { messageId: number }>;
};

function expectValid(content: string): void {
  const ok = validFeed(JSON.parse(content));
  expect(validFeed.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const quantity = (sku: string, n: number): ListingsFeedMessage => ({
  operationType: 'PATCH',
  sku,
  productType: 'PRODUCT',
  patches: [
    {
      op: 'replace',
      path: '/attributes/fulfillment_availability',
      value: [{ fulfillment_channel_code: 'DEFAULT', quantity: n }],
    },
  ],
});
const entries = (count: number, make = quantity): ListingsFeedEntry<string>[] =>
  Array.from({ length: count }, (_, i) => ({ record: `rec-${i}`, message: make(`SKU-${i}`, i) }));

describe('buildListingsFeeds', () => {
  it('rebuilds the model’s example, message for message, and it is valid', () => {
    const { documents, refused } = buildListingsFeeds(
      {
        sellerId: example.header.sellerId,
        issueLocale: example.header.issueLocale,
        report: { includedData: example.header.report.includedData as ['issues'] },
      },
      example.messages.map(({ messageId, ...message }) => ({ record: messageId, message })),
    );
    expect(refused).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(JSON.parse(documents[0]!.content)).toEqual(example);
    expectValid(documents[0]!.content);
    expect(documents[0]!.bytes).toBe(Buffer.byteLength(documents[0]!.content));
  });

  it('every operation type is valid; messageIds 1…n map back to the records', () => {
    const messages: ListingsFeedMessage[] = [
      { operationType: 'DELETE', sku: 'A' },
      {
        operationType: 'UPDATE',
        sku: 'B',
        productType: 'SHIRT',
        attributes: { item_name: [{ value: 'x' }] },
      },
      {
        operationType: 'PARTIAL_UPDATE',
        sku: 'C',
        productType: 'SHIRT',
        attributes: { item_name: [{ value: 'y' }] },
      },
      quantity('D', 3),
    ];
    const { documents } = buildListingsFeeds(
      { sellerId: 'S1' },
      messages.map((message, i) => ({ record: { id: i }, message })),
    );
    const doc = documents[0]!;
    expectValid(doc.content);
    const parsed = JSON.parse(doc.content) as {
      header: object;
      messages: Array<{ messageId: number; sku: string }>;
    };
    expect(parsed.header).toEqual({ sellerId: 'S1', version: '2.0' });
    expect(parsed.messages.map((m) => m.messageId)).toEqual([1, 2, 3, 4]);
    expect([...doc.messages]).toEqual([
      [1, { record: { id: 0 }, sku: 'A' }],
      [2, { record: { id: 1 }, sku: 'B' }],
      [3, { record: { id: 2 }, sku: 'C' }],
      [4, { record: { id: 3 }, sku: 'D' }],
    ]);
  });

  it('a message that cannot be sent is refused with its reason, the rest is built', () => {
    const { documents, refused } = buildListingsFeeds({ sellerId: 'S1' }, [
      { record: 1, message: { operationType: 'UPDATE', sku: 'A', productType: 'SHIRT', attributes: {} } },
      { record: 2, message: { operationType: 'DELETE', sku: '' } },
      { record: 3, message: { operationType: 'PATCH', sku: 'C', productType: 'SHIRT', patches: [] } },
      { record: 4, message: { operationType: 'DELETE', sku: 'D' } },
    ]);
    expect(refused.map((r) => r.record)).toEqual([1, 2, 3]);
    expect(refused[0]!.reason).toMatch(/at least one attribute/);
    expect([...documents[0]!.messages.values()].map((m) => m.record)).toEqual([4]);
  });

  it('splits at 25,000 messages: each document valid, ids restart at 1', () => {
    const { documents } = buildListingsFeeds({ sellerId: 'S1' }, entries(MAX_MESSAGES + 2));
    expect(documents.map((d) => d.messages.size)).toEqual([MAX_MESSAGES, 2]);
    for (const d of documents) expectValid(d.content);
    expect([...documents[1]!.messages]).toEqual([
      [1, { record: `rec-${MAX_MESSAGES}`, sku: `SKU-${MAX_MESSAGES}` }],
      [2, { record: `rec-${MAX_MESSAGES + 1}`, sku: `SKU-${MAX_MESSAGES + 1}` }],
    ]);
  });

  it('splits at 10 MiB before 25,000 messages, never over the limit, nothing lost', () => {
    const big = (sku: string): ListingsFeedMessage => ({
      operationType: 'UPDATE',
      sku,
      productType: 'SHIRT',
      attributes: { product_description: [{ value: 'é'.repeat(800) }] }, // 2 bytes a character in UTF-8
    });
    const { documents } = buildListingsFeeds({ sellerId: 'S1' }, entries(8000, big));
    expect(documents.length).toBe(2);
    for (const d of documents) {
      expect(d.bytes).toBe(Buffer.byteLength(d.content));
      expect(d.bytes).toBeLessThanOrEqual(MAX_BYTES);
      expectValid(d.content);
    }
    expect(documents[0]!.bytes).toBeGreaterThan(MAX_BYTES - 2000); // full, not split early
    expect(documents.reduce((n, d) => n + d.messages.size, 0)).toBe(8000);
  });

  it('smaller limits are honoured (a caller’s own policy), and an oversized message is refused', () => {
    const { documents, refused } = buildListingsFeeds(
      { sellerId: 'S1' },
      [
        ...entries(5),
        {
          record: 'huge',
          message: {
            operationType: 'UPDATE',
            sku: 'H',
            productType: 'X',
            attributes: { a: 'x'.repeat(5000) },
          },
        },
      ],
      { maxMessages: 2, maxBytes: 4096 },
    );
    expect(documents.map((d) => d.messages.size)).toEqual([2, 2, 1]);
    expect(refused).toEqual([
      { record: 'huge', sku: 'H', reason: expect.stringMatching(/more than a feed document/) },
    ]);
  });
});
