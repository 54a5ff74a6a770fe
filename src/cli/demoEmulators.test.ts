/**
 * The demo configuration built around the emulators: one connection with secret files (never literal
 * secrets) and the demo's marketplace profiles, and each flow's demo defaults — with the configuration's
 * own keys kept where it has them. (Each flow tests its own defaults: importOrders/demo.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type LoadedConfig } from '../config/load.ts';
import { withDemoConnection } from './demoEmulators.ts';
import { stubFlow } from '../../test/support/stubFlow.ts';

const emulators = {
  amazonUrl: 'http://127.0.0.1:1001',
  d365Url: 'http://127.0.0.1:1002',
  close: async () => {},
};

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'demo-config-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const demo = (): LoadedConfig => loadConfig({ env: {}, overrides: { dataDir } });

describe('withDemoConnection', () => {
  it('adds the connection to the emulators, with its secrets in files', () => {
    const { config } = withDemoConnection(demo(), emulators, []);
    expect(config.timeScale).toBe(60);
    const [connection] = config.connections;
    expect(connection).toMatchObject({
      id: 'demo',
      amazon: { endpoint: emulators.amazonUrl, refreshToken: { file: expect.any(String) } },
      d365: { environmentUrl: emulators.d365Url, clientSecret: { file: expect.any(String) } },
    });
    const file = (connection!.amazon.refreshToken as { file: string }).file;
    expect(readFileSync(file, 'utf8')).toMatch(/^Atzr\|/);
  });

  it('gives each marketplace its profile: the demo customer, site and warehouse', () => {
    const { config } = withDemoConnection(demo(), emulators, []);
    expect(config.connections[0]!.amazon.marketplaces).toEqual([
      { id: 'ATVPDKIKX0DER', legalEntity: 'usmf', customerAccount: 'AMZ-US', site: '1', warehouse: '11' },
      { id: 'A2EUQ1WTGCTBG2', legalEntity: 'usmf', customerAccount: 'AMZ-CA', site: '1', warehouse: '11' },
    ]);
  });

  it('adds each flow’s demo settings and mapping tables, keeping what the configuration already had', () => {
    const flows = [
      stubFlow({
        id: 'first',
        demo: () => ({
          settings: { intervalSeconds: 5, depth: 1, nested: { a: 1 } },
          mappings: { skus: [{ sku: 'A', itemNumber: '1' }], paymentMethods: [{ amazon: 'X', d365: 'Y' }] },
        }),
      }),
      stubFlow({ id: 'second', demo: () => ({ mappings: { skus: [{ sku: 'B', itemNumber: '2' }] } }) }),
      stubFlow({ id: 'third' }),
    ];
    const loaded = demo();
    loaded.config.services = { first: { intervalSeconds: 30, nested: { b: 2 } } };
    loaded.config.mappings = { paymentMethods: [{ amazon: 'CreditCard', d365: 'CARD' }] };
    const { config } = withDemoConnection(loaded, emulators, flows);
    expect(config.services).toEqual({ first: { intervalSeconds: 30, depth: 1, nested: { b: 2 } } });
    expect(config.mappings).toEqual({
      skus: [
        { sku: 'A', itemNumber: '1' },
        { sku: 'B', itemNumber: '2' },
      ],
      paymentMethods: [{ amazon: 'CreditCard', d365: 'CARD' }],
    });
  });
});
