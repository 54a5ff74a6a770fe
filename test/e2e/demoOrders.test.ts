/**
 * The first acceptance scenario, "Sales Order Create", as a newcomer meets it: `npm start` with no
 * configuration runs both emulators in demo mode; an order placed through the Amazon emulator's
 * simulation API appears as a D365 sales order within one schedule interval (time scale 60, a 5-second
 * poll), and the live feed shows each step. PGlite only: demo mode is the embedded database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, killAll, readToken, startServer, waitFor } from '../support/cliTestKit.ts';
import { onPostgres } from '../support/testDb.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let dataDir: string | undefined;
afterEach(async () => {
  await killAll();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function getJson(url: string, token?: string): Promise<Json> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return response.json();
}

describe.runIf(!onPostgres)('demo mode: Sales Order Create', () => {
  it(
    'imports an order placed on the Amazon emulator as a D365 sales order and says so in the feed',
    { timeout: 120_000 },
    async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'demo-orders-'));
      const server = await startServer(['--data-dir', dataDir], cliEnv());
      const urls = await waitFor(
        'the emulator URLs',
        async () =>
          /Amazon SP-API emulator at (\S+), D365 F&O emulator at (\S+)/.exec(server.stdout()) ?? undefined,
      );
      const [, amazonUrl, d365Url] = urls;
      const token = readToken(dataDir);

      const placed = await fetch(`${amazonUrl}/_sim/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          items: [
            { sku: 'DEMO-SPK', quantity: 1 },
            { sku: 'DEMO-TEE-WHT-L', quantity: 2 },
          ],
        }),
      });
      expect(placed.status).toBe(201);
      const { orderId } = (await placed.json()) as { orderId: string };

      // The D365 emulator's OData service, read with the demo credentials as any client would.
      const record = await waitFor(
        'the order imported',
        async () => {
          const page = await getJson(`${server.url}/api/records?flow=import-orders&state=synced`, token);
          return (page.records as Json[]).find((r) => r.externalId === orderId);
        },
        60_000,
      );
      const number = record.summary.d365.salesOrderNumber as string;
      expect(record.summary.d365).toMatchObject({ company: 'usmf', customerAccount: 'AMZ-US' });

      const feed = await getJson(`${server.url}/api/feed?flow=import-orders&limit=100`, token);
      const messages = (feed.entries as Json[]).map((e) => e.message as string).join('\n');
      expect(messages).toMatch(/new or changed order\(s\) found and staged/);
      expect(messages).toContain(`Order ${orderId} → D365 sales order ${number}`);
      expect(d365Url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    },
  );
});
