/**
 * What the order import needs to know of an Amazon order (Orders API 2026-01-01), read once from the
 * parsed payload: status, money as numbers, items, buyer, addresses. Reading never throws: whatever is
 * missing or unreadable becomes a problem in `facts.problems`, which the planner turns into a
 * needs_attention record — one bad order must not stop the others.
 *
 * Amazon adds enum values without a new API version, so statuses, programs and payment methods are
 * kept as the strings Amazon sent; the planner decides what an unknown value means.
 */
import type { Order } from '../../../amazon/orders/schemasOrder.ts';
import { parseAmount, roundTo, sumTo } from '../plan/amounts.ts';
import type { PostalAddress, ItemFacts, OrderFacts } from './facts.ts';

export { parseOrderPayload } from './parseOrderPayload.ts';

type Item = Order['orderItems'][number];
type AmazonAddress = NonNullable<NonNullable<Order['recipient']>['deliveryAddress']>;
type Money = { amount: string; currencyCode: string };

/** How a person can act on a payload problem: the data comes from Amazon, not from the settings. */
const RETRY = 'Amazon sent an incomplete order: retry the record once Amazon has it complete';

export function orderFacts(order: Order): OrderFacts {
  const problems: string[] = [];
  const currencies = new Set<string>();
  /** Reads an Amazon amount; a non-decimal one is a problem (and counts as absent). */
  const amount = (money: Money | undefined, path: string): number | undefined => {
    if (!money) return undefined;
    const value = parseAmount(money.amount);
    if (value === undefined)
      problems.push(`the order from Amazon has ${path}.amount that is not a decimal amount: ${RETRY}`);
    else currencies.add(money.currencyCode);
    return value;
  };

  const fulfillment = order.fulfillment;
  if (!fulfillment)
    problems.push(
      `the order from Amazon came without its FULFILLMENT data (status, fulfilled by, service level): ${RETRY}`,
    );
  else if (!fulfillment.fulfilledBy)
    problems.push(`the order from Amazon has no fulfillment.fulfilledBy (merchant or Amazon): ${RETRY}`);
  const marketplaceId = order.salesChannel.marketplaceId;
  if (!marketplaceId) problems.push(`the order from Amazon has no salesChannel.marketplaceId: ${RETRY}`);
  if (order.orderItems.length === 0) problems.push(`the order from Amazon has no orderItems: ${RETRY}`);

  const items = order.orderItems.map((item, i) => itemFacts(item, `orderItems[${i}]`, amount));
  const payments = (order.payment?.paymentExecutions ?? []).map((p, i) => ({
    method: present(p.paymentMethod),
    amount: amount(p.paymentAmount, `payment.paymentExecutions[${i}].paymentAmount`),
    currency: p.paymentAmount?.currencyCode,
  }));
  const grandTotal = amount(order.proceeds?.grandTotal, 'proceeds.grandTotal');
  if (currencies.size > 1)
    problems.push(
      `the order from Amazon mixes currencies (${[...currencies].sort().join(', ')}): ${RETRY}, or import it by hand`,
    );

  const status = fulfillment?.fulfillmentStatus ?? '';
  const programs = order.programs ?? [];
  const buyer = order.buyer;
  return {
    orderId: order.orderId,
    marketplaceId: marketplaceId ?? '',
    status,
    fulfilledBy: fulfillment?.fulfilledBy ?? '',
    serviceLevel: present(fulfillment?.fulfillmentServiceLevel),
    createdTime: order.createdTime,
    lastUpdatedTime: order.lastUpdatedTime,
    currency: [...currencies][0],
    shipByLatest: fulfillment?.shipByWindow?.latestDateTime,
    deliverByLatest: fulfillment?.deliverByWindow?.latestDateTime,
    isBusiness: programs.includes('AMAZON_BUSINESS') || present(buyer?.buyerCompanyName) !== undefined,
    isPrime: programs.includes('PRIME'),
    buyer: {
      name: present(buyer?.buyerName),
      email: present(buyer?.buyerEmail),
      companyName: present(buyer?.buyerCompanyName),
      purchaseOrderNumber: present(buyer?.buyerPurchaseOrderNumber),
    },
    deliveryAddress: postalAddress(order.recipient?.deliveryAddress),
    taxRegistration: taxRegistrationOf(order),
    payments,
    items,
    cancellation: status === 'CANCELLED' ? cancellationOf(order) : undefined,
    grandTotal,
    problems,
  };
}

function itemFacts(
  item: Item,
  path: string,
  amount: (money: Money | undefined, path: string) => number | undefined,
): ItemFacts {
  const breakdowns = item.proceeds?.breakdowns ?? [];
  /** Sum of one proceeds category (SHIPPING, TAX…); Amazon may split a category in several entries. */
  const category = (type: string) =>
    sumTo(
      breakdowns.flatMap((b, i) =>
        b.type === type ? [amount(b.subtotal, `${path}.proceeds.breakdowns[${i}].subtotal`) ?? 0] : [],
      ),
      6,
    );
  // A DISCOUNT may say what it discounts (detailedBreakdowns subtype): a shipping or gift-wrap promotion
  // comes off that charge's line, not off the item's price. Without a subtype it is the item's.
  const discountOn = { ITEM: 0, SHIPPING: 0, GIFT_WRAP: 0 };
  breakdowns.forEach((b, i) => {
    if (b.type !== 'DISCOUNT') return;
    const total = Math.abs(amount(b.subtotal, `${path}.proceeds.breakdowns[${i}].subtotal`) ?? 0);
    let itemised = 0;
    for (const [j, d] of (b.detailedBreakdowns ?? []).entries()) {
      const on = d.subtype === 'SHIPPING' || d.subtype === 'GIFT_WRAP' ? d.subtype : undefined;
      if (!on) continue;
      const value = Math.abs(
        amount(d.value, `${path}.proceeds.breakdowns[${i}].detailedBreakdowns[${j}].value`) ?? 0,
      );
      discountOn[on] += value;
      itemised += value;
    }
    discountOn.ITEM += Math.max(0, total - itemised);
  });
  const shipped = item.fulfillment?.quantityFulfilled ?? 0;
  const request = item.cancellation?.cancellationRequest;
  return {
    orderItemId: item.orderItemId,
    sku: present(item.product.sellerSku),
    asin: present(item.product.asin),
    title: present(item.product.title),
    quantityOrdered: item.quantityOrdered,
    quantityShipped: shipped,
    quantityUnshipped: item.fulfillment?.quantityUnfulfilled ?? Math.max(0, item.quantityOrdered - shipped),
    unitPrice: amount(item.product.price?.unitPrice, `${path}.product.price.unitPrice`),
    // Amazon shows a discount as a negative proceeds entry; the facts keep it positive. abs() rather
    // than negation, so a marketplace that writes it positive does not turn a discount into a surcharge.
    discount: roundTo(discountOn.ITEM, 6),
    shipping: roundTo(Math.max(0, category('SHIPPING') - discountOn.SHIPPING), 6),
    giftWrap: roundTo(Math.max(0, category('GIFT_WRAP') - discountOn.GIFT_WRAP), 6),
    tax: category('TAX'),
    marketplaceFacilitator: (item.tax?.taxCollections ?? []).some(
      (c) => c.model === 'MARKETPLACE_FACILITATOR',
    ),
    promotionIds: (item.promotion?.breakdowns ?? []).flatMap((b) => (b.promotionId ? [b.promotionId] : [])),
    cancellationRequested: request ? { reason: present(request.cancelReason) } : undefined,
  };
}

/** Amazon's address as the connector's: the three address lines become `lines`, blanks dropped. */
export function postalAddress(a: AmazonAddress | undefined): PostalAddress | undefined {
  if (!a) return undefined;
  const address: PostalAddress = {
    name: present(a.name),
    companyName: present(a.companyName),
    lines: [a.addressLine1, a.addressLine2, a.addressLine3].flatMap((l) => present(l) ?? []),
    city: present(a.city),
    districtOrCounty: present(a.districtOrCounty),
    stateOrRegion: present(a.stateOrRegion),
    postalCode: present(a.postalCode),
    countryCode: present(a.countryCode),
    phone: present(a.phone),
  };
  const hasAny = address.lines.length > 0 || Object.entries(address).some(([k, v]) => k !== 'lines' && v);
  return hasAny ? address : undefined;
}

/** The buyer's tax registration (a business order's VAT/tax id); the BUYER entity's when there are several. */
function taxRegistrationOf(order: Order): OrderFacts['taxRegistration'] {
  const registrations = order.tax?.taxRegistrations ?? [];
  const r = registrations.find((t) => t.entityType === 'BUYER') ?? registrations[0];
  if (!r) return undefined;
  return {
    type: present(r.taxRegistrationType),
    number: present(r.taxRegistrationNumber),
    legalName: present(r.legalName),
    address: postalAddress(r.taxRegistrationAddress),
  };
}

/** Who cancelled a cancelled order and why: Amazon repeats it on every item, the first one says it. */
function cancellationOf(order: Order): OrderFacts['cancellation'] {
  const execution = order.orderItems.find((i) => i.cancellation?.cancellationExecution)?.cancellation
    ?.cancellationExecution;
  return { by: present(execution?.cancelledBy), reason: present(execution?.cancelReason) };
}

/** A text with something in it, trimmed; blank and absent are the same to the import. */
function present(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}
