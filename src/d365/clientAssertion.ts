/**
 * The signed client assertion Entra ID accepts instead of a client secret (certificate credentials):
 * a JWT signed RS256 with the app's private key, naming the certificate by its SHA-256 thumbprint in
 * the `x5t#S256` header. Built with node:crypto so the token endpoint stays overridable without the
 * network discovery a library such as msal-node performs.
 */
import { X509Certificate, createHash, createPrivateKey, randomUUID, sign } from 'node:crypto';
import { ConnectorError } from '../errors.ts';
import type { D365Certificate } from './connection.ts';

/** Entra rejects assertions whose lifetime is long; ten minutes is what Microsoft's libraries use. */
const LIFETIME_SECONDS = 600;

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export interface ClientAssertionInput {
  clientId: string;
  /** The token endpoint the assertion is sent to: it is the assertion's audience. */
  audience: string;
  certificate: D365Certificate;
  nowSeconds?: number;
}

export function createClientAssertion(input: ClientAssertionInput): string {
  let der: Buffer;
  let key: ReturnType<typeof createPrivateKey>;
  try {
    der = new X509Certificate(input.certificate.certificatePem).raw;
    key = createPrivateKey(input.certificate.privateKeyPem);
  } catch (error) {
    // The key material itself never goes into the message.
    throw new ConnectorError(
      'config',
      'the D365 certificate or its private key cannot be read (PEM expected)',
      {
        cause: error,
      },
    );
  }
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const header = {
    alg: 'RS256',
    typ: 'JWT',
    'x5t#S256': base64url(createHash('sha256').update(der).digest()),
  };
  const payload = {
    aud: input.audience,
    iss: input.clientId,
    sub: input.clientId,
    jti: randomUUID(),
    iat: now,
    nbf: now,
    exp: now + LIFETIME_SECONDS,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(signingInput), key);
  return `${signingInput}.${base64url(signature)}`;
}
