/**
 * The processing report read back onto the messages sent: the model's example report (valid against its
 * JSON Schema, parsed without losing a field), per-message status derived from ERROR issues, feed-level
 * issues apart, items attached by SKU — and both shapes Amazon may give the unconfirmed cases 4002006
 * (header version) and 4002008 (message schema): a feed-level error with nothing processed, or an
 * ordinary invalid message.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildListingsFeeds, type ListingsFeedDocument } from './listingsFeedBuilder.ts';
import { notProcessed, parseListingsFeedReport, readListingsFeedReport } from './listingsFeedReport.ts';

const MODELS = new URL('../../emulators/amazon/models/', import.meta.url);
const model = (file: string) =>
  JSON.parse(readFileSync(new URL(file, MODELS), 'utf8')) as Record<string, unknown>;
const reportSchema = new Ajv({ strict: false }).compile(
  model('listings-feed-processing-report-schema-v2.json'),
);
const exampleReport = model('listings-feed-processing-report-schema-v2.example.json');

/** Five messages as the example report's ids suggest: 1–3 clean, 4 (My-SKU-B) and 5 (My-SKU-C) invalid. */
function fiveMessages(): ListingsFeedDocument<string> {
  const skus = ['My-SKU-X', 'My-SKU-Y', 'My-SKU-Z', 'My-SKU-B', 'My-SKU-C'];
  return buildListingsFeeds(
    { sellerId: 'AXXXXXXXXXXXX' },
    skus.map((sku) => ({ record: `rec-${sku}`, message: { operationType: 'DELETE' as const, sku } })),
  ).documents[0]!;
}

const report = (over: object) => ({
  header: { sellerId: 'S1', version: '2.0', feedId: '42' },
  issues: [],
  summary: { errors: 0, warnings: 0, messagesProcessed: 0, messagesAccepted: 0, messagesInvalid: 0 },
  ...over,
});

describe('the JSON_LISTINGS_FEED processing report', () => {
  it('parses the model’s example whole (it is valid against its schema)', () => {
    expect(reportSchema(exampleReport)).toBe(true);
    expect(parseListingsFeedReport(JSON.stringify(exampleReport))).toEqual(exampleReport);
  });

  it('derives each message’s status from its ERROR issues and attaches the reported item', () => {
    const outcome = readListingsFeedReport(JSON.stringify(exampleReport), fiveMessages());
    expect(outcome.feedId).toBe('1234567890');
    expect(outcome.messages.map((m) => [m.messageId, m.record, m.status, m.issues.length])).toEqual([
      [1, 'rec-My-SKU-X', 'ACCEPTED', 0],
      [2, 'rec-My-SKU-Y', 'ACCEPTED', 0],
      [3, 'rec-My-SKU-Z', 'ACCEPTED', 0],
      [4, 'rec-My-SKU-B', 'INVALID', 2],
      [5, 'rec-My-SKU-C', 'INVALID', 1],
    ]);
    expect(outcome.messages[4]!.issues[0]).toMatchObject({
      code: '99022',
      attributeName: 'purchasable_offer.our_price',
    });
    expect(outcome.messages[3]!.item?.issues?.map((i) => i.code)).toEqual(['18448', '18027']);
    expect(outcome.feedIssues).toEqual([]);
    // The example reports 4 processed and 2 accepted for 5 messages: its counts are not one feed's.
    expect(outcome.summaryAgrees).toBe(false);
  });

  it('warnings alone leave a message accepted', () => {
    const doc = fiveMessages();
    const outcome = readListingsFeedReport(
      report({
        issues: [
          { messageId: 2, sku: 'My-SKU-Y', code: '18448', severity: 'WARNING', message: 'incomplete' },
        ],
        summary: { errors: 0, warnings: 1, messagesProcessed: 5, messagesAccepted: 5, messagesInvalid: 0 },
      }),
      doc,
    );
    expect(outcome.messages.every((m) => m.status === 'ACCEPTED')).toBe(true);
    expect(outcome.messages[1]!.issues).toHaveLength(1);
    expect(outcome.summaryAgrees).toBe(true);
  });

  it('4002006 as a feed-level error with nothing processed: every message NOT_PROCESSED', () => {
    const body = report({
      issues: [{ code: '4002006', severity: 'ERROR', message: 'The feed header version is not supported.' }],
      summary: { errors: 1, warnings: 0, messagesProcessed: 0, messagesAccepted: 0, messagesInvalid: 0 },
    });
    expect(reportSchema(body)).toBe(true);
    const outcome = readListingsFeedReport(body, fiveMessages());
    expect(outcome.messages.every((m) => m.status === 'NOT_PROCESSED')).toBe(true);
    expect(outcome.feedIssues.map((i) => i.code)).toEqual(['4002006']);
    expect(outcome.summaryAgrees).toBe(true);
  });

  it('4002008 on one message: that message INVALID, the others ACCEPTED', () => {
    const outcome = readListingsFeedReport(
      report({
        issues: [
          {
            messageId: 3,
            code: '4002008',
            severity: 'ERROR',
            message: 'The message failed schema validation.',
          },
        ],
        summary: { errors: 1, warnings: 0, messagesProcessed: 5, messagesAccepted: 4, messagesInvalid: 1 },
      }),
      fiveMessages(),
    );
    expect(outcome.messages.map((m) => m.status)).toEqual([
      'ACCEPTED',
      'ACCEPTED',
      'INVALID',
      'ACCEPTED',
      'ACCEPTED',
    ]);
    expect(outcome.summaryAgrees).toBe(true);
  });

  it('an issue naming a message the document never had is the feed’s', () => {
    const outcome = readListingsFeedReport(
      report({
        issues: [{ messageId: 99, severity: 'ERROR', message: 'unknown message' }],
        summary: { errors: 1, warnings: 0, messagesProcessed: 5, messagesAccepted: 5, messagesInvalid: 0 },
      }),
      fiveMessages(),
    );
    expect(outcome.feedIssues).toHaveLength(1);
    expect(outcome.messages.every((m) => m.status === 'ACCEPTED')).toBe(true);
  });

  it('a FATAL feed without a report: every message NOT_PROCESSED, the reason as a feed issue', () => {
    const outcome = notProcessed(fiveMessages(), 'the feed ended FATAL');
    expect(outcome.messages.map((m) => m.status)).toEqual(Array(5).fill('NOT_PROCESSED'));
    expect(outcome.feedIssues).toEqual([{ severity: 'ERROR', message: 'the feed ended FATAL' }]);
  });

  it('a document that is not a report is refused as Amazon’s fault', () => {
    expect(() => parseListingsFeedReport('<html>')).toThrow(/not JSON/);
    expect(() => parseListingsFeedReport('{"header":{}}')).toThrow(/does not match/);
  });
});
