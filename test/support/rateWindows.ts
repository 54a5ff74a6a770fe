/**
 * The rate-limit property tests assert: in every window [t_i, t_j] between two events (sorted times in
 * ms), the events in it number at most burst + rate × window. `slackMs` widens each window for delivery
 * jitter (a request that leaves on time but arrives a few ms late compresses the next gap); it is the
 * only tolerance besides rounding (timestamps are whole microseconds and epoch milliseconds are floats,
 * so an event exactly on the limit may land a few nanoseconds early: 1e-3 token covers that). Returns the
 * first violation, or undefined.
 */
export interface RateViolation {
  from: number;
  to: number;
  count: number;
  allowed: number;
}

export function firstRateViolation(
  times: number[],
  limit: { rate: number; burst: number },
  slackMs = 0,
): RateViolation | undefined {
  const sorted = [...times].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const windowMs = sorted[j]! - sorted[i]!;
      const allowed = limit.burst + (limit.rate * (windowMs + slackMs)) / 1000 + 1e-3;
      const count = j - i + 1;
      if (count > allowed) return { from: sorted[i]!, to: sorted[j]!, count, allowed };
    }
  }
  return undefined;
}
