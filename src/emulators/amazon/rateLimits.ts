// Amazon's usage plans as token buckets per (selling partner, operation). A bucket starts full (`burst`
// tokens) and refills at `rate` tokens per second; a call finding it empty gets 429 QuotaExceeded. The
// time scale speeds the refill up (the emulator's second lasts 1/timeScale real seconds) and leaves the
// bucket size alone — a burst is a count of calls, not a span of time — and the rate-limit header
// reports the scaled rate, which is the rate the caller really gets.

export interface Plan {
  rate: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(
    private readonly timeScale: number,
    private readonly now: () => number,
  ) {}

  /** Takes one token from the bucket of `key`; false when it is empty (the call must get a 429). */
  take(key: string, plan: Plan): boolean {
    const now = this.now();
    const rate = plan.rate * this.timeScale;
    const bucket = this.buckets.get(key) ?? { tokens: plan.burst, at: now };
    // A clock that steps back must not mint tokens.
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    const tokens = Math.min(plan.burst, bucket.tokens + elapsed * rate);
    const allowed = tokens >= 1;
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: Math.max(now, bucket.at) });
    return allowed;
  }

  /** The `x-amzn-RateLimit-Limit` value: the plan's rate as the caller experiences it. */
  header(plan: Plan): string {
    return String(Number((plan.rate * this.timeScale).toPrecision(6)));
  }

  /** Full buckets again (`/_sim/reset`). */
  reset(): void {
    this.buckets.clear();
  }
}
