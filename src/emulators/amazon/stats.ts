// Counters behind `GET /_sim/stats`: calls per operation and the 429s the usage plans sent, so a benchmark
// or test can assert that a client kept within Amazon's limits (zero throttled calls). Injected faults are
// counted apart: they are the test's doing, not the client's.

export interface StatsSnapshot {
  requests: Record<string, number>;
  throttled: Record<string, number>;
  throttledTotal: number;
  faultsInjected: number;
  tokensIssued: number;
}

export class EmulatorStats {
  private requests = new Map<string, number>();
  private throttled = new Map<string, number>();
  private faults = 0;
  private tokens = 0;

  request(operationId: string): void {
    this.requests.set(operationId, (this.requests.get(operationId) ?? 0) + 1);
  }

  throttle(operationId: string): void {
    this.throttled.set(operationId, (this.throttled.get(operationId) ?? 0) + 1);
  }

  fault(): void {
    this.faults++;
  }

  tokenIssued(): void {
    this.tokens++;
  }

  snapshot(): StatsSnapshot {
    const throttled = Object.fromEntries(this.throttled);
    return {
      requests: Object.fromEntries(this.requests),
      throttled,
      throttledTotal: Object.values(throttled).reduce((sum, n) => sum + n, 0),
      faultsInjected: this.faults,
      tokensIssued: this.tokens,
    };
  }

  reset(): void {
    this.requests.clear();
    this.throttled.clear();
    this.faults = 0;
    this.tokens = 0;
  }
}
