import { afterEach, describe, expect, it } from 'vitest';
import { ODataFault, type BusinessModule } from './engine/behaviour.ts';
import { startD365TestEmulator, type D365TestEmulator } from '../../../test/support/d365EmulatorTestKit.ts';
import type { D365EmulatorOptions } from './app.ts';

/** Tiny business rules: just enough F&O behaviour to watch the engine's write pipeline run them. */
const rules: BusinessModule = {
  behaviours: [
    {
      entitySet: 'SalesOrderHeadersV2',
      computed: { fields: ['OrderTotalAmount'], onWrite: 'refuse' },
      onCreate: (row, ctx) => ({
        ...row,
        SalesOrderNumber: row.SalesOrderNumber || ctx.nextNumber('SalesOrderNumber', ctx.company),
        SalesOrderStatus: 'Backorder',
        OrderCreationDateTime: ctx.now().toISOString(),
      }),
      onUpdate: (before, after) => {
        if (before.SalesOrderStatus === 'Invoiced')
          throw new ODataFault(400, 'An invoiced order cannot be changed.', [
            'SalesOrderHeaderV2.SalesOrderStatus',
          ]);
        return after;
      },
      onDelete: (row, ctx) => {
        for (const line of ctx.store
          .list('SalesOrderLines', ctx.company)
          .filter((l) => l.SalesOrderNumber === row.SalesOrderNumber))
          ctx.store.delete('SalesOrderLines', line);
      },
    },
    { entitySet: 'WarehousesOnHandV2', readOnly: true },
    {
      entitySet: 'CustomerGroups',
      computed: { fields: ['AccountingCurrencyExchangeRateType'], onWrite: 'ignore' },
    },
  ],
  seedDemo: () => {},
  mountSimulation: () => {},
};

let kit: D365TestEmulator;
const start = async (options: D365EmulatorOptions = {}) =>
  (kit = await startD365TestEmulator({
    seed: 'none',
    business: rules,
    now: () => Date.parse('2025-03-01T09:30:00Z'),
    ...options,
  }));
afterEach(() => kit?.close());

const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await kit.request(path, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
};
const header = (n: string) => `/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='${n}')`;
const innerMessage = (body: unknown) =>
  (body as { error: { innererror: { message: string } } }).error.innererror.message;

describe('OData writes', () => {
  it('POST creates (201) with the business defaults, the number sequence and F&O defaults for the rest', async () => {
    await start();
    const created = await send('POST', '/data/SalesOrderHeadersV2', {
      OrderingCustomerAccountNumber: 'US-001',
      CurrencyCode: 'USD',
      '@odata.type': '#Microsoft.Dynamics.DataEntities.SalesOrderHeaderV2',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      '@odata.context': 'http://localhost/data/$metadata#SalesOrderHeadersV2/$entity',
      dataAreaId: 'usmf',
      SalesOrderNumber: '000001',
      SalesOrderStatus: 'Backorder',
      OrderCreationDateTime: '2025-03-01T09:30:00Z',
      SalesOrderName: '',
      TotalDiscountPercentage: 0,
      RequestedShippingDate: '1900-01-01T12:00:00Z',
      IsSalesProcessingStopped: 'No',
    });
    expect(created.headers.get('Location')).toBe(`http://localhost${header('000001')}`);
    expect(created.headers.get('ETag')).toBe(created.body!['@odata.etag']);
    const second = await send('POST', '/data/SalesOrderHeadersV2', { CurrencyCode: 'USD' });
    expect(second.body!.SalesOrderNumber).toBe('000002');
  });

  it('POST writes to the payload’s company; reading it back needs cross-company=true', async () => {
    await start();
    const created = await send('POST', '/data/CustomerGroups', {
      dataAreaId: 'USRT',
      CustomerGroupId: 'R1',
      Description: 'Retail',
    });
    expect(created.body).toMatchObject({ dataAreaId: 'usrt', CustomerGroupId: 'R1' });
    expect((await send('GET', "/data/CustomerGroups(dataAreaId='usrt',CustomerGroupId='R1')")).status).toBe(
      404,
    );
    expect(
      (await send('GET', "/data/CustomerGroups(dataAreaId='usrt',CustomerGroupId='R1')?cross-company=true"))
        .status,
    ).toBe(200);
  });

  it('PATCH (204) merges, bumps the ETag, and answers a stale If-Match with 412', async () => {
    await start();
    const created = await send('POST', '/data/SalesOrderHeadersV2', {
      SalesOrderNumber: 'SO-1',
      SalesOrderName: 'First',
    });
    const etag = String(created.body!['@odata.etag']);
    const patched = await send(
      'PATCH',
      header('SO-1'),
      { CustomersOrderReference: '111-222' },
      { 'If-Match': etag },
    );
    expect(patched.status).toBe(204);
    const after = await send('GET', header('SO-1'));
    expect(after.body).toMatchObject({ SalesOrderName: 'First', CustomersOrderReference: '111-222' });
    expect(after.body!['@odata.etag']).not.toBe(etag);
    expect(patched.headers.get('ETag')).toBe(after.body!['@odata.etag']);
    const stale = await send('PATCH', header('SO-1'), { SalesOrderName: 'Lost' }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect(innerMessage(stale.body)).toContain('The values displayed in the form are not current');
    expect((await send('PATCH', header('SO-1'), { SalesOrderName: 'Any' }, { 'If-Match': '*' })).status).toBe(
      204,
    );
    expect((await send('PATCH', header('SO-1'), { SalesOrderName: 'Unconditional' })).status).toBe(204);
    expect((await send('DELETE', header('SO-1'), undefined, { 'If-Match': etag })).status).toBe(412);
  });

  it('PUT replaces the row: fields it does not name go back to their defaults', async () => {
    await start();
    await send('POST', '/data/CustomerGroups', {
      CustomerGroupId: '10',
      Description: 'Wholesale',
      PaymentTermId: 'Net30',
    });
    expect(
      (
        await send('PUT', "/data/CustomerGroups(dataAreaId='usmf',CustomerGroupId='10')", {
          Description: 'Renamed',
        })
      ).status,
    ).toBe(204);
    expect(
      (await send('GET', "/data/CustomerGroups(dataAreaId='usmf',CustomerGroupId='10')")).body,
    ).toMatchObject({ Description: 'Renamed', PaymentTermId: '' });
  });

  it('DELETE (204) runs onDelete (a cascade to the lines)', async () => {
    await start();
    await send('POST', '/data/SalesOrderHeadersV2', { SalesOrderNumber: 'SO-2' });
    kit.emulator.store.insert('SalesOrderLines', {
      dataAreaId: 'usmf',
      InventoryLotId: 'L1',
      SalesOrderNumber: 'SO-2',
    });
    expect((await send('DELETE', header('SO-2'))).status).toBe(204);
    expect((await send('GET', header('SO-2'))).status).toBe(404);
    expect(kit.emulator.store.list('SalesOrderLines')).toEqual([]);
    expect((await send('DELETE', header('SO-2'))).status).toBe(404);
  });

  it('refuses business-rule violations as AxODataWriteException, with details', async () => {
    await start();
    await send('POST', '/data/SalesOrderHeadersV2', { SalesOrderNumber: 'SO-3' });
    kit.emulator.store.replace('SalesOrderHeadersV2', {
      ...kit.emulator.store.get('SalesOrderHeadersV2', { dataAreaId: 'usmf', SalesOrderNumber: 'SO-3' })!,
      SalesOrderStatus: 'Invoiced',
    });
    const refused = await send('PATCH', header('SO-3'), { SalesOrderName: 'x' });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: {
        code: '',
        message: 'An error has occurred.',
        innererror: {
          message: 'An invoiced order cannot be changed.',
          type: 'Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException',
          stacktrace: '',
          internalexception: {
            message: 'SalesOrderHeaderV2.SalesOrderStatus',
            type: 'Microsoft.Dynamics.Ax.Xpp.ErrorException',
            stacktrace: '',
          },
        },
      },
    });
  });

  it('answers write failures with 500 when configured so (F&O’s status is unconfirmed)', async () => {
    await start({ writeErrorStatus: 500 });
    await send('POST', '/data/CustomerGroups', { CustomerGroupId: '10' });
    const duplicate = await send('POST', '/data/CustomerGroups', { CustomerGroupId: '10' });
    expect(duplicate.status).toBe(500);
    expect(innerMessage(duplicate.body)).toContain('The record already exists.');
  });

  it.each([
    [
      { CustomerGroupId: '10', Nope: 1 },
      "The property 'Nope' does not exist on type 'Microsoft.Dynamics.DataEntities.CustomerGroup'",
    ],
    [
      { CustomerGroupId: '10', IsSalesTaxIncludedInPrice: 'Maybe' },
      "Cannot convert the literal 'Maybe' to the expected type 'Microsoft.Dynamics.DataEntities.NoYes'",
    ],
    [{ CustomerGroupId: 10 }, "Cannot convert the literal '10' to the expected type 'Edm.String'"],
    [
      { CustomerGroupId: '10', '@odata.type': '#Microsoft.Dynamics.DataEntities.Other' },
      "A type named 'Microsoft.Dynamics.DataEntities.Other' could not be resolved",
    ],
  ])('refuses an unreadable payload %j with 400', async (payload, message) => {
    await start();
    const refused = await send('POST', '/data/CustomerGroups', payload);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: {
        code: '',
        message: 'An error has occurred.',
        innererror: { type: 'Microsoft.OData.ODataException' },
      },
    });
    expect(innerMessage(refused.body)).toContain(message);
  });

  it('refuses null for a value type, and a computed field marked refuse; ignores one marked ignore', async () => {
    await start();
    expect(
      innerMessage((await send('POST', '/data/SalesOrderHeadersV2', { TotalDiscountPercentage: null })).body),
    ).toContain("A null value was found for the property named 'TotalDiscountPercentage'");
    const computed = await send('POST', '/data/SalesOrderHeadersV2', { OrderTotalAmount: 5 });
    expect(computed.status).toBe(400);
    expect(innerMessage(computed.body)).toContain("Field 'OrderTotalAmount' is calculated by the system");
    const ignored = await send('POST', '/data/CustomerGroups', {
      CustomerGroupId: '1',
      AccountingCurrencyExchangeRateType: 'X',
    });
    expect(ignored.body).toMatchObject({ AccountingCurrencyExchangeRateType: '' });
  });

  it('refuses writes to a read-only entity and key changes', async () => {
    await start();
    const readOnly = await send('POST', '/data/WarehousesOnHandV2', { ItemNumber: 'A' });
    expect(readOnly.status).toBe(400);
    expect(innerMessage(readOnly.body)).toContain("The entity set 'WarehousesOnHandV2' is read-only");
    await send('POST', '/data/CustomerGroups', { CustomerGroupId: '10' });
    const rekey = await send('PATCH', "/data/CustomerGroups(dataAreaId='usmf',CustomerGroupId='10')", {
      CustomerGroupId: '11',
    });
    expect(innerMessage(rekey.body)).toContain("The key field 'CustomerGroupId' cannot be changed.");
  });

  it('answers Prefer: return=representation and return=minimal', async () => {
    await start();
    const minimal = await send(
      'POST',
      '/data/CustomerGroups',
      { CustomerGroupId: '10' },
      { Prefer: 'return=minimal' },
    );
    expect(minimal.status).toBe(204);
    expect(minimal.headers.get('OData-EntityId')).toBe(
      "http://localhost/data/CustomerGroups(dataAreaId='usmf',CustomerGroupId='10')",
    );
    const full = await send(
      'PATCH',
      "/data/CustomerGroups(dataAreaId='usmf',CustomerGroupId='10')",
      { Description: 'D' },
      { Prefer: 'return=representation' },
    );
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ Description: 'D' });
  });
});
