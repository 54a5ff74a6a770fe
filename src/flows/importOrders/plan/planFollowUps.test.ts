/**
 * Follow-ups of imported orders: an Amazon cancellation cancels the whole order once, a buyer's
 * request cancels its lines once, and a new delivery address reaches D365 only before anything ships.
 * The address is compared by its keyed hash, which ignores how it is written.
 */
import { describe, expect, it } from 'vitest';
import { addressHash } from './addressHash.ts';
import { planFollowUps } from './planFollowUps.ts';
import { anItem, anOrder, fakeKeyOf } from '../../../../test/support/planTestKit.ts';
import type { ImportedOrder } from '../../domain/importedOrders.ts';
import type { PostalAddress } from '../intake/facts.ts';

const address = anOrder().deliveryAddress!;
const imported: ImportedOrder = {
  connectionId: 'us1',
  amazonOrderId: '111-0000000-0000001',
  shippedAtImport: 'none',
  company: 'usmf',
  salesOrderNumber: 'SO-001',
  customerAccount: 'AMZ-US',
  addressHash: addressHash(address, fakeKeyOf),
  lines: [],
  cancelledItems: {},
  openBuyerRequests: [],
  shipments: [],
  importedAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
};
const byAmazon = { by: 'AMAZON', at: '2026-03-02T00:00:00.000Z' };
/** `imported` with these order items' lines (or, for 'all', the whole order) cancelled already. */
const cancelled = (items: 'all' | string[]): ImportedOrder =>
  items === 'all'
    ? { ...imported, cancelledOrder: byAmazon }
    : { ...imported, cancelledItems: Object.fromEntries(items.map((id) => [id, byAmazon])) };
const twoItems = [anItem({ orderItemId: '1' }), anItem({ orderItemId: '2' })];

describe('planFollowUps: cancellations', () => {
  it('cancels the whole order Amazon cancelled', () => {
    const facts = anOrder({
      status: 'CANCELLED',
      items: twoItems,
      cancellation: { by: 'MERCHANT', reason: 'NoInventory' },
    });
    expect(planFollowUps(facts, imported, fakeKeyOf)).toEqual([
      {
        kind: 'cancel',
        scope: 'order',
        orderItemIds: ['1', '2'],
        requestedByBuyer: false,
        cancelledBy: 'MERCHANT',
        reason: 'NoInventory',
      },
    ]);
  });

  it('does nothing more once the whole order is cancelled', () => {
    const facts = anOrder({ status: 'CANCELLED', items: twoItems });
    expect(planFollowUps(facts, cancelled('all'), fakeKeyOf)).toEqual([]);
  });

  it('cancels the whole order even when some lines were cancelled before', () => {
    const facts = anOrder({ status: 'CANCELLED', items: twoItems });
    expect(planFollowUps(facts, cancelled(['1']), fakeKeyOf)).toEqual([
      expect.objectContaining({ scope: 'order', requestedByBuyer: false }),
    ]);
  });

  it('cancels the lines the buyer asked to cancel, not yet cancelled', () => {
    const facts = anOrder({
      items: [
        anItem({ orderItemId: '1', cancellationRequested: { reason: 'NoLongerNeeded' } }),
        anItem({ orderItemId: '2', cancellationRequested: { reason: 'NoLongerNeeded' } }),
        anItem({ orderItemId: '3', cancellationRequested: {} }),
        anItem({ orderItemId: '4' }),
      ],
    });
    expect(planFollowUps(facts, cancelled(['2']), fakeKeyOf)).toEqual([
      {
        kind: 'cancel',
        scope: 'lines',
        orderItemIds: ['1', '3'],
        requestedByBuyer: true,
        reason: 'NoLongerNeeded',
      },
    ]);
  });

  it('cancels the whole order, charges included, when the buyer withdraws every item left', () => {
    const facts = anOrder({
      items: [
        anItem({ orderItemId: '1', cancellationRequested: { reason: 'NoLongerNeeded' } }),
        anItem({ orderItemId: '2' }),
      ],
    });
    expect(planFollowUps(facts, cancelled(['2']), fakeKeyOf)).toEqual([
      {
        kind: 'cancel',
        scope: 'order',
        orderItemIds: ['1'],
        requestedByBuyer: true,
        reason: 'NoLongerNeeded',
      },
    ]);
  });

  it('does nothing for a request already carried out', () => {
    const facts = anOrder({ items: [anItem({ orderItemId: '1', cancellationRequested: {} })] });
    expect(planFollowUps(facts, cancelled(['1']), fakeKeyOf)).toEqual([]);
  });
});

describe('planFollowUps: delivery address', () => {
  const moved: PostalAddress = { ...address, lines: ['2 Pine St'] };

  it('sends a new address of an unshipped order, with its hash', () => {
    expect(planFollowUps(anOrder({ deliveryAddress: moved }), imported, fakeKeyOf)).toEqual([
      { kind: 'address', address: moved, addressHash: addressHash(moved, fakeKeyOf) },
    ]);
  });

  it('does nothing when the address is the same', () => {
    expect(planFollowUps(anOrder(), imported, fakeKeyOf)).toEqual([]);
  });

  it.each(['PARTIALLY_SHIPPED', 'SHIPPED'])('leaves the address alone once the order is %s', (status) => {
    expect(planFollowUps(anOrder({ status, deliveryAddress: moved }), imported, fakeKeyOf)).toEqual([]);
  });

  it('gives an address to an order imported without one', () => {
    const followUps = planFollowUps(anOrder(), { ...imported, addressHash: undefined }, fakeKeyOf);
    expect(followUps).toEqual([expect.objectContaining({ kind: 'address', address })]);
  });

  it('follows a buyer request and an address change together', () => {
    const facts = anOrder({ deliveryAddress: moved, items: [anItem({ cancellationRequested: {} })] });
    expect(planFollowUps(facts, imported, fakeKeyOf).map((f) => f.kind)).toEqual(['cancel', 'address']);
  });
});

describe('addressHash', () => {
  it('is the same however the address is written, and leaves the phone out', () => {
    const respelled: PostalAddress = {
      phone: undefined,
      countryCode: 'us',
      postalCode: ' 98101 ',
      stateOrRegion: 'WA',
      city: 'Seattle',
      lines: ['  1 Main St', ''],
      companyName: '',
      name: 'Jane Doe ',
    };
    expect(addressHash(respelled, fakeKeyOf)).toBe(addressHash(address, fakeKeyOf));
  });

  it.each([
    { field: 'name', change: { name: 'John Doe' } },
    { field: 'lines', change: { lines: ['1 Main St', 'Apt 2'] } },
    { field: 'postal code', change: { postalCode: '98102' } },
    { field: 'country', change: { countryCode: 'CA' } },
  ])('changes with the $field', ({ change }) => {
    expect(addressHash({ ...address, ...change }, fakeKeyOf)).not.toBe(addressHash(address, fakeKeyOf));
  });

  it('is the keyed hash, not the address', () => {
    const hash = addressHash(address, fakeKeyOf);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(hash).not.toBe(addressHash(address, (t) => fakeKeyOf(`other key ${t}`)));
  });
});
