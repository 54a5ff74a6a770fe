// JSON_LISTINGS_FEED's own limit on top of createFeed's usage plan (reference §2, changelog 2025-05-06):
// 5 submissions per 5 minutes per seller and region — every marketplace of the region shares it. A sliding
// window of the accepted submissions' times, shortened by the time scale like the usage plans; kept in
// memory like the token buckets, and emptied with them by `/_sim/reset`.
export const LISTINGS_FEED_QUOTA = { submissions: 5, windowMs: 5 * 60_000 } as const;

export class ListingsFeedQuota {
  private readonly taken = new Map<string, number[]>();

  constructor(
    private readonly scaled: (ms: number) => number,
    private readonly now: () => number,
  ) {}

  /** Records a submission for (seller, region); false when the window is full (the call gets a 429). */
  take(sellerId: string, region: string): boolean {
    const key = `${sellerId}|${region}`;
    const now = this.now();
    const since = now - this.scaled(LISTINGS_FEED_QUOTA.windowMs);
    const recent = (this.taken.get(key) ?? []).filter((t) => t > since);
    const allowed = recent.length < LISTINGS_FEED_QUOTA.submissions;
    this.taken.set(key, allowed ? [...recent, now] : recent);
    return allowed;
  }

  reset(): void {
    this.taken.clear();
  }
}
