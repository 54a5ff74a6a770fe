/**
 * The "10 % faults on both sides" mix the fault tests inject into both emulators (`POST /_sim/faults`):
 * throttling, 5xx, connection resets before and after a call is applied, and answers later than the
 * clients' per-request time limit — each drawn on its own, about a tenth of all calls together — and
 * the fetch that gives the connector's clients that time limit.
 */

/** About a 10 % share of all calls; a `latency` fault outlasts `requestTimeoutMs`, so it is a timeout. */
export function tenPercentFaults(requestTimeoutMs: number) {
  return [
    { kind: 'throttle', share: 0.03 },
    { kind: 'error', status: 500, share: 0.02 },
    { kind: 'error', status: 503, share: 0.02 },
    { kind: 'reset', when: 'before', share: 0.01 },
    { kind: 'reset', when: 'after', share: 0.01 },
    { kind: 'latency', latencyMs: requestTimeoutMs + 700, share: 0.01 },
  ];
}

/** The real fetch, cut short after `ms` as a client's own timeout would (a DOMException TimeoutError). */
export function fetchWithTimeout(ms: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    return fetch(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
    });
  };
}
