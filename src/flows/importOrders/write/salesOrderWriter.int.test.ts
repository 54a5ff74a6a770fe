// writeSalesOrder against the real D365 client and emulator (F&O's sales-order rules) and a test
// database for the intents: created once in both numbering modes, found again instead of created twice,
// completed after a crash or a lost answer, and nothing left behind when F&O refuses the lines.
import { describe, expect, it } from 'vitest';
import { useTestStore } from '../../../../test/support/testDb.ts';
import {
  COMPANY,
  connectorErrorOf,
  useHarness,
  type HarnessFixture,
} from '../../../../test/integration/d365/kit.ts';
import { salesOrderHeaders, salesOrderLines, type D365Client } from '../../../d365/index.ts';
import { createBusiness } from '../../../emulators/d365/business/index.ts';
import { findIntent, recordIntent } from '../../../store/repos/intents.ts';
import { salesOrderRows } from './salesOrderRows.ts';
import { CREATE_OPERATION, writeSalesOrder } from './salesOrderWriter.ts';
import type { LineDraft, SalesOrderDraft } from '../plan/drafts.ts';
import {
  A_SALES_ORDER_HEADER,
  aSalesOrderDraft,
  testWriteContext,
} from '../../../../test/support/writerTestKit.ts';

const ORDER_ID = '113-5550001-0000001';

const line = (reference: string, over: Partial<LineDraft> = {}): LineDraft => ({
  reference,
  kind: 'item',
  orderItemId: reference.split('#')[0],
  item: { itemNumber: 'A0001', via: 'mapping' },
  quantity: 1,
  unitPrice: 10,
  discountPerUnit: 0,
  site: '1',
  warehouse: '11',
  ...over,
});

function orderDraft(over: Partial<SalesOrderDraft> = {}): SalesOrderDraft {
  return aSalesOrderDraft({
    orderId: ORDER_ID,
    company: COMPANY,
    purchaseOrderNumber: 'PO-4711',
    deliveryMode: 'AMZ-EXP',
    lines: [
      line('10000000000001', {
        quantity: 2,
        unitPrice: 59.99,
        discountPerUnit: 5,
        externalItemNumber: 'DEMO-HP',
        description: 'Demo Wireless Headphones',
      }),
      line('10000000000002', {
        item: { itemNumber: 'T0100', color: 'Black', size: 'M', via: 'mapping' },
        unitPrice: 22,
        externalItemNumber: 'DEMO-TEE-BLK-M',
      }),
      line('10000000000003#1', { kind: 'bundleComponent', item: { itemNumber: 'A0004' }, unitPrice: 60 }),
      line('10000000000003#2', {
        kind: 'bundleComponent',
        item: { itemNumber: 'A0005' },
        quantity: 2,
        unitPrice: 9.5,
      }),
      line('SHIPPING', {
        kind: 'charge',
        orderItemId: undefined,
        item: { itemNumber: 'A0007' },
        unitPrice: 4.99,
      }),
    ],
    ...over,
  });
}

const store = useTestStore();

const writeContext = (client: D365Client) => testWriteContext(client, store);

const intentKey = (orderId = ORDER_ID) => ({
  connectionId: 'us',
  operation: CREATE_OPERATION,
  key: `${COMPANY}/${orderId}`,
});

/** What the emulator holds for an Amazon order: its headers and each header's lines. */
function held(d365: HarnessFixture, orderId = ORDER_ID) {
  const { store: emulated } = d365.harness.emulator;
  const headers = emulated
    .list('SalesOrderHeadersV2', COMPANY)
    .filter((h) => h.CustomersOrderReference === orderId);
  return headers.map((h) => ({
    number: String(h.SalesOrderNumber),
    lines: emulated
      .list('SalesOrderLines', COMPANY)
      .filter((l) => l.SalesOrderNumber === h.SalesOrderNumber)
      .map((l) => String(l.OrderLineReference))
      .sort(),
  }));
}

const requests = (d365: HarnessFixture) => d365.harness.dataRequests().map((r) => `${r.method} ${r.path}`);
const allReferences = orderDraft()
  .lines.map((l) => l.reference)
  .sort();

describe('writeSalesOrder, numbered by F&O (sequence)', () => {
  const d365 = useHarness('each');

  it('creates the header, then every line in one change set, with the draft’s fields', async () => {
    const written = await writeSalesOrder(writeContext(d365.client), orderDraft(), 'AMZ-US');
    expect(written.outcome).toBe('created');
    expect(written.company).toBe(COMPANY);
    expect(written.lines.map((l) => l.reference)).toEqual(orderDraft().lines.map((l) => l.reference));
    expect(new Set(written.lines.map((l) => l.inventoryLotId)).size).toBe(5);
    expect(requests(d365)).toEqual([
      'GET /data/SalesOrderHeadersV2',
      'POST /data/SalesOrderHeadersV2',
      'POST /data/$batch',
    ]);

    const header = await d365.client.get(salesOrderHeaders, { SalesOrderNumber: written.salesOrderNumber });
    expect(header).toMatchObject({
      ...A_SALES_ORDER_HEADER,
      CustomersOrderReference: ORDER_ID,
      CustomerRequisitionNumber: 'PO-4711',
      DeliveryModeCode: 'AMZ-EXP',
    });
    const lines = await d365.client.list(salesOrderLines, {
      filter: (w) => w.eq('SalesOrderNumber', written.salesOrderNumber),
      orderBy: ['LineCreationSequenceNumber'],
    });
    expect(
      lines.rows.map((l) => [
        l.OrderLineReference,
        l.ItemNumber,
        l.ProductColorId,
        l.ProductSizeId,
        l.OrderedSalesQuantity,
        l.SalesPrice,
        l.LineDiscountAmount,
        l.LineAmount,
        l.ExternalItemNumber,
        l.ShippingWarehouseId,
        l.SkipCreateAutoCharges,
      ]),
    ).toEqual([
      ['10000000000001', 'A0001', '', '', 2, 59.99, 5, 109.98, 'DEMO-HP', '11', 'Yes'],
      ['10000000000002', 'T0100', 'Black', 'M', 1, 22, 0, 22, 'DEMO-TEE-BLK-M', '11', 'Yes'],
      ['10000000000003#1', 'A0004', '', '', 1, 60, 0, 60, expect.any(String), '11', 'Yes'],
      ['10000000000003#2', 'A0005', '', '', 2, 9.5, 0, 19, expect.any(String), '11', 'Yes'],
      ['SHIPPING', 'A0007', '', '', 1, 4.99, 0, 4.99, expect.any(String), '11', 'Yes'],
    ]);
    expect(lines.rows[0]!.LineDescription).toBe('Demo Wireless Headphones');
    expect(written.lines[0]!.inventoryLotId).toBe(lines.rows[0]!.InventoryLotId);
    expect(await findIntent(store.db, intentKey())).toMatchObject({ state: 'done' });
  });

  it('finds the order on a second write and sends nothing', async () => {
    const first = await writeSalesOrder(writeContext(d365.client), orderDraft(), 'AMZ-US');
    d365.harness.resetCounts();
    const again = await writeSalesOrder(writeContext(d365.client), orderDraft(), 'AMZ-US');
    expect(again).toEqual({ ...first, outcome: 'found' });
    expect(requests(d365)).toEqual(['GET /data/SalesOrderHeadersV2', 'GET /data/SalesOrderLines']);
    expect(held(d365)).toEqual([{ number: first.salesOrderNumber, lines: allReferences }]);
  });

  it('completes a header left without lines by a crash: exactly the lines, and settles the intent', async () => {
    const draft = orderDraft();
    await recordIntent(store.db, store.sealer, { ...intentKey(), flow: 'import-orders', request: {} });
    const header = await d365.client.create(salesOrderHeaders, salesOrderRows(draft, 'AMZ-US').header);
    d365.harness.resetCounts();

    const written = await writeSalesOrder(writeContext(d365.client), draft, 'AMZ-US');
    expect(written).toMatchObject({ outcome: 'completed', salesOrderNumber: header.SalesOrderNumber });
    expect(requests(d365)).toEqual([
      'GET /data/SalesOrderHeadersV2',
      'GET /data/SalesOrderLines',
      'POST /data/$batch',
    ]);
    expect(held(d365)).toEqual([{ number: header.SalesOrderNumber, lines: allReferences }]);
    expect(await findIntent(store.db, intentKey())).toMatchObject({ state: 'done' });
  });

  it('creates only the lines an order lacks, keeping the ones it has', async () => {
    const draft = orderDraft();
    const rows = salesOrderRows(draft, 'AMZ-US');
    const header = await d365.client.create(salesOrderHeaders, rows.header);
    const kept = await d365.client.create(salesOrderLines, {
      ...rows.lines[1]!,
      SalesOrderNumber: header.SalesOrderNumber,
    });

    const written = await writeSalesOrder(writeContext(d365.client), draft, 'AMZ-US');
    expect(written.outcome).toBe('completed');
    expect(written.lines[1]).toEqual({ reference: '10000000000002', inventoryLotId: kept.InventoryLotId });
    expect(held(d365)).toEqual([{ number: header.SalesOrderNumber, lines: allReferences }]);
  });

  it('deletes the header again when F&O refuses a line, and says which line and why', async () => {
    const draft = orderDraft();
    draft.lines[2] = { ...draft.lines[2]!, item: { itemNumber: 'NO-SUCH-ITEM' } };
    const error = await connectorErrorOf(writeSalesOrder(writeContext(d365.client), draft, 'AMZ-US'));
    expect(error.kind).toBe('data');
    expect(error.message).toContain(`Amazon order ${ORDER_ID} was not imported`);
    expect(error.message).toContain('D365 refused its line 10000000000003#1 (item NO-SUCH-ITEM)');
    expect(error.message).toMatch(/Sales order \d+, created before its lines, was deleted again/);
    expect(error.message).toContain('NO-SUCH-ITEM');
    expect(error.message).toContain('mappings.skus');
    expect(error.message).not.toContain('Jane');
    expect(requests(d365)).toEqual([
      'GET /data/SalesOrderHeadersV2',
      'POST /data/SalesOrderHeadersV2',
      'POST /data/$batch',
      expect.stringMatching(/^DELETE \/data\/SalesOrderHeadersV2\(/),
    ]);
    expect(held(d365)).toEqual([]);
    expect(await findIntent(store.db, intentKey())).toMatchObject({ state: 'rejected' });

    // Fixed, the order goes in: the rejected intent is armed again.
    const written = await writeSalesOrder(writeContext(d365.client), orderDraft(), 'AMZ-US');
    expect(written.outcome).toBe('created');
    expect(held(d365)).toEqual([{ number: written.salesOrderNumber, lines: allReferences }]);
    // Armed for each write sent: header and lines, twice.
    expect(await findIntent(store.db, intentKey())).toMatchObject({ state: 'done', attempts: 4 });
  });

  it('deletes a header an earlier attempt left without lines when F&O refuses its lines again', async () => {
    const draft = orderDraft();
    draft.lines[4] = { ...draft.lines[4]!, item: { itemNumber: 'NO-SUCH-CHARGE' } };
    await recordIntent(store.db, store.sealer, { ...intentKey(), flow: 'import-orders', request: {} });
    const header = await d365.client.create(salesOrderHeaders, salesOrderRows(draft, 'AMZ-US').header);
    const error = await connectorErrorOf(writeSalesOrder(writeContext(d365.client), draft, 'AMZ-US'));
    expect(error.kind).toBe('data');
    expect(error.message).toContain('D365 refused its line SHIPPING (item NO-SUCH-CHARGE)');
    expect(error.message).toContain(
      `Sales order ${header.SalesOrderNumber}, left without lines by an earlier attempt, was deleted`,
    );
    expect(held(d365)).toEqual([]);
    expect(await findIntent(store.db, intentKey())).toMatchObject({ state: 'rejected' });
  });

  it('refuses a header F&O refuses, leaving nothing and a rejected intent', async () => {
    const error = await connectorErrorOf(
      writeSalesOrder(writeContext(d365.client), orderDraft({ deliveryMode: 'NOPE' }), 'AMZ-US'),
    );
    expect(error.kind).toBe('data');
    expect(error.message).toContain('D365 refused its sales order header');
    expect(error.message).toContain('Nothing of it was created in D365.');
    expect(error.message).toContain('mappings.deliveryModes');
    expect(held(d365)).toEqual([]);
    expect(await findIntent(store.db, intentKey())).toMatchObject({ state: 'rejected' });
  });

  it('after a 5xx on the lines change set, the retry completes the lines without duplicates', async () => {
    await d365.harness.fault({ kind: 'error', status: 500, method: 'POST', pathPrefix: '/data/$batch' });
    const error = await connectorErrorOf(writeSalesOrder(writeContext(d365.client), orderDraft(), 'AMZ-US'));
    expect(error.context.outcomeUnknown).toBe(true);
    expect(held(d365)).toEqual([{ number: expect.any(String), lines: [] }]);
    expect(await findIntent(store.db, intentKey())).toMatchObject({ state: 'pending' });

    const written = await writeSalesOrder(writeContext(d365.client), orderDraft(), 'AMZ-US');
    expect(written.outcome).toBe('completed');
    expect(held(d365)).toEqual([{ number: written.salesOrderNumber, lines: allReferences }]);
    expect(await findIntent(store.db, intentKey())).toMatchObject({ state: 'done' });
  });

  it('after the lines’ answer is lost (applied), the retry finds everything and sends nothing', async () => {
    await d365.harness.fault({ kind: 'reset', when: 'after', method: 'POST', pathPrefix: '/data/$batch' });
    const error = await connectorErrorOf(writeSalesOrder(writeContext(d365.client), orderDraft(), 'AMZ-US'));
    expect(error.context.outcomeUnknown).toBe(true);
    d365.harness.resetCounts();

    const written = await writeSalesOrder(writeContext(d365.client), orderDraft(), 'AMZ-US');
    expect(written.outcome).toBe('found');
    expect(requests(d365).filter((r) => !r.startsWith('GET'))).toEqual([]);
    expect(held(d365)).toEqual([{ number: written.salesOrderNumber, lines: allReferences }]);
    expect(await findIntent(store.db, intentKey())).toMatchObject({ state: 'done' });
  });

  it('after the header’s answer is lost, the retry finds the header and adds the lines', async () => {
    await d365.harness.fault({
      kind: 'reset',
      when: 'after',
      method: 'POST',
      pathPrefix: '/data/SalesOrderHeadersV2',
    });
    const error = await connectorErrorOf(writeSalesOrder(writeContext(d365.client), orderDraft(), 'AMZ-US'));
    expect(error.context.outcomeUnknown).toBe(true);
    const written = await writeSalesOrder(writeContext(d365.client), orderDraft(), 'AMZ-US');
    expect(written.outcome).toBe('completed');
    expect(held(d365)).toEqual([{ number: written.salesOrderNumber, lines: allReferences }]);
  });

  it('refuses to choose between two orders with the same reference', async () => {
    const rows = salesOrderRows(orderDraft(), 'AMZ-US');
    const a = await d365.client.create(salesOrderHeaders, rows.header);
    const b = await d365.client.create(salesOrderHeaders, rows.header);
    d365.harness.resetCounts();
    const error = await connectorErrorOf(writeSalesOrder(writeContext(d365.client), orderDraft(), 'AMZ-US'));
    expect(error.kind).toBe('data');
    expect(error.message).toBe(
      `D365 holds 2 sales orders with customer reference ${ORDER_ID} in ${COMPANY} ` +
        `(${a.SalesOrderNumber}, ${b.SalesOrderNumber}): keep one, delete the others in D365, then retry the order`,
    );
    expect(requests(d365)).toEqual(['GET /data/SalesOrderHeadersV2']);
  });
});

describe('writeSalesOrder, numbered by the connector (manual)', () => {
  const d365 = useHarness('each', { business: createBusiness({ manualSalesOrderNumbers: true }) });
  const manual = (over: Partial<SalesOrderDraft> = {}) =>
    orderDraft({ salesOrderNumber: `A${ORDER_ID}`, ...over });

  it('creates header and lines in one $batch, under the given number', async () => {
    const written = await writeSalesOrder(writeContext(d365.client), manual(), 'AMZ-US');
    expect(written).toMatchObject({ outcome: 'created', salesOrderNumber: `A${ORDER_ID}` });
    expect(written.lines).toHaveLength(5);
    expect(requests(d365)).toEqual(['GET /data/SalesOrderHeadersV2', 'POST /data/$batch']);
    expect(held(d365)).toEqual([{ number: `A${ORDER_ID}`, lines: allReferences }]);

    d365.harness.resetCounts();
    const again = await writeSalesOrder(writeContext(d365.client), manual(), 'AMZ-US');
    expect(again).toEqual({ ...written, outcome: 'found' });
    expect(requests(d365).filter((r) => !r.startsWith('GET'))).toEqual([]);
  });

  it('after a lost answer of the one change set, the retry finds the order', async () => {
    await d365.harness.fault({ kind: 'reset', when: 'after', method: 'POST', pathPrefix: '/data/$batch' });
    const error = await connectorErrorOf(writeSalesOrder(writeContext(d365.client), manual(), 'AMZ-US'));
    expect(error.context.outcomeUnknown).toBe(true);
    const written = await writeSalesOrder(writeContext(d365.client), manual(), 'AMZ-US');
    expect(written.outcome).toBe('found');
    expect(held(d365)).toEqual([{ number: `A${ORDER_ID}`, lines: allReferences }]);
  });

  it('says what to change when the connector’s number is taken by another order', async () => {
    await d365.client.create(salesOrderHeaders, {
      ...salesOrderRows(orderDraft({ orderId: 'SOMETHING-ELSE' }), 'AMZ-US').header,
      SalesOrderNumber: `A${ORDER_ID}`,
    });
    const error = await connectorErrorOf(writeSalesOrder(writeContext(d365.client), manual(), 'AMZ-US'));
    expect(error.kind).toBe('data');
    expect(error.message).toContain('D365 refused its sales order header');
    expect(error.message).toContain(
      `If sales order number A${ORDER_ID} is taken already, change orderNumbers.prefix or use orderNumbers.mode sequence.`,
    );
    expect(held(d365)).toEqual([]);
  });

  it('a refused change set leaves nothing: no header, a rejected intent, F&O’s reason', async () => {
    const draft = manual();
    draft.lines[0] = { ...draft.lines[0]!, item: { itemNumber: 'NO-SUCH-ITEM' } };
    const error = await connectorErrorOf(writeSalesOrder(writeContext(d365.client), draft, 'AMZ-US'));
    expect(error.kind).toBe('data');
    expect(error.message).toContain(
      `Amazon order ${ORDER_ID} was not imported: D365 refused its line 10000000000001 (item NO-SUCH-ITEM)`,
    );
    expect(error.message).toContain('Nothing of it was created in D365.');
    expect(held(d365)).toEqual([]);
    expect(await findIntent(store.db, intentKey())).toMatchObject({ state: 'rejected' });
  });
});
