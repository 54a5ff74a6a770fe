/**
 * Slows down guessing of API tokens. Anyone who can reach the port may present tokens — at sign-in, or
 * as a bearer token on any call — so the failures of each client address are counted: the first
 * `freeFailures` cost nothing (a typo), after that each failure makes the address wait before its next
 * try, twice as long each time up to `maxDelayMs`. While it waits, every token it presents is answered
 * 429 with Retry-After, unchecked (checking would tell it whether the guess was right). A success, or
 * `forgetAfterMs` without failures, starts the count afresh. Session cookies are not counted: they
 * cannot be guessed, and a stale one in an open dashboard must not lock its owner's address out.
 *
 * Behind a reverse proxy every client has the proxy's address and they share one count.
 * State is in this process's memory: a restart forgets it (and takes longer than most delays).
 */
export interface LimiterOptions {
  freeFailures: number;
  firstDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
  /** Addresses remembered at most; the oldest are forgotten first (bounded memory under a flood). */
  maxAddresses: number;
  /** An address's failures go to the live feed at most this often. */
  reportEveryMs: number;
}

export const DEFAULT_LIMITS: LimiterOptions = {
  freeFailures: 5,
  firstDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  forgetAfterMs: 15 * 60_000,
  maxAddresses: 10_000,
  reportEveryMs: 5 * 60_000,
};

export interface BlockEvent {
  address: string;
  /** Failures in a row from this address. */
  failures: number;
  /** How long the address now waits before its next try. */
  waitSeconds: number;
}

interface State {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
  reportedAt?: number;
}

export class SignInLimiter {
  private readonly states = new Map<string, State>();
  private readonly options: LimiterOptions;

  constructor(
    private readonly now: () => number,
    options: Partial<LimiterOptions> = {},
  ) {
    this.options = { ...DEFAULT_LIMITS, ...options };
  }

  /** Milliseconds the address must still wait before a token it presents is checked; 0 = go ahead. */
  waitMs(address: string): number {
    const state = this.states.get(address);
    return state ? Math.max(0, state.blockedUntil - this.now()) : 0;
  }

  /**
   * Counts a wrong token. Returns what to report when the address has just been made to wait (at most
   * once per `reportEveryMs` per address), else undefined.
   */
  failed(address: string): BlockEvent | undefined {
    const now = this.now();
    let state = this.states.get(address);
    if (!state || now - state.lastFailureAt > this.options.forgetAfterMs) {
      state = { failures: 0, lastFailureAt: now, blockedUntil: 0, reportedAt: state?.reportedAt };
    }
    this.states.delete(address); // re-inserted last: the map's order is the order of last failure
    this.states.set(address, state);
    state.failures++;
    state.lastFailureAt = now;
    const over = state.failures - this.options.freeFailures;
    this.evict();
    if (over <= 0) return undefined;
    const delay = Math.min(this.options.maxDelayMs, this.options.firstDelayMs * 2 ** Math.min(over - 1, 30));
    state.blockedUntil = now + delay;
    if (state.reportedAt !== undefined && now - state.reportedAt < this.options.reportEveryMs)
      return undefined;
    state.reportedAt = now;
    return { address, failures: state.failures, waitSeconds: Math.ceil(delay / 1000) };
  }

  succeeded(address: string): void {
    this.states.delete(address);
  }

  private evict(): void {
    for (const address of this.states.keys()) {
      if (this.states.size <= this.options.maxAddresses) return;
      this.states.delete(address);
    }
  }
}

/** The client's address as the Node server saw it; in-process requests (tests) have none. */
export function clientAddress(env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'in-process';
}
