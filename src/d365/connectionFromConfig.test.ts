import { describe, expect, it } from 'vitest';
import { connectionSchema } from '../config/schema.ts';
import { connectionFromConfig } from './connectionFromConfig.ts';
import { scopeFor, tokenEndpointFor } from './connection.ts';

const side = connectionSchema.shape.d365.parse({
  environmentUrl: 'https://contoso.operations.dynamics.com/',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: { env: 'D365_CLIENT_ID' },
  clientSecret: { env: 'D365_CLIENT_SECRET' },
});

describe('the connection from the configuration', () => {
  it('resolves the secret references and derives token endpoint and scope', () => {
    const connection = connectionFromConfig(side, {
      env: { D365_CLIENT_ID: 'app', D365_CLIENT_SECRET: 's3cret' },
    });
    expect(connection).toMatchObject({ clientId: 'app', clientSecret: 's3cret', maxConcurrentRequests: 4 });
    expect(tokenEndpointFor(connection)).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
    );
    expect(scopeFor(connection)).toBe('https://contoso.operations.dynamics.com/.default');
  });

  it('names a missing secret by its reference, never a value', () => {
    expect(() => connectionFromConfig(side, { env: { D365_CLIENT_ID: 'app' } })).toThrow(
      'environment variable D365_CLIENT_SECRET is not set',
    );
  });

  it('logs in with a certificate from secret files instead of a secret', () => {
    const withCertificate = connectionSchema.shape.d365.parse({
      environmentUrl: 'https://contoso.operations.dynamics.com',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: { env: 'D365_CLIENT_ID' },
      certificate: { privateKey: { env: 'D365_KEY' }, certificate: { env: 'D365_CERT' } },
    });
    const connection = connectionFromConfig(withCertificate, {
      env: { D365_CLIENT_ID: 'app', D365_KEY: 'KEY PEM', D365_CERT: 'CERT PEM' },
    });
    expect(connection.certificate).toEqual({ privateKeyPem: 'KEY PEM', certificatePem: 'CERT PEM' });
    expect(connection.clientSecret).toBeUndefined();
  });

  it('says which credential is missing when neither a secret nor a certificate is configured', () => {
    const bare = connectionSchema.shape.d365.parse({
      environmentUrl: 'https://contoso.operations.dynamics.com',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: { env: 'D365_CLIENT_ID' },
    });
    expect(() => connectionFromConfig(bare, { env: { D365_CLIENT_ID: 'app' } })).toThrow(
      'd365 needs clientSecret or certificate',
    );
  });
});
