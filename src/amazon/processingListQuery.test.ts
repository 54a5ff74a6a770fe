/**
 * The query getFeeds and getReports share: a nextToken alone, types named after the operation, and the
 * values Amazon would refuse refused before a slow usage plan is spent on them.
 */
import { describe, expect, it } from 'vitest';
import { processingListQuery } from './processingListQuery.ts';

describe('the getFeeds / getReports query', () => {
  it('sends a nextToken alone', () => {
    expect(processingListQuery('getFeeds', 'feedTypes', { nextToken: 'abc' })).toEqual({ nextToken: 'abc' });
  });

  it('names the types after the operation and dates in ISO 8601', () => {
    expect(
      processingListQuery('getReports', 'reportTypes', {
        types: ['GET_MERCHANT_LISTINGS_ALL_DATA'],
        createdSince: new Date('2026-03-01T00:00:00Z'),
        pageSize: 100,
      }),
    ).toMatchObject({
      reportTypes: ['GET_MERCHANT_LISTINGS_ALL_DATA'],
      createdSince: '2026-03-01T00:00:00.000Z',
      pageSize: 100,
    });
  });

  it.each([
    [{ types: [] }, 'feedTypes: 1 to 10 values'],
    [{ types: Array.from({ length: 11 }, (_, i) => `T${i}`) }, 'feedTypes: 1 to 10 values'],
    [{ types: ['JSON_LISTINGS_FEED'], marketplaceIds: [] }, 'marketplaceIds: 1 to 10 values'],
    [{ types: ['JSON_LISTINGS_FEED'], pageSize: 101 }, 'pageSize: an integer from 1 to 100'],
    [{ types: ['JSON_LISTINGS_FEED'], processingStatuses: ['WAITING' as never] }, 'unknown WAITING'],
  ])('refuses what Amazon would: %j', (page, problem) => {
    expect(() => processingListQuery('getFeeds', 'feedTypes', page)).toThrow(problem);
  });
});
