/**
 * Builders for the planner's tests: a plain merchant-fulfilled, paid, unshipped US order, settings and a
 * marketplace profile that import it, and fake look-ups (SKU → item table, a deterministic keyOf). Each test changes only what
 * it is about, so the table rows read as "this order, these settings → this decision".
 */
import { createHash } from 'node:crypto';
import { importOrdersSettings, type ImportOrdersSettings } from '../../src/flows/importOrders/settings.ts';
import type { Mappings } from '../../src/flows/domain/mappings.ts';
import type { ResolvedItem } from '../../src/flows/domain/items.ts';
import type { MarketplaceProfile } from '../../src/flows/domain/marketplaceProfile.ts';
import type { ItemFacts, OrderFacts } from '../../src/flows/importOrders/intake/facts.ts';
import type { OrderLookups, PlanInput } from '../../src/flows/importOrders/plan/planInput.ts';

export const US = 'ATVPDKIKX0DER';
export const CA = 'A2EUQ1WTGCTBG2';

export function anItem(overrides: Partial<ItemFacts> = {}): ItemFacts {
  return {
    orderItemId: '11111111111111',
    sku: 'MUG-RED',
    asin: 'B000000001',
    title: 'Red mug',
    quantityOrdered: 2,
    quantityShipped: 0,
    quantityUnshipped: 2,
    unitPrice: 10,
    discount: 0,
    shipping: 0,
    giftWrap: 0,
    tax: 0,
    marketplaceFacilitator: false,
    promotionIds: [],
    ...overrides,
  };
}

export function anOrder(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return {
    orderId: '113-1234567-1234567',
    marketplaceId: US,
    status: 'UNSHIPPED',
    fulfilledBy: 'MERCHANT',
    serviceLevel: 'STANDARD',
    createdTime: '2026-03-01T10:00:00Z',
    lastUpdatedTime: '2026-03-01T11:00:00Z',
    currency: 'USD',
    shipByLatest: '2026-03-03T07:59:59Z',
    deliverByLatest: '2026-03-08T07:59:59Z',
    isBusiness: false,
    isPrime: false,
    buyer: { name: 'Jane Doe', email: 'abc123@marketplace.amazon.com' },
    deliveryAddress: {
      name: 'Jane Doe',
      lines: ['1 Main St'],
      city: 'Seattle',
      stateOrRegion: 'WA',
      postalCode: '98101',
      countryCode: 'US',
      phone: '+1 206 555 0100',
    },
    payments: [{ method: 'CreditCard', amount: 20, currency: 'USD' }],
    items: [anItem()],
    grandTotal: 20,
    problems: [],
    ...overrides,
  };
}

type SettingsInput = Record<string, unknown>;

/** Settings that import the plain order; `overrides` replace top-level keys. */
export function someSettings(overrides: SettingsInput = {}): ImportOrdersSettings {
  return importOrdersSettings.parse({
    marketplaces: {
      [US]: {
        defaultPaymentMethod: 'AMAZON',
        taxMode: 'marketplaceFacilitator',
        exemptTaxGroup: 'EXEMPT',
      },
    },
    customers: { customerGroup: 'AMZ' },
    chargeItems: { shipping: 'SHIP', giftWrap: 'GIFTWRAP' },
    ...overrides,
  });
}

/** The connection's profile of the US marketplace: legal entity usmf, customer AMZ-US, site 1, warehouse 11. */
export function someProfile(overrides: Partial<MarketplaceProfile> = {}): MarketplaceProfile {
  return {
    marketplaceId: US,
    legalEntity: 'usmf',
    configPath: 'connection us1: amazon.marketplaces[0]',
    customerAccount: 'AMZ-US',
    site: '1',
    warehouse: '11',
    currency: 'USD',
    pricesIncludeTax: false,
    country: 'US',
    ...overrides,
  };
}

export function someMappings(overrides: Partial<Mappings> = {}): Mappings {
  return {
    skus: [],
    bundles: [],
    deliveryModes: [{ serviceLevel: 'STANDARD', mode: 'STD' }],
    paymentMethods: [{ amazon: 'CreditCard', d365: 'CARD' }],
    ...overrides,
  };
}

/** A deterministic stand-in for the installation's keyed hash: 16 hex digits. */
export const fakeKeyOf = (text: string) =>
  createHash('sha256').update(`test-key:${text}`).digest('hex').slice(0, 16);

/** Look-ups that find the SKUs of `items` (any marketplace, or `sku@marketplace` for one). */
export function fakeLookups(items: Record<string, ResolvedItem> = {}): OrderLookups {
  return {
    item: (sku, marketplaceId) => items[`${sku}@${marketplaceId}`] ?? items[sku],
    keyOf: fakeKeyOf,
  };
}

export const DEFAULT_ITEMS: Record<string, ResolvedItem> = {
  'MUG-RED': { itemNumber: 'M0001', via: 'externalItemNumber' },
};

export function someInput(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    settings: someSettings(),
    mappings: someMappings(),
    lookups: fakeLookups(DEFAULT_ITEMS),
    profile: someProfile(),
    ...overrides,
  };
}
