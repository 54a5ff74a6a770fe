import { afterEach, describe, expect, it } from 'vitest';
import { demoCatalogue } from '../../demo/demoCatalogue.ts';
import {
  refreshGrant,
  startAmazonTestEmulator,
  type AmazonTestKit,
} from '../../../test/support/amazonEmulatorTestKit.ts';

const SEARCH = '/orders/2026-01-01/orders?createdAfter=2026-01-01T00:00:00Z';
let kit: AmazonTestKit;

afterEach(() => {
  kit.expectNoViolations();
  kit.close();
});

const token = (body: URLSearchParams | string, headers: Record<string, string> = {}) =>
  kit.emulator.app.request('/auth/o2/token', { method: 'POST', body, headers });

describe('LWA token endpoint', () => {
  it('grants the demo refresh token (form-encoded) an hour-long Atza| token, uncached', async () => {
    kit = startAmazonTestEmulator();
    const res = await token(refreshGrant());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-amzn-RequestId')).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(body.access_token).toMatch(/^Atza\|/);
    expect((await kit.spApi(SEARCH, { token: body.access_token as string })).status).toBe(200);
  });

  it('accepts the JSON body Amazon SDKs send', async () => {
    kit = startAmazonTestEmulator();
    const res = await token(JSON.stringify(Object.fromEntries(refreshGrant())), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(200);
  });

  it('refuses an unknown refresh token with invalid_grant and a wrong client with invalid_client', async () => {
    kit = startAmazonTestEmulator();
    const grant = await token(refreshGrant({ refresh_token: 'Atzr|revoked' }));
    expect(grant.status).toBe(400);
    expect(await grant.json()).toEqual({
      error: 'invalid_grant',
      error_description:
        "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission.",
    });
    const client = await token(refreshGrant({ client_secret: 'wrong' }));
    expect(client.status).toBe(401);
    expect(await client.json()).toMatchObject({ error: 'invalid_client' });
    const missing = await token(new URLSearchParams({ client_id: 'x' }));
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
    const grantType = await token(refreshGrant({ grant_type: 'password' }));
    expect(await grantType.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('issues grantless tokens for a grantless scope, usable only on grantless operations', async () => {
    kit = startAmazonTestEmulator();
    const lwa = demoCatalogue().seller.lwa;
    const base = {
      grant_type: 'client_credentials',
      client_id: lwa.clientId,
      client_secret: lwa.clientSecret,
    };
    const noScope = await token(new URLSearchParams(base));
    expect(noScope.status).toBe(400);
    const badScope = await token(new URLSearchParams({ ...base, scope: 'sellingpartnerapi::orders' }));
    expect(await badScope.json()).toMatchObject({ error: 'invalid_scope' });
    const res = await token(new URLSearchParams({ ...base, scope: 'sellingpartnerapi::notifications' }));
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const orders = await kit.spApi(SEARCH, { token: access_token });
    expect(orders.status).toBe(403);
    expect(await orders.json()).toEqual({
      errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }],
    });
  });
});

describe('authorisation of SP-API calls', () => {
  const details = async (res: Response) =>
    ((await res.json()) as { errors: { details: string }[] }).errors[0]!.details;

  it('answers 403 for a missing, a malformed and an expired token, without a rate-limit header', async () => {
    kit = startAmazonTestEmulator();
    const missing = await kit.spApi(SEARCH, { token: null });
    expect(missing.status).toBe(403);
    expect(missing.headers.get('x-amzn-RequestId')).toBeTruthy();
    expect(missing.headers.get('x-amzn-RateLimit-Limit')).toBeNull();
    expect(await details(missing)).toBe('Access token is missing in the request header.');
    expect(await details(await kit.spApi(SEARCH, { token: 'Atza|forged.token' }))).toBe(
      'The access token you provided is revoked, malformed or invalid.',
    );

    const live = await kit.accessToken();
    kit.clock.advance(3600_000);
    expect(await details(await kit.spApi(SEARCH, { token: live }))).toBe(
      'The access token you provided has expired.',
    );
  });

  it('expires every issued token at once through /_sim/tokens/expire', async () => {
    kit = startAmazonTestEmulator();
    const live = await kit.accessToken();
    expect((await kit.spApi(SEARCH, { token: live })).status).toBe(200);
    expect((await kit.sim('POST', '/_sim/tokens/expire')).status).toBe(200);
    const res = await kit.spApi(SEARCH, { token: live });
    expect(res.status).toBe(403);
    expect(await details(res)).toBe('The access token you provided has expired.');
    const fresh = await kit.accessToken();
    expect((await kit.spApi(SEARCH, { token: fresh })).status).toBe(200);
  });

  it('refuses unknown SP-API paths with 404 NotFound once authorised', async () => {
    kit = startAmazonTestEmulator();
    expect((await kit.spApi('/orders/v0/nothing', { token: null })).status).toBe(403);
    const res = await kit.spApi('/orders/v0/nothing');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'NotFound' }] });
  });
});
