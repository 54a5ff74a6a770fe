// The Login with Amazon token endpoint, `POST /auth/o2/token`. It accepts the form-encoded body of the
// documentation and the JSON body Amazon's own SDKs send, grants the demo catalogue's refresh token
// (seller-authorised calls) and `client_credentials` with a grantless scope, and refuses everything else
// with LWA's own error codes and wording, so a client's handling of a revoked token or a wrong secret can
// be exercised here.
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { GRANTLESS_SCOPES, TOKEN_LIFETIME_SECONDS, type TokenAuthority } from './lwaTokens.ts';
import type { EmulatorContext } from './options.ts';
import type { EmulatorStats } from './stats.ts';

export const TOKEN_PATH = '/auth/o2/token';

type Fields = Record<string, string | undefined>;

export function mountLwa(
  app: Hono,
  ctx: EmulatorContext,
  tokens: TokenAuthority,
  stats: EmulatorStats,
): void {
  /** LWA's access-token answer, with what the grant adds (the refresh token, or the scope granted). */
  const issued = (c: Context, accessToken: string, grantFields: Fields) => {
    stats.tokenIssued();
    return c.json({
      access_token: accessToken,
      ...grantFields,
      token_type: 'bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
    });
  };

  app.post(TOKEN_PATH, async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    const fields = await readFields(c);
    const lwa = ctx.catalogue.seller.lwa;
    const grant = fields.grant_type;
    if (!grant)
      return lwaError(c, 400, 'invalid_request', 'The request is missing a required parameter : grant_type');
    if (!fields.client_id || !fields.client_secret)
      return lwaError(c, 400, 'invalid_request', 'The request is missing a required parameter : client_id');
    if (fields.client_id !== lwa.clientId || fields.client_secret !== lwa.clientSecret)
      return lwaError(c, 401, 'invalid_client', 'Client authentication failed');

    if (grant === 'refresh_token') {
      if (fields.scope)
        return lwaError(c, 400, 'invalid_request', 'The request has an invalid parameter : scope');
      if (!fields.refresh_token)
        return lwaError(
          c,
          400,
          'invalid_request',
          'The request is missing a required parameter : refresh_token',
        );
      if (fields.refresh_token !== lwa.refreshToken)
        return lwaError(
          c,
          400,
          'invalid_grant',
          "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission.",
        );
      return issued(c, tokens.issue({ kind: 'seller', sellerId: ctx.sellerId }), {
        refresh_token: lwa.refreshToken,
      });
    }

    if (grant === 'client_credentials') {
      if (fields.refresh_token)
        return lwaError(c, 400, 'invalid_request', 'The request has an invalid parameter : refresh_token');
      if (!fields.scope)
        return lwaError(c, 400, 'invalid_request', 'The request is missing a required parameter : scope');
      if (!(GRANTLESS_SCOPES as readonly string[]).includes(fields.scope))
        return lwaError(c, 400, 'invalid_scope', 'An unknown scope was requested');
      return issued(c, tokens.issue({ kind: 'grantless', scope: fields.scope }), { scope: fields.scope });
    }

    if (grant === 'authorization_code')
      // Website authorisation (OAuth onboarding) has no seller to consent here: every code is unknown.
      return lwaError(c, 400, 'invalid_grant', 'The request has an invalid grant parameter : code');
    return lwaError(
      c,
      400,
      'unsupported_grant_type',
      'The authorization grant type is not supported by the authorization server',
    );
  });
}

export function lwaError(
  c: Context,
  status: ContentfulStatusCode,
  error: string,
  description: string,
): Response {
  return c.json({ error_description: description, error }, status);
}

/** The body's fields, whether form-encoded (the documented way) or JSON (Amazon's SDKs). */
async function readFields(c: Context): Promise<Fields> {
  const text = await c.req.text();
  const type = c.req.header('content-type') ?? '';
  if (type.includes('json') || text.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object')
        return Object.fromEntries(
          Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]),
        );
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}
