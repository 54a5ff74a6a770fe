import { afterEach, describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  TENANT,
  json,
  startFakeD365,
  testClient,
  type FakeD365,
} from '../../test/support/d365TestKit.ts';
import { customerGroups } from './entities/reference.ts';
import { failure } from '../../test/support/failure.ts';

let fake: FakeD365;
afterEach(async () => fake?.close());

describe('Entra token', () => {
  it('asks the v2 endpoint with client credentials and the environment scope, and caches the token', async () => {
    fake = await startFakeD365();
    const { client } = testClient(fake);
    await client.list(customerGroups, { company: 'usmf' });
    await client.list(customerGroups, { company: 'usmf' });
    expect(fake.tokenRequests()).toHaveLength(1);
    const token = fake.tokenRequests()[0]!;
    expect(token.path).toBe(`/${TENANT}/oauth2/v2.0/token`);
    const form = new URLSearchParams(token.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      scope: `${fake.url}/.default`,
    });
    expect(fake.dataRequests().map((r) => r.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-1',
    ]);
  });

  it('shares one token request among concurrent calls', async () => {
    fake = await startFakeD365();
    const { client } = testClient(fake);
    await Promise.all([1, 2, 3, 4].map(() => client.list(customerGroups, { company: 'usmf' })));
    expect(fake.tokenRequests()).toHaveLength(1);
  });

  it('refreshes the token shortly before it expires', async () => {
    fake = await startFakeD365();
    let now = 1_000_000;
    const { client } = testClient(fake, { now: () => now });
    await client.list(customerGroups, { company: 'usmf' });
    now += 3599_000 - 60_000; // inside the refresh margin
    await client.list(customerGroups, { company: 'usmf' });
    expect(fake.tokenRequests()).toHaveLength(2);
    expect(fake.dataRequests()[1]!.headers.authorization).toBe('Bearer token-2');
  });

  it('replaces a token F&O rejects once, then retries the request', async () => {
    fake = await startFakeD365((req, res) =>
      req.headers.authorization === 'Bearer token-1'
        ? json(res, 401, undefined)
        : json(res, 200, { value: [] }),
    );
    const { client } = testClient(fake);
    await client.list(customerGroups, { company: 'usmf' });
    expect(fake.tokenRequests()).toHaveLength(2);
    expect(fake.dataRequests()).toHaveLength(2);
  });

  it('gives up with an auth error when the fresh token is rejected too', async () => {
    fake = await startFakeD365((_, res) => json(res, 401, undefined));
    const { client } = testClient(fake);
    const error = await failure(client.list(customerGroups, { company: 'usmf' }));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/Microsoft Entra applications/);
    expect(fake.tokenRequests()).toHaveLength(2);
    expect(fake.dataRequests()).toHaveLength(2);
  });

  it('turns an AADSTS refusal into an actionable auth error without the secret', async () => {
    fake = await startFakeD365();
    fake.handleToken((_, res) =>
      json(res, 401, {
        error: 'invalid_client',
        error_description: `AADSTS7000215: Invalid client secret provided. ${CLIENT_SECRET} Trace ID: abc\r\nCorrelation ID: def`,
        error_codes: [7000215],
        trace_id: 'abc',
        correlation_id: 'def',
      }),
    );
    const { client } = testClient(fake);
    const error = await failure(client.list(customerGroups, { company: 'usmf' }));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/AADSTS7000215.*client secret is wrong/);
    expect(JSON.stringify({ message: error.message, context: error.context })).not.toContain(CLIENT_SECRET);
    expect(error.context).toMatchObject({ aadsts: 'AADSTS7000215', traceId: 'abc', correlationId: 'def' });
    expect(fake.dataRequests()).toHaveLength(0);
  });

  it('names an unknown AADSTS code with Entra’s first sentence, scrubbed of the secret', async () => {
    fake = await startFakeD365();
    fake.handleToken((_, res) =>
      json(res, 400, {
        error: 'invalid_request',
        error_description: `AADSTS9999: Odd ${CLIENT_SECRET} thing.`,
      }),
    );
    const { client } = testClient(fake);
    const error = await failure(client.list(customerGroups, { company: 'usmf' }));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('AADSTS9999: Odd [secret] thing.');
  });

  it('treats an unavailable token endpoint as transient and retries it with backoff', async () => {
    fake = await startFakeD365();
    let calls = 0;
    fake.handleToken((_, res) => {
      calls += 1;
      if (calls === 1) return json(res, 503, { error: 'temporarily_unavailable' });
      json(res, 200, { access_token: 'token-ok', expires_in: 3599 });
    });
    const { client, sleeps } = testClient(fake);
    await client.list(customerGroups, { company: 'usmf' });
    expect(fake.tokenRequests()).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(fake.dataRequests()[0]!.headers.authorization).toBe('Bearer token-ok');
  });

  it('refuses to start without a secret or a certificate', async () => {
    fake = await startFakeD365();
    expect(() => testClient(fake, { connection: fake.connection({ clientSecret: undefined }) })).toThrow(
      /client secret .* or a certificate/,
    );
  });
});
