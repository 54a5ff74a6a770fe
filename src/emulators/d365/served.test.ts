import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startD365TestEmulator, type D365TestEmulator } from '../../../test/support/d365EmulatorTestKit.ts';

let kit: D365TestEmulator;
beforeAll(async () => {
  kit = await startD365TestEmulator({ seed: 'none', serve: true, pageSize: 3 });
  kit.emulator.store.atomically(() => {
    for (let i = 1; i <= 7; i++)
      kit.emulator.store.insert('CustomerGroups', { dataAreaId: 'usmf', CustomerGroupId: `G${i}` });
  });
});
afterAll(() => kit.close());

describe('served on a loopback port', () => {
  it('gets a token over HTTP and follows absolute nextLinks back to the emulator', async () => {
    expect(kit.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const token = (await (
      await fetch(kit.credentials.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: kit.credentials.clientId,
          client_secret: kit.credentials.clientSecret,
          scope: kit.credentials.scope,
        }),
      })
    ).json()) as { access_token: string };
    const ids: string[] = [];
    let next: string | undefined = `${kit.baseUrl}/data/CustomerGroups?$select=CustomerGroupId`;
    while (next) {
      const response = await fetch(next, { headers: { Authorization: `Bearer ${token.access_token}` } });
      expect(response.status).toBe(200);
      const page = (await response.json()) as {
        value: { CustomerGroupId: string }[];
        '@odata.nextLink'?: string;
      };
      ids.push(...page.value.map((r) => r.CustomerGroupId));
      next = page['@odata.nextLink'];
      if (next) expect(next.startsWith(`${kit.baseUrl}/data/CustomerGroups?`)).toBe(true);
    }
    expect(ids).toEqual(['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7']);
  });

  it('answers a $batch over HTTP', async () => {
    const body = [
      '--batch_x',
      'Content-Type: multipart/mixed; boundary=changeset_x',
      '',
      '--changeset_x',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      `PATCH ${kit.baseUrl}/data/CustomerGroups(dataAreaId='usmf',CustomerGroupId='G1') HTTP/1.1`,
      'Content-Type: application/json',
      '',
      '{"Description":"Patched in a batch"}',
      '--changeset_x--',
      '--batch_x--',
      '',
    ].join('\r\n');
    const response = await kit.request('/data/$batch', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/mixed; boundary=batch_x' },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^multipart\/mixed; boundary=batchresponse_/);
    const text = await response.text();
    expect(text).toContain('Content-ID: 1');
    expect(text).toContain('HTTP/1.1 204 No Content');
    expect(
      kit.emulator.store.get('CustomerGroups', { dataAreaId: 'usmf', CustomerGroupId: 'G1' })!.Description,
    ).toBe('Patched in a batch');
  });
});
