import { describe, expect, it } from 'vitest';
import { useTestStore } from '../../test/support/testDb.ts';
import { getRecordPersonal, saveRecord } from './repos/records.ts';
import { getPayload, savePayload } from './repos/payloads.ts';
import { countDuePersonalData, purgeDuePersonalData } from './retention.ts';

const store = useTestStore();

describe('personal data retention', () => {
  it('purges what is due — sealed record data and sealed payload fields — and keeps the rest', async () => {
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 86_400_000);
    const payload = (orderId: string, purgeAfter: Date) =>
      savePayload(store.db, store.sealer, {
        connectionId: 'us',
        kind: 'order',
        body: { orderId, buyer: { buyerEmail: `${orderId}@marketplace.amazon.com` } },
        personalPaths: ['buyer.buyerEmail'],
        purgeAfter,
      });
    const duePayload = await payload('A', past);
    const keptPayload = await payload('B', future);
    const record = (externalId: string, name: string, payloadId: number, purgeAfter: Date) =>
      saveRecord(store.db, store.sealer, {
        connectionId: 'us',
        flow: 'import-orders',
        externalId,
        state: 'synced',
        personal: { name },
        payloadId,
        purgeAfter,
      });
    const due = await record('A', 'Jane', duePayload, past);
    const kept = await record('B', 'John', keptPayload, future);
    expect(await countDuePersonalData(store.db)).toBe(2);
    expect(await purgeDuePersonalData(store.db)).toEqual({ records: 1, payloads: 1 });
    expect(await countDuePersonalData(store.db)).toBe(0);

    expect(await getRecordPersonal(store.db, store.sealer, due.id)).toBeUndefined();
    expect(await getRecordPersonal(store.db, store.sealer, kept.id)).toEqual({ name: 'John' });
    const purged = await getPayload(store.db, store.sealer, duePayload, true);
    expect(purged!.body).toEqual({ orderId: 'A', buyer: { buyerEmail: { $purged: true } } });
    expect(purged!.purgedAt).toBeInstanceOf(Date);
    expect((await getPayload(store.db, store.sealer, keptPayload, true))!.body).toMatchObject({
      buyer: { buyerEmail: 'B@marketplace.amazon.com' },
    });
    expect(await purgeDuePersonalData(store.db)).toEqual({ records: 0, payloads: 0 });
  });
});
