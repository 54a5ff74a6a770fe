/**
 * Order freshness, learned from the connection's own history — pure, tested in orderFreshness.test.ts.
 *
 * An hour of the week is "busy" when, over the same hour of the previous `weeks` weeks, the median
 * number of imported orders is at least `minMedianPerHour`. The rule is active when each of the last
 * `hours` complete hours was busy and saw no order at all, and none has come in this hour either: a
 * quiet night (never busy) never alerts, a dead Monday morning (busy every other Monday) does. Weeks
 * before the connection existed count as zero orders, so a new connection learns before it alerts.
 * Hours are UTC hours: a week earlier is exactly 168 hours earlier (a daylight-saving change shifts a
 * busy edge by one hour for the weeks around it, which at worst delays or advances an alert by an hour).
 */

export interface FreshnessSettings {
  hours: number;
  weeks: number;
  minMedianPerHour: number;
}

export interface FreshnessVerdict {
  active: boolean;
  /** The median per hour the history expected, for each of the last `hours` hours (oldest first). */
  expected: number[];
}

const HOUR_MS = 3_600_000;
const WEEK_HOURS = 168;

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The hours (since the epoch, UTC) the verdict needs counts for: [from, to). */
export function freshnessWindow(now: Date, s: FreshnessSettings): { from: number; to: number } {
  const current = Math.floor(now.getTime() / HOUR_MS);
  return { from: current - s.hours - WEEK_HOURS * s.weeks, to: current + 1 };
}

/** `counts`: orders imported per UTC hour (hours since the epoch), absent = none. */
export function judgeFreshness(
  counts: ReadonlyMap<number, number>,
  now: Date,
  s: FreshnessSettings,
): FreshnessVerdict {
  const current = Math.floor(now.getTime() / HOUR_MS);
  const count = (hour: number) => counts.get(hour) ?? 0;
  const expected: number[] = [];
  let active = count(current) === 0;
  for (let back = s.hours; back >= 1; back--) {
    const hour = current - back;
    const history = Array.from({ length: s.weeks }, (_, w) => count(hour - WEEK_HOURS * (w + 1)));
    const usual = median(history);
    expected.push(usual);
    if (count(hour) > 0 || usual < s.minMedianPerHour) active = false;
  }
  return { active, expected };
}
