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
} from '../../../test/support/d365TestKit.ts';
import { customerGroups } from '../entities/reference.ts';
import { salesOrderLines } from '../entities/salesOrderLines.ts';
import { salesOrderHeaders } from '../entities/salesOrders.ts';
import { boundaryOf, parseHttpResponse, readMultipart, splitMultipart } from './multipart.ts';

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

  it('does not send empty change sets, and reports a change set answered without any part as outcome unknown', async () => {
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
    // An empty answer does not say the change set was not applied: it is not resent, the caller reads back.
    if (!answered!.ok) {
      expect(answered!.error).toMatchObject({
        kind: 'transient',
        context: { changeSet: 1, outcomeUnknown: true },
      });
    }
    expect(fake.dataRequests()).toHaveLength(1);
    expect(receivedChangeSets(fake.dataRequests()[0]!)).toHaveLength(1);
  });
});

const removeOp = (client: ReturnType<typeof testClient>['client'], lot: string) =>
  client.ops.remove(salesOrderLines, { InventoryLotId: lot }, { company: 'usmf' });
const createLineOp = (client: ReturnType<typeof testClient>['client'], item: string) =>
  client.ops.create(salesOrderLines, { SalesOrderNumber: 'SO-9', ItemNumber: item }, { company: 'usmf' });

/** The first round applies change set 0 (F&O numbers the line) and throttles change set 1. */
function firstRound(res: ServerResponse) {
  answerBatch(res, [
    changeSetResponse('a', [
      httpPart(201, sampleRow(salesOrderLines, { InventoryLotId: 'L-42' }), { contentId: '1' }),
    ]),
    httpPart(429, undefined, { headers: { 'Retry-After': '1' } }),
  ]);
}

describe('$batch rounds that end badly keep what was applied', () => {
  it('returns the applied change set when the resend’s answer is lost; only the resent one is unknown', async () => {
    let call = 0;
    fake = await startFakeD365((_, res) => {
      if (call++ === 0) return firstRound(res);
      res.socket?.destroy(); // the second POST reached F&O, its answer never came back
    });
    const { client } = testClient(fake);
    const [applied, resent] = await client.batch([[createLineOp(client, 'A')], [createLineOp(client, 'B')]]);
    expect(applied).toMatchObject({ ok: true, results: [{ status: 201, body: { InventoryLotId: 'L-42' } }] });
    expect(resent!.ok).toBe(false);
    if (resent!.ok) return;
    expect(resent!.error).toMatchObject({
      kind: 'transient',
      context: { outcomeUnknown: true, changeSet: 1, entitySet: '$batch' },
    });
    expect(fake.dataRequests()).toHaveLength(2);
  });

  it('returns the applied change set when the caller cancels the wait before the resend', async () => {
    fake = await startFakeD365((_, res) => firstRound(res));
    const controller = new AbortController();
    const { client } = testClient(fake, {
      sleep: (_ms, signal) => {
        controller.abort(new Error('run is over'));
        return Promise.reject(signal!.reason as Error);
      },
    });
    const [applied, resent] = await client.batch([[createLineOp(client, 'A')], [createLineOp(client, 'B')]], {
      signal: controller.signal,
    });
    expect(applied!.ok).toBe(true);
    expect(resent!.ok).toBe(false);
    if (resent!.ok) return;
    expect(resent!.error.context).toMatchObject({ changeSet: 1, notApplied: true, aborted: true });
    expect(resent!.error.context.outcomeUnknown).toBeUndefined();
    expect(fake.dataRequests()).toHaveLength(1);
  });

  it('still throws when the first POST’s answer is lost (nothing is known of any change set)', async () => {
    fake = await startFakeD365((_, res) => void res.socket?.destroy());
    const { client } = testClient(fake);
    await expect(client.batch([[createLineOp(client, 'A')]])).rejects.toMatchObject({
      context: { outcomeUnknown: true, entitySet: '$batch' },
    });
  });
});

describe('a $batch answer that cannot account for a change set', () => {
  const BOUNDARY = 'batchresponse_cut';
  /** A 200 multipart answer written as given: possibly without its closing delimiter. */
  function answerRaw(res: ServerResponse, text: string) {
    res.writeHead(200, { 'content-type': `multipart/mixed; boundary=${BOUNDARY}` });
    res.end(text);
  }
  const applied = (id: string) => changeSetResponse(id, [httpPart(204, undefined, { contentId: '1' })]);

  it('does not resend a change set missing from an answer cut off before its closing delimiter', async () => {
    // Change set 0's part is whole (the next delimiter follows it); the answer stops inside the next one.
    fake = await startFakeD365((_, res) =>
      answerRaw(res, `--${BOUNDARY}${CRLF}${applied('a')}${CRLF}--${BOUNDARY}${CRLF}Content-Type: multip`),
    );
    const { client } = testClient(fake);
    const [first, second] = await client.batch([[removeOp(client, 'L1')], [removeOp(client, 'L2')]]);
    expect(first).toEqual({ ok: true, results: [{ status: 204 }] });
    expect(second!.ok).toBe(false);
    if (!second!.ok) {
      expect(second!.error).toMatchObject({
        kind: 'transient',
        context: { outcomeUnknown: true, changeSet: 1 },
      });
      expect(second!.error.message).toMatch(/cut off/);
    }
    expect(fake.dataRequests()).toHaveLength(1);
  });

  it('does not resend a change set whose own part was cut off', async () => {
    const cut = changeSetResponse('a', [httpPart(204, undefined, { contentId: '1' })]).slice(0, -20);
    fake = await startFakeD365((_, res) => answerRaw(res, `--${BOUNDARY}${CRLF}${cut}`));
    const { client } = testClient(fake);
    const [only] = await client.batch([[removeOp(client, 'L1')]]);
    expect(only!.ok).toBe(false);
    if (!only!.ok) expect(only!.error.context).toMatchObject({ outcomeUnknown: true, changeSet: 0 });
    expect(fake.dataRequests()).toHaveLength(1);
  });

  it('resends a change set missing from a complete answer (F&O did not run it)', async () => {
    let call = 0;
    fake = await startFakeD365((_, res) =>
      call++ === 0
        ? answerRaw(res, `--${BOUNDARY}${CRLF}${applied('a')}${CRLF}--${BOUNDARY}--${CRLF}`)
        : answerBatch(res, [applied('b')]),
    );
    const { client } = testClient(fake);
    const results = await client.batch([[removeOp(client, 'L1')], [removeOp(client, 'L2')]]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(fake.dataRequests()).toHaveLength(2);
  });

  it('does not call a change set applied when it answered fewer operations than it had', async () => {
    fake = await startFakeD365((_, res) =>
      answerBatch(res, [changeSetResponse('a', [httpPart(204, undefined, { contentId: '1' })])]),
    );
    const { client } = testClient(fake);
    const error = await client
      .changeSet([removeOp(client, 'L1'), removeOp(client, 'L2')])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient', context: { outcomeUnknown: true, changeSet: 0 } });
    expect((error as Error).message).toMatch(/answered 1 of its 2 operations/);
  });

  it('treats an answer that is not multipart as outcome unknown for every change set', async () => {
    fake = await startFakeD365((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>OK</html>');
    });
    const { client } = testClient(fake);
    const results = await client.batch([[removeOp(client, 'L1')], [removeOp(client, 'L2')]]);
    expect(results.map((r) => !r.ok && r.error.context.outcomeUnknown)).toEqual([true, true]);
    expect(fake.dataRequests()).toHaveLength(1);
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

  it('says whether the closing delimiter arrived', () => {
    expect(readMultipart('--x\r\nA: 1\r\n\r\none\r\n--x--\r\n', 'x').closed).toBe(true);
    const cut = readMultipart('--x\r\nA: 1\r\n\r\none\r\n--x\r\nA: 2\r\n\r\ntw', 'x');
    expect(cut).toMatchObject({ closed: false, parts: [{ body: 'one' }] });
  });

  it('ignores a preamble and stops at the closing delimiter', () => {
    const text = 'preamble\r\n--x\r\nA: 1\r\n\r\none\r\n--x\r\nA: 2\r\n\r\ntwo\r\n--x--\r\nepilogue --x\r\n';
    expect(splitMultipart(text, 'x').map((p) => [p.headers.get('a'), p.body])).toEqual([
      ['1', 'one'],
      ['2', 'two'],
    ]);
  });
});
