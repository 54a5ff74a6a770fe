/**
 * The D365 side of a connection as the client needs it: secrets already resolved to strings, plus the
 * URLs derived from it (OData root, Entra token endpoint, token scope). Deriving them in one place keeps
 * the two rules that cause most 401s on real environments together: the scope (and so the token
 * audience) must be exactly the environment URL, and the token endpoint is `<authority>/<tenant>/...`.
 */
import { ConnectorError } from '../errors.ts';

/** A certificate credential for the Entra application (PEM, as exported from Key Vault or openssl). */
export interface D365Certificate {
  /** PKCS#8 or PKCS#1 private key. */
  privateKeyPem: string;
  /** The X.509 certificate uploaded to the app registration (its SHA-256 thumbprint goes in `x5t#S256`). */
  certificatePem: string;
}

export interface D365Connection {
  /** e.g. https://contoso.operations.dynamics.com */
  environmentUrl: string;
  tenantId: string;
  clientId: string;
  /** Either a client secret or a certificate must be given. */
  clientSecret?: string;
  certificate?: D365Certificate;
  authority?: string;
  /** Overrides `<authority>/<tenant>/oauth2/v2.0/token` (emulator, proxy). */
  tokenEndpoint?: string;
  maxConcurrentRequests?: number;
}

/** The environment URL without a trailing slash: the token audience must match it exactly. */
export function environmentOrigin(connection: Pick<D365Connection, 'environmentUrl'>): string {
  let url: URL;
  try {
    url = new URL(connection.environmentUrl);
  } catch {
    throw new ConnectorError('config', `d365.environmentUrl is not a URL: ${connection.environmentUrl}`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** The OData service root, `<environment>/data`. */
export function dataRoot(connection: Pick<D365Connection, 'environmentUrl'>): string {
  return `${environmentOrigin(connection)}/data`;
}

export function tokenEndpointFor(connection: D365Connection): string {
  if (connection.tokenEndpoint) return connection.tokenEndpoint;
  const authority = (connection.authority ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  return `${authority}/${encodeURIComponent(connection.tenantId)}/oauth2/v2.0/token`;
}

/** `<environment URL>/.default` — no slash before `/.default`, or Entra issues a token F&O rejects. */
export function scopeFor(connection: Pick<D365Connection, 'environmentUrl'>): string {
  return `${environmentOrigin(connection)}/.default`;
}

export function assertCredentials(connection: D365Connection): void {
  if (!connection.clientId) throw new ConnectorError('config', 'd365.clientId is not set');
  if (!connection.clientSecret && !connection.certificate) {
    throw new ConnectorError(
      'config',
      'd365 needs a client secret (d365.clientSecret) or a certificate to sign in to Microsoft Entra ID',
    );
  }
}
