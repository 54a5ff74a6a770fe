import { afterEach, describe, expect, it } from 'vitest';
import {
  json,
  sampleRow,
  startFakeD365,
  testClient,
  type FakeD365,
  type Handler,
} from '../../test/support/d365TestKit.ts';
import { customerPostalAddresses, customers } from './entities/customers.ts';
import { salesOrderLines } from './entities/salesOrderLines.ts';

let fake: FakeD365;
afterEach(async () => fake?.close());

describe('writes on the wire', () => {
  it('POSTs only the set fields with dataAreaId and returns the record F&O stored', async () => {
    fake = await startFakeD365((_, res) =>
      json(
        res,
        201,
        sampleRow(customers, { dataAreaId: 'usmf', CustomerAccount: 'C-0042', CustomerGroupId: 'AMZ' }),
      ),
    );
    const { client } = testClient(fake);
    const created = await client.create(
      customers,
      {
        CustomerGroupId: 'AMZ',
        PartyType: 'Organization',
        OrganizationName: 'Amazon.com',
        SalesCurrencyCode: 'USD',
      },
      { company: 'usmf' },
    );
    expect(created.CustomerAccount).toBe('C-0042');
    expect(created['@odata.etag']).toMatch(/^W\//);
    const [request] = fake.dataRequests();
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/data/CustomersV3');
    expect(request!.headers['content-type']).toBe('application/json; odata.metadata=minimal');
    expect(JSON.parse(request!.body)).toEqual({
      CustomerGroupId: 'AMZ',
      PartyType: 'Organization',
      OrganizationName: 'Amazon.com',
      SalesCurrencyCode: 'USD',
      dataAreaId: 'usmf',
    });
  });

  it('says a create answered 2xx with a body that is not JSON was applied, and sends it once', async () => {
    fake = await startFakeD365((_, res) => {
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"CustomerAccount": "C-00');
    });
    const { client } = testClient(fake);
    const error = await client
      .create(customers, { CustomerGroupId: 'AMZ', SalesCurrencyCode: 'USD' }, { company: 'usmf' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'remote', context: { applied: true, entitySet: 'CustomersV3' } });
    expect(fake.dataRequests()).toHaveLength(1);
  });

  it('creates in the company the data names; the default company only fills in', async () => {
    fake = await startFakeD365((_, res) => json(res, 201, sampleRow(customers, { dataAreaId: 'demf' })));
    const { client } = testClient(fake, { defaultCompany: 'usmf' });
    await client.create(customers, { dataAreaId: 'demf', CustomerGroupId: 'AMZ' });
    await client.create(customers, { CustomerGroupId: 'AMZ' });
    expect(fake.dataRequests().map((r) => (JSON.parse(r.body) as { dataAreaId: string }).dataAreaId)).toEqual(
      ['demf', 'usmf'],
    );
    // A company the call names must agree with the data's.
    await expect(
      client.create(customers, { dataAreaId: 'demf', CustomerGroupId: 'AMZ' }, { company: 'usmf' }),
    ).rejects.toThrow(/demf but the call is for usmf/);
  });

  it('PATCHes by full key with cross-company and the ETag it was read with', async () => {
    fake = await startFakeD365((_, res) => json(res, 204, undefined));
    const { client } = testClient(fake, { defaultCompany: 'usmf' });
    await client.update(
      customerPostalAddresses,
      {
        CustomerAccountNumber: 'C1',
        CustomerLegalEntityId: 'usmf',
        AddressLocationId: '000001234',
        Effective: '2024-01-01T00:00:00Z',
      },
      { AddressCity: 'Redmond', IsRoleDelivery: 'Yes' },
      { etag: 'W/"JzEsNTYzNyc="' },
    );
    const [request] = fake.dataRequests();
    expect(request!.method).toBe('PATCH');
    expect(request!.url).toBe(
      "/data/CustomerPostalAddresses(dataAreaId='usmf',CustomerAccountNumber='C1',CustomerLegalEntityId='usmf',AddressLocationId='000001234',Effective=2024-01-01T00:00:00Z)?cross-company=true",
    );
    expect(request!.headers['if-match']).toBe('W/"JzEsNTYzNyc="');
    expect(JSON.parse(request!.body)).toEqual({ AddressCity: 'Redmond', IsRoleDelivery: 'Yes' });
  });

  it('reports deleting a record that does not exist as not found', async () => {
    fake = await startFakeD365((_, res) =>
      json(res, 404, { error: { code: '', message: 'No resources found.' } }),
    );
    const { client } = testClient(fake);
    await expect(
      client.remove(salesOrderLines, { InventoryLotId: 'L9' }, { company: 'usmf' }),
    ).rejects.toMatchObject({
      kind: 'remote',
      context: { status: 404 },
    });
  });

  it('retries a PATCH after a 503 (the same body twice is harmless)', async () => {
    let call = 0;
    fake = await startFakeD365((_, res) =>
      call++ === 0 ? json(res, 503, undefined) : json(res, 204, undefined),
    );
    const { client } = testClient(fake);
    await client.update(
      salesOrderLines,
      { InventoryLotId: 'L1' },
      { OrderedSalesQuantity: 1 },
      { company: 'usmf' },
    );
    expect(fake.dataRequests()).toHaveLength(2);
  });

  describe('a PATCH with an ETag refused (412)', () => {
    const stale = { error: { code: '', message: 'The record has been changed by another user.' } };
    /** The first attempt answered `first`; the resend found the ETag no longer matching. */
    async function patchAfter(first: (res: Parameters<Handler>[1]) => void) {
      let call = 0;
      fake = await startFakeD365((_, res) => (call++ === 0 ? first(res) : json(res, 412, stale)));
      const { client } = testClient(fake, {
        retryPolicy: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
      });
      return client
        .update(
          salesOrderLines,
          { InventoryLotId: 'L1' },
          { OrderedSalesQuantity: 2 },
          { company: 'usmf', etag: 'W/"JzEsNTYzNyc="' },
        )
        .then(
          () => undefined,
          (e: unknown) => e,
        );
    }

    it('is a conflict when it answers the first attempt', async () => {
      fake = await startFakeD365((_, res) => json(res, 412, stale));
      const { client } = testClient(fake);
      const error = await client
        .update(
          salesOrderLines,
          { InventoryLotId: 'L1' },
          { OrderedSalesQuantity: 2 },
          { company: 'usmf', etag: 'W/"x"' },
        )
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'remote', context: { status: 412, preconditionFailed: true } });
      expect(fake.dataRequests()).toHaveLength(1);
    });

    it('is outcome unknown after a first attempt that may have applied the change (gateway timeout)', async () => {
      const error = await patchAfter((res) => json(res, 504, undefined));
      expect(error).toMatchObject({
        kind: 'transient',
        context: { outcomeUnknown: true, status: 412, method: 'PATCH', attempts: 2 },
      });
      expect((error as Error).message).toMatch(/outcome unknown/);
      expect(fake.dataRequests()).toHaveLength(2);
    });

    it('is outcome unknown after a first attempt whose connection was cut', async () => {
      const error = await patchAfter((res) => void res.socket?.destroy());
      expect(error).toMatchObject({ context: { outcomeUnknown: true, status: 412 } });
    });

    it('is still a conflict after a first attempt F&O refused unrun (429)', async () => {
      const error = await patchAfter((res) => json(res, 429, undefined, { 'retry-after': '0' }));
      expect(error).toMatchObject({ kind: 'remote', context: { status: 412, preconditionFailed: true } });
      expect((error as { context: Record<string, unknown> }).context.outcomeUnknown).toBeUndefined();
    });
  });

  it('reports a DELETE that finds nothing after a throttled first attempt as not found', async () => {
    let call = 0;
    fake = await startFakeD365((_, res) =>
      call++ === 0
        ? json(res, 429, undefined, { 'retry-after': '0' })
        : json(res, 404, { error: { code: '', message: 'No resources found.' } }),
    );
    const { client } = testClient(fake);
    await expect(
      client.remove(salesOrderLines, { InventoryLotId: 'L9' }, { company: 'usmf' }),
    ).rejects.toMatchObject({ kind: 'remote', context: { status: 404 } });
    expect(fake.dataRequests()).toHaveLength(2);
  });
});
