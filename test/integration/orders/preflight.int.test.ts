/**
 * The order import's pre-flight against both emulators on 127.0.0.1, through a RunContext built as
 * `connector check` builds it (dry run): the demo configuration passes every item; a broken one fails
 * exactly the items it breaks, each with a fix; wrong credentials and a failing read fail only what
 * they concern. Nothing is ever written to either remote.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAmazonIntegration, type AmazonIntegration } from '../amazon/kit.ts';
import { startHarness, type D365Harness } from '../d365/kit.ts';
import { openTestStore } from '../../support/testDb.ts';
import { withDemoConnection } from '../../../src/cli/demoEmulators.ts';
import { loadConfig } from '../../../src/config/load.ts';
import type { ConnectorConfig } from '../../../src/config/schema.ts';
import { createLogger } from '../../../src/log/logger.ts';
import type { Store } from '../../../src/store/openStore.ts';
import { defineFlow, type CheckItem, type PlannedAction } from '../../../src/engine/flow.ts';
import type { Remotes } from '../../../src/flows/domain/remotes.ts';
import { createRemotesFactory } from '../../../src/runtime.ts';
import { buildContext, type RunnerDeps } from '../../../src/engine/runner.ts';
import { readMappings } from '../../../src/flows/domain/mappings.ts';
import { checkImportOrders } from '../../../src/flows/importOrders/check/preflight.ts';
import { importOrdersSettings, type ImportOrdersSettings } from '../../../src/flows/importOrders/settings.ts';
import { importOrdersFlow } from '../../../src/flows/importOrders/flow.ts';

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';

/** A stand-in for the import flow: the pre-flight needs only its id and settings schema. */
const standIn = defineFlow<object, PlannedAction, ImportOrdersSettings, Remotes>({
  id: 'import-orders',
  title: 'Import orders',
  description: 'stand-in for the pre-flight tests',
  docs: 'docs/flows/orders.md',
  scope: 'connection',
  schedule: { intervalSeconds: 180, enabledByDefault: true },
  settings: importOrdersSettings,
  load: async () => ({}),
  plan: () => ({ actions: [], hasMore: false }),
  apply: async () => ({ items: 0, errors: 0 }),
});

let amazon: AmazonIntegration;
let d365: D365Harness;
let store: Store;
let dataDir: string;

beforeEach(async () => {
  amazon = await startAmazonIntegration();
  d365 = await startHarness({ clock: { now: () => Date.now(), advance: () => undefined } });
  store = await openTestStore();
  dataDir = mkdtempSync(join(tmpdir(), 'preflight-'));
});

afterEach(async () => {
  await amazon.finish();
  await d365.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The demo configuration pointed at this test's emulators, changed by `edit`. */
function demoConfig(edit: (config: ConnectorConfig) => void = () => undefined): ConnectorConfig {
  const loaded = loadConfig({ env: {}, overrides: { dataDir } });
  const emulators = { amazonUrl: amazon.url, d365Url: d365.url, close: async () => undefined };
  const { config } = withDemoConnection(loaded, emulators, [importOrdersFlow]);
  const copy = structuredClone(config);
  edit(copy);
  return copy;
}

async function check(config: ConnectorConfig): Promise<CheckItem[]> {
  const log = createLogger({ level: 'silent' });
  const deps: RunnerDeps<Remotes> = {
    config,
    store,
    log,
    holder: 'preflight-test',
    shutdown: new AbortController().signal,
    remotes: createRemotesFactory({ config, store, log, env: {} }),
  };
  const ctx = buildContext(deps, standIn, 'demo', 'check-test', deps.shutdown, undefined, true);
  const { mappings, problems } = readMappings(config.mappings);
  expect(problems).toEqual([]);
  return checkImportOrders(ctx, importOrdersSettings.parse(ctx.settings), mappings);
}

const named = (items: CheckItem[], name: string | RegExp) => {
  const found = items.filter((i) => (typeof name === 'string' ? i.name === name : name.test(i.name)));
  if (found.length !== 1) throw new Error(`expected one item named ${name}, got ${found.length}`);
  return found[0]!;
};
const failed = (items: CheckItem[]) => items.filter((i) => !i.ok);

function writesTo(harness: D365Harness) {
  return harness.seen.filter((r) => r.method !== 'GET' && !r.path.endsWith('/oauth2/v2.0/token'));
}

describe('checkImportOrders', () => {
  it('passes every item of the demo configuration, with one Amazon search and batched D365 reads', async () => {
    const items = await check(demoConfig());
    expect(failed(items)).toEqual([]);
    expect(items.map((i) => i.name)).toEqual(
      expect.arrayContaining([
        'Amazon credentials (selling partner A3DEMOSELLER01, region na)',
        'D365 credentials',
        'D365 legal entity usmf',
        `D365 site and warehouse for marketplace ${US} in usmf`,
        'D365 customer group AMZ in usmf',
        `D365 customer for marketplace ${US} in usmf`,
        `D365 customer for marketplace ${CA} in usmf`,
        'D365 mode of delivery AMZ-STD in usmf',
        'D365 method of payment AMZ-COD in usmf',
        'D365 charge item for shipping in usmf',
        'D365 charge item for gift wrap in usmf',
        `D365 exempt sales tax group for marketplace ${US} in usmf`,
        'D365 items named by mappings.skus and mappings.bundles in usmf',
        'D365 sales order numbers',
      ]),
    );
    expect(named(items, 'D365 charge item for shipping in usmf').detail).toBe(
      'item S0100: released, a service product',
    );
    expect(named(items, `D365 exempt sales tax group for marketplace ${US} in usmf`).detail).toContain(
      'not checkable through OData',
    );
    expect(named(items, 'D365 sales order numbers').detail).toContain("F&O's number sequence");

    const search = amazon.arrived('/orders/2026-01-01/orders');
    expect(search).toHaveLength(1);
    expect(search[0]!.query.get('maxResultsPerPage')).toBe('1');
    expect(Date.now() - Date.parse(search[0]!.query.get('createdAfter')!)).toBeGreaterThanOrEqual(3_600_000);
    expect(amazon.requests.every((r) => r.method === 'GET')).toBe(true);
    // One read per kind of setup (sites, warehouses, groups, customers, modes, methods, products).
    expect(d365.dataRequests().length).toBeLessThanOrEqual(7);
    expect(writesTo(d365)).toEqual([]);
  });

  it('fails exactly what a broken setup breaks, each with a fix naming where to set it up', async () => {
    const missing = Array.from({ length: 14 }, (_, i) => `Z-${String(i).padStart(3, '0')}`);
    const items = await check(
      demoConfig((config) => {
        const settings = config.services['import-orders'] as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        settings.customers = { strategy: 'buyer' }; // creates customers, with no group set
        const [us, ca] = config.connections[0]!.amazon.marketplaces;
        us!.customerAccount = 'AMZ-XX';
        ca!.warehouse = '21'; // belongs to site 2, not the site 1 given
        settings.marketplaces.A1PA6795UKMFR9 = { taxMode: 'seller' }; // not sold on here
        settings.chargeItems.giftWrap = 'S9999';
        config.mappings.deliveryModes!.push({ serviceLevel: 'SameDay', mode: 'AMZ-SDY' });
        config.mappings.skus = [
          ...['A0001', 'A0002', 'A0003', 'A0004', 'A0005', 'A0006', 'A0007', 'A0008', ...missing].map(
            (itemNumber, i) => ({ sku: `SKU-${i}`, itemNumber }),
          ),
          { sku: 'TEE-XL', itemNumber: 'T0100', size: 'XL', color: 'Black' },
          { sku: 'TEE', itemNumber: 'T0100' },
        ];
      }),
    );
    expect(failed(items).map((i) => i.name)).toEqual([
      'D365 site and warehouse for marketplace A2EUQ1WTGCTBG2 in usmf',
      'D365 customer group in usmf',
      `D365 customer for marketplace ${US} in usmf`,
      'D365 mode of delivery AMZ-SDY in usmf',
      'D365 charge item for gift wrap in usmf',
      ...missing.map((item) => `D365 item ${item} in usmf`),
      'D365 variant T0100 (color Black, size XL) in usmf',
      'D365 item T0100 in usmf',
    ]);
    for (const item of failed(items)) expect(item.fix, item.name).toBeTruthy();
    expect(named(items, `D365 site and warehouse for marketplace ${CA} in usmf`)).toMatchObject({
      detail: 'warehouse 21 belongs to site 2, not 1',
      fix: expect.stringContaining(
        `set connection demo: amazon.marketplaces[1].site / .warehouse to a site of usmf`,
      ),
    });
    expect(named(items, `D365 customer for marketplace ${US} in usmf`).fix).toBe(
      'create customer AMZ-XX in usmf (Accounts receivable > Customers > All customers; entity CustomersV3), ' +
        `or correct connection demo: amazon.marketplaces[0].customerAccount`,
    );
    expect(named(items, /customer group/).fix).toContain(
      'set services.import-orders.customers.customerGroup',
    );
    expect(named(items, 'D365 mode of delivery AMZ-SDY in usmf')).toMatchObject({
      detail: 'usmf has no mode of delivery AMZ-SDY, which mappings.deliveryModes (SameDay) name(s)',
      fix: expect.stringContaining(
        'Modes of delivery; entity DeliveryModesV2), or correct mappings.deliveryModes (SameDay)',
      ),
    });
    expect(named(items, /gift wrap/).fix).toContain('or correct services.import-orders.chargeItems.giftWrap');
    expect(named(items, 'D365 item Z-000 in usmf').fix).toContain(
      'or correct the rows of mappings.skus (SKU SKU-8)',
    );
    expect(named(items, 'D365 item T0100 in usmf').detail).toContain('is a product master');
    expect(named(items, 'services.import-orders.marketplaces.A1PA6795UKMFR9')).toMatchObject({ ok: true });

    // 24 item numbers (22 mapped, 2 charge items) are read in one request (readWhereIn), not one each.
    const products = d365.dataRequests().filter((r) => r.path === '/data/ReleasedProductsV2');
    expect(products).toHaveLength(1);
    expect(writesTo(d365)).toEqual([]);
  });

  it('reports wrong credentials on both sides, and leaves the D365 setup unchecked', async () => {
    const items = await check(
      demoConfig((config) => {
        const connection = config.connections[0]!;
        connection.amazon.refreshToken = { env: 'WRONG_REFRESH_TOKEN' };
        connection.d365.clientSecret = { env: 'WRONG_CLIENT_SECRET' };
      }),
    );
    expect(items.map((i) => [i.name, i.ok])).toEqual([
      ['Amazon credentials', false],
      ['D365 credentials', false],
      ['D365 sales order numbers', true],
    ]);
    expect(items[0]!.fix).toContain('check amazon.refreshToken / lwaClientId / lwaClientSecret');
    expect(items[0]!.detail).toContain('WRONG_REFRESH_TOKEN'); // names the variable, never a value
  });

  it('turns a refused token or a failed read into failed items, never an error', async () => {
    const config = demoConfig();
    const secrets = join(dataDir, 'emulators', 'secrets');
    writeFileSync(join(secrets, 'lwa-refresh-token'), 'Atzr|not-the-demo-token\n');
    writeFileSync(join(secrets, 'entra-client-secret'), 'not-the-demo-secret\n');
    let items = await check(config);
    expect(named(items, /^Amazon credentials/)).toMatchObject({
      ok: false,
      fix: expect.stringContaining('check amazon.refreshToken / lwaClientId / lwaClientSecret'),
    });
    expect(named(items, /^Amazon credentials/).detail).not.toContain('not-the-demo-token');
    expect(named(items, 'D365 credentials')).toMatchObject({
      ok: false,
      fix: expect.stringContaining('d365.clientId'),
    });
    expect(named(items, 'D365 setup')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('not checked'),
    });

    // The demo secrets again, and one kind of setup F&O refuses to read.
    const fresh = demoConfig();
    await d365.fault({ kind: 'error', status: 400, share: 1, pathPrefix: '/data/CustomerPaymentMethods' });
    items = await check(fresh);
    expect(failed(items).map((i) => i.name)).toEqual([
      'D365 method of payment AMAZON in usmf',
      'D365 method of payment AMZ-COD in usmf',
    ]);
    expect(failed(items)[0]!.fix).toBeTruthy();
  });
});
