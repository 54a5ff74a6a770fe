// The demo seed: a handful of orders placed over the last day that between them show every case a
// connector must handle — a plain merchant-fulfilled order, an Amazon Business order with a PO number
// and tax registration, gift wrap with a promotion, a Canadian order, an FBA order Amazon has shipped, a
// bundle with variants, an open buyer cancellation request, an unpaid (Pending) order and an order
// Amazon cancelled. They are made with the same checkout and lifecycle as `/_sim/` orders.
import { placeOrder, type CheckoutDeps } from '../orders/checkout.ts';
import { cancel, requestCancellation, shipByAmazon } from '../orders/lifecycle.ts';
import { iso } from '../orders/orderStore.ts';
import { checkoutSchema, type CheckoutSpec } from './checkoutSchema.ts';

const HOUR = 3_600_000;
const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';

interface SeedOrder {
  hoursAgo: number;
  spec: Omit<CheckoutSpec, 'serviceLevel' | 'fulfilledBy' | 'paid' | 'items'> &
    Partial<Pick<CheckoutSpec, 'serviceLevel' | 'fulfilledBy' | 'paid'>> & {
      items: { sku: string; quantity?: number }[];
    };
  /** What happened to the order later: action and how many hours ago. */
  then?: { action: 'shipByAmazon' | 'cancelRequest' | 'amazonCancel'; hoursAgo: number; reason?: string };
}

const SEED: SeedOrder[] = [
  {
    hoursAgo: 30,
    spec: { marketplaceId: US, items: [{ sku: 'DEMO-HP' }, { sku: 'DEMO-CHG', quantity: 2 }] },
  },
  {
    hoursAgo: 26,
    spec: {
      marketplaceId: US,
      items: [
        { sku: 'DEMO-KB', quantity: 5 },
        { sku: 'DEMO-CAM', quantity: 5 },
      ],
      serviceLevel: 'EXPEDITED',
      buyer: { name: 'Dana Whitfield' },
      deliveryAddress: {
        name: 'Dana Whitfield',
        companyName: 'Fabrikam Engineering LLC',
        addressLine1: '500 Pine St',
        addressLine2: 'Suite 900',
        city: 'Seattle',
        stateOrRegion: 'WA',
        postalCode: '98101',
        countryCode: 'US',
        phone: '+1 206-555-0177',
        addressType: 'COMMERCIAL',
      },
      business: {
        companyName: 'Fabrikam Engineering LLC',
        purchaseOrderNumber: 'PO-2026-0042',
        taxRegistration: {
          type: 'BUSINESS',
          number: '91-7654321',
          address: {
            name: 'Fabrikam Engineering LLC',
            addressLine1: '500 Pine St',
            city: 'Seattle',
            stateOrRegion: 'WA',
            postalCode: '98101',
            countryCode: 'US',
          },
        },
      },
    },
  },
  {
    hoursAgo: 20,
    spec: {
      marketplaceId: US,
      items: [{ sku: 'DEMO-SPK' }],
      serviceLevel: 'SECOND_DAY',
      giftWrap: { message: 'Happy birthday, Sam!' },
      promotion: { id: 'SPRING-10-OFF', discount: 10 },
    },
  },
  {
    hoursAgo: 16,
    spec: { marketplaceId: CA, items: [{ sku: 'DEMO-HP' }, { sku: 'DEMO-HDMI', quantity: 2 }] },
  },
  {
    hoursAgo: 12,
    spec: { marketplaceId: US, items: [{ sku: 'DEMO-CHG' }], fulfilledBy: 'AMAZON' },
    then: { action: 'shipByAmazon', hoursAgo: 10 },
  },
  {
    hoursAgo: 8,
    spec: { marketplaceId: US, items: [{ sku: 'DEMO-DESK-BUNDLE' }, { sku: 'DEMO-TEE-BLK-M', quantity: 2 }] },
  },
  {
    hoursAgo: 6,
    spec: { marketplaceId: US, items: [{ sku: 'DEMO-STAND' }] },
    then: { action: 'cancelRequest', hoursAgo: 5, reason: 'Found a better price elsewhere' },
  },
  { hoursAgo: 4, spec: { marketplaceId: US, items: [{ sku: 'DEMO-GCH', quantity: 3 }], paid: false } },
  {
    hoursAgo: 3,
    spec: { marketplaceId: US, items: [{ sku: 'DEMO-TEE-WHT-L' }] },
    then: { action: 'amazonCancel', hoursAgo: 2, reason: 'Payment could not be verified' },
  },
];

/** Places the seed orders (joining the caller's change set). */
export function seedDemoOrders(deps: CheckoutDeps): void {
  const now = deps.ctx.now();
  for (const { hoursAgo, spec, then } of SEED) {
    const order = placeOrder(deps, checkoutSchema.parse({ ...spec, createdAt: iso(now - hoursAgo * HOUR) }));
    if (!then) continue;
    const at = now - then.hoursAgo * HOUR;
    if (then.action === 'shipByAmazon') shipByAmazon(deps.orders, order.orderId, at);
    else if (then.action === 'cancelRequest')
      requestCancellation(
        deps.orders,
        order.orderId,
        { reason: then.reason ?? 'Order placed by mistake' },
        at,
      );
    else cancel(deps.orders, order.orderId, 'AMAZON', then.reason ?? 'Payment could not be verified', at);
  }
}
