/**
 * Login with Amazon's refusals, turned into errors a person can act on: which credential is wrong and
 * what to do about it (reference §1.1: `{"error": code, "error_description": text}`). The messages
 * name configuration fields, never their values; `scrub` removes any credential that an answer might
 * echo.
 */
import { ConnectorError } from '../errors.ts';
import type { AmazonCredentials } from './connection.ts';

export interface LwaErrorBody {
  error?: string;
  error_description?: string;
}

const HINTS: Record<string, { kind: 'auth' | 'remote' | 'transient'; hint: string }> = {
  invalid_grant: {
    kind: 'auth',
    hint:
      'The refresh token (amazon.refreshToken) is not valid: the seller may have revoked the authorisation, ' +
      'or it lapsed (public apps must be re-authorised every 365 days). Authorise the app again in Seller ' +
      'Central and store the new refresh token where amazon.refreshToken points.',
  },
  invalid_client: {
    kind: 'auth',
    hint:
      'The LWA client id or secret (amazon.lwaClientId / amazon.lwaClientSecret) is not valid. LWA client ' +
      'secrets must be rotated every 180 days: copy the current client id and secret from the app in the ' +
      'Developer Console to where those settings point.',
  },
  unauthorized_client: {
    kind: 'auth',
    hint: 'The app (amazon.lwaClientId) is not allowed to use this grant: check its settings in the Developer Console.',
  },
  invalid_scope: {
    kind: 'auth',
    hint: 'The app may not request this grantless scope: check the app’s roles in the Developer Console.',
  },
  access_denied: {
    kind: 'auth',
    hint: 'The seller or Amazon denied the authorisation: authorise the app again in Seller Central.',
  },
  server_error: {
    kind: 'transient',
    hint: 'Login with Amazon had an internal error; it is tried again later.',
  },
  temporarily_unavailable: {
    kind: 'transient',
    hint: 'Login with Amazon is temporarily unavailable; it is tried again later.',
  },
};

export function scrub(text: string, credentials: AmazonCredentials): string {
  let out = text;
  for (const secret of [credentials.lwaClientSecret, credentials.refreshToken, credentials.lwaClientId])
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

export function lwaRefusal(
  status: number,
  body: LwaErrorBody,
  grant: string,
  credentials: AmazonCredentials,
): ConnectorError {
  const code = body.error ?? `HTTP ${status}`;
  const known = body.error ? HINTS[body.error] : undefined;
  const kind = known?.kind ?? (status >= 500 ? 'transient' : status === 400 ? 'remote' : 'auth');
  const description = body.error_description ? `: ${scrub(body.error_description, credentials)}` : '';
  const hint = known?.hint ?? 'Check the Amazon connection’s LWA settings.';
  return new ConnectorError(kind, `Login with Amazon refused the ${grant} (${code}${description}). ${hint}`, {
    retryable: kind === 'transient',
    context: { lwaError: code, status, grant },
  });
}

export function missingCredential(field: keyof AmazonCredentials): ConnectorError {
  return new ConnectorError(
    'config',
    `The Amazon connection has no ${field}: set amazon.${field} to { env: NAME } or { file: /path } in the configuration.`,
  );
}
