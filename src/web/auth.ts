/**
 * Authentication for everything under /api: a bearer token for programs, a signed session cookie for
 * browsers (EventSource cannot send headers, but it sends cookies). A token in a query string is never
 * read: URLs end up in logs, browser history and Referer headers. The token is never logged or echoed,
 * not even in a validation problem.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { ErrorBody } from './httpError.ts';
import { createSessionCodec, secretsEqual, SESSION_COOKIE, SESSION_TTL_SECONDS } from './session.ts';
import { parseJsonBody, text } from './validate.ts';

export type AuthMethod = 'bearer' | 'session';
export interface AuthEnv {
  Variables: { auth: AuthMethod };
}

const TOKEN_PARAMS = ['token', 'access_token', 'api_token', 'apiToken'];

function unauthorized(message: string): Response {
  const body: ErrorBody = { error: 'unauthorized', message };
  return new Response(JSON.stringify(body), {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="connector"' },
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookies ride along with requests other pages make (SameSite=Strict ignores the port, so any page on
 * 127.0.0.1 counts as "same site"). A cookie-authenticated write must come from our own origin, as the
 * browser tells by Origin / Sec-Fetch-Site. Bearer tokens are not sent automatically and need no check.
 */
function isCrossSiteWrite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return true;
  const origin = request.headers.get('origin');
  return origin !== null && origin !== new URL(request.url).origin;
}

function forbiddenCrossSite(): Response {
  const body: ErrorBody = {
    error: 'forbidden',
    message: 'a request from another origin cannot act with this session; use a bearer token for programs',
  };
  return new Response(JSON.stringify(body), { status: 403, headers: { 'content-type': 'application/json' } });
}

/** Bearer token or session cookie; anything else is 401. */
export function requireAuth(apiToken: string): MiddlewareHandler<AuthEnv> {
  const sessions = createSessionCodec(apiToken);
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (bearer !== undefined && secretsEqual(bearer, apiToken)) {
      c.set('auth', 'bearer');
      return next();
    }
    if (sessions.verify(getCookie(c, SESSION_COOKIE))) {
      if (isCrossSiteWrite(c.req.raw)) return forbiddenCrossSite();
      c.set('auth', 'session');
      return next();
    }
    const url = new URL(c.req.url);
    if (TOKEN_PARAMS.some((name) => url.searchParams.has(name))) {
      return unauthorized(
        'a token in the query string is never accepted: send `Authorization: Bearer <token>`, or log in',
      );
    }
    if (header !== undefined) return unauthorized('the bearer token is not valid');
    return unauthorized(
      'authentication required: send `Authorization: Bearer <token>` (CONNECTOR_API_TOKEN, or the ' +
        '<data-dir>/api-token file in demo mode), or log in with POST /api/login',
    );
  };
}

const loginBody = z.strictObject({ token: text(4096) });

/** POST /api/login and /api/logout: they sit before the auth middleware. */
export function sessionRoutes(apiToken: string): Hono {
  const sessions = createSessionCodec(apiToken);
  const app = new Hono();
  const secure = (url: string) => url.startsWith('https:');

  app.post('/login', async (c) => {
    const { token } = await parseJsonBody(c, loginBody);
    if (!secretsEqual(token, apiToken)) return unauthorized('the token is not valid');
    const session = sessions.issue();
    setCookie(c, SESSION_COOKIE, session.value, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: SESSION_TTL_SECONDS,
      expires: session.expiresAt,
      // Plain HTTP on 127.0.0.1 is the default deployment; a Secure cookie would never be sent back there.
      secure: secure(c.req.url),
    });
    return c.body(null, 204);
  });

  // Needs no authentication: clearing a cookie harms no one, and an expired session must still log out.
  app.post('/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: secure(c.req.url),
    });
    return c.body(null, 204);
  });
  return app;
}
