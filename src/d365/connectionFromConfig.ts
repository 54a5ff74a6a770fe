/**
 * The D365 connection from the configuration's `d365` side, with its secret references resolved at the
 * moment the client is built (never stored resolved in the config object). The certificate is passed
 * in separately because the configuration schema has no place for it yet.
 */
import type { ConnectionConfig } from '../config/schema.ts';
import { resolveSecret } from '../config/secrets.ts';
import { ConnectorError } from '../errors.ts';
import type { D365Certificate, D365Connection } from './connection.ts';

export function connectionFromConfig(
  side: ConnectionConfig['d365'],
  options: { certificate?: D365Certificate; env?: NodeJS.ProcessEnv } = {},
): D365Connection {
  if (!side.clientId) throw new ConnectorError('config', 'd365.clientId is not set');
  return {
    environmentUrl: side.environmentUrl,
    tenantId: side.tenantId,
    clientId: resolveSecret(side.clientId, options.env),
    ...(side.clientSecret ? { clientSecret: resolveSecret(side.clientSecret, options.env) } : {}),
    ...(options.certificate ? { certificate: options.certificate } : {}),
    authority: side.authority,
    ...(side.tokenEndpoint ? { tokenEndpoint: side.tokenEndpoint } : {}),
    maxConcurrentRequests: side.maxConcurrentRequests,
  };
}
