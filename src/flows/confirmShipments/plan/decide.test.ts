// The planner of confirm-shipments: pure — the same snapshot, settings and clock give the same plan —
// and one rule per case: what is sent for a ready package, and why a package waits, is not sent or
// needs a person.
import { describe, expect, it } from 'vitest';
import type { ImportedOrder } from '../../domain/importedOrders.ts';
import { readCarrierMapping } from '../carrierMapping.ts';
import type { PackageEntry } from '../packages.ts';
import { confirmShipmentsSettings } from '../settings.ts';
import { decide, isPackageAction, shipDate, type OrderWork } from './decide.ts';

const settings = confirmShipmentsSettings.parse({ trackingDeadlineMinutes: 60 });
const carriers = readCarrierMapping([
  { carrier: 'UPS', carrierCode: 'UPS', shippingMethod: 'UPS Ground' },
]).mapping;
const NOW = new Date('2026-12-01T12:00:00Z');

const imported: ImportedOrder = {
  connectionId: 'demo',
  amazonOrderId: '111-0000000-0000001',
  marketplaceId: 'ATVPDKIKX0DER',
  fulfilledBy: 'MERCHANT',
  shippedAtImport: 'none',
  company: 'usmf',
  salesOrderNumber: 'SO-1',
  customerAccount: 'AMZ-US',
  lines: [
    { reference: 'A', kind: 'item', orderItemId: 'A', itemNumber: 'HP', quantity: 2, inventoryLotId: 'L-A' },
    { reference: 'SHIPPING', kind: 'charge', itemNumber: 'FREIGHT', quantity: 1, inventoryLotId: 'L-S' },
  ],
  cancelledItems: {},
  openBuyerRequests: [],
  shipments: [],
  importedAt: '2026-12-01T08:00:00Z',
  updatedAt: '2026-12-01T08:00:00Z',
};

function pkg(over: Partial<PackageEntry> = {}): PackageEntry {
  return {
    company: 'usmf',
    packingSlipId: 'PS1',
    salesOrderNumber: 'SO-1',
    createdOn: '2026-12-01T11:30:15.000Z',
    deliveryDate: '2026-12-01',
    carrier: 'UPS',
    mode: 'AMZ-STD',
    lines: [
      { inventTransId: 'L-A', itemId: 'HP', quantity: 2 },
      { inventTransId: 'L-S', itemId: 'FREIGHT', quantity: 1 },
    ],
    tracking: ['1Z001', '1Z002'],
    packageReferenceId: '1',
    state: 'ready',
    ...over,
  };
}

const plan = (order: Partial<ImportedOrder>, packages: PackageEntry[], retry = false) => {
  const work: OrderWork = { imported: { ...imported, ...order }, packages, newSlips: [], retry };
  const decided = decide({ orders: [work], advances: [], settings, carriers, now: NOW, hasMore: false });
  return { ...decided, actions: decided.actions.filter(isPackageAction) };
};
const only = (p: ReturnType<typeof plan>) => {
  expect(p.actions).toHaveLength(1);
  return p.actions[0]!;
};

describe('confirm-shipments planner', () => {
  it('confirms a ready package: its items, the first tracking number, the mapped carrier, the ship date', () => {
    const p = plan({}, [pkg()]);
    expect(p).toEqual(plan({}, [pkg()])); // pure
    const a = only(p);
    expect(a).toMatchObject({ action: 'confirm', externalId: imported.amazonOrderId });
    expect(a.description).toBe(
      'confirm Amazon order 111-0000000-0000001, packing slip PS1 (package 1): 2 unit(s), UPS 1Z001',
    );
    expect(a.entry).toMatchObject({
      state: 'ready',
      moreTracking: ['1Z002'],
      detail: {
        carrierCode: 'UPS',
        shippingMethod: 'UPS Ground',
        trackingNumber: '1Z001',
        shipDate: '2026-12-01T11:30:15.000Z',
        orderItems: [{ orderItemId: 'A', quantity: 2 }],
      },
    });
  });

  it('sends nothing for an order Amazon fulfils or one Amazon showed shipped at import', () => {
    expect(only(plan({ fulfilledBy: 'AMAZON' }, [pkg()])).entry).toMatchObject({
      state: 'not_sent',
      note: expect.stringMatching(/fulfilled by Amazon/),
    });
    expect(only(plan({ shippedAtImport: 'partly' }, [pkg()])).entry).toMatchObject({
      state: 'needs_attention',
      note: expect.stringMatching(/part of the order shipped when it was imported/),
    });
    expect(only(plan({ shippedAtImport: 'all' }, [pkg()])).entry).toMatchObject({
      state: 'not_sent',
      note: expect.stringMatching(/shipped outside D365/),
    });
  });

  it('waits for a tracking number until the deadline, then asks a person', () => {
    const fresh = only(plan({}, [pkg({ tracking: [] })]));
    expect(fresh).toMatchObject({
      action: 'wait',
      entry: { state: 'waiting', note: expect.stringMatching(/until 2026-12-01T12:30:15.000Z/) },
    });
    const late = only(plan({}, [pkg({ tracking: [], createdOn: '2026-12-01T10:00:00.000Z' })]));
    expect(late).toMatchObject({
      action: 'attention',
      entry: {
        note: expect.stringMatching(
          /no tracking number 60 minutes after it was posted.*enter the parcel's tracking number on packing slip PS1 of sales order SO-1/,
        ),
      },
    });
  });

  it('asks a person for a cancelled item and for more units than Amazon still expects', () => {
    const cancelled = { cancelledItems: { A: { by: 'BUYER', at: '2026-12-01T09:00:00Z' } } };
    expect(only(plan(cancelled, [pkg()])).entry.note).toMatch(
      /order item A was cancelled \(by BUYER, 2026-12-01\) but this packing slip ships it/,
    );
    const confirmed = pkg({
      packingSlipId: 'PS0',
      createdOn: '2026-12-01T09:00:00Z',
      state: 'confirmed',
      detail: {
        carrierCode: 'UPS',
        trackingNumber: 'x',
        shipDate: 'x',
        orderItems: [{ orderItemId: 'A', quantity: 1 }],
      },
    });
    const over = plan({}, [confirmed, pkg({ packageReferenceId: '2' })]);
    expect(only(over).entry.note).toMatch(
      /ships 2 unit\(s\) of order item A, but only 1 of the 2 ordered remain unshipped/,
    );
  });

  it('asks a person when D365 names no carrier and the mode of delivery has no row', () => {
    const a = only(plan({}, [pkg({ carrier: undefined })]));
    expect(a.entry.note).toMatch(
      /D365 names no carrier for it and mode of delivery AMZ-STD has no row in mappings.carriers/,
    );
  });

  it('sends nothing for a slip of charge lines only', () => {
    const a = only(plan({}, [pkg({ lines: [{ inventTransId: 'L-S', itemId: 'FREIGHT', quantity: 1 }] })]));
    expect(a.entry).toMatchObject({
      state: 'not_sent',
      note: 'it ships no Amazon order item (charge lines only)',
    });
  });

  it('leaves settled packages alone, and decides those that needed attention again on a retry', () => {
    const attention = pkg({ state: 'needs_attention', note: 'old reason' });
    expect(
      plan({}, [pkg({ state: 'confirmed' }), pkg({ packingSlipId: 'PS2', state: 'not_sent' }), attention])
        .actions,
    ).toEqual([]);
    expect(only(plan({}, [attention], true))).toMatchObject({ action: 'confirm' });
  });

  it('says where each search moves on, even in a page without packages', () => {
    const p = decide({
      orders: [],
      advances: [{ scope: 'slips:usmf', to: '2026-12-01T11:00:00.000Z' }],
      settings,
      carriers,
      now: NOW,
      hasMore: false,
    });
    expect(p.actions).toEqual([
      { action: 'advance', description: 'move the slips:usmf search on to 2026-12-01T11:00:00.000Z' },
    ]);
  });

  it('ships at the posting time when the slip date is the posting day in any time zone, else on the slip date; never later than now', () => {
    const now = new Date('2026-12-03T12:00:00.000Z');
    // US legal entity (UTC-7): posted 18:00 local on 1 Dec = 01:00Z on 2 Dec.
    expect(shipDate({ deliveryDate: '2026-12-01', createdOn: '2026-12-02T01:00:00.000Z' }, now)).toBe(
      '2026-12-02T01:00:00.000Z',
    );
    // Australian one (UTC+10): posted 08:00 local on 2 Dec = 22:00Z on 1 Dec.
    expect(shipDate({ deliveryDate: '2026-12-02', createdOn: '2026-12-01T22:00:00.000Z' }, now)).toBe(
      '2026-12-01T22:00:00.000Z',
    );
    // A slip date typed in three days before posting.
    expect(shipDate({ deliveryDate: '2026-11-28', createdOn: '2026-12-01T08:15:00.000Z' }, now)).toBe(
      '2026-11-28T12:00:00.000Z',
    );
    // A future slip date is not a shipment yet: now.
    expect(shipDate({ deliveryDate: '2026-12-10', createdOn: '2026-12-01T08:15:00.000Z' }, now)).toBe(
      now.toISOString(),
    );
  });

  it('blames the slip that overshoots, not the earlier one still waiting for its tracking number', () => {
    const waiting = pkg({ packingSlipId: 'PS1', tracking: [], createdOn: '2026-12-01T11:50:00.000Z' });
    const later = pkg({
      packingSlipId: 'PS2',
      packageReferenceId: '2',
      createdOn: '2026-12-01T11:55:00.000Z',
      lines: [{ inventTransId: 'L-A', itemId: 'HP', quantity: 1 }],
    });
    const p = plan({}, [waiting, later]);
    expect(p.actions.map((a) => [a.entry.packingSlipId, a.action])).toEqual([
      ['PS1', 'wait'],
      ['PS2', 'attention'],
    ]);
    expect(p.actions[1]!.entry.note).toMatch(/only 0 of the 2 ordered remain unshipped/);
  });
});
