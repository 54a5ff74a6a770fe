import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { splitMultipart, boundaryOf } from '../batch/multipart.ts';
import {
  fnoErrorBody,
  json,
  sampleRow,
  startFakeD365,
  testClient,
  type FakeD365,
} from '../../../test/support/d365TestKit.ts';
import { salesOrderLines } from './salesOrderLines.ts';
import { createSalesOrderWithLines, findSalesOrdersByReference, salesOrderHeaders } from './salesOrders.ts';

let fake: FakeD365;
afterEach(async () => fake?.close());

const CRLF = '\r\n';
function batchAnswer(res: ServerResponse, statuses: Array<[number, unknown]>) {
  const inner = statuses
    .map(
      ([status, body], i) =>
        `--cs${CRLF}Content-Type: application/http${CRLF}Content-ID: ${i + 1}${CRLF}${CRLF}HTTP/1.1 ${status} X${CRLF}Content-Type: application/json${CRLF}${CRLF}${JSON.stringify(body)}${CRLF}`,
    )
    .join('');
  res.writeHead(200, { 'content-type': 'multipart/mixed; boundary=br' });
  res.end(
    `--br${CRLF}Content-Type: multipart/mixed; boundary=cs${CRLF}${CRLF}${inner}--cs--${CRLF}--br--${CRLF}`,
  );
}

const lines = [
  { ItemNumber: 'A', OrderedSalesQuantity: 1, SalesPrice: 10 },
  { ItemNumber: 'B', OrderedSalesQuantity: 2, SalesPrice: 5 },
];

describe('sales orders', () => {
  it('creates header and lines in one change set when the order number is given', async () => {
    fake = await startFakeD365((_, res) =>
      batchAnswer(res, [
        [201, sampleRow(salesOrderHeaders, { SalesOrderNumber: 'AMZ-1' })],
        [201, sampleRow(salesOrderLines, { SalesOrderNumber: 'AMZ-1', InventoryLotId: 'L1' })],
        [201, sampleRow(salesOrderLines, { SalesOrderNumber: 'AMZ-1', InventoryLotId: 'L2' })],
      ]),
    );
    const { client } = testClient(fake);
    const order = await createSalesOrderWithLines(client, {
      company: 'usmf',
      header: { SalesOrderNumber: 'AMZ-1', OrderingCustomerAccountNumber: 'C1' },
      lines,
    });
    expect(order.header.SalesOrderNumber).toBe('AMZ-1');
    expect(order.lines.map((l) => l.InventoryLotId)).toEqual(['L1', 'L2']);
    expect(fake.dataRequests()).toHaveLength(1);
    const request = fake.dataRequests()[0]!;
    const [changeSet] = splitMultipart(request.body, boundaryOf(request.headers['content-type'])!);
    const ops = splitMultipart(changeSet!.body, boundaryOf(changeSet!.headers.get('content-type'))!);
    expect(
      ops.map((op) => JSON.parse(op.body.slice(op.body.lastIndexOf('\r\n\r\n'))).SalesOrderNumber),
    ).toEqual(['AMZ-1', 'AMZ-1', 'AMZ-1']);
  });

  it('lets F&O number the order first, then adds the lines atomically', async () => {
    fake = await startFakeD365((req, res) => {
      if (req.path === '/data/SalesOrderHeadersV2')
        return json(res, 201, sampleRow(salesOrderHeaders, { SalesOrderNumber: '000777' }));
      batchAnswer(res, [
        [201, sampleRow(salesOrderLines, { SalesOrderNumber: '000777', InventoryLotId: 'L1' })],
        [201, sampleRow(salesOrderLines, { SalesOrderNumber: '000777', InventoryLotId: 'L2' })],
      ]);
    });
    const { client } = testClient(fake);
    const order = await createSalesOrderWithLines(client, {
      company: 'usmf',
      header: { OrderingCustomerAccountNumber: 'C1' },
      lines,
    });
    expect(order.header.SalesOrderNumber).toBe('000777');
    expect(order.lines).toHaveLength(2);
    expect(fake.dataRequests().map((r) => r.path)).toEqual(['/data/SalesOrderHeadersV2', '/data/$batch']);
    expect(fake.dataRequests()[1]!.body).toContain('"SalesOrderNumber":"000777"');
  });

  it('says the header exists when its lines are refused', async () => {
    fake = await startFakeD365((req, res) => {
      if (req.path === '/data/SalesOrderHeadersV2')
        return json(res, 201, sampleRow(salesOrderHeaders, { SalesOrderNumber: '000778' }));
      batchAnswer(res, [[500, fnoErrorBody('Item number B does not exist.')]]);
    });
    const { client } = testClient(fake);
    const error = await createSalesOrderWithLines(client, { company: 'usmf', header: {}, lines }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      kind: 'data',
      context: { headerCreated: true, salesOrderNumber: '000778' },
    });
    expect(String(error)).toContain('Item number B does not exist');
  });

  it('finds orders by the Amazon order id', async () => {
    fake = await startFakeD365((_, res) =>
      json(res, 200, { value: [sampleRow(salesOrderHeaders, { SalesOrderNumber: 'S1' })] }),
    );
    const { client } = testClient(fake);
    const found = await findSalesOrdersByReference(client, "113-O'1", { company: 'usmf' });
    expect(found.map((o) => o.SalesOrderNumber)).toEqual(['S1']);
    expect(fake.dataRequests()[0]!.query.get('$filter')).toBe(
      "dataAreaId eq 'usmf' and CustomersOrderReference eq '113-O''1'",
    );
  });
});
