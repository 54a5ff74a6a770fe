/**
 * Authentication for everything under /api: an API token as a bearer token for programs, a session
 * cookie for browsers (EventSource cannot send headers, but it sends cookies); each request then acts
 * as the token's name and role. A token in a query string is never read: URLs end up in logs, browser
 * history and Referer headers. A token is never logged or echoed, not even in a validation problem.
 * Wrong tokens are counted per client address and slowed down (signInLimiter.ts).
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiRole } from '../config/schema.ts';
import { identify, type ApiToken } from './apiToken.ts';
import type { Actor } from './audit.ts';
import { HttpError } from './httpError.ts';
import type { OriginPolicy } from './originPolicy.ts';
import { SESSION_COOKIE, type Sessions } from './sessions.ts';
import { clientAddress, type BlockEvent, type SignInLimiter } from './signInLimiter.ts';

export interface Auth extends Actor {
  /** False once the credential no longer holds (a session signed out or expired mid-stream). */
  stillValid(): Promise<boolean>;
}
export interface AuthEnv {
  Variables: { auth: Auth };
}

export interface AuthDeps {
  tokens: ApiToken[];
  sessions: Sessions;
  origins: OriginPolicy;
  limiter: SignInLimiter;
  /** Writes to the live feed that an address now waits after too many wrong tokens. */
  reportBlocked(event: BlockEvent): Promise<void>;
}

/** Counts a wrong token from `address` (reporting a new wait) and answers 401. */
export async function wrongToken(deps: AuthDeps, address: string, message: string): Promise<never> {
  const blocked = deps.limiter.failed(address);
  if (blocked) await deps.reportBlocked(blocked);
  throw unauthorized(message);
}

const TOKEN_PARAMS = ['token', 'access_token', 'api_token', 'apiToken'];
const SAFE_METHODS = new Set(['GET', 'HEAD']);
const HOW =
  'send `Authorization: Bearer <token>` (an API token of server.apiTokens or CONNECTOR_API_TOKEN, or the ' +
  '<data-dir>/api-token file in demo mode), or sign in with POST /api/login';

export function unauthorized(message: string): HttpError {
  return new HttpError(401, 'unauthorized', message, undefined, {
    'www-authenticate': 'Bearer realm="connector"',
  });
}

export function forbidden(message: string): HttpError {
  return new HttpError(403, 'forbidden', message);
}

/** 429 while an address waits after too many wrong tokens. */
export function checkNotWaiting(limiter: SignInLimiter, address: string): void {
  const waitMs = limiter.waitMs(address);
  if (waitMs <= 0) return;
  const seconds = Math.ceil(waitMs / 1000);
  throw new HttpError(
    429,
    'too_many_requests',
    `too many wrong API tokens from this address: try again in ${seconds} s`,
    undefined,
    { 'retry-after': String(seconds) },
  );
}

/** Every /api request must name this connector in its Host header (DNS rebinding, originPolicy.ts). */
export function requireOwnHost(origins: OriginPolicy): MiddlewareHandler {
  return async (c, next) => {
    if (origins.ownHost(c.req.raw) === undefined) {
      throw forbidden(
        'this connector does not answer to the name in the Host header: add the URL it is reached at to ' +
          'server.publicUrls',
      );
    }
    return next();
  };
}

/** Bearer token or session cookie; anything else is 401. */
export function requireAuth(deps: AuthDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const address = clientAddress(c.env);
      checkNotWaiting(deps.limiter, address);
      const presented = header.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
      const token = presented === undefined ? undefined : identify(deps.tokens, presented);
      if (!token) return wrongToken(deps, address, 'the bearer token is not valid');
      deps.limiter.succeeded(address);
      c.set('auth', { name: token.name, role: token.role, via: 'bearer', stillValid: async () => true });
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie !== undefined) {
      const session = await deps.sessions.lookup(cookie);
      if (!session.ok) throw unauthorized(`${session.reason}: sign in again with POST /api/login`);
      if (!SAFE_METHODS.has(c.req.method) && !deps.origins.sameOrigin(c.req.raw)) {
        throw forbidden(
          "a session acts only from the connector's own pages (Origin and Sec-Fetch-Site: same-origin); " +
            'programs use a bearer token',
        );
      }
      const { token } = session;
      c.set('auth', {
        name: token.name,
        role: token.role,
        via: 'session',
        stillValid: async () => (await deps.sessions.lookup(cookie, false)).ok,
      });
      return next();
    }
    const url = new URL(c.req.url);
    if (TOKEN_PARAMS.some((name) => url.searchParams.has(name))) {
      throw unauthorized(
        'a token in the query string is never accepted: send `Authorization: Bearer <token>`, or sign in',
      );
    }
    throw unauthorized(`authentication required: ${HOW}`);
  };
}

/** Operator-only routes: a viewer reads, and never acts. */
export function requireRole(role: ApiRole): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (role === 'operator' && c.get('auth').role !== 'operator') {
      throw forbidden(
        `the API token "${c.get('auth').name}" has the viewer role, which reads only: this needs an operator token`,
      );
    }
    return next();
  };
}
