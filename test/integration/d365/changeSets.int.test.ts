// Atomic writes through `$batch` change sets: a sales order header and its lines either all exist or none
// does. With an order number the connector chooses (a number sequence allowing manual numbers), the
// header and lines go in one change set; a failing line leaves no header behind. Several change sets in
// one batch are each atomic on their own. Without a number, F&O numbers the header first, so a failure of
// the lines leaves the header — the error says so, and the caller completes (or removes) that order.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSalesOrderWithLines,
  findSalesOrdersByReference,
  releasedProducts,
  salesOrderHeaders,
  salesOrderHeadersApi,
  salesOrderLines,
  salesOrderLinesApi,
  warehouseOnHand,
  type D365Client,
} from '../../../src/d365/index.ts';
import { createBusiness } from '../../../src/emulators/d365/business/index.ts';
import { connectorErrorOf, startHarness, type D365Harness } from './kit.ts';

let h: D365Harness;
afterEach(async () => h.close());

async function manualNumbers(): Promise<D365Client> {
  h = await startHarness({ business: createBusiness({ manualSalesOrderNumbers: true }) });
  return h.newClient().client;
}

async function nothingOf(client: D365Client, number: string): Promise<void> {
  expect(await client.get(salesOrderHeaders, { SalesOrderNumber: number })).toBeUndefined();
  expect(await client.count(salesOrderLines, { filter: (w) => w.eq('SalesOrderNumber', number) })).toBe(0);
}

const onOrder = async (client: D365Client, item: string) =>
  (
    await client.list(warehouseOnHand, {
      filter: (w) => w.and(w.eq('ItemNumber', item), w.eq('InventoryWarehouseId', '11')),
      select: ['OnOrderQuantity'],
    })
  ).rows[0]!.OnOrderQuantity;

describe('header and lines in one change set (order number given)', () => {
  it('creates header and lines in a single $batch', async () => {
    const client = await manualNumbers();
    const order = await createSalesOrderWithLines(client, {
      header: {
        SalesOrderNumber: 'AMZ-1001',
        OrderingCustomerAccountNumber: 'AMZ-US',
        DefaultShippingWarehouseId: '11',
      },
      lines: [
        { ItemNumber: 'A0001', OrderedSalesQuantity: 1 },
        { ItemNumber: 'A0003', OrderedSalesQuantity: 2 },
      ],
    });
    expect(order.header).toMatchObject({ SalesOrderNumber: 'AMZ-1001', SalesOrderStatus: 'Backorder' });
    expect(order.lines.map((l) => [l.SalesOrderNumber, l.ItemNumber])).toEqual([
      ['AMZ-1001', 'A0001'],
      ['AMZ-1001', 'A0003'],
    ]);
    expect(h.dataRequests().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /data/$batch']);
    expect(await client.count(salesOrderLines, { filter: (w) => w.eq('SalesOrderNumber', 'AMZ-1001') })).toBe(
      2,
    );
  });

  it('leaves no header and no lines when a line has no site or warehouse', async () => {
    const client = await manualNumbers();
    const demandBefore = await onOrder(client, 'A0001');
    const error = await connectorErrorOf(
      createSalesOrderWithLines(client, {
        // No default warehouse on the header (nor on the customer): each line must name its own.
        header: { SalesOrderNumber: 'AMZ-1002', OrderingCustomerAccountNumber: 'AMZ-US' },
        lines: [
          { ItemNumber: 'A0001', OrderedSalesQuantity: 1, ShippingWarehouseId: '11' },
          { ItemNumber: 'A0003', OrderedSalesQuantity: 2 },
        ],
      }),
    );
    expect(error.kind).toBe('data');
    expect(error.message).toContain(
      'Inventory dimension Site is mandatory and must consequently be specified.',
    );
    expect(error.context).toMatchObject({
      status: 500,
      entitySet: 'SalesOrderLines',
      changeSet: 0,
      operation: 2,
    });
    await nothingOf(client, 'AMZ-1002');
    // The first line's demand was rolled back with it.
    expect(await onOrder(client, 'A0001')).toBe(demandBefore);
  });

  it('leaves nothing when a line names an unknown item, and the order can then be sent again', async () => {
    const client = await manualNumbers();
    const order = {
      header: {
        SalesOrderNumber: 'AMZ-1003',
        OrderingCustomerAccountNumber: 'AMZ-US',
        DefaultShippingWarehouseId: '11',
      },
      lines: [
        { ItemNumber: 'A0001', OrderedSalesQuantity: 1 },
        { ItemNumber: 'ZZ-404', OrderedSalesQuantity: 1 },
      ],
    };
    const error = await connectorErrorOf(createSalesOrderWithLines(client, order));
    expect(error.kind).toBe('data');
    expect(error.message).toContain("'ZZ-404'");
    expect(error.message).toContain('Write failed for table row of type');
    await nothingOf(client, 'AMZ-1003');

    // Nothing was applied, so the corrected order goes through under the same number.
    const fixed = await createSalesOrderWithLines(client, {
      ...order,
      lines: [order.lines[0]!, { ItemNumber: 'A0002', OrderedSalesQuantity: 1 }],
    });
    expect(fixed.lines).toHaveLength(2);
  });

  it('keeps the change sets of a batch that succeeded when a later one fails', async () => {
    const client = await manualNumbers();
    const orderOps = (number: string, item: string) => [
      client.ops.create(salesOrderHeaders, {
        SalesOrderNumber: number,
        OrderingCustomerAccountNumber: 'AMZ-US',
        DefaultShippingWarehouseId: '11',
      }),
      client.ops.create(salesOrderLines, {
        SalesOrderNumber: number,
        ItemNumber: item,
        OrderedSalesQuantity: 1,
      }),
    ];
    const [first, second] = await client.batch([orderOps('AMZ-2001', 'A0005'), orderOps('AMZ-2002', 'NOPE')]);
    expect(first).toMatchObject({ ok: true, results: [{ status: 201 }, { status: 201 }] });
    expect(second!.ok).toBe(false);
    if (second!.ok) return;
    expect(second!.error.kind).toBe('data');
    expect(second!.error.context).toMatchObject({ changeSet: 1, operation: 1 });
    expect(h.dataRequests().filter((r) => r.path === '/data/$batch')).toHaveLength(1);

    expect(await client.get(salesOrderHeaders, { SalesOrderNumber: 'AMZ-2001' })).toMatchObject({
      SalesOrderStatus: 'Backorder',
    });
    expect(await client.count(salesOrderLines, { filter: (w) => w.eq('SalesOrderNumber', 'AMZ-2001') })).toBe(
      1,
    );
    await nothingOf(client, 'AMZ-2002');
  });

  it('rolls back every update of a change set when one carries a stale ETag', async () => {
    const client = await manualNumbers();
    const read = await client.get(releasedProducts, { ItemNumber: 'A0001' }, { select: ['SalesPrice'] });
    await client.update(releasedProducts, { ItemNumber: 'A0001' }, { SalesPrice: 61 }); // someone else
    const error = await connectorErrorOf(
      client.changeSet([
        client.ops.update(releasedProducts, { ItemNumber: 'A0002' }, { SalesPrice: 1 }),
        client.ops.update(
          releasedProducts,
          { ItemNumber: 'A0001' },
          { SalesPrice: 2 },
          { etag: read!['@odata.etag'] },
        ),
      ]),
    );
    expect(error).toMatchObject({
      kind: 'remote',
      context: { status: 412, preconditionFailed: true, operation: 1 },
    });
    const prices = await client.list(releasedProducts, {
      filter: (w) => w.anyOf('ItemNumber', ['A0001', 'A0002']),
      select: ['ItemNumber', 'SalesPrice'],
      orderBy: ['ItemNumber'],
    });
    expect(prices.rows.map((r) => r.SalesPrice)).toEqual([61, 89]);
  });

  it('sends nothing for an empty change set', async () => {
    const client = await manualNumbers();
    expect(await client.changeSet([])).toEqual([]);
    const [empty, order] = await client.batch([
      [],
      [
        client.ops.create(salesOrderHeaders, {
          SalesOrderNumber: 'AMZ-2101',
          OrderingCustomerAccountNumber: 'AMZ-US',
        }),
      ],
    ]);
    expect(empty).toEqual({ ok: true, results: [] });
    expect(order).toMatchObject({ ok: true, results: [{ status: 201 }] });
    expect(h.dataRequests()).toHaveLength(1);
  });

  it('is refused by F&O when its number sequence does not allow manual numbers', async () => {
    h = await startHarness();
    const client = h.newClient().client;
    const error = await connectorErrorOf(
      createSalesOrderWithLines(client, {
        header: {
          SalesOrderNumber: 'AMZ-3001',
          OrderingCustomerAccountNumber: 'AMZ-US',
          DefaultShippingWarehouseId: '11',
        },
        lines: [{ ItemNumber: 'A0001', OrderedSalesQuantity: 1 }],
      }),
    );
    expect(error.kind).toBe('data');
    expect(error.message).toContain('does not allow manual numbers');
    expect(error.context).toMatchObject({ changeSet: 0, operation: 0 });
    await nothingOf(client, 'AMZ-3001');
  });
});

describe('F&O numbers the order (no number given)', () => {
  it('reports a header created without lines; the caller completes that order instead of creating another', async () => {
    h = await startHarness();
    const client = h.newClient().client;
    const reference = '113-4444444-0000001';
    const error = await connectorErrorOf(
      createSalesOrderWithLines(client, {
        header: { OrderingCustomerAccountNumber: 'AMZ-US', CustomersOrderReference: reference },
        lines: [{ ItemNumber: 'A0001', OrderedSalesQuantity: 1 }], // no site/warehouse anywhere
      }),
    );
    expect(error.kind).toBe('data');
    expect(error.message).toContain('Inventory dimension Site is mandatory');
    const number = error.context.salesOrderNumber as string;
    expect(error.context).toMatchObject({ headerCreated: true, salesOrderNumber: expect.any(String) });
    expect(error.message).toContain(`order ${number} was created without lines`);

    // The header exists, without lines: what the caller must handle before trying again.
    const [orphan] = await findSalesOrdersByReference(client, reference);
    expect(orphan).toMatchObject({ SalesOrderNumber: number, SalesOrderStatus: 'Backorder' });
    expect(await client.count(salesOrderLines, { filter: (w) => w.eq('SalesOrderNumber', number) })).toBe(0);

    // Either complete it: the corrected lines, atomically, on the existing number …
    const results = await client.changeSet([
      salesOrderLinesApi.createOp(client, {
        SalesOrderNumber: number,
        ItemNumber: 'A0001',
        OrderedSalesQuantity: 1,
        ShippingWarehouseId: '11',
      }),
    ]);
    expect(results).toEqual([expect.objectContaining({ status: 201 })]);
    expect(await findSalesOrdersByReference(client, reference)).toHaveLength(1);

    // … or remove it (possible while nothing was delivered), so that a new attempt starts clean.
    await salesOrderHeadersApi.remove(client, { SalesOrderNumber: number });
    expect(await findSalesOrdersByReference(client, reference)).toEqual([]);
    await nothingOf(client, number);
  });
});
