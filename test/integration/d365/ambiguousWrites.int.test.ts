// A create whose answer is lost: the emulator applies the POST and then cuts the connection (`reset`
// fault, `when: after`). The client must not send it again — it ends with `outcomeUnknown` after one
// request — and the caller finds the order by its own reference (the Amazon order id) instead of creating
// it twice. Contrasts: a connection cut before F&O ran the request, and an ambiguous gateway 502.
import { describe, expect, it, vi } from 'vitest';
import {
  createSalesOrderWithLines,
  findSalesOrdersByReference,
  releasedProducts,
  releasedProductsApi,
  salesOrderHeaders,
  salesOrderHeadersApi,
} from '../../../src/d365/index.ts';
import { createBusiness } from '../../../src/emulators/d365/business/index.ts';
import { connectorErrorOf, useHarness } from './kit.ts';

const d365 = useHarness(
  'each',
  { business: createBusiness({ manualSalesOrderNumbers: true }) },
  async ({ harness, client }) => {
    await client.get(releasedProducts, { ItemNumber: 'A0001' }); // sign in first
    harness.resetCounts();
  },
);

const header = (reference: string) => ({
  OrderingCustomerAccountNumber: 'AMZ-US',
  CustomersOrderReference: reference,
  DefaultShippingWarehouseId: '11',
});
const posts = () => d365.harness.dataRequests().filter((r) => r.method === 'POST');

describe('a create whose answer is lost', () => {
  it('ends with outcomeUnknown after one request; the order is found by its reference, not created twice', async () => {
    const reference = '113-5555555-0000001';
    await d365.harness.fault({
      kind: 'reset',
      when: 'after',
      method: 'POST',
      pathPrefix: '/data/SalesOrderHeadersV2',
    });
    const error = await connectorErrorOf(salesOrderHeadersApi.create(d365.client, header(reference)));
    expect(error.kind).toBe('transient');
    expect(error.context).toMatchObject({
      outcomeUnknown: true,
      method: 'POST',
      entitySet: 'SalesOrderHeadersV2',
    });
    expect(error.message).toContain('outcome unknown');
    expect(posts()).toHaveLength(1);

    // What a flow does before sending again: look the order up by the Amazon order id.
    const found = await findSalesOrdersByReference(d365.client, reference);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ CustomersOrderReference: reference, SalesOrderStatus: 'Backorder' });
    expect(
      await d365.client.count(salesOrderHeaders, {
        filter: (w) => w.eq('CustomersOrderReference', reference),
      }),
    ).toBe(1);
  });

  it('treats a lost $batch answer the same way: one request, the change set applied, found by key', async () => {
    await d365.harness.fault({ kind: 'reset', when: 'after', method: 'POST', pathPrefix: '/data/$batch' });
    const error = await connectorErrorOf(
      createSalesOrderWithLines(d365.client, {
        header: { SalesOrderNumber: 'AMZ-LOST-1', ...header('113-5555555-0000002') },
        lines: [{ ItemNumber: 'A0001', OrderedSalesQuantity: 1 }],
      }),
    );
    expect(error.context).toMatchObject({ outcomeUnknown: true, entitySet: '$batch' });
    expect(posts()).toHaveLength(1);
    expect(await d365.client.get(salesOrderHeaders, { SalesOrderNumber: 'AMZ-LOST-1' })).toMatchObject({
      CustomersOrderReference: '113-5555555-0000002',
    });
  });

  it('stops at outcomeUnknown when the create times out, though F&O finishes it afterwards', async () => {
    const impatient = d365.harness.newClient({ requestTimeoutMs: 150 }).client;
    await d365.harness.fault({ kind: 'latency', latencyMs: 600, method: 'POST' });
    const error = await connectorErrorOf(
      salesOrderHeadersApi.create(impatient, header('113-5555555-0000004')),
    );
    expect(error.context).toMatchObject({ outcomeUnknown: true, networkError: 'ABORT_TIMEOUT', attempts: 1 });
    // The emulator is still working on the request the client gave up on; once it has answered …
    await vi.waitFor(() => expect(posts()).toHaveLength(1), { timeout: 5_000, interval: 50 });
    // … the order is there, once.
    expect(await findSalesOrdersByReference(d365.client, '113-5555555-0000004')).toHaveLength(1);
  });

  it('also stops at outcomeUnknown on a gateway error (502) that is not an F&O refusal', async () => {
    await d365.harness.fault({ kind: 'error', status: 502, method: 'POST' });
    const error = await connectorErrorOf(
      salesOrderHeadersApi.create(d365.client, header('113-5555555-0000003')),
    );
    expect(error.context).toMatchObject({ outcomeUnknown: true, status: 502 });
    expect(posts()).toHaveLength(1);
  });
});

describe('failures that cannot have applied anything', () => {
  it('retries an idempotent PATCH after a lost answer (the same change twice is harmless)', async () => {
    await d365.harness.fault({ kind: 'reset', when: 'after', method: 'PATCH' });
    await releasedProductsApi.update(d365.client, { ItemNumber: 'A0005' }, { SalesPrice: 13.49 });
    expect(d365.harness.dataRequests().filter((r) => r.method === 'PATCH')).toHaveLength(2);
    expect(await releasedProductsApi.get(d365.client, { ItemNumber: 'A0005' })).toMatchObject({
      SalesPrice: 13.49,
    });
  });

  it('retries reads through connection resets and server errors', async () => {
    await d365.harness.fault({ kind: 'reset', next: 1, method: 'GET' });
    await d365.harness.fault({ kind: 'error', status: 503, next: 1, method: 'GET' });
    expect(await d365.client.get(releasedProducts, { ItemNumber: 'A0002' })).toMatchObject({
      ItemNumber: 'A0002',
    });
    expect(d365.harness.dataRequests()).toHaveLength(3);
  });
});
