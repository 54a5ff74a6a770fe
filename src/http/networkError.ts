/**
 * The code of a network failure, read from what `fetch` (undici) throws: a `TypeError('fetch failed')`
 * whose cause (or a cause's cause, or an AggregateError's member, for a dual-stack connect) carries
 * the system or undici code. The retry decision is made from this code, so it must be found reliably.
 */

export function networkErrorCode(error: unknown): string {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, name, cause, errors } = current as {
      code?: unknown;
      name?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string' && code.length > 0) return code;
    // A request timeout (AbortSignal.timeout) surfaces as a DOMException named TimeoutError.
    if (name === 'TimeoutError') return 'ABORT_TIMEOUT';
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return 'unknown';
}
