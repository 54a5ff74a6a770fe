/**
 * The order import's demo defaults, from the demo catalogue: settings valid for the flow's schema and
 * mapping tables the mapping reader accepts. (check/preflight.int.test.ts checks the same configuration
 * against both emulators, item by item.)
 */
import { describe, expect, it } from 'vitest';
import { readMappings } from '../domain/mappings.ts';
import { importOrdersDemo } from './demo.ts';
import { importOrdersSettings } from './settings.ts';

describe('the order import in demo mode', () => {
  it('are valid settings: a 5-second poll, customer group, charge items, tax per marketplace', () => {
    const raw = importOrdersDemo().settings!;
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
  });

  it('has mapping tables the mapping reader accepts: service levels, payment methods, bundle components', () => {
    const { mappings, problems } = readMappings(importOrdersDemo().mappings!);
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
});
