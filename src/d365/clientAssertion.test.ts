import { X509Certificate, createHash, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientAssertion } from './clientAssertion.ts';
import {
  CLIENT_ID,
  TENANT,
  startFakeD365,
  testClient,
  type FakeD365,
} from '../../test/support/d365TestKit.ts';
import { customerGroups } from './entities/reference.ts';
import { TEST_CERTIFICATE_PEM, TEST_PRIVATE_KEY_PEM } from '../../test/support/testCertificate.ts';

const certificate = { privateKeyPem: TEST_PRIVATE_KEY_PEM, certificatePem: TEST_CERTIFICATE_PEM };

function decode(jwt: string) {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
    signingInput: `${header}.${payload}`,
    signature: Buffer.from(signature, 'base64url'),
  };
}

let fake: FakeD365;
afterEach(async () => fake?.close());

describe('client assertion (certificate credentials)', () => {
  it('is an RS256 JWT naming the certificate by x5t#S256, verifiable with its public key', () => {
    const jwt = createClientAssertion({
      clientId: 'app',
      audience: 'https://login/t/oauth2/v2.0/token',
      certificate,
      nowSeconds: 1000,
    });
    const { header, payload, signingInput, signature } = decode(jwt);
    const x509 = new X509Certificate(TEST_CERTIFICATE_PEM);
    expect(header).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      'x5t#S256': createHash('sha256').update(x509.raw).digest('base64url'),
    });
    expect(payload).toMatchObject({
      aud: 'https://login/t/oauth2/v2.0/token',
      iss: 'app',
      sub: 'app',
      nbf: 1000,
      exp: 1600,
    });
    expect(typeof payload.jti).toBe('string');
    expect(verify('sha256', Buffer.from(signingInput), x509.publicKey, signature)).toBe(true);
  });

  it('is sent instead of a secret, with the token endpoint as audience', async () => {
    fake = await startFakeD365();
    const { client } = testClient(fake, {
      connection: fake.connection({ clientSecret: undefined, certificate }),
    });
    await client.list(customerGroups, { company: 'usmf' });
    const form = new URLSearchParams(fake.tokenRequests()[0]!.body);
    expect(form.get('client_secret')).toBeNull();
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const { payload } = decode(form.get('client_assertion')!);
    expect(payload.aud).toBe(`${fake.url}/${TENANT}/oauth2/v2.0/token`);
    expect(payload.iss).toBe(CLIENT_ID);
  });

  it('reports unreadable key material as a config error without echoing it', () => {
    expect(() =>
      createClientAssertion({
        clientId: 'a',
        audience: 'x',
        certificate: { privateKeyPem: 'nope-key', certificatePem: 'nope' },
      }),
    ).toThrow(/cannot be read/);
  });
});
