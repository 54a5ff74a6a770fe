import { describe, expect, it } from 'vitest';
import type { AmazonModel, SandboxStaticCase } from '../model/swagger.ts';
import { UNMATCHED, createStaticSandbox } from './staticSandbox.ts';

const example = (parameters: SandboxStaticCase['request']['parameters'], response: unknown) => ({
  request: { parameters },
  response,
});
const v = (value: unknown) => ({ value });
const responses = (byStatus: Record<string, SandboxStaticCase[]>) =>
  Object.fromEntries(
    Object.entries(byStatus).map(([status, cases]) => [
      status,
      { schema: { type: 'object' }, 'x-amzn-api-sandbox': { static: cases } },
    ]),
  );

// Each rule of reference §10 step 4 gets a case that only it decides.
const model: AmazonModel = {
  name: 'rules',
  file: 'rules.json',
  doc: {
    swagger: '2.0',
    info: {},
    paths: {
      '/items': {
        get: {
          operationId: 'listItems',
          parameters: [
            { name: 'marketplaceIds', in: 'query', required: true, type: 'array', items: { type: 'string' } },
            { name: 'status', in: 'query', type: 'string' },
            { name: 'pageSize', in: 'query', type: 'integer' },
            { name: 'active', in: 'query', type: 'boolean' },
          ],
          responses: responses({
            '200': [
              example({ marketplaceIds: v(['A', 'B']) }, { n: 'csv' }),
              example({ marketplaceIds: v(['A']), status: v('OPEN') }, { n: 'specific' }),
              example({ pageSize: v(10), active: v(true) }, { n: 'typed' }),
              example({}, { n: 'wildcard' }),
              example({ status: v('TIE') }, { n: 'tie-2xx' }),
            ],
            '400': [
              example({ status: v('TIE') }, { n: 'tie-4xx' }),
              example({ marketplaceIds: v(['A']) }, { n: 'less-specific' }),
            ],
          }),
        },
      },
      '/items/{id}': {
        put: {
          operationId: 'putItem',
          parameters: [
            { name: 'id', in: 'path', required: true, type: 'string' },
            { name: 'payload', in: 'body', required: true, schema: { type: 'object' } },
          ],
          responses: {
            ...responses({ '400': [example({ id: v('BAD') }, { n: 'bad-id' })] }),
            '204': { 'x-amzn-api-sandbox': { static: [example({ body: v({ a: 1, b: [1, 2] }) }, {})] } },
          },
        },
      },
    },
  },
};

const sandbox = createStaticSandbox([model]);
const get = (query: string) =>
  sandbox.answer({ method: 'GET', path: '/items', query: new URLSearchParams(query), body: undefined });
const put = (id: string, body: unknown) =>
  sandbox.answer({ method: 'PUT', path: `/items/${id}`, query: new URLSearchParams(), body });

describe('static sandbox matching rules', () => {
  it.each([
    ['the case listing the most matching values wins', 'marketplaceIds=A&status=OPEN', 200, 'specific'],
    ['a case with fewer values still matches alone', 'marketplaceIds=A&status=CLOSED', 400, 'less-specific'],
    ['CSV arrays are split and compared in order', 'marketplaceIds=A,B', 200, 'csv'],
    ['a CSV array in another order is another value', 'marketplaceIds=B,A', 200, 'wildcard'],
    ['integers and booleans compare typed', 'marketplaceIds=Z&pageSize=10&active=true', 200, 'typed'],
    [
      'a value that does not parse does not match',
      'marketplaceIds=Z&pageSize=10&active=yes',
      200,
      'wildcard',
    ],
    ['ties go to 2xx', 'marketplaceIds=Z&status=TIE', 200, 'tie-2xx'],
    ['unlisted parameters are ignored', 'marketplaceIds=A,B&status=ANY&pageSize=3', 200, 'csv'],
    ['nothing specific: the wildcard answers', 'marketplaceIds=Z', 200, 'wildcard'],
  ])('%s', (_, query, status, n) => {
    expect(get(query)).toEqual({ status, body: { n } });
  });

  it('compares bodies as JSON, key order aside, and answers a 204 with no body', () => {
    expect(put('1', { b: [1, 2], a: 1 })).toEqual({ status: 204, body: undefined });
    expect(put('BAD', { other: true })).toEqual({ status: 400, body: { n: 'bad-id' } });
  });

  it('answers 400 "Could not match input arguments" when no case and no wildcard matches', () => {
    expect(put('1', { a: 1, b: [2, 1] })).toEqual(UNMATCHED);
    expect(UNMATCHED.body).toEqual({
      errors: [{ code: 'InvalidInput', message: 'Could not match input arguments' }],
    });
  });

  it("refuses an incomplete request before matching, in Amazon's wording", () => {
    expect(get('status=OPEN')).toEqual({
      status: 400,
      body: { errors: [{ code: 'InvalidInput', message: 'Missing request parameter: marketplaceIds.' }] },
    });
    expect(put('1', undefined)?.body).toEqual({
      errors: [{ code: 'InvalidInput', message: 'Missing request parameter: payload.' }],
    });
  });

  it('returns undefined for a request no operation declares', () => {
    expect(
      sandbox.answer({ method: 'GET', path: '/nothing', query: new URLSearchParams(), body: undefined }),
    ).toBe(undefined);
    expect(
      sandbox.answer({ method: 'DELETE', path: '/items', query: new URLSearchParams(), body: undefined }),
    ).toBe(undefined);
  });
});

describe('static sandbox on the Orders models', () => {
  const orders = createStaticSandbox();
  const getOrders = (query: Record<string, string>) =>
    orders.answer({
      method: 'GET',
      path: '/orders/v0/orders',
      query: new URLSearchParams(query),
      body: undefined,
    });

  it('pages TEST_CASE_200_NEXT_TOKEN: the NextToken case outranks the first page', () => {
    const first = getOrders({ CreatedAfter: 'TEST_CASE_200_NEXT_TOKEN', MarketplaceIds: 'ATVPDKIKX0DER' });
    const token = (first?.body as { payload: { NextToken: string } }).payload.NextToken;
    expect(token).toBe('2YgYW55IGNhcm5hbCBwbGVhc3VyZS4');
    const second = getOrders({
      CreatedAfter: 'TEST_CASE_200_NEXT_TOKEN',
      MarketplaceIds: 'ATVPDKIKX0DER',
      NextToken: token,
    });
    expect(second?.status).toBe(200);
    expect(second?.body).not.toEqual(first?.body);
  });

  it('answers unknown trigger values with "Could not match input arguments"', () => {
    expect(getOrders({ CreatedAfter: '2024-01-01T00:00:00Z', MarketplaceIds: 'ATVPDKIKX0DER' })).toEqual(
      UNMATCHED,
    );
  });

  it('hands out copies, so a caller mutating an answer cannot change the next one', () => {
    const query = { CreatedAfter: 'TEST_CASE_200', MarketplaceIds: 'ATVPDKIKX0DER' };
    const a = getOrders(query)?.body as { payload: { Orders: unknown[] } };
    a.payload.Orders.length = 0;
    expect((getOrders(query)?.body as { payload: { Orders: unknown[] } }).payload.Orders).toHaveLength(2);
  });
});
