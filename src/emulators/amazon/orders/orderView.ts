// The one function that turns a stored order into the Orders API 2026-01-01 `Order`, used by searchOrders
// and getOrder alike so they always agree. Sections governed by an `includedData` dataset appear only
// when it was asked for; personal data only when the application holds the role (buyer: BUYER;
// recipient: without the role only the non-personal part of the address, as Amazon does without a
// restricted role); money only once the order is paid; the delivery address only from Unshipped on.
import type { DemoCatalogue } from '../../../demo/demoCatalogue.ts';
import { orderCharges, PROCEEDS_ORDER } from './charges.ts';
import type { IncludedData } from './includedData.ts';
import { itemView } from './itemView.ts';
import { money } from './money.ts';
import { iso } from './orderStore.ts';
import type { StoredOrder } from './orderTypes.ts';
import { fulfillmentWindows } from './windows.ts';

export interface ViewOptions {
  include: ReadonlySet<IncludedData>;
  roles: { buyer: boolean; recipient: boolean };
  catalogue: DemoCatalogue;
  now: number;
}

type Json = Record<string, unknown>;
const ADDRESSED: StoredOrder['status'][] = ['UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED'];

export function orderView(order: StoredOrder, opts: ViewOptions): Json {
  const priced = order.paidTime !== undefined;
  const m = (minor: number) => money(minor, order.currency);
  const windows = fulfillmentWindows(order);
  const programs = [...(order.business ? ['AMAZON_BUSINESS'] : []), ...(order.prime ? ['PRIME'] : [])];
  const body: Json = {
    orderId: order.orderId,
    ...(order.sellerOrderId && {
      orderAliases: [{ aliasId: order.sellerOrderId, aliasType: 'SELLER_ORDER_ID' }],
    }),
    createdTime: iso(order.createdTime),
    lastUpdatedTime: iso(order.lastUpdatedTime),
    ...(programs.length > 0 && { programs }),
    salesChannel: {
      channelName: 'AMAZON',
      marketplaceId: order.marketplaceId,
      marketplaceName: opts.catalogue.marketplaces.find((mp) => mp.id === order.marketplaceId)?.name,
    },
  };

  if (opts.include.has('BUYER') && opts.roles.buyer)
    body.buyer = {
      buyerName: order.buyer.name,
      // Amazon relays mail for its own (FBA) orders itself: the buyer's address is merchant-fulfilled only.
      ...(order.fulfilledBy === 'MERCHANT' && { buyerEmail: order.buyer.email }),
      ...(order.business && { buyerCompanyName: order.business.companyName }),
      ...(order.business?.purchaseOrderNumber && {
        buyerPurchaseOrderNumber: order.business.purchaseOrderNumber,
      }),
    };

  if (opts.include.has('RECIPIENT') && ADDRESSED.includes(order.status)) {
    const a = order.deliveryAddress;
    // The phone is suppressed for FBA orders and once a shipped order's delivery window is over.
    const phoneHidden =
      order.fulfilledBy === 'AMAZON' || (order.status === 'SHIPPED' && opts.now > windows.deliverBy.latest);
    body.recipient = {
      deliveryAddress: opts.roles.recipient
        ? { ...a, ...(phoneHidden && { phone: undefined }) }
        : {
            city: a.city,
            stateOrRegion: a.stateOrRegion,
            postalCode: a.postalCode,
            countryCode: a.countryCode,
          },
    };
  }

  const totals = orderCharges(order.items);
  if (opts.include.has('PROCEEDS') && priced)
    body.proceeds = {
      grandTotal: m(totals.total),
      breakdowns: PROCEEDS_ORDER.filter((t) => t === 'ITEM' || totals.byType[t] !== 0).map((type) => ({
        type,
        subtotal: m(totals.byType[type]),
      })),
    };

  if (opts.include.has('PAYMENT') && priced)
    body.payment = {
      paymentExecutions: [{ paymentMethod: order.paymentMethod, paymentAmount: m(totals.total) }],
    };

  const registration = order.business?.taxRegistration;
  if (opts.include.has('TAX') && registration)
    body.tax = {
      taxRegistrations: [
        {
          entityType: 'BUYER',
          legalName: order.business!.companyName,
          taxRegistrationType: registration.type,
          taxRegistrationNumber: registration.number,
          ...(registration.address && { taxRegistrationAddress: registration.address }),
        },
      ],
    };

  if (opts.include.has('FULFILLMENT'))
    body.fulfillment = {
      fulfillmentStatus: order.status,
      fulfilledBy: order.fulfilledBy,
      fulfillmentServiceLevel: order.serviceLevel,
      shipByWindow: {
        earliestDateTime: iso(windows.shipBy.earliest),
        latestDateTime: iso(windows.shipBy.latest),
      },
      deliverByWindow: {
        earliestDateTime: iso(windows.deliverBy.earliest),
        latestDateTime: iso(windows.deliverBy.latest),
      },
    };

  body.orderItems = order.items.map((item) => itemView(order, item, opts));

  // Packages are the seller's shipment confirmations: merchant-fulfilled orders only.
  if (opts.include.has('PACKAGES') && order.fulfilledBy === 'MERCHANT' && order.packages.length > 0)
    body.packages = order.packages.map((p) => ({
      packageReferenceId: p.packageReferenceId,
      createdTime: iso(p.createdTime),
      packageStatus: { status: 'SHIPPED' },
      carrier: p.carrierCode === 'Other' ? (p.carrierName ?? p.carrierCode) : p.carrierCode,
      shipTime: iso(p.shipTime),
      ...(p.shippingMethod && { shippingService: p.shippingMethod }),
      trackingNumber: p.trackingNumber,
      packageItems: p.items.map((i) => ({
        orderItemId: i.orderItemId,
        quantity: i.quantity,
        ...(i.transparencyCodes && { transparencyCodes: i.transparencyCodes }),
      })),
    }));

  return body;
}
