import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isConnectorError } from '../../errors.ts';
import {
  fnoErrorBody,
  sampleRow,
  startFakeD365,
  testClient,
  type FakeD365,
  type RecordedRequest,
} from '../d365TestKit.ts';
import { customerGroups } from '../entities/reference.ts';
import { salesOrderLines } from '../entities/salesOrderLines.ts';
import { salesOrderHeaders } from '../entities/salesOrders.ts';
import { boundaryOf, parseHttpResponse, splitMultipart } from './multipart.ts';

let fake: FakeD365;
afterEach(async () => fake?.close());

const CRLF = '\r\n';
const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** One `application/http` response part, as F&O writes them. */
function httpPart(
  status: number,
  body?: unknown,
  options: { contentId?: string; headers?: Record<string, string> } = {},
) {
  const head = [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    ...(options.contentId ? [`Content-ID: ${options.contentId}`] : []),
  ];
  const http = [
    `HTTP/1.1 ${status} ${REASONS[status] ?? ''}`,
    ...(body !== undefined
      ? ['Content-Type: application/json; odata.metadata=minimal; odata.streaming=true']
      : []),
    ...Object.entries(options.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'OData-Version: 4.0',
  ];
  return [...head, '', ...http, '', body === undefined ? '' : JSON.stringify(body)].join(CRLF);
}

function changeSetResponse(id: string, parts: string[]) {
  const boundary = `changesetresponse_${id}`;
  return `Content-Type: multipart/mixed; boundary=${boundary}${CRLF}${CRLF}${parts
    .map((p) => `--${boundary}${CRLF}${p}${CRLF}`)
    .join('')}--${boundary}--`;
}

function answerBatch(res: ServerResponse, parts: string[]) {
  const boundary = 'batchresponse_5b1c';
  res.writeHead(200, { 'content-type': `multipart/mixed; boundary=${boundary}` });
  res.end(parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join('') + `--${boundary}--${CRLF}`);
}

/** The operations the server received, per change set: [request line, headers, JSON body]. */
function receivedChangeSets(request: RecordedRequest) {
  const outer = splitMultipart(request.body, boundaryOf(request.headers['content-type'])!);
  return outer.map((part) =>
    splitMultipart(part.body, boundaryOf(part.headers.get('content-type'))!).map((op) => {
      const [requestLine, ...rest] = op.body.split(CRLF);
      const blank = rest.indexOf('');
      return {
        contentId: op.headers.get('content-id'),
        partType: op.headers.get('content-type'),
        requestLine,
        headers: rest.slice(0, blank),
        body: JSON.parse(rest.slice(blank + 1).join(CRLF) || 'null') as unknown,
      };
    }),
  );
}

const header = { SalesOrderNumber: 'SO-9', CurrencyCode: 'USD', OrderingCustomerAccountNumber: 'C1' };

describe('$batch change sets', () => {
  it('writes a multipart/mixed batch and reads every operation’s answer', async () => {
    fake = await startFakeD365((_, res) =>
      answerBatch(res, [
        changeSetResponse('a', [
          httpPart(201, sampleRow(salesOrderHeaders, { SalesOrderNumber: 'SO-9' }), { contentId: '1' }),
          httpPart(201, sampleRow(salesOrderLines, { InventoryLotId: 'L-1' }), {
            contentId: '2',
            headers: { ETag: 'W/"x"' },
          }),
        ]),
      ]),
    );
    const { client, logs } = testClient(fake);
    const results = await client.changeSet([
      client.ops.create(salesOrderHeaders, header, { company: 'usmf' }),
      client.ops.create(
        salesOrderLines,
        { SalesOrderNumber: 'SO-9', ItemNumber: 'A', OrderedSalesQuantity: 2 },
        { company: 'usmf' },
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    expect((results[1]!.body as { InventoryLotId: string }).InventoryLotId).toBe('L-1');
    expect(results[1]!.etag).toBe('W/"x"');

    const [request] = fake.dataRequests();
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/data/$batch');
    expect(request!.headers['content-type']).toMatch(/^multipart\/mixed; boundary=batch_/);
    const [ops] = receivedChangeSets(request!);
    expect(ops).toHaveLength(2);
    expect(ops![0]).toMatchObject({
      contentId: '1',
      partType: 'application/http',
      requestLine: `POST ${fake.url}/data/SalesOrderHeadersV2 HTTP/1.1`,
      body: { ...header, dataAreaId: 'usmf' },
    });
    expect(ops![1]).toMatchObject({
      contentId: '2',
      requestLine: `POST ${fake.url}/data/SalesOrderLines HTTP/1.1`,
      body: { SalesOrderNumber: 'SO-9', ItemNumber: 'A', OrderedSalesQuantity: 2, dataAreaId: 'usmf' },
    });
    expect(ops![1]!.headers).toContain('content-type: application/json; odata.metadata=minimal');
    expect(logs).toEqual([expect.objectContaining({ entitySet: '$batch', status: 200, outcome: 'ok' })]);
  });

  it('throws the failing operation’s F&O message when the outer status is 200 but the change set failed', async () => {
    const infolog =
      "Write failed for table row of type 'SalesOrderLineV3Entity'. Infolog: Warning: Inventory dimension Site is mandatory and must consequently be specified.; Error: Update has been canceled.";
    fake = await startFakeD365((_, res) =>
      answerBatch(res, [changeSetResponse('a', [httpPart(500, fnoErrorBody(infolog), { contentId: '2' })])]),
    );
    const { client } = testClient(fake);
    const error = await client
      .changeSet([
        client.ops.create(salesOrderHeaders, header, { company: 'usmf' }),
        client.ops.create(
          salesOrderLines,
          { SalesOrderNumber: 'SO-9', ItemNumber: 'A' },
          { company: 'usmf' },
        ),
      ])
      .catch((e: unknown) => e);
    expect(isConnectorError(error)).toBe(true);
    if (!isConnectorError(error)) return;
    expect(error.kind).toBe('data');
    expect(error.message).toContain('Inventory dimension Site is mandatory');
    expect(error.message).toContain('SalesOrderLines');
    expect(error.context).toMatchObject({ status: 500, changeSet: 0, operation: 1 });
    expect(fake.dataRequests()).toHaveLength(1);
  });

  it('reads a failed change set answered as a bare application/http part', async () => {
    fake = await startFakeD365((_, res) =>
      answerBatch(res, [
        httpPart(
          400,
          fnoErrorBody("The value 'X' in field 'Customer group' is not found in the related table"),
        ),
      ]),
    );
    const { client } = testClient(fake);
    await expect(
      client.changeSet([client.ops.create(salesOrderHeaders, header, { company: 'usmf' })]),
    ).rejects.toThrow(/Customer group/);
  });

  it('reports a mixed batch per change set: one applied, one rolled back', async () => {
    fake = await startFakeD365((_, res) =>
      answerBatch(res, [
        changeSetResponse('a', [httpPart(204, undefined, { contentId: '1' })]),
        changeSetResponse('b', [
          httpPart(
            500,
            fnoErrorBody('Cannot create a record in Customer groups (CustGroup). The record already exists.'),
            { contentId: '2' },
          ),
        ]),
      ]),
    );
    const { client } = testClient(fake);
    const results = await client.batch([
      [
        client.ops.update(
          salesOrderHeaders,
          { SalesOrderNumber: 'SO-1' },
          { CustomersOrderReference: 'R' },
          { company: 'usmf', etag: 'W/"e"' },
        ),
      ],
      [
        client.ops.create(
          customerGroups,
          { CustomerGroupId: 'AMZ', Description: 'Amazon' },
          { company: 'usmf' },
        ),
      ],
    ]);
    expect(results[0]).toEqual({ ok: true, results: [{ status: 204 }] });
    expect(results[1]!.ok).toBe(false);
    if (results[1]!.ok) return;
    expect(results[1]!.error.kind).toBe('data');
    expect(results[1]!.error.message).toContain('The record already exists');
    expect(results[1]!.error.context).toMatchObject({ changeSet: 1, operation: 0 });
    const [first] = receivedChangeSets(fake.dataRequests()[0]!);
    expect(first![0]!.requestLine).toBe(
      `PATCH ${fake.url}/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='SO-1')?cross-company=true HTTP/1.1`,
    );
    expect(first![0]!.headers).toContain('if-match: W/"e"');
  });

  it('sends a change set again when F&O throttled it (429 part) or did not run it', async () => {
    let call = 0;
    fake = await startFakeD365((_, res) => {
      call += 1;
      if (call === 1) {
        return answerBatch(res, [
          changeSetResponse('a', [httpPart(204, undefined, { contentId: '1' })]),
          httpPart(429, undefined, { headers: { 'Retry-After': '3' } }),
        ]);
      }
      if (call === 2) return answerBatch(res, []); // the batch stopped before it
      answerBatch(res, [changeSetResponse('c', [httpPart(204, undefined, { contentId: '1' })])]);
    });
    const { client, sleeps } = testClient(fake);
    const results = await client.batch([
      [client.ops.remove(salesOrderLines, { InventoryLotId: 'L1' }, { company: 'usmf' })],
      [client.ops.remove(salesOrderLines, { InventoryLotId: 'L2' }, { company: 'usmf' })],
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(sleeps).toEqual([3000]);
    const resent = fake
      .dataRequests()
      .slice(1)
      .map((r) => receivedChangeSets(r));
    expect(resent.map((sets) => sets.length)).toEqual([1, 1]);
    expect(resent[0]![0]![0]!.requestLine).toContain("InventoryLotId='L2'");
  });

  it('does not send empty change sets, and reports a change set answered without any part', async () => {
    fake = await startFakeD365((_, res) => answerBatch(res, [changeSetResponse('e', [])]));
    const { client } = testClient(fake);
    expect(await client.changeSet([])).toEqual([]);
    expect(await client.batch([[], []])).toEqual([
      { ok: true, results: [] },
      { ok: true, results: [] },
    ]);
    expect(fake.dataRequests()).toHaveLength(0);
    const [empty, answered] = await client.batch([
      [],
      [client.ops.remove(salesOrderLines, { InventoryLotId: 'L1' }, { company: 'usmf' })],
    ]);
    expect(empty).toEqual({ ok: true, results: [] });
    expect(answered!.ok).toBe(false);
    if (!answered!.ok) expect(answered!.error).toMatchObject({ kind: 'remote', context: { changeSet: 1 } });
    expect(receivedChangeSets(fake.dataRequests()[0]!)).toHaveLength(1);
  });
});

describe('multipart reading', () => {
  it('accepts LF line endings and quoted boundaries', () => {
    const text = '--b1\nContent-Type: application/http\n\nHTTP/1.1 204 No Content\nETag: W/"1"\n\n\n--b1--\n';
    expect(boundaryOf('multipart/mixed; boundary="b1"')).toBe('b1');
    const parts = splitMultipart(text, 'b1');
    expect(parts).toHaveLength(1);
    const http = parseHttpResponse(parts[0]!.body);
    expect(http.status).toBe(204);
    expect(http.headers.get('etag')).toBe('W/"1"');
  });

  it('ignores a preamble and stops at the closing delimiter', () => {
    const text = 'preamble\r\n--x\r\nA: 1\r\n\r\none\r\n--x\r\nA: 2\r\n\r\ntwo\r\n--x--\r\nepilogue --x\r\n';
    expect(splitMultipart(text, 'x').map((p) => [p.headers.get('a'), p.body])).toEqual([
      ['1', 'one'],
      ['2', 'two'],
    ]);
  });
});
