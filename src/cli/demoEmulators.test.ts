/**
 * The demo configuration built around the emulators: one connection with secret files (never literal
 * secrets), the order import's settings and mapping tables from the demo catalogue — valid for the
 * flow's schema and the mapping reader — and the configuration's own keys kept where it has them.
 * (preflight.int.test.ts checks the same configuration against both emulators, item by item.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type LoadedConfig } from '../config/load.ts';
import { readMappings } from '../flows/domain/mappings.ts';
import { importOrdersSettings } from '../flows/importOrders/settings.ts';
import { withDemoConnection } from './demoEmulators.ts';
import { marketplaceProfiles } from '../flows/domain/marketplaceProfile.ts';

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
    const { config } = withDemoConnection(demo(), emulators);
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

  it('gives the order import its demo settings: a 5-second poll, customers, charge items, tax and stock places', () => {
    const { config } = withDemoConnection(demo(), emulators);
    const raw = config.services['import-orders']!;
    expect(raw.intervalSeconds).toBe(5);
    const { intervalSeconds: _interval, ...rest } = raw;
    const settings = importOrdersSettings.parse(rest);
    expect(settings.customers.customerGroup).toBe('AMZ');
    expect(settings.writeSettleSeconds).toBe(2);
    expect(settings.chargeItems).toEqual({ shipping: 'S0100', giftWrap: 'S0101' });
    const forEach = {
      defaultPaymentMethod: 'AMAZON',
      taxMode: 'marketplaceFacilitator',
      exemptTaxGroup: 'AMZ-MF',
    };
    expect(settings.marketplaces).toEqual({ ATVPDKIKX0DER: forEach, A2EUQ1WTGCTBG2: forEach });
    // Customer, stock place and tax of each marketplace are the connection's marketplace profile.
    const place = { site: '1', warehouse: '11', pricesIncludeTax: false };
    expect(marketplaceProfiles(config.connections[0]!)).toEqual([
      expect.objectContaining({
        marketplaceId: 'ATVPDKIKX0DER',
        customerAccount: 'AMZ-US',
        currency: 'USD',
        ...place,
      }),
      expect.objectContaining({
        marketplaceId: 'A2EUQ1WTGCTBG2',
        customerAccount: 'AMZ-CA',
        currency: 'CAD',
        ...place,
      }),
    ]);
  });

  it('gives mapping tables the mapping reader accepts: service levels, payment methods, bundle components', () => {
    const { config } = withDemoConnection(demo(), emulators);
    const { mappings, problems } = readMappings(config.mappings);
    expect(problems).toEqual([]);
    expect(mappings.deliveryModes.map((m) => `${m.serviceLevel}→${m.mode}`)).toEqual([
      'STANDARD→AMZ-STD',
      'EXPEDITED→AMZ-EXP',
      'SECOND_DAY→AMZ-2DY',
      'NEXT_DAY→AMZ-NXT',
      'FREE_ECONOMY→AMZ-ECO',
      'PRIORITY→AMZ-NXT',
      'SAME_DAY→AMZ-NXT',
      'SCHEDULED→AMZ-STD',
    ]);
    expect(Object.fromEntries(mappings.paymentMethods.map((m) => [m.amazon, m.d365]))).toEqual({
      CashOnDelivery: 'AMZ-COD',
      CreditCard: 'AMAZON',
      GiftCard: 'AMAZON',
      Invoice: 'AMAZON',
      PointsAccount: 'AMAZON',
      Other: 'AMAZON',
    });
    expect(mappings.bundles).toEqual([
      {
        sku: 'DEMO-DESK-BUNDLE',
        marketplaceId: 'ATVPDKIKX0DER',
        components: [
          { item: { itemNumber: 'A0004' }, quantity: 1 },
          { item: { itemNumber: 'A0006' }, quantity: 1 },
          { item: { itemNumber: 'A0005' }, quantity: 2 },
        ],
      },
    ]);
  });

  it('keeps what the configuration already had: its keys of the import settings and its mapping tables', () => {
    const loaded = demo();
    loaded.config.services = { 'import-orders': { intervalSeconds: 30, customers: { strategy: 'buyer' } } };
    loaded.config.mappings = { paymentMethods: [{ amazon: 'CreditCard', d365: 'CARD' }] };
    const { config } = withDemoConnection(loaded, emulators);
    expect(config.services['import-orders']).toMatchObject({
      intervalSeconds: 30,
      customers: { strategy: 'buyer' },
      chargeItems: { shipping: 'S0100', giftWrap: 'S0101' },
    });
    expect(config.mappings.paymentMethods).toEqual([{ amazon: 'CreditCard', d365: 'CARD' }]);
    expect(config.mappings.deliveryModes).toHaveLength(8);
  });
});
