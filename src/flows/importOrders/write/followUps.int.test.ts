// applyFollowUp against the real D365 client and emulator: Amazon cancellations (whole order or one
// item's lines with its bundle components, in both modes), idempotent when run twice, refused with an
// `attention` outcome once something shipped, and a delivery address change.
import { describe, expect, it } from 'vitest';
import { useTestStore } from '../../../../test/support/testDb.ts';
import { COMPANY, useHarness } from '../../../../test/integration/d365/kit.ts';
import { salesOrderHeaders, salesOrderLines, type D365Client } from '../../../d365/index.ts';
import { applyFollowUp } from './followUps.ts';
import { writeSalesOrder, type WrittenSalesOrder } from './salesOrderWriter.ts';
import type { ImportedOrder } from '../../domain/importedOrders.ts';
import type { LineDraft, SalesOrderDraft } from '../plan/drafts.ts';
import type { FollowUp } from '../plan/decisions.ts';
import { testWriteContext } from '../../../../test/support/writerTestKit.ts';

const line = (reference: string, itemNumber: string, over: Partial<LineDraft> = {}): LineDraft => ({
  reference,
  kind: reference.includes('#') ? 'bundleComponent' : 'item',
  orderItemId: reference.split('#')[0],
  item: { itemNumber },
  quantity: 2,
  unitPrice: 10,
  discountPerUnit: 0,
  site: '1',
  warehouse: '11',
  ...over,
});

const draft: SalesOrderDraft = {
  orderId: '113-5550002-0000001',
  company: COMPANY,
  customer: { kind: 'account', account: 'AMZ-US' },
  currency: 'USD',
  site: '1',
  warehouse: '11',
  deliveryAddress: {
    name: 'Jane Doe',
    lines: ['5 Elm St'],
    city: 'Seattle',
    stateOrRegion: 'WA',
    postalCode: '98101',
    countryCode: 'US',
  },
  lines: [
    line('20000000000001', 'A0001'),
    line('20000000000002#1', 'A0004', { quantity: 1 }),
    line('20000000000002#2', 'A0005'),
    line('SHIPPING', 'A0007', { kind: 'charge', orderItemId: undefined, quantity: 1 }),
  ],
  summary: {
    marketplaceId: 'ATVPDKIKX0DER',
    amazonStatus: 'UNSHIPPED',
    fulfilledBy: 'MERCHANT',
    lines: 4,
    payment: [],
  },
};

const cancelOrder: FollowUp = {
  kind: 'cancel',
  scope: 'order',
  orderItemIds: ['20000000000001', '20000000000002'],
  requestedByBuyer: false,
};
const cancelBundle: FollowUp = {
  kind: 'cancel',
  scope: 'lines',
  orderItemIds: ['20000000000002'],
  requestedByBuyer: true,
};

const store = useTestStore();

const d365 = useHarness('each');

const writeContext = (client: D365Client) => testWriteContext(client, store);

async function imported(): Promise<{
  order: Pick<ImportedOrder, 'company' | 'salesOrderNumber'>;
  written: WrittenSalesOrder;
}> {
  const written = await writeSalesOrder(writeContext(d365.client), draft, 'AMZ-US');
  d365.harness.resetCounts();
  return {
    order: { company: COMPANY, salesOrderNumber: written.salesOrderNumber },
    written,
  };
}

async function linesOf(number: string) {
  const page = await d365.client.list(salesOrderLines, {
    filter: (w) => w.eq('SalesOrderNumber', number),
    select: ['OrderLineReference', 'OrderedSalesQuantity', 'SalesOrderLineStatus'],
    orderBy: ['LineCreationSequenceNumber'],
  });
  return page.rows.map((l) => [l.OrderLineReference, l.OrderedSalesQuantity]);
}

const writes = () =>
  d365.harness
    .dataRequests()
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path.replace(/\(.*\)$/, '(…)')}`);

const ctx = () => writeContext(d365.client);

describe('cancelling', () => {
  it('deletes the whole order (its lines with it), and the second run finds nothing to do', async () => {
    const { order } = await imported();
    const outcome = await applyFollowUp(ctx(), order, cancelOrder, 'delete');
    expect(outcome).toEqual({
      kind: 'done',
      message: `sales order ${order.salesOrderNumber} deleted in D365 (Amazon cancelled)`,
    });
    expect(writes()).toEqual(['DELETE /data/SalesOrderHeadersV2(…)']);
    expect(
      await d365.client.get(salesOrderHeaders, { SalesOrderNumber: order.salesOrderNumber }),
    ).toBeUndefined();
    expect(await linesOf(order.salesOrderNumber)).toEqual([]);

    d365.harness.resetCounts();
    expect(await applyFollowUp(ctx(), order, cancelOrder, 'delete')).toEqual({
      kind: 'done',
      message: `sales order ${order.salesOrderNumber} was already removed in D365: nothing left to cancel`,
    });
    expect(writes()).toEqual([]);
  });

  it('sets every line to quantity 0 in zero mode, in one change set, and only once', async () => {
    const { order } = await imported();
    const outcome = await applyFollowUp(ctx(), order, cancelOrder, 'zero');
    expect(outcome).toEqual({
      kind: 'done',
      message: `4 line(s) of sales order ${order.salesOrderNumber} set to quantity 0 in D365 (Amazon cancelled)`,
    });
    expect(writes()).toEqual(['POST /data/$batch']);
    expect(await linesOf(order.salesOrderNumber)).toEqual([
      ['20000000000001', 0],
      ['20000000000002#1', 0],
      ['20000000000002#2', 0],
      ['SHIPPING', 0],
    ]);
    const view = await fetch(`${d365.harness.url}/_sim/sales-orders/${order.salesOrderNumber}`).then(
      (r) => r.json() as Promise<{ lines: { remaining: number }[]; orderTotalAmount: number }>,
    );
    expect(view.lines.map((l) => l.remaining)).toEqual([0, 0, 0, 0]);
    expect(view.orderTotalAmount).toBe(0);

    d365.harness.resetCounts();
    const again = await applyFollowUp(ctx(), order, cancelOrder, 'zero');
    expect(again.kind).toBe('done');
    expect(again.message).toContain('nothing left to cancel');
    expect(writes()).toEqual([]);
  });

  it('deletes one item’s lines with its bundle components and leaves the rest', async () => {
    const { order } = await imported();
    const outcome = await applyFollowUp(ctx(), order, cancelBundle, 'delete');
    expect(outcome).toEqual({
      kind: 'done',
      message: `2 line(s) of sales order ${order.salesOrderNumber} deleted in D365 (the buyer asked to cancel)`,
    });
    expect(writes()).toEqual(['POST /data/$batch']);
    expect(await linesOf(order.salesOrderNumber)).toEqual([
      ['20000000000001', 2],
      ['SHIPPING', 1],
    ]);

    d365.harness.resetCounts();
    expect((await applyFollowUp(ctx(), order, cancelBundle, 'delete')).message).toContain(
      'nothing left to cancel',
    );
    expect(writes()).toEqual([]);
  });

  it('zeroes one item’s lines with its bundle components in zero mode', async () => {
    const { order } = await imported();
    await applyFollowUp(ctx(), order, cancelBundle, 'zero');
    expect(await linesOf(order.salesOrderNumber)).toEqual([
      ['20000000000001', 2],
      ['20000000000002#1', 0],
      ['20000000000002#2', 0],
      ['SHIPPING', 1],
    ]);
  });

  it('changes nothing and asks a person once a line has shipped, even partly', async () => {
    const { order, written } = await imported();
    const headphones = written.lines.find((l) => l.reference === '20000000000001')!;
    await d365.harness.sim('/_sim/packing-slips', {
      salesOrderNumber: order.salesOrderNumber,
      lines: [{ inventoryLotId: headphones.inventoryLotId, quantity: 1 }],
    });
    d365.harness.resetCounts();

    for (const mode of ['delete', 'zero'] as const) {
      const outcome = await applyFollowUp(ctx(), order, cancelOrder, mode);
      expect(outcome.kind).toBe('attention');
      expect(outcome.message).toContain(
        `Amazon cancelled the order, but sales order ${order.salesOrderNumber}`,
      );
      expect(outcome.message).toContain('20000000000001 (item A0001)');
      expect(outcome.message).toContain('reverse the packing slip');
      expect(outcome.message).toContain('retry this record (connector retry)');
    }
    expect(writes()).toEqual([]);
    expect(await linesOf(order.salesOrderNumber)).toHaveLength(4);

    // The items that did not ship may still go.
    const bundle = await applyFollowUp(ctx(), order, cancelBundle, 'delete');
    expect(bundle.kind).toBe('done');
    expect(await linesOf(order.salesOrderNumber)).toEqual([
      ['20000000000001', 2],
      ['SHIPPING', 1],
    ]);
  });
});

describe('changing the delivery address', () => {
  const moved: FollowUp = {
    kind: 'address',
    address: {
      name: 'Jane Doe',
      lines: ['1 High St', 'Flat 3'],
      city: 'London',
      postalCode: 'SW1A 1AA',
      countryCode: 'GB',
    },
    addressHash: 'abc',
  };

  it('PATCHes the delivery address of the order and its lines together, clearing what the new one lacks', async () => {
    const { order } = await imported();
    const outcome = await applyFollowUp(ctx(), order, moved, 'delete');
    expect(outcome).toEqual({
      kind: 'done',
      message: `delivery address of sales order ${order.salesOrderNumber} updated in D365`,
    });
    // One change set: the header and every line, all or nothing.
    expect(writes()).toEqual(['POST /data/$batch']);
    const header = await d365.client.get(salesOrderHeaders, { SalesOrderNumber: order.salesOrderNumber });
    const newAddress = {
      IsDeliveryAddressOrderSpecific: 'Yes',
      DeliveryAddressName: 'Jane Doe',
      DeliveryAddressStreet: '1 High St\nFlat 3',
      DeliveryAddressCity: 'London',
      DeliveryAddressStateId: '',
      DeliveryAddressZipCode: 'SW1A 1AA',
      DeliveryAddressCountryRegionId: 'GBR',
    };
    expect(header).toMatchObject({ ...newAddress, DeliveryAddressCountryRegionISOCode: 'GB' });
    const { rows: lines } = await d365.client.list(salesOrderLines, {
      filter: (w) => w.eq('SalesOrderNumber', order.salesOrderNumber),
    });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatchObject(newAddress);
  });

  it('asks a person instead once something shipped', async () => {
    const { order, written } = await imported();
    await d365.harness.sim('/_sim/packing-slips', {
      salesOrderNumber: order.salesOrderNumber,
      lines: [{ inventoryLotId: written.lines[0]!.inventoryLotId, quantity: 2 }],
    });
    d365.harness.resetCounts();
    const outcome = await applyFollowUp(ctx(), order, moved, 'delete');
    expect(outcome.kind).toBe('attention');
    expect(outcome.message).toContain(`sales order ${order.salesOrderNumber} has already shipped`);
    expect(outcome.message).not.toContain('High St');
    expect(writes()).toEqual([]);
  });
});
