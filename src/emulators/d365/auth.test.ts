import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoCatalogue } from '../../demo/demoCatalogue.ts';
import { createD365Emulator } from './app.ts';
import { decodeJwt } from './jwt.ts';
import { startD365TestEmulator, type D365TestEmulator } from '../../../test/support/d365EmulatorTestKit.ts';

const demo = demoCatalogue().d365;
let kit: D365TestEmulator | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const secretGrant = (overrides: Record<string, string> = {}) =>
  form({
    grant_type: 'client_credentials',
    client_id: demo.clientId,
    client_secret: demo.clientSecret,
    scope: `${demo.environmentUrl}/.default`,
    ...overrides,
  });

describe('Entra token endpoint', () => {
  it('issues a JWT-shaped bearer token for the environment', async () => {
    kit = await startD365TestEmulator({ seed: 'none', now: () => Date.parse('2025-01-01T00:00:00Z') });
    const response = await kit.request(`/${demo.tenantId}/oauth2/v2.0/token`, {
      ...secretGrant(),
      auth: false,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const jwt = decodeJwt(String(body.access_token))!;
    expect(jwt.payload).toMatchObject({
      aud: demo.environmentUrl,
      appid: demo.clientId,
      tid: demo.tenantId,
      exp: Date.parse('2025-01-01T00:00:00Z') / 1000 + 3599,
    });
  });

  it.each([
    ['a wrong secret', { client_secret: 'nope' }, 401, 'invalid_client', 7000215],
    [
      'an unknown application',
      { client_id: '00000000-0000-0000-0000-000000000001' },
      400,
      'unauthorized_client',
      700016,
    ],
    ['a scope without /.default', { scope: demo.environmentUrl }, 400, 'invalid_scope', 1002012],
    [
      'another resource',
      { scope: 'https://other.operations.dynamics.com/.default' },
      400,
      'invalid_resource',
      500011,
    ],
    ['another grant', { grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
    ['no grant type', { grant_type: '' }, 400, 'invalid_request', 900144],
  ])('refuses %s with Entra’s error', async (_why, overrides, status, error, code) => {
    kit = await startD365TestEmulator({ seed: 'none' });
    const response = await kit.request(`/${demo.tenantId}/oauth2/v2.0/token`, {
      ...secretGrant(overrides),
      auth: false,
    });
    expect(response.status).toBe(status);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error, error_codes: [code] });
    expect(String(body.error_description)).toMatch(new RegExp(`^AADSTS${code}: `));
  });

  it('refuses an unknown tenant', async () => {
    kit = await startD365TestEmulator({ seed: 'none' });
    const response = await kit.request('/contoso.onmicrosoft.com/oauth2/v2.0/token', {
      ...secretGrant(),
      auth: false,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
  });

  it('accepts a certificate client’s RS256 assertion and checks it', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    kit = await startD365TestEmulator({
      seed: 'none',
      clients: [{ clientId: 'cert-app', certificatePem: pem }],
    });
    const now = Math.floor(Date.now() / 1000);
    const assertion = (claims: Record<string, unknown>, key = privateKey) => {
      const head = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5t: 'abc' })).toString(
        'base64url',
      );
      const payload = Buffer.from(
        JSON.stringify({
          aud: `https://login.microsoftonline.com/${demo.tenantId}/oauth2/v2.0/token`,
          iss: 'cert-app',
          sub: 'cert-app',
          jti: 'j',
          nbf: now,
          exp: now + 600,
          ...claims,
        }),
      ).toString('base64url');
      return `${head}.${payload}.${sign('sha256', Buffer.from(`${head}.${payload}`), key).toString('base64url')}`;
    };
    const grant = (clientAssertion: string) =>
      form({
        grant_type: 'client_credentials',
        client_id: 'cert-app',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: clientAssertion,
        scope: `${kit!.baseUrl}/.default`,
      });
    const url = `/${demo.tenantId}/oauth2/v2.0/token`;
    const ok = await kit.request(url, { ...grant(assertion({})), auth: false });
    expect(ok.status).toBe(200);
    const token = ((await ok.json()) as { access_token: string }).access_token;
    expect((await kit.request('/data', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    for (const [bad, code] of [
      [assertion({}, other), 700027],
      [assertion({ iss: 'someone-else' }), 700021],
      [assertion({ exp: now - 10 }), 700024],
      ['not.a.jwt', 50027],
    ] as const) {
      const response = await kit.request(url, { ...grant(bad), auth: false });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'invalid_client', error_codes: [code] });
    }
  });
});

describe('bearer check on /data', () => {
  it('answers 401 with WWW-Authenticate: Bearer without a valid token', async () => {
    kit = await startD365TestEmulator({ seed: 'none' });
    for (const authorization of [undefined, 'Basic abc', 'Bearer not-a-token', 'Bearer a.b.c']) {
      const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
      const response = await kit.request('/data/CustomerGroups', { headers, auth: false });
      expect(response.status).toBe(401);
      expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    }
    expect((await kit.request('/data/$metadata', { auth: false })).status).toBe(401);
    expect((await kit.request('/data/CustomerGroups')).status).toBe(200);
  });

  it('refuses an expired token and honours /_sim/tokens/expire', async () => {
    let clock = Date.parse('2025-01-01T00:00:00Z');
    kit = await startD365TestEmulator({ seed: 'none', now: () => clock });
    const token = await kit.token();
    const call = (t: string) => kit!.request('/data', { headers: { Authorization: `Bearer ${t}` } });
    expect((await call(token)).status).toBe(200);
    clock += 3600_000;
    expect((await call(token)).status).toBe(401);
    const fresh = await kit.token();
    expect((await call(fresh)).status).toBe(200);
    expect((await kit.request('/_sim/tokens/expire', { method: 'POST', auth: false })).status).toBe(200);
    expect((await call(fresh)).status).toBe(401);
    expect((await call(await kit.token())).status).toBe(200);
  });

  it('refuses a token whose audience is another environment', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'd365-aud-')), 'state.jsonl');
    const first = createD365Emulator({
      seed: 'none',
      stateFile,
      environmentUrl: 'https://one.operations.dynamics.com',
    });
    const response = await first.app.request(
      `/${demo.tenantId}/oauth2/v2.0/token`,
      secretGrant({ scope: 'https://one.operations.dynamics.com/.default' }),
    );
    const token = ((await response.json()) as { access_token: string }).access_token;
    expect((await first.app.request('/data', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );
    first.close();
    // Same signing key (same state), another environment: the audience no longer matches.
    const second = createD365Emulator({
      seed: 'none',
      stateFile,
      environmentUrl: 'https://two.operations.dynamics.com',
    });
    expect(
      (await second.app.request('/data', { headers: { Authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
    second.close();
  });
});
