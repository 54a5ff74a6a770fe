// F&O service protection: past `maxRequestsPerWindow` requests in a sliding window per client (per
// Entra application), a request gets 429 with `Retry-After`. Every `$batch` part counts as a request, so
// parts can be throttled one by one as on F&O. The time scale shortens the window and the advertised
// Retry-After alike (demo, tests, benchmarks); Retry-After never drops below one second.

export interface ThrottleOptions {
  maxRequestsPerWindow: number;
  windowSeconds: number;
  retryAfterSeconds: number;
}

export class Throttle {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly options: ThrottleOptions | undefined,
    private readonly timeScale: number,
    private readonly now: () => number,
  ) {}

  /** Seconds to advertise in Retry-After (scaled, at least 1). */
  retryAfterSeconds(seconds = this.options?.retryAfterSeconds ?? 1): number {
    return Math.max(1, Math.ceil(seconds / this.timeScale));
  }

  /** Counts a request by `client`; answers the Retry-After seconds when it must be refused. */
  admit(client: string): number | undefined {
    if (!this.options) return undefined;
    const now = this.now();
    const windowMs = (this.options.windowSeconds * 1000) / this.timeScale;
    const times = (this.recent.get(client) ?? []).filter((t) => t > now - windowMs);
    if (times.length >= this.options.maxRequestsPerWindow) {
      this.recent.set(client, times);
      return this.retryAfterSeconds();
    }
    times.push(now);
    this.recent.set(client, times);
    return undefined;
  }
}
