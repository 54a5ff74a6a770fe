import { describe, expect, it } from 'vitest';
import { inParallel } from './inParallel.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('inParallel', () => {
  it('does every item once, never more than `limit` at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await inParallel([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++inFlight);
      for (let i = 0; i < n % 3; i++) await tick();
      done.push(n);
      inFlight--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('starts nothing new after a failure, lets the ones in flight finish, and throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = inParallel([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw new Error('one failed');
      await tick();
      finished.push(n);
    });
    await expect(run).rejects.toThrow('one failed');
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });

  it('starts nothing new once asked to stop', async () => {
    const started: number[] = [];
    await inParallel(
      [1, 2, 3, 4],
      1,
      async (n) => void started.push(n),
      () => started.length >= 2,
    );
    expect(started).toEqual([1, 2]);
  });
});
