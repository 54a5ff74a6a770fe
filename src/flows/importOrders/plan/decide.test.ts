// The plan says everything apply will do — also what follows a decision at once — so that
// `connector plan import-orders` shows exactly what a run would carry out.
import { describe, expect, it } from 'vitest';
import {
  anItem,
  anOrder,
  fakeLookups,
  DEFAULT_ITEMS,
  someMappings,
  someProfile,
  someSettings,
} from '../../../../test/support/planTestKit.ts';
import type { ImportSnapshot, WorkItem } from '../intake/snapshot.ts';
import type { OrderFacts } from '../intake/facts.ts';
import { decide } from './decide.ts';

function snapshotOf(facts: OrderFacts, work: Partial<WorkItem> = {}): ImportSnapshot {
  return {
    settings: someSettings(),
    mappings: someMappings(),
    lookups: fakeLookups(DEFAULT_ITEMS),
    work: [{ externalId: facts.orderId, facts, problems: [], attempts: 0, ...work }],
    moreStaged: false,
  };
}

const planOf = (facts: OrderFacts, work: Partial<WorkItem> = {}) =>
  decide(snapshotOf(facts, work), () => someProfile()).actions[0]!;

const twoItems = (second: Partial<Parameters<typeof anItem>[0]> = {}) => [
  anItem({ orderItemId: '1' }),
  anItem({ orderItemId: '2', ...second }),
];

describe('decide: what follows a decision at once', () => {
  it('plans the cancellation a buyer asked for before the order was first seen, after creating it', () => {
    const action = planOf(anOrder({ items: twoItems({ cancellationRequested: { reason: 'too late' } }) }));
    expect(action.action).toBe('create');
    expect(action.then).toEqual({
      when: 'created',
      followUps: [
        {
          kind: 'cancel',
          scope: 'lines',
          orderItemIds: ['2'],
          requestedByBuyer: true,
          reason: 'too late',
        },
      ],
    });
    expect(action.description).toMatch(/; then cancel the lines of item\(s\) 2 in D365 \(buyer asked\)$/);
  });

  it('plans nothing after creating an order nobody asked to change', () => {
    const action = planOf(anOrder({ items: twoItems() }));
    expect(action.action).toBe('create');
    expect(action.then).toBeUndefined();
    expect(action.description).not.toMatch(/then/);
  });

  it('plans the cancellation of an order an earlier attempt may have created, should D365 have it', () => {
    const cancelled = anOrder({ status: 'CANCELLED', items: twoItems(), cancellation: { by: 'BUYER' } });
    const action = planOf(cancelled, { earlierAttempt: true });
    expect(action.action).toBe('skip');
    expect(action.then).toEqual({
      when: 'found in D365',
      followUps: [
        expect.objectContaining({
          kind: 'cancel',
          scope: 'order',
          orderItemIds: ['1', '2'],
          cancelledBy: 'BUYER',
        }),
      ],
    });
    expect(action.description).toMatch(
      /^skip: cancelled on Amazon before it was imported; unless an earlier attempt created it: D365 is asked first, and if it has the order: cancel the whole order in D365/,
    );
    // Without an earlier attempt, a skip is only a skip.
    expect(planOf(cancelled).then).toBeUndefined();
  });

  it('sends the delivery address again to an order found from an earlier attempt (none is recorded for it)', () => {
    const action = planOf(anOrder({ items: [anItem({ sku: 'NOT-MAPPED' })] }), { earlierAttempt: true });
    expect(action.action).toBe('attention');
    // Its delivery address is sent again: the D365 order an attempt left has none recorded for it.
    expect(action.then).toEqual({
      when: 'found in D365',
      followUps: [expect.objectContaining({ kind: 'address' })],
    });
  });
});
