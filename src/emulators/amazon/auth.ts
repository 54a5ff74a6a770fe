// Authorisation of SP-API calls: the `x-amz-access-token` header must hold a live LWA access token. The
// refusals are Amazon's 403 Unauthorized with its three documented `details` texts, which is what
// clients match to decide between refreshing the token and giving up.
import type { Context } from 'hono';
import type { TokenAuthority } from './lwaTokens.ts';
import { SpApiError } from './spApiErrors.ts';

export interface Principal {
  sellerId: string;
}

const DENIED = 'Access to requested resource is denied.';

function unauthorized(details: string): SpApiError {
  return new SpApiError(403, { code: 'Unauthorized', message: DENIED, details });
}

/** The seller the call acts for; throws a 403 SpApiError when the token does not allow the call. */
export function authenticate(c: Context, tokens: TokenAuthority): Principal {
  const token = c.req.header('x-amz-access-token');
  if (!token) throw unauthorized('Access token is missing in the request header.');
  const check = tokens.verify(token.trim());
  if (!check.ok)
    throw unauthorized(
      check.reason === 'expired'
        ? 'The access token you provided has expired.'
        : 'The access token you provided is revoked, malformed or invalid.',
    );
  // A grantless token serves only grantless operations (Notifications destinations); none of the
  // operations emulated here is one, and Amazon answers with an empty `details` when a role is missing.
  if (check.claims.kind !== 'seller' || !check.claims.sellerId) throw unauthorized('');
  return { sellerId: check.claims.sellerId };
}
