/**
 * The mapping tables as a person writes them: typed when right, and every mistake reported at once
 * with the cell it is in. Then the look-ups: a marketplace's own row wins over the general one.
 */
import { describe, expect, it } from 'vitest';
import { bundleFor, deliveryModeFor, paymentMethodFor, readMappings, skuMappingFor } from './mappings.ts';

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';

describe('readMappings: good tables', () => {
  it('types every table, turning YAML numbers into codes', () => {
    const { mappings, problems } = readMappings({
      skus: [
        { sku: 'MUG-RED', itemNumber: 'M0001' },
        {
          sku: 'TEE-M',
          itemNumber: 1000,
          size: 'M',
          color: 'Red',
          style: 'V',
          configuration: 'C1',
          marketplaceId: US,
        },
      ],
      bundles: [
        { sku: 'GIFT', itemNumber: 'M0001', quantity: 2, share: 60 },
        { sku: 'GIFT', itemNumber: 'S0001', quantity: '1', share: '40', color: 'Blue' },
        { sku: 'DUO', itemNumber: 'M0001', quantity: 1, marketplaceId: CA },
      ],
      deliveryModes: [{ serviceLevel: 'Standard', mode: 'STD' }],
      paymentMethods: [{ amazon: 'CreditCard', d365: 'CARD', marketplaceId: US }],
      carriers: [{ anything: true }],
    });
    expect(problems).toEqual([]);
    expect(mappings).toEqual({
      skus: [
        { sku: 'MUG-RED', marketplaceId: undefined, item: { itemNumber: 'M0001' } },
        {
          sku: 'TEE-M',
          marketplaceId: US,
          item: { itemNumber: '1000', size: 'M', color: 'Red', style: 'V', configuration: 'C1' },
        },
      ],
      bundles: [
        {
          sku: 'GIFT',
          marketplaceId: undefined,
          components: [
            { item: { itemNumber: 'M0001' }, quantity: 2, share: 60 },
            { item: { itemNumber: 'S0001', color: 'Blue' }, quantity: 1, share: 40 },
          ],
        },
        { sku: 'DUO', marketplaceId: CA, components: [{ item: { itemNumber: 'M0001' }, quantity: 1 }] },
      ],
      deliveryModes: [{ serviceLevel: 'Standard', mode: 'STD', marketplaceId: undefined }],
      paymentMethods: [{ amazon: 'CreditCard', d365: 'CARD', marketplaceId: US }],
    });
  });

  it('reads missing tables as empty', () => {
    expect(readMappings({})).toEqual({
      mappings: { skus: [], bundles: [], deliveryModes: [], paymentMethods: [] },
      problems: [],
    });
  });

  it('allows one SKU per marketplace and a general one beside them', () => {
    const { mappings, problems } = readMappings({
      skus: [
        { sku: 'A', itemNumber: 'X' },
        { sku: 'A', itemNumber: 'Y', marketplaceId: US },
        { sku: 'A', itemNumber: 'Z', marketplaceId: CA },
      ],
    });
    expect(problems).toEqual([]);
    expect(mappings.skus).toHaveLength(3);
  });
});

describe('readMappings: problems name their cell', () => {
  const cases: { name: string; tables: Parameters<typeof readMappings>[0]; problems: (string | RegExp)[] }[] =
    [
      {
        name: 'a SKU row without SKU or item',
        tables: { skus: [{ sku: 'A', itemNumber: 'X' }, { sku: ' ' }, { itemNumber: 'X' }] },
        problems: [
          'mappings.skus[1].sku: missing: give the Amazon seller SKU',
          'mappings.skus[1].itemNumber: missing: give the D365 item number (ItemNumber)',
          'mappings.skus[2].sku: missing: give the Amazon seller SKU',
        ],
      },
      {
        name: 'an item number longer than D365 allows, and a dimension too',
        tables: { skus: [{ sku: 'A', itemNumber: 'X'.repeat(21), size: 'EXTRA-LARGE-PLUS' }] },
        problems: [
          'mappings.skus[0].itemNumber: is 21 characters long, D365 allows 20: shorten it',
          'mappings.skus[0].size: is 16 characters long, D365 allows 10: shorten it',
        ],
      },
      {
        name: 'a yes/no where text belongs',
        tables: { skus: [{ sku: true, itemNumber: 'X' }] },
        problems: ['mappings.skus[0].sku: must be text, not true'],
      },
      {
        name: 'an unknown column (a typo)',
        tables: { skus: [{ sku: 'A', itemnumber: 'X' }] },
        problems: [
          'mappings.skus[0].itemnumber: unknown column: the columns of this table are sku, itemNumber, color, size, style, configuration, marketplaceId',
          'mappings.skus[0].itemNumber: missing: give the D365 item number (ItemNumber)',
        ],
      },
      {
        name: 'a marketplace id that is not one',
        tables: { deliveryModes: [{ serviceLevel: 'Standard', mode: 'STD', marketplaceId: 'amazon.com' }] },
        problems: [
          'mappings.deliveryModes[0].marketplaceId: must be an Amazon marketplace id such as ATVPDKIKX0DER, not amazon.com',
        ],
      },
      {
        name: 'a SKU mapped twice for the same marketplace',
        tables: {
          skus: [
            { sku: 'A', itemNumber: 'X', marketplaceId: US },
            { sku: 'B', itemNumber: 'X' },
            { sku: 'A', itemNumber: 'Y', marketplaceId: US },
            { sku: 'B', itemNumber: 'Y' },
          ],
        },
        problems: [
          'mappings.skus[2].sku: SKU A is mapped twice for marketplace ATVPDKIKX0DER (rows 0 and 2): keep one',
          'mappings.skus[3].sku: SKU B is mapped twice for all marketplaces (rows 1 and 3): keep one',
        ],
      },
      {
        name: 'a bundle component without a quantity, or with a quantity that is not a positive number',
        tables: {
          bundles: [
            { sku: 'K', itemNumber: 'A' },
            { sku: 'K', itemNumber: 'B', quantity: 0 },
            { sku: 'K', itemNumber: 'C', quantity: 'two' },
          ],
        },
        problems: [
          'mappings.bundles[0].quantity: missing: give how many of this component one bundle holds',
          'mappings.bundles[1].quantity: must be a number greater than 0, not 0',
          'mappings.bundles[2].quantity: must be a number greater than 0, not "two"',
        ],
      },
      {
        name: 'a share over 100',
        tables: { bundles: [{ sku: 'K', itemNumber: 'A', quantity: 1, share: 120 }] },
        problems: ['mappings.bundles[0].share: must be at most 100, not 120'],
      },
      {
        name: 'shares on some components only',
        tables: {
          bundles: [
            { sku: 'K', itemNumber: 'A', quantity: 1, share: 50 },
            { sku: 'K', itemNumber: 'B', quantity: 1 },
          ],
        },
        problems: [
          'mappings.bundles[0].share: bundle K gives a share on some components only (rows 0, 1): give every component its share of the bundle price, or none',
        ],
      },
      {
        name: 'shares that do not add up to 100',
        tables: {
          bundles: [
            { sku: 'X', itemNumber: 'Z', quantity: 1 },
            { sku: 'K', itemNumber: 'A', quantity: 1, share: 33.3 },
            { sku: 'K', itemNumber: 'B', quantity: 1, share: 33.3 },
            { sku: 'K', itemNumber: 'C', quantity: 1, share: 33.3 },
          ],
        },
        problems: [
          'mappings.bundles[1].share: the shares of bundle K add up to 99.9, not 100 (rows 1, 2, 3): correct them so they add up to 100',
        ],
      },
      {
        name: 'a component listed twice in a bundle',
        tables: {
          bundles: [
            { sku: 'K', itemNumber: 'A', quantity: 1, color: 'Red' },
            { sku: 'K', itemNumber: 'A', quantity: 1, color: 'Blue' },
            { sku: 'K', itemNumber: 'A', quantity: 2, color: 'Red' },
          ],
        },
        problems: [
          'mappings.bundles[2].itemNumber: item A is listed twice in bundle K (rows 0 and 2): give it once, with the total quantity',
        ],
      },
      {
        name: 'a delivery mode row without mode, too long, or twice for a service level (any case)',
        tables: {
          deliveryModes: [
            { serviceLevel: 'Standard', mode: 'STD' },
            { serviceLevel: 'Expedited' },
            { serviceLevel: 'NextDay', mode: 'NEXT-DAY-AIR' },
            { serviceLevel: 'STANDARD', mode: 'STD2' },
          ],
        },
        problems: [
          'mappings.deliveryModes[1].mode: missing: give the D365 mode of delivery (DeliveryModeCode)',
          'mappings.deliveryModes[2].mode: is 12 characters long, D365 allows 10: shorten it',
          'mappings.deliveryModes[3].serviceLevel: STANDARD is given twice for all marketplaces (rows 0 and 3): keep one',
        ],
      },
      {
        name: 'a payment method row without the Amazon method or the D365 one, or twice',
        tables: {
          paymentMethods: [
            { d365: 'CARD' },
            { amazon: 'CreditCard' },
            { amazon: 'GiftCard', d365: 'GIFT', marketplaceId: US },
            { amazon: 'giftcard', d365: 'GIFT2', marketplaceId: US },
          ],
        },
        problems: [
          'mappings.paymentMethods[0].amazon: missing: give the Amazon value (amazon)',
          'mappings.paymentMethods[1].d365: missing: give the D365 method of payment (CustomerPaymentMethodName)',
          'mappings.paymentMethods[3].amazon: giftcard is given twice for marketplace ATVPDKIKX0DER (rows 2 and 3): keep one',
        ],
      },
    ];
  it.each(cases)('$name', ({ tables, problems }) => {
    expect(readMappings(tables).problems).toEqual(problems);
  });

  it('reports problems of every table at once', () => {
    const { problems } = readMappings({
      skus: [{ sku: 'A' }],
      bundles: [{ sku: 'K', itemNumber: 'A' }],
      deliveryModes: [{ mode: 'STD' }],
      paymentMethods: [{ amazon: 'X' }],
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'mappings.skus[0].itemNumber',
      'mappings.bundles[0].quantity',
      'mappings.deliveryModes[0].serviceLevel',
      'mappings.paymentMethods[0].d365',
    ]);
  });

  it('leaves out a bad row, and a bundle with any bad row whole', () => {
    const { mappings } = readMappings({
      skus: [{ sku: 'A', itemNumber: 'X' }, { sku: 'B' }],
      bundles: [
        { sku: 'K', itemNumber: 'A', quantity: 1 },
        { sku: 'K', itemNumber: 'B', quantity: -1 },
        { sku: 'L', itemNumber: 'A', quantity: 1 },
      ],
    });
    expect(mappings.skus.map((s) => s.sku)).toEqual(['A']);
    expect(mappings.bundles.map((b) => b.sku)).toEqual(['L']);
  });
});

describe('mapping look-ups', () => {
  const { mappings } = readMappings({
    skus: [
      { sku: 'A', itemNumber: 'US-A', marketplaceId: US },
      { sku: 'A', itemNumber: 'ANY-A' },
    ],
    bundles: [
      { sku: 'K', itemNumber: 'ANY-K', quantity: 1 },
      { sku: 'K', itemNumber: 'CA-K', quantity: 1, marketplaceId: CA },
    ],
    deliveryModes: [
      { serviceLevel: 'Standard', mode: 'STD' },
      { serviceLevel: 'STANDARD', mode: 'STD-CA', marketplaceId: CA },
    ],
    paymentMethods: [
      { amazon: 'CreditCard', d365: 'CARD-US', marketplaceId: US },
      { amazon: 'CreditCard', d365: 'CARD' },
    ],
  });

  it('prefers the marketplace’s own row, whichever comes first, and falls back to the general one', () => {
    expect(skuMappingFor(mappings, US, 'A')).toEqual({ itemNumber: 'US-A' });
    expect(skuMappingFor(mappings, CA, 'A')).toEqual({ itemNumber: 'ANY-A' });
    expect(bundleFor(mappings, CA, 'K')?.components[0]?.item.itemNumber).toBe('CA-K');
    expect(bundleFor(mappings, US, 'K')?.components[0]?.item.itemNumber).toBe('ANY-K');
    expect(deliveryModeFor(mappings, CA, 'Standard')).toBe('STD-CA');
    expect(deliveryModeFor(mappings, US, 'STANDARD')).toBe('STD');
    expect(paymentMethodFor(mappings, US, 'creditcard')).toBe('CARD-US');
    expect(paymentMethodFor(mappings, CA, 'CreditCard')).toBe('CARD');
  });

  it('matches SKUs exactly, and finds nothing for what is not mapped', () => {
    expect(skuMappingFor(mappings, US, 'a')).toBeUndefined();
    expect(bundleFor(mappings, US, 'A')).toBeUndefined();
    expect(deliveryModeFor(mappings, US, 'NextDay')).toBeUndefined();
    expect(paymentMethodFor(mappings, US, 'GiftCard')).toBeUndefined();
  });
});
