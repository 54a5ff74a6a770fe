// Signing in, against the emulator's Entra stand-in: one token for many requests, a token that expires in
// the middle of a paged read (one 401, one new token, the read completes), a token refused twice (an auth
// error for a person), Entra's refusals with the fix named, and certificate credentials end to end.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { demoCatalogue } from '../../../src/demo/demoCatalogue.ts';
import { deliveryModes, releasedProducts } from '../../../src/d365/index.ts';
import { TEST_CERTIFICATE_PEM, TEST_PRIVATE_KEY_PEM } from '../../support/testCertificate.ts';
import { all, connectorErrorOf, startHarness, type D365Harness } from './kit.ts';

const demo = demoCatalogue().d365;
const CERT_APP = '0c3e5e1d-7a4b-4c2d-9e8f-c0ffee000001';
const certificate = { privateKeyPem: TEST_PRIVATE_KEY_PEM, certificatePem: TEST_CERTIFICATE_PEM };

let h: D365Harness;
afterEach(async () => h.close());

describe('access tokens', () => {
  it('gets a new token once when the token expires in the middle of a paged read', async () => {
    h = await startHarness({ pageSize: 2 });
    const { client } = h.newClient();
    const codes: string[] = [];
    for await (const mode of client.iterate(deliveryModes, { orderBy: ['ModeDisplayOrder'] })) {
      codes.push(mode.ModeCode);
      if (codes.length === 1) await h.sim('/_sim/tokens/expire');
    }
    expect(codes).toEqual(demoCatalogue().codes.modesOfDelivery.map((m) => m.id));
    expect(h.tokenRequests()).toHaveLength(2);
    expect(h.dataRequests().map((r) => r.status)).toEqual([200, 401, 200, 200]);
    // The retried page is the same nextLink the refused request carried.
    const [, refused, retried] = h.dataRequests();
    expect(retried!.search).toBe(refused!.search);
  });

  it('shares one token between parallel requests and refreshes it once after parallel 401s', async () => {
    h = await startHarness();
    const { client } = h.newClient({ connection: { maxConcurrentRequests: 8 } });
    await client.get(releasedProducts, { ItemNumber: 'A0001' });
    await h.sim('/_sim/tokens/expire');
    const items = ['A0001', 'A0002', 'A0003', 'A0004', 'A0005', 'A0006'];
    const rows = await Promise.all(items.map((item) => client.get(releasedProducts, { ItemNumber: item })));
    expect(rows.map((r) => r?.ItemNumber)).toEqual(items);
    expect(h.tokenRequests()).toHaveLength(2);
    const data = h.dataRequests().slice(1);
    expect(data.filter((r) => r.status === 401)).toHaveLength(items.length);
    expect(data.filter((r) => r.status === 200)).toHaveLength(items.length);
  });

  it('ends with an auth error when F&O refuses the fresh token too', async () => {
    h = await startHarness();
    const { client } = h.newClient();
    await h.fault({ kind: 'error', status: 401, next: 2 });
    const error = await connectorErrorOf(client.get(releasedProducts, { ItemNumber: 'A0001' }));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('Microsoft Entra applications');
    expect(h.tokenRequests()).toHaveLength(2);
    expect(h.dataRequests().map((r) => r.status)).toEqual([401, 401]);
  });

  it('names the fix when Entra refuses the sign-in', async () => {
    h = await startHarness();
    const wrongSecret = h.newClient({ connection: { clientSecret: 'not-the-secret' } }).client;
    const secretError = await connectorErrorOf(wrongSecret.list(deliveryModes));
    expect(secretError).toMatchObject({ kind: 'auth', context: { aadsts: 'AADSTS7000215', status: 401 } });
    expect(secretError.message).toContain('the client secret is wrong');
    expect(secretError.message).not.toContain('not-the-secret');

    const otherEnvironment = h.newClient({
      connection: { environmentUrl: demo.environmentUrl.replace('demo', 'other') },
    }).client;
    const scopeError = await connectorErrorOf(otherEnvironment.list(deliveryModes));
    expect(scopeError).toMatchObject({ kind: 'auth', context: { aadsts: 'AADSTS500011' } });
    expect(h.dataRequests()).toEqual([]);
  });
});

describe('certificate credentials', () => {
  it('signs in with a certificate the app registration holds, end to end', async () => {
    h = await startHarness({
      clients: [
        { clientId: demo.clientId, clientSecret: demo.clientSecret },
        { clientId: CERT_APP, certificatePem: TEST_CERTIFICATE_PEM },
      ],
    });
    const { client } = h.newClient({
      connection: { clientId: CERT_APP, clientSecret: undefined, certificate },
    });
    const modes = await all(client.iterate(deliveryModes));
    expect(modes).toHaveLength(demoCatalogue().codes.modesOfDelivery.length);
    expect(await client.get(releasedProducts, { ItemNumber: 'A0001' })).toMatchObject({
      ItemNumber: 'A0001',
    });
    expect(h.tokenRequests()).toHaveLength(1);
  });

  it('is refused with the fix named when the app registration holds another certificate', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    h = await startHarness({
      clients: [
        { clientId: CERT_APP, certificatePem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      ],
    });
    const { client } = h.newClient({
      connection: { clientId: CERT_APP, clientSecret: undefined, certificate },
    });
    const error = await connectorErrorOf(client.list(deliveryModes));
    expect(error).toMatchObject({ kind: 'auth', context: { aadsts: 'AADSTS700027' } });
    expect(error.message).toContain('upload this certificate to the app registration');
    expect(h.dataRequests()).toEqual([]);
  });
});
