/**
 * Downloads a document Amazon links to outside the SP-API — a product type's JSON Schema today, feed and
 * report documents later: a presigned URL, fetched with no access token and no usage plan, retried on a
 * lost connection or a 5xx as any idempotent GET is, and logged as one exchange (the URL's path only:
 * its query holds the signature).
 */
import { ConnectorError } from '../errors.ts';
import { abortableSleep, type Sleep } from '../http/rateLimiter.ts';
import { decide, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retryPolicy.ts';
import { networkErrorCode } from '../http/networkError.ts';
import type { Logger } from '../log/logger.ts';
import { logExchange, type Exchange } from './exchangeLog.ts';

export interface DownloadDeps {
  fetch: typeof fetch;
  log: Logger;
  userAgent: string;
  policy?: RetryPolicy;
  sleep?: Sleep;
  random?: () => number;
  timeoutMs?: number;
}

export async function downloadDocument(
  deps: DownloadDeps,
  url: string,
  signal?: AbortSignal,
): Promise<string> {
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  const sleep = deps.sleep ?? abortableSleep;
  const started = performance.now();
  const exchange: Exchange = {
    operation: 'documents.download',
    method: 'GET',
    path: new URL(url).pathname,
    durationMs: 0,
    attempts: 0,
    rateLimitWaitMs: 0,
  };
  try {
    for (;;) {
      exchange.attempts++;
      const timeout = AbortSignal.timeout(deps.timeoutMs ?? 60_000);
      let status: number | undefined;
      let networkError: string | undefined;
      try {
        const res = await deps.fetch(url, {
          headers: { 'user-agent': deps.userAgent },
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        const text = await res.text();
        status = exchange.status = res.status;
        if (res.ok) return text;
      } catch (error) {
        if (signal?.aborted)
          throw new ConnectorError('transient', 'The document download was cancelled', { cause: error });
        networkError = timeout.aborted ? 'ABORT_TIMEOUT' : networkErrorCode(error);
      }
      const decision = decide(
        { status, networkError, idempotent: true },
        exchange.attempts,
        policy,
        (deps.random ?? Math.random)(),
      );
      if (!decision.retry)
        throw new ConnectorError(
          status !== undefined && status < 500 ? 'remote' : 'transient',
          `Downloading an Amazon document failed (${status ?? networkError}): ${decision.reason}`,
          {
            retryable: status === undefined || status >= 500,
            context: { path: exchange.path, status, attempts: exchange.attempts },
          },
        );
      await sleep(decision.waitMs, signal);
    }
  } catch (error) {
    if (error instanceof ConnectorError) {
      exchange.errorKind = error.kind;
      exchange.error = error.message;
    }
    throw error;
  } finally {
    exchange.durationMs = Math.round(performance.now() - started);
    logExchange(deps.log, exchange);
  }
}
