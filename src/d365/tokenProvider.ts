/**
 * Access tokens for F&O from Microsoft Entra ID (client credentials, v2 endpoint), with a client secret
 * or a certificate. The token is cached until shortly before `expires_in` ends; concurrent callers
 * share one request to Entra; a token F&O rejected (401) is dropped once so the next call fetches a
 * fresh one — only if it is still the cached one, so N parallel 401s cause one refresh, not N.
 */
import { ConnectorError, isConnectorError } from '../errors.ts';
import { networkErrorCode } from '../http/networkError.ts';
import { raceAbort } from './abort.ts';
import { createClientAssertion } from './clientAssertion.ts';
import { assertCredentials, scopeFor, tokenEndpointFor, type D365Connection } from './connection.ts';
import { entraError, type EntraErrorBody } from './entraErrors.ts';

export interface TokenProvider {
  /** A valid access token, from the cache or freshly requested. */
  get(signal?: AbortSignal): Promise<string>;
  /** F&O refused this token: forget it so the next `get` requests a new one. */
  invalidate(token: string): void;
}

export interface TokenProviderOptions {
  connection: D365Connection;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Refresh this long before expiry, but never more than half the token's lifetime. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const TOKEN_TIMEOUT_MS = 30_000;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface Cached {
  token: string;
  refreshAt: number;
}

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { connection } = options;
  assertCredentials(connection);
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const endpoint = tokenEndpointFor(connection);
  let cached: Cached | undefined;
  let inFlight: Promise<Cached> | undefined;

  function form(): URLSearchParams {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: connection.clientId,
      scope: scopeFor(connection),
    });
    if (connection.certificate) {
      body.set('client_assertion_type', ASSERTION_TYPE);
      body.set(
        'client_assertion',
        createClientAssertion({
          clientId: connection.clientId,
          audience: endpoint,
          certificate: connection.certificate,
          nowSeconds: Math.floor(now() / 1000),
        }),
      );
    } else {
      body.set('client_secret', connection.clientSecret!);
    }
    return body;
  }

  async function request(): Promise<Cached> {
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form().toString(),
        // A hung token request would hold every caller waiting on it; Entra answers in well under this.
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
    } catch (error) {
      if (isConnectorError(error)) throw error; // unreadable certificate: a config problem
      const code = networkErrorCode(error);
      throw new ConnectorError('transient', `cannot reach the Microsoft Entra ID token endpoint (${code})`, {
        cause: error,
        context: { tokenEndpoint: endpoint },
      });
    }
    const text = await response.text();
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    if (!response.ok || typeof body?.access_token !== 'string') {
      if (response.ok) {
        throw new ConnectorError('auth', 'Microsoft Entra ID answered without an access token', {
          context: { status: response.status },
        });
      }
      throw entraError(response.status, body as EntraErrorBody | undefined, [connection.clientSecret]);
    }
    const seconds = Number(body.expires_in);
    const lifetimeMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : 3599) * 1000;
    const margin = Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2);
    return { token: body.access_token, refreshAt: now() + lifetimeMs - margin };
  }

  return {
    async get(signal) {
      if (cached && now() < cached.refreshAt) return cached.token;
      // One request to Entra for every caller waiting at this moment; a caller's abort only stops its wait.
      inFlight ??= request().finally(() => {
        inFlight = undefined;
      });
      const pending = inFlight.then((fresh) => (cached = fresh));
      const result = signal ? await raceAbort(pending, signal) : await pending;
      return result.token;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
