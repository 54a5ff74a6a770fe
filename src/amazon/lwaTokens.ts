/**
 * Login with Amazon access tokens (reference §1.1): the seller's refresh-token grant and grantless
 * client-credentials grants, one cached token per grant (per scope for grantless). A token is reused
 * until 60 s before it expires, so a request never leaves with a token about to lapse; `invalidate`
 * drops it when Amazon answers 403 "expired" anyway (clock skew, revocation). Concurrent callers share
 * one token request; a caller whose signal aborts stops waiting at once, and once every caller has
 * stopped, the request and its backoff are abandoned too (a cancelled run leaves no socket or timer
 * behind to delay the process's exit). The token endpoint takes a form-encoded POST; its 5xx and network failures are
 * retried by the same pure decision as API calls, its refusals become `auth` errors a person can act on.
 */
import { z } from 'zod';
import { ConnectorError } from '../errors.ts';
import { networkErrorCode } from '../http/networkError.ts';
import { decide, type RetryPolicy } from '../http/retryPolicy.ts';
import type { Sleep } from '../http/rateLimiter.ts';
import type { AmazonCredentials } from './connection.ts';
import { lwaRefusal, missingCredential, type LwaErrorBody } from './lwaErrors.ts';

const EXPIRY_MARGIN_MS = 60_000;
const LWA_TRANSIENT = new Set(['server_error', 'temporarily_unavailable']);

const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });

export interface LwaTokenOptions {
  tokenEndpoint: string;
  credentials: AmazonCredentials;
  fetch: typeof fetch;
  userAgent: string;
  now: () => number;
  retryPolicy: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  requestTimeoutMs: number;
}

export interface LwaTokens {
  /** The seller's access token (refresh-token grant). */
  accessToken(signal?: AbortSignal): Promise<string>;
  /** A grantless token for `scope`, e.g. `sellingpartnerapi::notifications`. */
  grantlessToken(scope: string, signal?: AbortSignal): Promise<string>;
  /** Forgets `token` if it is still the cached one, so the next call fetches a new one. */
  invalidate(token: string): void;
  /** Token-endpoint requests made so far. */
  requests(): number;
}

interface Cached {
  token: string;
  /** When to stop using it: expiry minus the margin. */
  renewAt: number;
}

/** A token request shared by every caller that needs the same grant meanwhile. */
interface InFlight {
  answer: Promise<Cached>;
  /** Aborts the request (and its backoff) once nobody waits for it any more. */
  controller: AbortController;
  /** Callers still waiting; one without a signal waits until the end. */
  waiting: number;
}

export function createLwaTokens(options: LwaTokenOptions): LwaTokens {
  const cache = new Map<string, Cached>();
  const inflight = new Map<string, InFlight>();
  let requests = 0;

  function form(scope: string | undefined): URLSearchParams {
    const { lwaClientId, lwaClientSecret, refreshToken } = options.credentials;
    if (!lwaClientId) throw missingCredential('lwaClientId');
    if (!lwaClientSecret) throw missingCredential('lwaClientSecret');
    if (scope === undefined && !refreshToken) throw missingCredential('refreshToken');
    const grant: Record<string, string> =
      scope === undefined
        ? { grant_type: 'refresh_token', refresh_token: refreshToken! }
        : { grant_type: 'client_credentials', scope };
    return new URLSearchParams({ ...grant, client_id: lwaClientId, client_secret: lwaClientSecret });
  }

  /** Asks until an answer or a final failure; `signal` aborts when every waiter has gone. */
  async function requestToken(scope: string | undefined, signal: AbortSignal): Promise<Cached> {
    const body = form(scope).toString();
    const grant = scope === undefined ? 'refresh-token grant' : `client-credentials grant for ${scope}`;
    for (let attempt = 1; ; attempt++) {
      signal.throwIfAborted();
      requests++;
      let status: number | undefined;
      let networkError: string | undefined;
      let text = '';
      try {
        const res = await options.fetch(options.tokenEndpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
            'user-agent': options.userAgent,
            accept: 'application/json',
          },
          body,
          signal: AbortSignal.any([signal, AbortSignal.timeout(options.requestTimeoutMs)]),
        });
        status = res.status;
        text = await res.text();
      } catch (error) {
        signal.throwIfAborted(); // nobody waits any more: no retry
        networkError = networkErrorCode(error);
      }
      if (status !== undefined && status >= 200 && status < 300) return parseAnswer(text, grant);
      const lwa = status === undefined ? {} : parseError(text);
      // A refusal of the request or the credentials is final; only Amazon's own failures (5xx, 429,
      // server_error, temporarily_unavailable, the network) are worth another try.
      const refused =
        (lwa.error !== undefined && !LWA_TRANSIENT.has(lwa.error)) ||
        (status !== undefined && status >= 400 && status < 500 && status !== 429);
      const decision = refused
        ? { retry: false, waitMs: 0, reason: lwa.error ?? `HTTP ${status}` }
        : decide({ status, networkError }, attempt, options.retryPolicy, options.random());
      if (!decision.retry) {
        if (status === undefined)
          throw new ConnectorError(
            'transient',
            `Could not reach Login with Amazon at ${options.tokenEndpoint} (${decision.reason})`,
            { context: { networkError, grant } },
          );
        throw lwaRefusal(status, lwa, grant, options.credentials);
      }
      await options.sleep(decision.waitMs, signal);
    }
  }

  function parseAnswer(text: string, grant: string): Cached {
    let parsed: z.ZodSafeParseResult<z.infer<typeof tokenAnswer>>;
    try {
      parsed = tokenAnswer.safeParse(JSON.parse(text));
    } catch {
      parsed = tokenAnswer.safeParse(undefined);
    }
    if (!parsed.success)
      throw new ConnectorError(
        'remote',
        `Login with Amazon answered the ${grant} without a usable access token`,
      );
    const lifetimeMs = parsed.data.expires_in * 1000;
    // Short lifetimes (an emulator at a high time scale) keep half their life rather than none.
    const margin = Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2);
    return { token: parsed.data.access_token, renewAt: options.now() + lifetimeMs - margin };
  }

  async function token(key: string, scope: string | undefined, signal?: AbortSignal): Promise<string> {
    signal?.throwIfAborted();
    const cached = cache.get(key);
    if (cached && options.now() < cached.renewAt) return cached.token;
    let flight = inflight.get(key);
    if (!flight) {
      const controller = new AbortController();
      const answer = requestToken(scope, controller.signal).then((fresh) => {
        cache.set(key, fresh);
        return fresh;
      });
      const started: InFlight = { answer, controller, waiting: 0 };
      void answer.then(
        () => forget(key, started),
        () => forget(key, started),
      );
      inflight.set(key, (flight = started));
    }
    return (await waitFor(key, flight, signal)).token;
  }

  /** Ends this flight's sharing, unless a newer request for the grant has taken its place. */
  function forget(key: string, flight: InFlight): void {
    if (inflight.get(key) === flight) inflight.delete(key);
  }

  /**
   * Waits for a shared request, but lets one caller's abort end only that caller's wait: it gets its
   * abort reason at once. The last waiter to leave abandons the request, and a later caller starts a
   * new one rather than joining the abandoned one.
   */
  function waitFor(key: string, flight: InFlight, signal?: AbortSignal): Promise<Cached> {
    flight.waiting++;
    if (!signal) return flight.answer;
    return new Promise<Cached>((resolve, reject) => {
      const onAbort = () => {
        reject(signal.reason);
        if (--flight.waiting > 0) return;
        forget(key, flight);
        flight.controller.abort(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      flight.answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  return {
    accessToken: (signal) => token('refresh', undefined, signal),
    grantlessToken: (scope, signal) => token(`scope:${scope}`, scope, signal),
    invalidate(used) {
      for (const [key, cached] of cache) if (cached.token === used) cache.delete(key);
    },
    requests: () => requests,
  };
}

function parseError(text: string): LwaErrorBody {
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object') {
      const { error, error_description } = body as Record<string, unknown>;
      return {
        error: typeof error === 'string' ? error : undefined,
        error_description: typeof error_description === 'string' ? error_description : undefined,
      };
    }
  } catch {
    // not JSON: an HTML error page from a proxy; the status says enough
  }
  return {};
}
