/**
 * The cap on requests in flight to one F&O environment, shared by every client of that environment in
 * the process (two connections may point at the same F&O). F&O throttles per user and per web server,
 * so the cap belongs to the environment, not to a client. It also carries the environment's pause:
 * when F&O answers 429 with Retry-After, every request to it waits, instead of each in-flight request
 * running into the same 429 and lengthening the penalty.
 */
interface Waiter {
  grant(): void;
}

export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  private pausedUntil = 0;

  constructor(
    private limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get maxInFlight(): number {
    return this.limit;
  }

  /** Two settings for one environment: the smaller one wins, as it protects the shared remote. */
  lowerLimit(limit: number): void {
    this.limit = Math.max(1, Math.min(this.limit, limit));
  }

  /** Resolves with a release function once a slot is free; first come, first served. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.limit && this.waiting.length === 0) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Milliseconds left of a pause F&O asked for; 0 when none. */
  pauseRemaining(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.drain();
    };
  }

  private drain(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active += 1;
      this.waiting.shift()!.grant();
    }
  }
}

const gates = new Map<string, ConcurrencyGate>();

/** The process-wide gate of one environment (keyed by its normalised URL). */
export function gateFor(environmentKey: string, maxConcurrentRequests: number): ConcurrencyGate {
  const key = environmentKey.toLowerCase();
  let gate = gates.get(key);
  if (!gate) {
    gate = new ConcurrencyGate(Math.max(1, maxConcurrentRequests));
    gates.set(key, gate);
  } else {
    gate.lowerLimit(maxConcurrentRequests);
  }
  return gate;
}
