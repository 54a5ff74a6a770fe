import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultLimit, parseRateLimitHeader, RATE_TABLE, type AmazonOperation } from './rateTable.ts';

// The repository's one copy of Amazon's models (kept by the emulator, Apache-2.0). A row whose API has
// no model there yet is reported as skipped, not silently passed.
const MODELS = fileURLToPath(new URL('../emulators/amazon/models/', import.meta.url));
const hasModel = (api: string) => existsSync(MODELS + MODEL_FILES[api]);
const MODEL_FILES: Record<string, string> = {
  orders: 'orders_2026-01-01.json',
  ordersV0: 'ordersV0.json',
  tokens: 'tokens_2021-03-01.json',
  listings: 'listingsItems_2021-08-01.json',
  feeds: 'feeds_2021-06-30.json',
  reports: 'reports_2021-06-30.json',
  productTypes: 'definitionsProductTypes_2020-09-01.json',
  catalog: 'catalogItems_2022-04-01.json',
  notifications: 'notifications.json',
};

interface ModelOperation {
  method: string;
  path: string;
  rate: number;
  burst: number;
}

/** Reads each operation's "Usage Plan" table (| rate | burst |) from its description in the model. */
function usagePlans(file: string): Map<string, ModelOperation> {
  const model = JSON.parse(readFileSync(MODELS + file, 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string; description?: string }>>;
  };
  const plans = new Map<string, ModelOperation>();
  for (const [path, operations] of Object.entries(model.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const match = /\|\s*([0-9.]+)\s*\|\s*([0-9]+)\s*\|/.exec(op.description ?? '');
      if (!op.operationId || !match) continue;
      plans.set(op.operationId, {
        method: method.toUpperCase(),
        path,
        rate: Number(match[1]),
        burst: Number(match[2]),
      });
    }
  }
  return plans;
}

describe('the rate table', () => {
  const rows = Object.entries(RATE_TABLE) as Array<[AmazonOperation, (typeof RATE_TABLE)[AmazonOperation]]>;

  describe.each(rows)('%s', (key, row) => {
    const [api, operationId] = key.split('.') as [string, string];
    it.skipIf(!hasModel(api))('matches the usage plan in the official model', () => {
      const plans = usagePlans(MODEL_FILES[api]!);
      expect(plans.get(operationId)).toEqual({
        method: row.method,
        path: row.path,
        rate: row.rate,
        burst: row.burst,
      });
    });
  });

  it('holds every Orders, Listings Items, Feeds and Reports operation the models declare', () => {
    const apis = ['orders', 'ordersV0', 'listings', 'feeds', 'reports'].filter(hasModel);
    expect(apis).toContain('orders');
    for (const api of apis) {
      for (const operationId of usagePlans(MODEL_FILES[api]!).keys())
        expect(Object.keys(RATE_TABLE)).toContain(`${api}.${operationId}`);
    }
  });
});

describe('defaultLimit', () => {
  it('scales the rate, not the burst, with timeScale', () => {
    expect(defaultLimit('ordersV0.confirmShipment')).toEqual({ rate: 2, burst: 10 });
    const scaled = defaultLimit('orders.searchOrders', { timeScale: 100 });
    expect(scaled.rate).toBeCloseTo(0.56, 9);
    expect(scaled.burst).toBe(20);
  });

  it('uses the sandbox plan on sandbox hosts', () => {
    expect(defaultLimit('orders.searchOrders', { sandbox: true })).toEqual({ rate: 5, burst: 15 });
  });
});

describe('parseRateLimitHeader', () => {
  it.each([
    ['0.0167', 0.0167],
    [' 2 ', 2],
    ['0', undefined],
    ['-1', undefined],
    ['abc', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j → %j', (value, rate) => {
    expect(parseRateLimitHeader(value)).toBe(rate);
  });
});
