/**
 * One HTTP attempt against the SP-API: the request leaves with the LWA access token in
 * `x-amz-access-token` (the only auth header; SigV4 is no longer required) and Amazon's user-agent,
 * bounded by a per-request timeout and the caller's AbortSignal. It never throws for a network
 * failure: it reports the failure's code, and whether it was the caller who aborted, so the client's
 * retry decision sees every outcome the same way.
 */
import { networkErrorCode } from '../http/networkError.ts';

export interface AttemptRequest {
  url: string;
  method: string;
  accessToken: string;
  userAgent: string;
  body?: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
}

export type AttemptResult =
  | { answered: true; status: number; headers: Headers; text: string }
  | { answered: false; networkError: string; callerAborted: boolean };

export async function attempt(fetchFn: typeof fetch, request: AttemptRequest): Promise<AttemptResult> {
  const headers: Record<string, string> = {
    'x-amz-access-token': request.accessToken,
    'user-agent': request.userAgent,
    accept: 'application/json',
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const res = await fetchFn(request.url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    // The body is read inside the try: a connection that dies mid-body is a network failure too.
    const text = await res.text();
    return { answered: true, status: res.status, headers: res.headers, text };
  } catch (error) {
    const callerAborted = request.signal?.aborted === true;
    const networkError = timeout.aborted && !callerAborted ? 'ABORT_TIMEOUT' : networkErrorCode(error);
    return { answered: false, networkError, callerAborted };
  }
}
