// Order freshness learned from history: busy hours alert when dead, quiet hours never do, and a young
// connection (no four weeks of history) does not alert. Hours are counted since the epoch (UTC).
import { describe, expect, it } from 'vitest';
import { judgeFreshness, median } from './orderFreshness.ts';

const HOUR = 3_600_000;
const settings = { hours: 3, weeks: 4, minMedianPerHour: 2 };
// Monday 2025-03-03 10:20 UTC: the last three complete hours are 07:00, 08:00 and 09:00.
const now = new Date('2025-03-03T10:20:00Z');
const current = Math.floor(now.getTime() / HOUR);

/** Orders in the given hours (offsets from the current hour) of each of the previous weeks. */
function history(perHour: number, offsets: number[], weeks = 4): Map<number, number> {
  const counts = new Map<number, number>();
  for (let w = 1; w <= weeks; w++) for (const o of offsets) counts.set(current + o - 168 * w, perHour);
  return counts;
}

describe('judgeFreshness', () => {
  it('alerts on a dead morning that is busy every other week', () => {
    const verdict = judgeFreshness(history(5, [-3, -2, -1]), now, settings);
    expect(verdict).toEqual({ active: true, expected: [5, 5, 5] });
  });

  it('does not alert on a quiet night (few orders at these hours in the past)', () => {
    expect(judgeFreshness(history(1, [-3, -2, -1]), now, settings).active).toBe(false);
  });

  it('does not alert when one of the hours is usually quiet', () => {
    const counts = history(5, [-2, -1]);
    expect(judgeFreshness(counts, now, settings).active).toBe(false);
  });

  it('does not alert when an order came in, in those hours or in this one', () => {
    for (const offset of [-3, -1, 0]) {
      const counts = history(5, [-3, -2, -1]);
      counts.set(current + offset, 1);
      expect(judgeFreshness(counts, now, settings).active).toBe(false);
    }
  });

  it('uses the median, so one busy week (a sale) teaches nothing', () => {
    const counts = history(0, [-3, -2, -1]);
    for (const o of [-3, -2, -1]) counts.set(current + o - 168, 50);
    expect(judgeFreshness(counts, now, settings).active).toBe(false);
  });

  it('needs the weeks: two busy weeks of four is a median of 2.5 with 5 orders, 0 with none older', () => {
    expect(judgeFreshness(history(5, [-3, -2, -1], 2), now, settings).active).toBe(true);
    expect(judgeFreshness(history(5, [-3, -2, -1], 1), now, settings).active).toBe(false);
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([0, 0, 4, 5])).toBe(2);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBe(0);
  });
});
