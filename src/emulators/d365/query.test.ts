import odataQuery from 'odata-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startD365TestEmulator, type D365TestEmulator } from '../../../test/support/d365EmulatorTestKit.ts';

// odata-query's types describe its CommonJS build; loaded as ESM, the default export is the builder itself.
const buildQuery = ((odataQuery as unknown as { default?: unknown }).default ??
  odataQuery) as unknown as typeof odataQuery.default;

let kit: D365TestEmulator;
type Body = Record<string, unknown> & { value: Record<string, unknown>[] };
const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await kit.request(path, { headers });
  return { status: response.status, body: (await response.json()) as Body, headers: response.headers };
};
const q = (query: string) => encodeURI(query).replace(/'/g, '%27');

beforeAll(async () => {
  kit = await startD365TestEmulator({ seed: 'none' });
  const { store } = kit.emulator;
  store.atomically(() => {
    for (const [company, number, customer, status, created] of [
      ['usmf', '000001', 'US-001', 'Backorder', '2024-05-01T10:00:00Z'],
      ['usmf', '000002', 'US-002', 'Invoiced', '2024-05-02T10:00:00Z'],
      ['usmf', '000003', 'US-001', 'Delivered', '2024-05-03T10:00:00Z'],
      ['usrt', '000004', 'US-009', 'Backorder', '2024-05-04T10:00:00Z'],
    ] as const) {
      store.insert('SalesOrderHeadersV2', {
        dataAreaId: company,
        SalesOrderNumber: number,
        OrderingCustomerAccountNumber: customer,
        SalesOrderStatus: status,
        OrderCreationDateTime: created,
        RequestedShippingDate: '2024-06-01T00:00:00Z',
        CurrencyCode: 'USD',
      });
    }
    for (const [company, lot, order, item, qty] of [
      ['usmf', 'L1', '000001', 'A0001', 2],
      ['usmf', 'L2', '000001', 'A0002', 1],
      ['usmf', 'L3', '000002', 'A0001', 5],
      ['usrt', 'L4', '000004', 'A0009', 1],
    ] as const)
      store.insert('SalesOrderLines', {
        dataAreaId: company,
        InventoryLotId: lot,
        SalesOrderNumber: order,
        ItemNumber: item,
        OrderedSalesQuantity: qty,
      });
  });
});
afterAll(() => kit.close());

describe('OData reads', () => {
  it('serves the service document', async () => {
    const { status, body } = await get('/data');
    expect(status).toBe(200);
    expect(body['@odata.context']).toBe('http://localhost/data/$metadata');
    expect(body.value).toContainEqual({
      name: 'SalesOrderHeadersV2',
      kind: 'EntitySet',
      url: 'SalesOrderHeadersV2',
    });
    expect(body.value).toContainEqual({
      name: 'CustomerPostalAddresses',
      kind: 'EntitySet',
      url: 'CustomerPostalAddresses',
    });
  });

  it('serves $metadata as XML', async () => {
    const response = await kit.request('/data/$metadata');
    expect(response.headers.get('Content-Type')).toMatch(/^application\/xml/);
    expect(await response.text()).toContain('<EntityContainer Name="Resources">');
  });

  it('serialises rows as F&O does: etag, enum names, empty strings, dates at 12:00, 1900 for unset', async () => {
    const { body } = await get(`/data/SalesOrderHeadersV2?${q("$filter=SalesOrderNumber eq '000001'")}`);
    expect(body['@odata.context']).toBe('http://localhost/data/$metadata#SalesOrderHeadersV2');
    const row = body.value[0]!;
    expect(row['@odata.etag']).toMatch(/^W\/"[A-Za-z0-9+/=]+"$/);
    expect(Buffer.from(String(row['@odata.etag']).slice(3, -1), 'base64').toString()).toMatch(/^'\d+,\d+'$/);
    expect(row).toMatchObject({
      dataAreaId: 'usmf',
      SalesOrderStatus: 'Backorder',
      SalesOrderName: '',
      TotalDiscountPercentage: 0,
      RequestedShippingDate: '2024-06-01T12:00:00Z',
      ConfirmedShippingDate: '1900-01-01T12:00:00Z',
      OrderCreationDateTime: '2024-05-01T10:00:00Z',
      IsSalesProcessingStopped: 'No',
    });
  });

  it('shows only the default company without cross-company=true', async () => {
    const numbers = async (query: string) =>
      (await get(`/data/SalesOrderHeadersV2?${q(query)}`)).body.value.map((r) => r.SalesOrderNumber);
    expect(await numbers('$select=SalesOrderNumber')).toEqual(['000001', '000002', '000003']);
    expect(await numbers('$select=SalesOrderNumber&cross-company=true')).toEqual([
      '000001',
      '000002',
      '000003',
      '000004',
    ]);
    expect(await numbers("$filter=dataAreaId eq 'USRT'&cross-company=true")).toEqual(['000004']);
    expect(await numbers("$filter=dataAreaId eq 'usrt'")).toEqual([]);
  });

  it('addresses one entity by key; another company’s needs cross-company=true', async () => {
    const own = await get("/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='000001')");
    expect(own.status).toBe(200);
    expect(own.body['@odata.context']).toBe('http://localhost/data/$metadata#SalesOrderHeadersV2/$entity');
    expect(own.headers.get('ETag')).toBe(own.body['@odata.etag']);
    const other = "/data/SalesOrderHeadersV2(dataAreaId='usrt',SalesOrderNumber='000004')";
    expect((await get(other)).status).toBe(404);
    expect((await get(other)).body).toEqual({
      error: { code: '', message: "Resource not found for the segment 'SalesOrderHeadersV2'." },
    });
    expect((await get(`${other}?cross-company=true`)).status).toBe(200);
    expect((await get("/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='999999')")).status).toBe(
      404,
    );
  });

  it('applies $select, $orderby (multi-key), $top, $skip and $count', async () => {
    const { body } = await get(
      `/data/SalesOrderHeadersV2?${q('$select=SalesOrderNumber,OrderingCustomerAccountNumber&$orderby=OrderingCustomerAccountNumber desc,SalesOrderNumber desc&$top=2&$skip=1&$count=true&cross-company=true')}`,
    );
    expect(body['@odata.count']).toBe(4);
    expect(body['@odata.context']).toBe(
      'http://localhost/data/$metadata#SalesOrderHeadersV2(SalesOrderNumber,OrderingCustomerAccountNumber)',
    );
    expect(body.value.map((r) => Object.keys(r))).toEqual([
      ['@odata.etag', 'SalesOrderNumber', 'OrderingCustomerAccountNumber'],
      ['@odata.etag', 'SalesOrderNumber', 'OrderingCustomerAccountNumber'],
    ]);
    expect(body.value.map((r) => r.SalesOrderNumber)).toEqual(['000002', '000003']);
    const byStatus = await get(
      `/data/SalesOrderHeadersV2?${q('$select=SalesOrderNumber&$orderby=SalesOrderStatus,SalesOrderNumber')}`,
    );
    // Enums order by their value: Backorder 1, Delivered 2, Invoiced 3.
    expect(byStatus.body.value.map((r) => r.SalesOrderNumber)).toEqual(['000001', '000003', '000002']);
  });

  it('answers /$count with a bare number, filtered', async () => {
    const response = await kit.request(
      `/data/SalesOrderHeadersV2/$count?${q("$filter=OrderingCustomerAccountNumber eq 'US-001'")}`,
    );
    expect(response.headers.get('Content-Type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('2');
  });

  it('expands one level with a nested $select', async () => {
    const { body } = await get(
      `/data/SalesOrderHeadersV2?${q('$top=1&$select=SalesOrderNumber&$expand=SalesOrderLines($select=InventoryLotId,ItemNumber,SalesOrderNumber)')}`,
    );
    expect(body.value).toEqual([
      {
        '@odata.etag': expect.any(String),
        SalesOrderNumber: '000001',
        SalesOrderLines: [
          {
            '@odata.etag': expect.any(String),
            SalesOrderNumber: '000001',
            ItemNumber: 'A0001',
            InventoryLotId: 'L1',
          },
          {
            '@odata.etag': expect.any(String),
            SalesOrderNumber: '000001',
            ItemNumber: 'A0002',
            InventoryLotId: 'L2',
          },
        ],
      },
    ]);
    const line = await get(
      `/data/SalesOrderLines(dataAreaId='usmf',InventoryLotId='L3')?$expand=SalesOrderHeaderV2($select=SalesOrderStatus)`,
    );
    expect(line.body.SalesOrderHeaderV2).toEqual({
      '@odata.etag': expect.any(String),
      SalesOrderStatus: 'Invoiced',
    });
  });

  it('follows a navigation and reads a property', async () => {
    const lines = await get(
      "/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='000001')/SalesOrderLines?$select=InventoryLotId",
    );
    expect(lines.body.value.map((r) => r.InventoryLotId)).toEqual(['L1', 'L2']);
    const status = await get(
      "/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='000002')/SalesOrderStatus",
    );
    expect(status.body).toEqual({
      '@odata.context':
        "http://localhost/data/$metadata#SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='000002')/SalesOrderStatus",
      value: 'Invoiced',
    });
  });

  it('adds @odata.type, @odata.id and @odata.editLink with odata.metadata=full', async () => {
    const { body } = await get(
      "/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='000001')?$select=SalesOrderNumber",
      {
        Accept: 'application/json;odata.metadata=full',
      },
    );
    expect(body).toMatchObject({
      '@odata.type': '#Microsoft.Dynamics.DataEntities.SalesOrderHeaderV2',
      '@odata.id': "http://localhost/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='000001')",
      '@odata.editLink': "SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='000001')",
    });
  });

  it('returns the expected rows for queries built by odata-query', async () => {
    const numbers = async (query: string) =>
      (await get(`/data/SalesOrderHeadersV2${q(query)}`)).body.value.map((r) => r.SalesOrderNumber);
    expect(
      await numbers(
        buildQuery({ filter: { OrderingCustomerAccountNumber: 'US-001' }, select: ['SalesOrderNumber'] }),
      ),
    ).toEqual(['000001', '000003']);
    expect(
      await numbers(
        buildQuery({
          filter: { OrderCreationDateTime: { ge: new Date('2024-05-02T00:00:00Z') } },
          orderBy: 'SalesOrderNumber desc',
          top: 5,
        }),
      ),
    ).toEqual(['000003', '000002']);
    expect(
      await numbers(
        buildQuery({
          filter: {
            or: [{ SalesOrderNumber: '000001' }, { SalesOrderNumber: '000003' }],
            not: { OrderingCustomerAccountNumber: 'US-002' },
          },
        }),
      ),
    ).toEqual(['000001', '000003']);
    expect(
      await numbers(
        buildQuery({
          filter: {
            SalesOrderStatus: {
              type: 'raw',
              value: "Microsoft.Dynamics.DataEntities.SalesStatus'Backorder'",
            },
          },
        }),
      ),
    ).toEqual(['000001']);
    const counted = await get(
      `/data/SalesOrderHeadersV2${q(buildQuery({ count: true, top: 1, filter: { dataAreaId: 'usrt' } }))}&cross-company=true`,
    );
    expect(counted.body['@odata.count']).toBe(1);
    const refused = await get(
      `/data/SalesOrderHeadersV2${q(buildQuery({ filter: { SalesOrderNumber: { in: ['000001'] } } }))}`,
    );
    expect(refused.status).toBe(400);
  });

  it.each([
    [
      "$filter=contains(SalesOrderName,'x')",
      "The query specified in the URI is not valid. The function 'contains' is not supported",
    ],
    [
      '$apply=aggregate(x)',
      "The query specified in the URI is not valid. The query parameter '$apply' is not supported.",
    ],
    ['$top=-1', "Invalid value '-1' for $top query option found."],
    [
      '$select=Nope',
      "Could not find a property named 'Nope' on type 'Microsoft.Dynamics.DataEntities.SalesOrderHeaderV2'.",
    ],
    ['$orderby=Nope desc', "Could not find a property named 'Nope'"],
    ['$expand=SalesOrderLines($expand=SalesOrderHeaderV2)', '$expand is supported to one level only.'],
    [
      "$expand=SalesOrderLines($filter=ItemNumber eq 'A')",
      "The nested query option '$filter' in $expand is not supported",
    ],
    ['$top=1&$top=2', "Query option '$top' was specified more than once"],
  ])('refuses %s in F&O’s shape', async (query, message) => {
    const { status, body } = await get(`/data/SalesOrderHeadersV2?${q(query)}`);
    expect(status).toBe(400);
    const error = (
      body as unknown as { error: { code: string; message: string; innererror: { type: string } } }
    ).error;
    expect(error.code).toBe('');
    expect(error.message).toContain(message);
    expect(error.innererror.type).toBe('Microsoft.OData.ODataException');
  });

  it('answers an indexed eq / or / and filter exactly as the full scan does (case, company, order, wildcards)', async () => {
    const numbers = async (filter: string, extra = '') =>
      (await get(`/data/SalesOrderLines?$filter=${q(filter)}${extra}`)).body.value.map(
        (r) => `${String(r.dataAreaId)}/${String(r.InventoryLotId)}`,
      );
    // Each narrowed filter against the same filter `or` a term on another field, which no index serves.
    const cases: [string, string?][] = [
      ["SalesOrderNumber eq '000001'"],
      ["ItemNumber eq 'a0001'"],
      ["SalesOrderNumber eq '000002' or SalesOrderNumber eq '000001'"],
      ["SalesOrderNumber eq '000001' and ItemNumber eq 'A0002'"],
      ["SalesOrderNumber eq '000001' and ItemNumber eq 'A0002' or SalesOrderNumber eq '000002'"],
      ["SalesOrderNumber eq '000004'", '&cross-company=true'],
      ["SalesOrderNumber eq '00000*'"],
      ["SalesOrderNumber eq '000001' or ItemNumber eq 'A0001'"],
    ];
    for (const [narrowed, extra] of cases)
      expect(await numbers(narrowed, extra), narrowed).toEqual(
        await numbers(`(${narrowed}) or InventoryLotId eq 'no-such-lot'`, extra),
      );
    expect(await numbers("SalesOrderNumber eq '000001'")).toEqual(['usmf/L1', 'usmf/L2']);
    expect(await numbers("ItemNumber eq 'a0001'")).toEqual(['usmf/L1', 'usmf/L3']);
    expect(await numbers("SalesOrderNumber eq '000004'")).toEqual([]); // another company's
    expect(await numbers("SalesOrderNumber eq '000004'", '&cross-company=true')).toEqual(['usrt/L4']);
    // A row written after the index was built is found through it.
    kit.emulator.store.insert('SalesOrderLines', {
      dataAreaId: 'usmf',
      InventoryLotId: 'L5',
      SalesOrderNumber: '000001',
      ItemNumber: 'A0003',
      OrderedSalesQuantity: 1,
    });
    expect(await numbers("SalesOrderNumber eq '000001'")).toEqual(['usmf/L1', 'usmf/L2', 'usmf/L5']);
    kit.emulator.store.delete('SalesOrderLines', { dataAreaId: 'usmf', InventoryLotId: 'L5' });
    expect(await numbers("SalesOrderNumber eq '000001'")).toEqual(['usmf/L1', 'usmf/L2']);
  });

  it('answers an unknown entity set with F&O’s message', async () => {
    const { status, body } = await get('/data/SalesOrderHeaders');
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: '', message: 'Entity set not found.' } });
  });
});
