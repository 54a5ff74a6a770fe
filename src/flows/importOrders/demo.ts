/**
 * The order import in demo mode (`npm start` with no configuration): its settings and mapping tables,
 * built from the demo catalogue so that orders placed on the Amazon emulator become sales orders in the
 * D365 emulator out of the box. The marketplace profiles (customer, site, warehouse) are the demo
 * connection's.
 */
import { demoCatalogue } from '../../demo/demoCatalogue.ts';
import type { DemoDefaults, MappingRow } from '../../engine/flow.ts';

export function importOrdersDemo(): DemoDefaults {
  return { settings: demoSettings(), mappings: demoMappings() };
}

/** Amazon payment methods → the demo's D365 methods of payment: cash on delivery apart, the rest paid on Amazon. */
const DEMO_PAYMENT_METHODS: Array<[amazon: string, d365: string]> = [
  ['CashOnDelivery', 'AMZ-COD'],
  ...['CreditCard', 'GiftCard', 'Invoice', 'PointsAccount', 'Other'].map((m): [string, string] => [
    m,
    'AMAZON',
  ]),
];

/**
 * The order import's settings for the demo company, from the catalogue: a 5-second poll (the demo's
 * time scale lets searchOrders keep up), the charge items, Amazon as marketplace facilitator with the
 * exempt tax group.
 */
function demoSettings(): Record<string, unknown> {
  const { codes, marketplaces } = demoCatalogue();
  return {
    intervalSeconds: 5,
    // The emulators answer at once and die with the process: a write cannot still be landing for long.
    writeSettleSeconds: 2,
    customers: { customerGroup: codes.customerGroup.id },
    chargeItems: {
      shipping: codes.chargeItems.shipping.itemNumber,
      giftWrap: codes.chargeItems.giftWrap.itemNumber,
    },
    marketplaces: Object.fromEntries(
      marketplaces.map((m) => {
        const settings = {
          defaultPaymentMethod: codes.methodsOfPayment[0]?.id,
          taxMode: 'marketplaceFacilitator',
          exemptTaxGroup: codes.salesTaxGroup,
        };
        return [m.id, settings];
      }),
    ),
  };
}

/** The mapping tables of the demo: service levels, payment methods, and each bundle's components. */
const DEMO_EXTRA_SERVICE_LEVELS: [string, string][] = [
  ['PRIORITY', 'AMZ-NXT'],
  ['SAME_DAY', 'AMZ-NXT'],
  ['SCHEDULED', 'AMZ-STD'],
];

function demoMappings(): Record<string, MappingRow[]> {
  const { codes, bundles } = demoCatalogue();
  return {
    deliveryModes: [
      ...codes.modesOfDelivery.flatMap((m) =>
        m.serviceLevel ? [{ serviceLevel: m.serviceLevel, mode: m.id }] : [],
      ),
      // Service levels the Amazon emulator also generates, without a mode of their own in the demo company.
      ...DEMO_EXTRA_SERVICE_LEVELS.map(([serviceLevel, mode]) => ({ serviceLevel, mode })),
    ],
    paymentMethods: DEMO_PAYMENT_METHODS.map(([amazon, d365]) => ({ amazon, d365 })),
    bundles: bundles.flatMap((b) =>
      b.marketplaceIds.flatMap((marketplaceId) =>
        b.components.map((c) => ({
          sku: b.sku,
          itemNumber: c.itemNumber,
          quantity: c.quantity,
          marketplaceId,
        })),
      ),
    ),
  };
}
