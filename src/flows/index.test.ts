// The planner contract: plan() is pure — same snapshot, same plan; no I/O, no clock, no randomness.
import { describe, expect, it } from 'vitest';
import { heartbeatFlow } from './heartbeat/flow.ts';
import { retentionFlow } from './retention/flow.ts';
import { flows } from './index.ts';

const ctx = { connectionId: 'global', settings: {}, now: () => new Date(0) };

describe('built-in planners', () => {
  it('heartbeat plans exactly one beat after the last one', () => {
    const plan = heartbeatFlow.plan({ beats: 41 }, ctx);
    expect(plan).toEqual(heartbeatFlow.plan({ beats: 41 }, ctx));
    expect(plan.actions).toEqual([{ action: 'beat', description: 'record heartbeat #42' }]);
    expect(plan.hasMore).toBe(false);
  });

  it('retention purges personal data only when some is due, and pages through a large backlog', () => {
    expect(retentionFlow.plan({ due: 0, feedRetentionDays: 30 }, ctx).actions.map((a) => a.action)).toEqual([
      'purge-feed',
    ]);
    const big = retentionFlow.plan({ due: 1200, feedRetentionDays: 30 }, ctx);
    expect(big.actions.map((a) => a.action)).toEqual(['purge-personal', 'purge-feed']);
    expect(big).toMatchObject({ hasMore: true, backlog: 1200 });
  });

  it('every built-in flow has a unique id and a description', () => {
    const ids = flows.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    flows.forEach((f) => expect(f.description.length).toBeGreaterThan(10));
  });
});
