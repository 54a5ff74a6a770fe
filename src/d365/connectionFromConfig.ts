/**
 * The D365 connection from the configuration's `d365` side, with its secret references resolved at the
 * moment the client is built (never stored resolved in the config object). Either a client secret or a
 * certificate (private key and certificate, both PEM) logs in; a certificate passed in wins (tests).
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
  if (!side.clientSecret && !side.certificate && !options.certificate) {
    throw new ConnectorError('config', 'd365 needs clientSecret or certificate { privateKey, certificate }');
  }
  const certificate =
    options.certificate ??
    (side.certificate && {
      privateKeyPem: resolveSecret(side.certificate.privateKey, options.env),
      certificatePem: resolveSecret(side.certificate.certificate, options.env),
    });
  return {
    environmentUrl: side.environmentUrl,
    tenantId: side.tenantId,
    clientId: resolveSecret(side.clientId, options.env),
    ...(side.clientSecret ? { clientSecret: resolveSecret(side.clientSecret, options.env) } : {}),
    ...(certificate ? { certificate } : {}),
    authority: side.authority,
    ...(side.tokenEndpoint ? { tokenEndpoint: side.tokenEndpoint } : {}),
    maxConcurrentRequests: side.maxConcurrentRequests,
  };
}
