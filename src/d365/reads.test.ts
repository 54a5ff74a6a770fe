import { afterEach, describe, expect, it } from 'vitest';
import { isConnectorError } from '../errors.ts';
import {
  customerGroupRow,
  fnoErrorBody,
  json,
  startFakeD365,
  testClient,
  type FakeD365,
} from '../../test/support/d365TestKit.ts';
import { releasedProducts } from './entities/products.ts';
import { customerGroups } from './entities/reference.ts';
import { salesOrderHeaders } from './entities/salesOrders.ts';

let fake: FakeD365;
afterEach(async () => fake?.close());

const group = (id: string) => ({
  '@odata.etag': `W/"${id}"`,
  ...customerGroupRow(id),
  SomethingElse: 'dropped',
});

describe('server-driven paging', () => {
  it('follows @odata.nextLink verbatim across pages and yields every row', async () => {
    fake = await startFakeD365((req, res) => {
      const skip = Number(req.query.get('$skiptoken') ?? 0);
      const next =
        skip < 4 ? `${fake.url}/data/CustomerGroups?$skiptoken=${skip + 2}&cross-company=true` : undefined;
      json(res, 200, {
        '@odata.context': `${fake.url}/data/$metadata#CustomerGroups`,
        value: [group(`G${skip}`), group(`G${skip + 1}`)],
        ...(next ? { '@odata.nextLink': next } : {}),
      });
    });
    const { client } = testClient(fake);
    const ids: string[] = [];
    for await (const row of client.iterate(customerGroups, { company: 'usmf' }))
      ids.push(row.CustomerGroupId);
    expect(ids).toEqual(['G0', 'G1', 'G2', 'G3', 'G4', 'G5']);
    const urls = fake.dataRequests().map((r) => r.url);
    expect(urls).toHaveLength(3);
    // fetch's URL parser percent-encodes ' in a query (but not in a path); F&O decodes either.
    expect(urls[0]).toContain('$filter=dataAreaId%20eq%20%27usmf%27');
    expect(urls[0]).toContain('cross-company=true');
    expect(urls[1]).toBe('/data/CustomerGroups?$skiptoken=2&cross-company=true');
    // Every page carries the same headers (token, OData version).
    expect(new Set(fake.dataRequests().map((r) => r.headers.authorization)).size).toBe(1);
    expect(fake.dataRequests().every((r) => r.headers['odata-version'] === '4.0')).toBe(true);
  });

  it('parses rows with the schema: extra fields dropped, ETag kept', async () => {
    fake = await startFakeD365((_, res) => json(res, 200, { value: [group('G1')], '@odata.count': 7 }));
    const { client } = testClient(fake);
    const page = await client.list(customerGroups, { company: 'usmf', count: true });
    expect(page.count).toBe(7);
    expect(page.rows[0]).toEqual({ ...group('G1'), SomethingElse: undefined });
    expect(page.rows[0]).not.toHaveProperty('SomethingElse');
  });

  it('continues from a stored nextLink', async () => {
    fake = await startFakeD365((_, res) => json(res, 200, { value: [group('G9')] }));
    const { client } = testClient(fake);
    const page = await client.list(customerGroups, {
      nextLink: `${fake.url}/data/CustomerGroups?$skiptoken=9`,
    });
    expect(page.rows.map((r) => r.CustomerGroupId)).toEqual(['G9']);
    expect(fake.dataRequests()[0]!.url).toBe('/data/CustomerGroups?$skiptoken=9');
  });

  it('refuses a nextLink to another host (the token would go with it)', async () => {
    fake = await startFakeD365((_, res) =>
      json(res, 200, {
        value: [group('G1')],
        '@odata.nextLink': 'https://evil.example/data/CustomerGroups?p=2',
      }),
    );
    const { client } = testClient(fake);
    const rows: unknown[] = [];
    const error = await (async () => {
      for await (const row of client.iterate(customerGroups)) rows.push(row);
    })().catch((e: unknown) => e);
    expect(rows).toHaveLength(1);
    expect(isConnectorError(error) && error.kind).toBe('remote');
    expect(fake.dataRequests()).toHaveLength(1);
  });

  it('stops when the server repeats a page link', async () => {
    fake = await startFakeD365((_, res) =>
      json(res, 200, { value: [group('G1')], '@odata.nextLink': `${fake.url}/data/CustomerGroups?p=2` }),
    );
    const { client } = testClient(fake);
    const error = await (async () => {
      for await (const _ of client.iterate(customerGroups)) void _;
    })().catch((e: unknown) => e);
    expect(String(error)).toMatch(/repeats a page/);
    expect(fake.dataRequests()).toHaveLength(2);
  });

  it('reads F&O quirks: empty strings, noon dates, 1900 as no date, enum names', async () => {
    fake = await startFakeD365((_, res) =>
      json(res, 200, {
        value: [
          {
            SalesOrderNumber: 'SO-1',
            CustomersOrderReference: null,
            SalesOrderStatus: 'Backorder',
            RequestedShippingDate: '2024-02-22T12:00:00Z',
            ConfirmedShippingDate: '1900-01-01T12:00:00Z',
            OrderCreationDateTime: '2024-02-20T08:15:30.000Z',
          },
        ],
      }),
    );
    const { client } = testClient(fake);
    const page = await client.list(salesOrderHeaders, {
      select: [
        'SalesOrderNumber',
        'CustomersOrderReference',
        'SalesOrderStatus',
        'RequestedShippingDate',
        'ConfirmedShippingDate',
        'OrderCreationDateTime',
      ],
    });
    expect(page.rows[0]).toEqual({
      SalesOrderNumber: 'SO-1',
      CustomersOrderReference: '',
      SalesOrderStatus: 'Backorder',
      RequestedShippingDate: '2024-02-22',
      ConfirmedShippingDate: null,
      OrderCreationDateTime: '2024-02-20T08:15:30Z',
    });
  });

  it('reports a row it cannot read by field, without its value', async () => {
    fake = await startFakeD365((_, res) =>
      json(res, 200, { value: [{ SalesOrderNumber: 'SO', SalesOrderStatus: 'Secret' }] }),
    );
    const { client } = testClient(fake);
    const error = await client
      .list(salesOrderHeaders, { select: ['SalesOrderNumber', 'SalesOrderStatus'] })
      .catch((e) => e);
    expect(isConnectorError(error) && error.kind).toBe('remote');
    expect(String(error)).toContain('SalesOrderStatus');
    expect(String(error)).not.toContain('Secret');
  });

  it('expands one level with a nested $select', async () => {
    fake = await startFakeD365((_, res) =>
      json(res, 200, {
        value: [{ SalesOrderNumber: 'SO-1', SalesOrderLines: [{ InventoryLotId: 'L1', ItemNumber: 'A' }] }],
      }),
    );
    const { client } = testClient(fake);
    const page = await client.list(salesOrderHeaders, {
      select: ['SalesOrderNumber'],
      expand: { navigation: 'SalesOrderLines', select: ['InventoryLotId', 'ItemNumber'] },
    });
    expect(page.rows[0]!.SalesOrderLines[0]!.InventoryLotId).toBe('L1');
    expect(fake.dataRequests()[0]!.query.get('$expand')).toBe(
      'SalesOrderLines($select=InventoryLotId,ItemNumber)',
    );
  });
});

describe('reads by key and counts', () => {
  it('gets one record by its full key with cross-company, or undefined on 404', async () => {
    fake = await startFakeD365((req, res) =>
      req.path.includes("ItemNumber='A1'")
        ? json(res, 200, { dataAreaId: 'usmf', ItemNumber: 'A1', SearchName: 'a' })
        : json(res, 404, { error: { code: '', message: 'No resources found.' } }),
    );
    const { client } = testClient(fake, { defaultCompany: 'usmf' });
    const found = await client.get(
      releasedProducts,
      { ItemNumber: 'A1' },
      { select: ['ItemNumber', 'SearchName'] },
    );
    expect(found).toEqual({ ItemNumber: 'A1', SearchName: 'a' });
    expect(await client.get(releasedProducts, { ItemNumber: 'B2' })).toBeUndefined();
    expect(fake.dataRequests()[0]!.url).toBe(
      "/data/ReleasedProductsV2(dataAreaId='usmf',ItemNumber='A1')?$select=ItemNumber,SearchName&cross-company=true",
    );
  });

  it('says so when the entity set itself does not exist', async () => {
    fake = await startFakeD365((_, res) => json(res, 404, fnoErrorBody('Entity set not found.', 'x')));
    const { client } = testClient(fake, { defaultCompany: 'usmf' });
    await expect(client.get(releasedProducts, { ItemNumber: 'A1' })).rejects.toThrow(
      /no entity set ReleasedProductsV2/,
    );
  });

  it('counts with /$count and the company filter', async () => {
    fake = await startFakeD365((_, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('42');
    });
    const { client } = testClient(fake);
    expect(await client.count(customerGroups, { company: 'usmf' })).toBe(42);
    expect(fake.dataRequests()[0]!.url).toBe(
      '/data/CustomerGroups/$count?$filter=dataAreaId%20eq%20%27usmf%27&cross-company=true',
    );
  });

  it('uses the client’s default company unless the call asks for every company', async () => {
    fake = await startFakeD365((_, res) => json(res, 200, { value: [] }));
    const { client } = testClient(fake, { defaultCompany: 'usmf' });
    await client.list(customerGroups, { select: ['CustomerGroupId'] });
    await client.list(customerGroups, { select: ['CustomerGroupId'], crossCompany: true });
    await client.list(customerGroups, { select: ['CustomerGroupId'], company: 'usrt' });
    expect(fake.dataRequests().map((r) => r.query.get('$filter'))).toEqual([
      "dataAreaId eq 'usmf'",
      null,
      "dataAreaId eq 'usrt'",
    ]);
    expect(fake.dataRequests().every((r) => r.query.get('cross-company') === 'true')).toBe(true);
  });
});
