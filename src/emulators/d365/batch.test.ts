import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ODataFault, type BusinessModule } from './engine/behaviour.ts';
import { startD365TestEmulator, type D365TestEmulator } from '../../../test/support/d365EmulatorTestKit.ts';

/** A tiny rule for the test: F&O refuses a line for an item it does not know. */
const rules: BusinessModule = {
  behaviours: [
    {
      entitySet: 'SalesOrderLines',
      onCreate: (row) => {
        if (row.ItemNumber === 'NOPE')
          throw new ODataFault(
            400,
            "Write failed for table row of type 'SalesOrderLine'. Infolog: Error: Item number NOPE does not exist.",
          );
        return row;
      },
    },
  ],
  seedDemo: () => {},
  mountSimulation: () => {},
};

let kit: D365TestEmulator;
beforeEach(async () => {
  kit = await startD365TestEmulator({ seed: 'none', business: rules });
});
afterEach(() => kit.close());

interface PartResponse {
  status: number;
  contentId?: string;
  headers: Record<string, string>;
  body: string;
}

/** Reads a multipart/mixed batch response into its parts (change-set parts flattened, in order). */
function readBatchResponse(text: string, contentType: string): PartResponse[][] {
  const boundary = /boundary=([^;\s]+)/.exec(contentType)![1]!;
  const parts = text.split(`--${boundary}`).slice(1, -1);
  return parts.map((part) => {
    const nested = /Content-Type: multipart\/mixed; boundary=(\S+)/.exec(part);
    const chunks = nested ? part.split(`--${nested[1]}`).slice(1, -1) : [part];
    return chunks.map((chunk) => {
      const [mime = '', http = ''] = chunk.trim().split(/\r\n\r\n(?=HTTP\/1\.1)/);
      const [head = '', ...rest] = http.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      return {
        status: Number(statusLine.split(' ')[1]),
        contentId: /Content-ID: (\S+)/.exec(mime)?.[1],
        headers: Object.fromEntries(
          headerLines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
        ),
        body: rest.join('\r\n\r\n').trim(),
      };
    });
  });
}

const part = (method: string, url: string, body?: unknown, contentId?: string) =>
  [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    ...(contentId ? [`Content-ID: ${contentId}`] : []),
    '',
    `${method} ${url} HTTP/1.1`,
    'Content-Type: application/json;odata.metadata=minimal',
    'OData-Version: 4.0',
    '',
    body === undefined ? '' : JSON.stringify(body),
  ].join('\r\n');
const changeSet = (boundary: string, parts: string[]) =>
  [
    `Content-Type: multipart/mixed; boundary=${boundary}`,
    '',
    ...parts.map((p) => `--${boundary}\r\n${p}`),
    `--${boundary}--`,
  ].join('\r\n');
const batch = (items: string[]) => [...items.map((i) => `--batch_1\r\n${i}`), '--batch_1--', ''].join('\r\n');

async function postBatch(items: string[]) {
  const response = await kit.request('/data/$batch', {
    method: 'POST',
    headers: { 'Content-Type': 'multipart/mixed; boundary=batch_1' },
    body: batch(items),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    parts: response.status === 200 ? readBatchResponse(text, response.headers.get('Content-Type')!) : [],
  };
}

const header = { dataAreaId: 'usmf', SalesOrderNumber: 'SO-100', CurrencyCode: 'USD' };
const line = (lot: string, item: string) => ({
  dataAreaId: 'usmf',
  InventoryLotId: lot,
  SalesOrderNumber: 'SO-100',
  ItemNumber: item,
});

describe('$batch', () => {
  it('runs a change set atomically and echoes Content-IDs', async () => {
    const { status, parts } = await postBatch([
      changeSet('changeset_a', [
        part('POST', `${kit.baseUrl}/data/SalesOrderHeadersV2`, header, '1'),
        part('POST', '/data/SalesOrderLines', line('L1', 'A0001'), '2'),
        part('POST', 'SalesOrderLines', line('L2', 'A0002'), '3'),
      ]),
      part(
        'GET',
        "SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='SO-100')?$select=SalesOrderNumber&$expand=SalesOrderLines($select=ItemNumber)",
      ),
    ]);
    expect(status).toBe(200);
    expect(parts[0]!.map((p) => [p.status, p.contentId])).toEqual([
      [201, '1'],
      [201, '2'],
      [201, '3'],
    ]);
    expect(JSON.parse(parts[0]![1]!.body)).toMatchObject({ InventoryLotId: 'L1', ItemNumber: 'A0001' });
    expect(parts[1]![0]!.status).toBe(200);
    expect(
      JSON.parse(parts[1]![0]!.body).SalesOrderLines.map((l: { ItemNumber: string }) => l.ItemNumber),
    ).toEqual(['A0001', 'A0002']);
  });

  it('rolls back the whole change set when its second part fails, answering 200 with that part’s error', async () => {
    const { status, parts } = await postBatch([
      changeSet('changeset_b', [
        part('POST', '/data/SalesOrderHeadersV2', header, '1'),
        part('POST', '/data/SalesOrderLines', line('L1', 'NOPE'), '2'),
        part('POST', '/data/SalesOrderLines', line('L2', 'A0002'), '3'),
      ]),
    ]);
    expect(status).toBe(200);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toHaveLength(1);
    const failed = parts[0]![0]!;
    expect(failed.status).toBe(500);
    expect(failed.contentId).toBe('2');
    expect(JSON.parse(failed.body)).toEqual({
      error: {
        code: '',
        message: 'An error has occurred.',
        innererror: {
          message:
            "Write failed for table row of type 'SalesOrderLine'. Infolog: Error: Item number NOPE does not exist.",
          type: 'Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException',
          stacktrace: '',
        },
      },
    });
    expect(kit.emulator.store.list('SalesOrderHeadersV2')).toEqual([]);
    expect(kit.emulator.store.list('SalesOrderLines')).toEqual([]);
  });

  it('runs requests outside change sets independently', async () => {
    const { parts } = await postBatch([
      part('POST', '/data/CustomerGroups', { CustomerGroupId: 'A' }),
      part('POST', '/data/CustomerGroups', { CustomerGroupId: 'A' }),
      part('POST', '/data/CustomerGroups', { CustomerGroupId: 'B' }),
    ]);
    expect(parts.map((p) => p[0]!.status)).toEqual([201, 400, 201]);
    expect(kit.emulator.store.list('CustomerGroups').map((g) => g.CustomerGroupId)).toEqual(['A', 'B']);
  });

  it('refuses $n Content-ID references', async () => {
    const { parts } = await postBatch([
      changeSet('changeset_c', [
        part('POST', '/data/SalesOrderHeadersV2', header, '1'),
        part('POST', '$1/SalesOrderLines', { ItemNumber: 'A0001' }, '2'),
      ]),
    ]);
    expect(parts[0]!.map((p) => [p.status, p.contentId])).toEqual([[400, '2']]);
    expect(JSON.parse(parts[0]![0]!.body).error.message).toContain(
      "Content-ID references ('$1') are not supported",
    );
    expect(kit.emulator.store.list('SalesOrderHeadersV2')).toEqual([]);
  });

  it('refuses a GET inside a change set and a malformed batch with 400', async () => {
    const withGet = await postBatch([changeSet('changeset_d', [part('GET', '/data/CustomerGroups')])]);
    expect(withGet.status).toBe(400);
    expect(withGet.text).toContain(
      "An invalid HTTP method 'GET' was detected for a request in a change set.",
    );
    const response = await kit.request('/data/$batch', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/mixed; boundary=x' },
      body: '--x\r\nnonsense',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'The batch request is not valid',
    );
  });
});
