import { describe, expect, it } from 'vitest';
import { loggablePath, queryString } from './exchangeLog.ts';

describe('exchange log paths', () => {
  it('keep dates, marketplaces and statuses, and hide other values', () => {
    const query = {
      createdAfter: '2026-01-01T00:00:00Z',
      marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'],
      BuyerEmail: 'jane@example.com',
      paginationToken: 'abc',
      maxResultsPerPage: 50,
      fulfilledBy: undefined,
    };
    expect(loggablePath('/orders/2026-01-01/orders', query)).toBe(
      '/orders/2026-01-01/orders?createdAfter=2026-01-01T00:00:00Z&marketplaceIds=ATVPDKIKX0DER,A2EUQ1WTGCTBG2' +
        '&BuyerEmail=…&paginationToken=…&maxResultsPerPage=50',
    );
    expect(queryString(query)).toBe(
      '?createdAfter=2026-01-01T00%3A00%3A00Z&marketplaceIds=ATVPDKIKX0DER,A2EUQ1WTGCTBG2' +
        '&BuyerEmail=jane%40example.com&paginationToken=abc&maxResultsPerPage=50',
    );
  });
});
