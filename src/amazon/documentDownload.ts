/**
 * Exchanges with the documents Amazon links to outside the SP-API — a product type's JSON Schema, feed
 * and report documents, feed uploads: a presigned URL, used with no access token and no usage plan,
 * retried on a lost connection or a 5xx as any idempotent request is (a PUT of the same content to the
 * same URL is idempotent too), and logged as one exchange (the URL's path only: its query holds the
 * signature). The presigned URL lives 5 minutes: a 403 after that is final, the caller asks for the
 * document again.
 */
import { XMLParser } from 'fast-xml-parser';
import { ConnectorError } from '../errors.ts';
import type { ExchangeObserver } from '../http/exchangeObserver.ts';
import { abortableSleep, type Sleep } from '../http/rateLimiter.ts';
import { decide, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retryPolicy.ts';
import { networkErrorCode } from '../http/networkError.ts';
import type { Logger } from '../log/logger.ts';
import { logExchange, type Exchange } from './exchangeLog.ts';

export interface DownloadDeps {
  fetch: typeof fetch;
  log: Logger;
  /** Told of every exchange (the metrics seam); none in most tests. */
  observer?: ExchangeObserver;
  userAgent: string;
  policy?: RetryPolicy;
  sleep?: Sleep;
  random?: () => number;
  timeoutMs?: number;
}

export interface DocumentRequest<T> {
  operation: string;
  method: 'GET' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Reads a 2xx answer; a failure inside it (a connection lost mid-body) is retried like any other. */
  read: (res: Response) => Promise<T>;
  /** Whether the per-attempt timeout also covers `read` (not for a body the caller streams later: it
   * then covers the wait for the headers only). */
  timeoutCoversRead?: boolean;
}

/** S3 answers a refusal with `<Error><Code>AccessDenied</Code>…`: its code says more than the status. */
function storageErrorCode(text: string): string | undefined {
  try {
    const parsed = new XMLParser().parse(text) as { Error?: { Code?: unknown } };
    return typeof parsed.Error?.Code === 'string' ? parsed.Error.Code : undefined;
  } catch {
    return undefined;
  }
}

export async function documentRequest<T>(
  deps: DownloadDeps,
  request: DocumentRequest<T>,
  signal?: AbortSignal,
): Promise<T> {
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  const sleep = deps.sleep ?? abortableSleep;
  const started = performance.now();
  const exchange: Exchange = {
    operation: request.operation,
    method: request.method,
    path: new URL(request.url).pathname,
    durationMs: 0,
    attempts: 0,
    rateLimitWaitMs: 0,
  };
  try {
    for (;;) {
      exchange.attempts++;
      // The attempt's timeout always covers the wait for the answer's headers; it is stopped once they
      // arrive when the caller streams the body later (a 100,000-row report may take longer to read).
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), deps.timeoutMs ?? 60_000);
      let status: number | undefined;
      let networkError: string | undefined;
      let code: string | undefined;
      try {
        const res = await deps.fetch(request.url, {
          method: request.method,
          headers: { 'user-agent': deps.userAgent, ...request.headers },
          body: request.body,
          signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
        });
        status = exchange.status = res.status;
        if (res.ok) {
          if (request.timeoutCoversRead === false) clearTimeout(timer);
          return await request.read(res);
        }
        code = storageErrorCode(await res.text());
      } catch (error) {
        if (signal?.aborted)
          throw new ConnectorError('transient', `${request.operation} was cancelled`, { cause: error });
        if (error instanceof ConnectorError) throw error;
        networkError = timeout.signal.aborted ? 'ABORT_TIMEOUT' : networkErrorCode(error);
      } finally {
        clearTimeout(timer);
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
          `${request.operation} of an Amazon document failed (${status ?? networkError}${code ? ` ${code}` : ''}): ` +
            decision.reason +
            (status === 403 ? '; a presigned URL lives 5 minutes: ask for the document again' : ''),
          {
            retryable: status === undefined || status >= 500 || status === 403,
            context: { path: exchange.path, status, code, attempts: exchange.attempts },
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
    logExchange(deps.log, exchange, deps.observer);
  }
}

/** A document as text (UTF-8): small documents such as a product type's schema. */
export function downloadDocument(deps: DownloadDeps, url: string, signal?: AbortSignal): Promise<string> {
  return documentRequest(
    deps,
    { operation: 'documents.download', method: 'GET', url, read: (res) => res.text() },
    signal,
  );
}

/**
 * A document's answer as soon as its headers arrive, its body unread: large report and feed result
 * documents are streamed (documentStream.ts), never held whole. A connection lost mid-body then surfaces
 * to the reader, who starts over from `getReportDocument` (the URL may have expired meanwhile).
 */
export function openDocument(deps: DownloadDeps, url: string, signal?: AbortSignal): Promise<Response> {
  return documentRequest(
    deps,
    {
      operation: 'documents.download',
      method: 'GET',
      url,
      read: async (res) => res,
      timeoutCoversRead: false,
    },
    signal,
  );
}
