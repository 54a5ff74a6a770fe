/**
 * POST /api/login and /api/logout: how a browser gets a session and ends it. They sit before the
 * authentication middleware. Sign-in counts wrong tokens like any bearer call (signInLimiter.ts);
 * sign-out ends the session on the server, so the cookie is worthless even if it was copied.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { identify } from './apiToken.ts';
import { apiRoute, validationHook } from './apiRoute.ts';
import type { Audit } from './audit.ts';
import { checkNotWaiting, forbidden, wrongToken, type AuthDeps } from './auth.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { clientAddress } from './signInLimiter.ts';
import { text } from './validate.ts';

const login = apiRoute('public', {
  method: 'post',
  path: '/login',
  summary: 'Sign in (browsers)',
  description:
    'Sets the HttpOnly, SameSite=Strict `connector_session` cookie for the API token given; the session ' +
    "acts with that token's name and role. Wrong tokens count towards the per-address limit.",
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.strictObject({ token: text(4096) }) } },
    },
  },
  responses: { 204: { description: 'Signed in: the session cookie is set.' } },
  errors: [401, 403, 415, 429],
});

const logout = apiRoute('public', {
  method: 'post',
  path: '/logout',
  summary: 'Sign out (browsers)',
  description: 'Ends the session on the server and clears the cookie. Needs no valid session.',
  responses: { 204: { description: 'Signed out.' } },
  errors: [403],
});

export function sessionRoutes(deps: AuthDeps, audit: Audit): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  // A Secure cookie is never sent back over plain HTTP (127.0.0.1, the default): only over HTTPS,
  // as the request or the page (behind a TLS proxy) came.
  const secure = (url: string, origin: string | undefined) =>
    url.startsWith('https:') || origin?.startsWith('https:') === true;
  const cookieOptions = { httpOnly: true, sameSite: 'Strict', path: '/' } as const;
  const refuseElsewhere = (request: Request) => {
    if (deps.origins.fromElsewhere(request))
      throw forbidden("sign-in and sign-out come from the connector's own pages");
  };

  app.openapi(login, async (c) => {
    refuseElsewhere(c.req.raw);
    const address = clientAddress(c.env);
    checkNotWaiting(deps.limiter, address);
    const token = identify(deps.tokens, c.req.valid('json').token);
    if (!token) return wrongToken(deps, address, 'the token is not valid');
    deps.limiter.succeeded(address);
    const session = await deps.sessions.issue(token);
    setCookie(c, SESSION_COOKIE, session.value, {
      ...cookieOptions,
      maxAge: session.maxAgeSeconds,
      secure: secure(c.req.url, c.req.header('origin')),
    });
    await audit({ name: token.name, role: token.role, via: 'session' }, { message: 'Signed in' });
    return c.body(null, 204);
  });

  app.openapi(logout, async (c) => {
    refuseElsewhere(c.req.raw);
    const cookie = getCookie(c, SESSION_COOKIE);
    const session = await deps.sessions.lookup(cookie, false);
    await deps.sessions.revoke(cookie);
    deleteCookie(c, SESSION_COOKIE, { ...cookieOptions, secure: secure(c.req.url, c.req.header('origin')) });
    if (session.ok) {
      await audit(
        { name: session.token.name, role: session.token.role, via: 'session' },
        { message: 'Signed out' },
      );
    }
    return c.body(null, 204);
  });
  return app;
}
