// The planner contract: plan() is pure — same snapshot, same plan; no I/O, no clock, no randomness.
import { describe, expect, it } from 'vitest';
import { heartbeatFlow } from './flow.ts';

const ctx = { connectionId: 'global', settings: {}, now: () => new Date(0) };

describe('heartbeat planner', () => {
  it('plans exactly one beat after the last one', () => {
    const plan = heartbeatFlow.plan({ beats: 41 }, ctx);
    expect(plan).toEqual(heartbeatFlow.plan({ beats: 41 }, ctx));
    expect(plan.actions).toEqual([{ action: 'beat', description: 'record heartbeat #42' }]);
    expect(plan.hasMore).toBe(false);
  });
});
