/**
 * What the Amazon client knows about one seller account: the `amazon` side of a connection from the
 * configuration, with its secret references already resolved to strings by the composition root (the
 * client never reads the environment or files), and the hosts that follow from its region (§1.3).
 */
import type { ConnectionConfig } from '../config/schema.ts';

type AmazonSide = ConnectionConfig['amazon'];

export interface AmazonCredentials {
  lwaClientId?: string;
  lwaClientSecret?: string;
  refreshToken?: string;
}

export type AmazonConnection = Omit<AmazonSide, keyof AmazonCredentials | 'sandbox'> &
  AmazonCredentials & { sandbox?: boolean };

export type AmazonRegion = AmazonSide['region'];

const PRODUCTION: Record<AmazonRegion, string> = {
  na: 'https://sellingpartnerapi-na.amazon.com',
  eu: 'https://sellingpartnerapi-eu.amazon.com',
  fe: 'https://sellingpartnerapi-fe.amazon.com',
};

const SANDBOX: Record<AmazonRegion, string> = {
  na: 'https://sandbox.sellingpartnerapi-na.amazon.com',
  eu: 'https://sandbox.sellingpartnerapi-eu.amazon.com',
  fe: 'https://sandbox.sellingpartnerapi-fe.amazon.com',
};

/** Login with Amazon serves every region from one host. */
export const LWA_TOKEN_ENDPOINT = 'https://api.amazon.com/auth/o2/token';

export interface AmazonHosts {
  /** Base URL the API paths are appended to (no trailing slash; may carry a path prefix). */
  apiBase: string;
  tokenEndpoint: string;
}

export function resolveHosts(connection: AmazonConnection): AmazonHosts {
  const apiBase = connection.endpoint ?? (connection.sandbox ? SANDBOX : PRODUCTION)[connection.region];
  return {
    apiBase: apiBase.replace(/\/+$/, ''),
    tokenEndpoint: connection.tokenEndpoint ?? LWA_TOKEN_ENDPOINT,
  };
}
