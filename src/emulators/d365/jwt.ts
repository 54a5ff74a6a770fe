// Compact JWTs, just what the emulator's Entra stand-in needs: decoding any JWT (client assertions), checking
// an RS256 signature against a client's certificate, and issuing/verifying its own HS256 access tokens.
import {
  createHmac,
  createVerify,
  timingSafeEqual,
  X509Certificate,
  createPublicKey,
  type KeyObject,
} from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null)
      return undefined;
    return {
      header: header as Record<string, unknown>,
      payload: payload as Record<string, unknown>,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2]!, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

export function signHs256(payload: Record<string, unknown>, key: string): string {
  const input = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${b64url(createHmac('sha256', key).update(input).digest())}`;
}

export function verifyHs256(jwt: DecodedJwt, key: string): boolean {
  if (jwt.header.alg !== 'HS256') return false;
  const expected = createHmac('sha256', key).update(jwt.signingInput).digest();
  return expected.length === jwt.signature.length && timingSafeEqual(expected, jwt.signature);
}

/** A public key from a PEM certificate or public key. */
export function publicKeyOf(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

export function verifyRs256(jwt: DecodedJwt, pem: string): boolean {
  if (jwt.header.alg !== 'RS256') return false;
  return createVerify('RSA-SHA256').update(jwt.signingInput).verify(publicKeyOf(pem), jwt.signature);
}
