import { describe, expect, it } from 'vitest';
import { LWA_TOKEN_ENDPOINT, resolveHosts, type AmazonConnection } from './connection.ts';
import { formatUserAgent, defaultUserAgent } from './userAgent.ts';

const connection = (overrides: Partial<AmazonConnection>): AmazonConnection => ({
  sellingPartnerId: 'A1SELLER',
  region: 'na',
  marketplaces: [{ id: 'ATVPDKIKX0DER', legalEntity: 'usmf' }],
  ...overrides,
});

describe('resolveHosts', () => {
  it.each([
    ['na', false, 'https://sellingpartnerapi-na.amazon.com'],
    ['eu', false, 'https://sellingpartnerapi-eu.amazon.com'],
    ['fe', false, 'https://sellingpartnerapi-fe.amazon.com'],
    ['na', true, 'https://sandbox.sellingpartnerapi-na.amazon.com'],
    ['eu', true, 'https://sandbox.sellingpartnerapi-eu.amazon.com'],
    ['fe', true, 'https://sandbox.sellingpartnerapi-fe.amazon.com'],
  ] as const)('%s (sandbox %s) → %s', (region, sandbox, apiBase) => {
    expect(resolveHosts(connection({ region, sandbox }))).toEqual({
      apiBase,
      tokenEndpoint: LWA_TOKEN_ENDPOINT,
    });
  });

  it('takes the endpoint and token endpoint overrides (the emulator), without a trailing slash', () => {
    expect(
      resolveHosts(
        connection({
          endpoint: 'http://127.0.0.1:9100/amazon/',
          tokenEndpoint: 'http://127.0.0.1:9100/auth/o2/token',
        }),
      ),
    ).toEqual({
      apiBase: 'http://127.0.0.1:9100/amazon',
      tokenEndpoint: 'http://127.0.0.1:9100/auth/o2/token',
    });
  });
});

describe('user agent', () => {
  it('follows Amazon’s AppName/Version (Language=…; Platform=…) format', () => {
    expect(defaultUserAgent()).toMatch(
      /^amazon-d365-connector\/\d+\.\d+\.\d+ \(Language=TypeScript\/[\d.]+; Platform=Node\.js\/\d+\.\d+\.\d+ \w+\/\w+\)$/,
    );
  });

  it('stays within 500 characters', () => {
    expect(formatUserAgent('app', '1.0', 'x'.repeat(600))).toHaveLength(500);
  });
});
