import { describe, expect, it } from 'vitest';
import { retentionFlow } from './flow.ts';

const ctx = { connectionId: 'global', settings: {}, now: () => new Date(0) };

describe('retention planner', () => {
  it('purges personal data only when some is due, and pages through a large backlog', () => {
    expect(retentionFlow.plan({ due: 0, feedRetentionDays: 30 }, ctx).actions.map((a) => a.action)).toEqual([
      'purge-feed',
    ]);
    const big = retentionFlow.plan({ due: 1200, feedRetentionDays: 30 }, ctx);
    expect(big.actions.map((a) => a.action)).toEqual(['purge-personal', 'purge-feed']);
    expect(big).toMatchObject({ hasMore: true, backlog: 1200 });
  });
});
