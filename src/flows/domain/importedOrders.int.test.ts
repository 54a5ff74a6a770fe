import { afterEach, describe, expect, it } from 'vitest';
import { openTestDb, useTestStore, type TestDb } from '../../../test/support/testDb.ts';
import { migrate } from '../../store/migrate.ts';
import {
  answerBuyerRequests,
  findBySalesOrder,
  isCancelled,
  ordersWithOpenBuyerRequests,
  readImportedOrder,
  readImportedOrders,
  recordAddress,
  recordCancellation,
  recordImportedOrder,
  recordShipment,
  shippedQuantities,
  type NewImportedOrder,
} from './importedOrders.ts';

const store = useTestStore();

const key = { connectionId: 'us1', amazonOrderId: '111-0000000-0000001' };
const order: NewImportedOrder = {
  ...key,
  marketplaceId: 'ATVPDKIKX0DER',
  company: 'usmf',
  salesOrderNumber: 'SO-0001',
  customerAccount: 'AMZ-US',
  addressHash: 'aaaa',
  lines: [
    {
      reference: '1',
      kind: 'item',
      orderItemId: '1',
      itemNumber: 'A0001',
      quantity: 2,
      inventoryLotId: 'L1',
    },
    { reference: '2#1', kind: 'bundleComponent', orderItemId: '2', itemNumber: 'A0004', quantity: 1 },
    { reference: 'SHIPPING', kind: 'charge', itemNumber: 'S0100', quantity: 1 },
  ],
};
const at = new Date('2026-03-02T10:00:00Z');

describe('imported-orders read model', () => {
  it('keeps the sales order an Amazon order became, found by order id or by sales order', async () => {
    await store.db.transaction((tx) => recordImportedOrder(tx, order));
    const read = await readImportedOrder(store.db, key);
    expect(read).toMatchObject({ ...order, cancelledItems: {}, openBuyerRequests: [], shipments: [] });
    expect(await findBySalesOrder(store.db, 'us1', 'USMF', 'SO-0001')).toEqual(read);
    expect(await findBySalesOrder(store.db, 'eu1', 'usmf', 'SO-0001')).toBeUndefined();
    expect([...(await readImportedOrders(store.db, 'us1', [key.amazonOrderId, 'other'])).keys()]).toEqual([
      key.amazonOrderId,
    ]);
  });

  it('says what was cancelled and by whom, and keeps buyer requests open until answered', async () => {
    await store.db.transaction((tx) => recordImportedOrder(tx, order));
    await store.db.transaction((tx) =>
      recordCancellation(tx, key, { scope: 'lines', orderItemIds: ['2'], by: 'BUYER', at, reason: 'late' }),
    );
    let read = (await readImportedOrder(store.db, key))!;
    expect(read.cancelledItems).toEqual({ '2': { by: 'BUYER', at: at.toISOString(), reason: 'late' } });
    expect(read.openBuyerRequests).toEqual([{ orderItemId: '2', at: at.toISOString(), reason: 'late' }]);
    expect(isCancelled(read, '2')).toBe(true);
    expect(isCancelled(read, '1')).toBe(false);
    expect((await ordersWithOpenBuyerRequests(store.db, 'us1')).map((o) => o.amazonOrderId)).toEqual([
      key.amazonOrderId,
    ]);

    await store.db.transaction((tx) =>
      recordCancellation(tx, key, { scope: 'order', orderItemIds: ['1', '2'], by: 'AMAZON', at }),
    );
    read = (await readImportedOrder(store.db, key))!;
    expect(read.cancelledOrder).toEqual({ by: 'AMAZON', at: at.toISOString() });
    // What the buyer cancelled first stays the buyer's.
    expect(read.cancelledItems['2']!.by).toBe('BUYER');
    expect(read.cancelledItems['1']!.by).toBe('AMAZON');

    await store.db.transaction((tx) => answerBuyerRequests(tx, key, ['2']));
    expect((await readImportedOrder(store.db, key))!.openBuyerRequests).toEqual([]);
    expect(await ordersWithOpenBuyerRequests(store.db, 'us1')).toEqual([]);
  });

  it('records a shipment once however often it is recorded, and sums what shipped', async () => {
    await store.db.transaction((tx) => recordImportedOrder(tx, order));
    const shipment = {
      reference: 'PS-1',
      items: [{ orderItemId: '1', quantity: 1 }],
      carrier: 'UPS',
      trackingNumber: '1Z999',
      confirmedAt: at.toISOString(),
    };
    await store.db.transaction((tx) => recordShipment(tx, key, shipment));
    await store.db.transaction((tx) => recordShipment(tx, key, shipment));
    await store.db.transaction((tx) =>
      recordShipment(tx, key, { ...shipment, reference: 'PS-2', items: [{ orderItemId: '1', quantity: 1 }] }),
    );
    const read = (await readImportedOrder(store.db, key))!;
    expect(read.shipments.map((s) => s.reference)).toEqual(['PS-1', 'PS-2']);
    expect(shippedQuantities(read)).toEqual(new Map([['1', 2]]));
  });

  it('keeps what happened since when an order is recorded again, and a new address', async () => {
    await store.db.transaction((tx) => recordImportedOrder(tx, order));
    await store.db.transaction((tx) =>
      recordCancellation(tx, key, { scope: 'lines', orderItemIds: ['1'], by: 'MERCHANT', at }),
    );
    await store.db.transaction((tx) =>
      recordImportedOrder(tx, { ...order, lines: [], addressHash: undefined }),
    );
    await store.db.transaction((tx) => recordAddress(tx, key, 'bbbb'));
    const read = (await readImportedOrder(store.db, key))!;
    expect(read.lines).toHaveLength(3);
    expect(read.cancelledItems['1']!.by).toBe('MERCHANT');
    expect(read.addressHash).toBe('bbbb');
  });

  it('refuses to change an order it does not hold', async () => {
    await expect(store.db.transaction((tx) => recordAddress(tx, key, 'x'))).rejects.toThrow(
      /not in the imported-orders read model/,
    );
  });
});

describe('migration 004', () => {
  let t: TestDb | undefined;
  afterEach(async () => t?.close());

  it('fills the read model from the records of orders imported before it', async () => {
    t = await openTestDb({ migrate: false });
    await migrate(t.db, { until: 3 });
    const insert = (externalId: string, summary: object) =>
      t!.db.query(
        `INSERT INTO records (connection_id, flow, external_id, state, summary) VALUES ('us1', 'import-orders', $1, 'synced', $2::jsonb)`,
        [externalId, JSON.stringify(summary)],
      );
    const d365 = { company: 'usmf', salesOrderNumber: 'SO-1', customerAccount: 'AMZ-US', addressHash: 'h' };
    await insert('A', { marketplaceId: 'ATVPDKIKX0DER', d365 });
    await insert('B', { d365: { ...d365, salesOrderNumber: 'SO-2', cancelled: 'all' } });
    await insert('C', {
      d365: { ...d365, salesOrderNumber: 'SO-3', cancelled: ['7'] },
      cancellationToAcknowledge: ['7'],
    });
    await insert('D', { stage: 'waiting' });
    await migrate(t.db);
    const read = await readImportedOrders(t.db, 'us1', ['A', 'B', 'C', 'D']);
    expect([...read.keys()].sort()).toEqual(['A', 'B', 'C']);
    expect(read.get('A')).toMatchObject({
      salesOrderNumber: 'SO-1',
      marketplaceId: 'ATVPDKIKX0DER',
      addressHash: 'h',
    });
    expect(read.get('B')!.cancelledOrder).toMatchObject({ by: 'AMAZON' });
    expect(Object.keys(read.get('C')!.cancelledItems)).toEqual(['7']);
    expect(read.get('C')!.openBuyerRequests.map((r) => r.orderItemId)).toEqual(['7']);
  });
});
