// `connector emulate …` as a user runs it: a child process on 127.0.0.1 whose state file survives
// SIGKILL, and demo mode of `connector start`, which runs both emulators with their state in the data dir.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// The emulators and the embedded demo only, whatever TEST_DATABASE_URL says: the PostgreSQL pass would
// run the same processes again.
import { onPostgres } from '../../test/support/testDb.ts';
import { demoCatalogue } from '../demo/demoCatalogue.ts';
import { killAll, spawnCli, startServer, waitFor, type CliChild } from '../../test/support/cliTestKit.ts';

afterEach(() => killAll());

const tempDir = () => mkdtempSync(join(tmpdir(), 'emulate-'));

/** Starts `connector emulate …` and waits for the address it prints. */
async function emulate(args: string[]): Promise<CliChild & { url: string }> {
  const child = spawnCli(['emulate', ...args]);
  const url = await waitFor('the emulator address', async () => {
    if (child.child.exitCode !== null) throw new Error(`emulate exited: ${child.stderr()}`);
    return /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(child.stdout())?.[1];
  });
  return { ...child, url };
}

async function kill(child: CliChild): Promise<void> {
  child.child.kill('SIGKILL');
  await child.exited;
}

const json = async (res: Response) => {
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json() as Promise<Record<string, unknown>>;
};

describe.runIf(!onPostgres)('connector emulate', () => {
  it('amazon: an order placed before a SIGKILL is there after the restart', async () => {
    const state = join(tempDir(), 'amazon.state');
    const first = await emulate(['amazon', '--state', state, '--time-scale', '100']);
    const { orderId } = await json(
      await fetch(`${first.url}/_sim/orders`, {
        method: 'POST',
        body: JSON.stringify({ items: [{ sku: 'DEMO-HP', quantity: 2 }], paid: true }),
      }),
    );
    expect(orderId).toMatch(/^\d{3}-\d{7}-\d{7}$/);
    await kill(first);

    const second = await emulate(['amazon', '--state', state]);
    const order = await json(await fetch(`${second.url}/_sim/orders/${String(orderId)}`));
    expect(JSON.stringify(order)).toContain('DEMO-HP');
    const { seller } = demoCatalogue();
    const token = await fetch(`${second.url}/auth/o2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: seller.lwa.refreshToken,
        client_id: seller.lwa.clientId,
        client_secret: seller.lwa.clientSecret,
      }),
    });
    const { access_token } = await json(token);
    const answer = await fetch(`${second.url}/orders/2026-01-01/orders/${String(orderId)}`, {
      headers: { 'x-amz-access-token': String(access_token) },
    });
    expect(((await json(answer)).order as { orderId: string }).orderId).toBe(orderId);
  });

  it('d365: a product receipt posted before a SIGKILL still counts after the restart', async () => {
    const state = join(tempDir(), 'd365.state');
    const first = await emulate(['d365', '--state', state]);
    const onHand = async (url: string) => {
      const { d365 } = demoCatalogue();
      const { access_token } = await json(
        await fetch(`${url}/${d365.tenantId}/oauth2/v2.0/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: d365.clientId,
            client_secret: d365.clientSecret,
            scope: `${url}/.default`,
          }),
        }),
      );
      const filter = encodeURIComponent("ItemNumber eq 'A0006' and InventoryWarehouseId eq '11'");
      const rows = await json(
        await fetch(`${url}/data/WarehousesOnHandV2?$filter=${filter}`, {
          headers: { authorization: `Bearer ${String(access_token)}` },
        }),
      );
      return (rows.value as { AvailableOnHandQuantity: number }[])[0]?.AvailableOnHandQuantity ?? 0;
    };
    const before = await onHand(first.url);
    await json(
      await fetch(`${first.url}/_sim/product-receipts`, {
        method: 'POST',
        body: JSON.stringify({ lines: [{ itemNumber: 'A0006', quantity: 10, warehouseId: '11' }] }),
      }),
    );
    await kill(first);

    const second = await emulate(['d365', '--state', state]);
    expect(await onHand(second.url)).toBe(before + 10);
  });

  it('refuses a bad option with the values it accepts', async () => {
    const run = spawnCli(['emulate', 'amazon', '--seed', 'everything']);
    const { code } = await run.exited;
    expect(code).toBe(2);
    expect(run.stderr()).toMatch(/--seed.*"demo" or "none"/s);
  });
});

describe.runIf(!onPostgres)('demo mode', () => {
  it('runs both emulators with their state in the data directory', async () => {
    const dataDir = tempDir();
    const server = await startServer(['--data-dir', dataDir]);
    const urls = /Amazon SP-API emulator at (\S+), D365 F&O emulator at (\S+)/.exec(server.stdout());
    expect(urls, server.stdout()).not.toBeNull();
    expect((await fetch(`${urls![1]}/_sim/listings`)).status).toBe(200);
    expect((await fetch(`${urls![2]}/data`)).status).toBe(401); // F&O wants a token
    expect(existsSync(join(dataDir, 'emulators', 'amazon.state'))).toBe(true);
    expect(existsSync(join(dataDir, 'emulators', 'd365.state'))).toBe(true);
  });
});
