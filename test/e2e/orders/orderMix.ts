/**
 * The Amazon orders the crash test places, and what each must become in D365. The mix cycles through
 * the shapes the import handles differently — several SKUs, a size/colour variant, the desk bundle
 * (three component lines), gift wrap, free and paid shipping, a promotion, the Canadian marketplace,
 * Amazon Business buyers (a customer of their own, with a tax-registration address) and repeat buyers
 * with an e-mail (a customer of their own under `customers.strategy: buyer`) — so kills land on every
 * kind of write: customers, addresses, headers, lines.
 */
import { demoCatalogue } from '../../../src/demo/demoCatalogue.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const US = 'ATVPDKIKX0DER';
export const CA = 'A2EUQ1WTGCTBG2';
const BUNDLE = 'DEMO-DESK-BUNDLE';

const REPEAT_BUYERS = [
  { name: 'Avery Quinn', email: 'avery.quinn@marketplace.amazon.example' },
  { name: 'Robin Ortega', email: 'robin.ortega@marketplace.amazon.example' },
];

const BUSINESSES = [
  {
    companyName: 'Contoso Labs Ltd',
    taxRegistration: {
      type: 'BUSINESS',
      number: '12-3456789',
      address: {
        name: 'Contoso Labs Ltd',
        addressLine1: '1 Microsoft Way',
        city: 'Redmond',
        stateOrRegion: 'WA',
        postalCode: '98052',
        countryCode: 'US',
      },
    },
  },
  { companyName: 'Fabrikam Retail Inc', taxRegistration: { type: 'BUSINESS', number: '98-7654321' } },
];

/** The checkout (`POST /_sim/orders`) of the n-th order of the test. */
export function orderSpec(n: number): Json {
  const q = 1 + (n % 3);
  switch (n % 8) {
    case 0:
      return {
        items: [
          { sku: 'DEMO-HP', quantity: q },
          { sku: 'DEMO-TEE-BLK-M', quantity: 1 },
        ],
        serviceLevel: 'EXPEDITED',
      };
    case 1:
      return { items: [{ sku: BUNDLE, quantity: q }, { sku: 'DEMO-HDMI' }], giftWrap: true };
    case 2:
      return {
        items: [
          { sku: 'DEMO-KB', quantity: q },
          { sku: 'DEMO-CAM', quantity: 1 },
        ],
        business: { ...BUSINESSES[(n >> 3) % 2], purchaseOrderNumber: `PO-${n}` },
      };
    case 3:
      return { marketplaceId: CA, items: [{ sku: 'DEMO-SPK', quantity: q }], serviceLevel: 'SECOND_DAY' };
    case 4:
      return {
        items: [
          { sku: 'DEMO-CHG', quantity: q },
          { sku: 'DEMO-TEE-WHT-L', quantity: 2 },
        ],
        buyer: REPEAT_BUYERS[(n >> 3) % 2],
        serviceLevel: 'FREE_ECONOMY',
      };
    case 5:
      return {
        items: [
          { sku: 'DEMO-STAND', quantity: 1 },
          { sku: 'DEMO-GCH', quantity: q },
          { sku: BUNDLE, quantity: 1 },
        ],
        promotion: { id: 'SPRING-10-OFF', discount: 10 },
        giftWrap: { message: 'Enjoy', level: 'Classic' },
      };
    case 6:
      return {
        items: [{ sku: 'DEMO-CAM', quantity: q }],
        buyer: REPEAT_BUYERS[((n >> 3) + 1) % 2],
        paymentMethod: 'CashOnDelivery',
        serviceLevel: 'NEXT_DAY',
      };
    default:
      return {
        items: [
          { sku: 'DEMO-HP', quantity: 1 },
          { sku: 'DEMO-SPK', quantity: q },
          { sku: 'DEMO-TEE-BLK-S', quantity: 1 },
        ],
      };
  }
}

export interface ExpectedLine {
  reference: string;
  itemNumber: string;
  quantity: number;
  /** The Amazon order item the line belongs to (absent on charge lines). */
  orderItemId?: string;
}

/** Seller SKU → D365 item number (a variant SKU → its master), from the demo catalogue. */
function itemNumberOf(sku: string): string {
  for (const p of demoCatalogue().products as Json[]) {
    if ((p.offers ?? []).some((o: Json) => o.sku === sku)) return p.itemNumber;
    for (const v of p.variants ?? [])
      if ((v.offers ?? []).some((o: Json) => o.sku === sku)) return p.itemNumber;
  }
  throw new Error(`SKU ${sku} is not in the demo catalogue`);
}

const PRIME_FREE = ['FREE_ECONOMY', 'STANDARD', 'SECOND_DAY'];

/**
 * The D365 lines the order must get (from the emulator's view of it, `GET /_sim/orders/:id`): one per
 * item — a bundle one per component, `<orderItemId>#n` — plus a SHIPPING and a GIFT_WRAP charge line
 * when Amazon charged them.
 */
export function expectedLines(view: Json): ExpectedLine[] {
  const lines: ExpectedLine[] = [];
  const bundle = demoCatalogue().bundles.find((b) => b.sku === BUNDLE)!;
  for (const item of view.items as Json[]) {
    if (item.sku === BUNDLE) {
      bundle.components.forEach((c, i) =>
        lines.push({
          reference: `${item.orderItemId}#${i + 1}`,
          itemNumber: c.itemNumber,
          quantity: c.quantity * item.quantityOrdered,
          orderItemId: item.orderItemId,
        }),
      );
    } else {
      lines.push({
        reference: item.orderItemId,
        itemNumber: itemNumberOf(item.sku),
        quantity: item.quantityOrdered,
        orderItemId: item.orderItemId,
      });
    }
  }
  const { chargeItems } = demoCatalogue().codes;
  const freeShipping =
    view.serviceLevel === 'FREE_ECONOMY' || (view.prime && PRIME_FREE.includes(view.serviceLevel));
  if (!freeShipping)
    lines.push({ reference: 'SHIPPING', itemNumber: chargeItems.shipping.itemNumber, quantity: 1 });
  if (view.giftWrap)
    lines.push({ reference: 'GIFT_WRAP', itemNumber: chargeItems.giftWrap.itemNumber, quantity: 1 });
  return lines;
}
