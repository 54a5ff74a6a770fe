/**
 * The shapes the order import passes between its parts — the contract between the pure planner
 * (orderFacts.ts → planOrder.ts) and the executor (itemResolver.ts, customers.ts, salesOrderWriter.ts):
 *
 *   Amazon Order ──orderFacts──▶ OrderFacts ──planOrder(facts, settings, mappings, lookups)──▶ OrderDecision
 *
 * Money is in decimal strings as Amazon sends them, turned into numbers rounded to the currency's
 * minor unit only where a D365 field takes them. Personal data (names, addresses, e-mail, phone) lives
 * only in `OrderFacts.buyer`/`deliveryAddress`/`taxRegistration` and in customer drafts: never in
 * `summary` or `description` (they reach the live feed and the dashboard).
 */
import type { Mappings } from '../domain/mappings.ts';
import type { ResolvedItem } from '../domain/items.ts';
import type { MarketplaceProfile } from '../domain/marketplaceProfile.ts';

export interface PostalAddress {
  name?: string;
  companyName?: string;
  lines: string[];
  city?: string;
  districtOrCounty?: string;
  stateOrRegion?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2, as Amazon sends it. */
  countryCode?: string;
  phone?: string;
}

export interface ItemFacts {
  orderItemId: string;
  sku?: string;
  asin?: string;
  title?: string;
  quantityOrdered: number;
  /** Units shipped so far / still to ship (FULFILLMENT dataset). */
  quantityShipped: number;
  quantityUnshipped: number;
  /** Price of one unit; undefined while Amazon withholds prices (Pending). */
  unitPrice?: number;
  /** Sum of the promotion discounts on this line, as a positive number. */
  discount: number;
  shipping: number;
  giftWrap: number;
  /** Tax Amazon reports on this line (item + shipping + gift wrap). */
  tax: number;
  /** Amazon collects this line's tax as marketplace facilitator. */
  marketplaceFacilitator: boolean;
  promotionIds: string[];
  cancellationRequested?: { reason?: string };
}

export interface OrderFacts {
  orderId: string;
  marketplaceId: string;
  /** Amazon's fulfillmentStatus (PENDING, UNSHIPPED, PARTIALLY_SHIPPED, SHIPPED, CANCELLED, …). */
  status: string;
  fulfilledBy: 'MERCHANT' | 'AMAZON' | string;
  serviceLevel?: string;
  createdTime: string;
  lastUpdatedTime: string;
  currency?: string;
  shipByLatest?: string;
  deliverByLatest?: string;
  /** Business order (AMAZON_BUSINESS program, or a buyer company). */
  isBusiness: boolean;
  isPrime: boolean;
  buyer: {
    name?: string;
    email?: string;
    companyName?: string;
    purchaseOrderNumber?: string;
  };
  deliveryAddress?: PostalAddress;
  taxRegistration?: {
    type?: string;
    number?: string;
    legalName?: string;
    address?: PostalAddress;
  };
  payments: { method?: string; amount?: number; currency?: string }[];
  items: ItemFacts[];
  /** Order-level cancellation by Amazon or the seller, when status is CANCELLED. */
  cancellation?: { by?: string; reason?: string };
  grandTotal?: number;
  /** Problems found while reading the payload (missing ids, bad numbers): each is a needs_attention reason. */
  problems: string[];
}

/** What the executor looked up in D365 before planning (the planner itself never does I/O). */
export interface OrderLookups {
  /** Seller SKU → D365 product, per marketplace; absent: no strategy found it. */
  item(sku: string, marketplaceId: string): ResolvedItem | undefined;
  /** Keyed hash (HMAC with the installation's key) of a text, 16 hex digits: customer keys, address hashes. */
  keyOf(text: string): string;
}

/** Everything planOrder needs besides the facts. */
export interface PlanInput {
  settings: import('./settings.ts').ImportOrdersSettings;
  mappings: Mappings;
  lookups: OrderLookups;
  /**
   * The connection's profile of the order's marketplace (legal entity, customer account, site and
   * warehouse, tax); undefined: the connection does not sell there.
   */
  profile: MarketplaceProfile | undefined;
}

/** The customer an order goes to: an existing account, or one the executor ensures exists first. */
export type CustomerNeed = { kind: 'account'; account: string } | { kind: 'ensure'; draft: CustomerDraft };

export interface CustomerDraft {
  /** Stable key the customer is found by again: `AMZ-` + 16 hex of a keyed hash (buyer e-mail, or company + tax id). */
  key: string;
  kind: 'buyer' | 'business';
  company: string;
  partyType: 'Person' | 'Organization';
  /** Person: first/last name; organisation: its name. */
  firstName?: string;
  lastName?: string;
  organizationName?: string;
  customerGroup: string;
  currency: string;
  email?: string;
  phone?: string;
  taxExemptNumber?: string;
  /** The delivery address (role Delivery) and, for a business, the tax-registration address (role Invoice). */
  addresses: { role: 'Delivery' | 'Invoice'; address: PostalAddress }[];
  /** Fallback when the customer cannot be created: the marketplace customer. */
  fallbackAccount?: string;
}

/** One D365 line the order will have, keyed by `OrderLineReference`. */
export interface LineDraft {
  /** `orderItemId`, `orderItemId#n` for bundle components, `SHIPPING` / `GIFT_WRAP` for charge lines. */
  reference: string;
  kind: 'item' | 'bundleComponent' | 'charge';
  orderItemId?: string;
  item: ResolvedItem | { itemNumber: string };
  quantity: number;
  unitPrice: number;
  /** Per-unit discount (LineDiscountAmount). */
  discountPerUnit: number;
  site: string;
  warehouse: string;
  description?: string;
  /** The seller SKU, kept as the line's external item number. */
  externalItemNumber?: string;
}

export interface SalesOrderDraft {
  orderId: string;
  company: string;
  customer: CustomerNeed;
  /** `manual` numbering: the number the connector assigns; `sequence`: undefined. */
  salesOrderNumber?: string;
  currency: string;
  purchaseOrderNumber?: string;
  requestedShipDate?: string;
  requestedReceiptDate?: string;
  deliveryMode?: string;
  paymentMethod?: string;
  salesTaxGroup?: string;
  /** D365 sales order pool (the `shippedOrderPool` of an order first seen already shipped). */
  salesOrderPool?: string;
  /** Amazon's prices include tax (the marketplace's `pricesIncludeTax`). */
  pricesIncludeTax?: boolean;
  site: string;
  warehouse: string;
  /** The order-specific delivery address (personal data: sealed at rest, never logged). */
  deliveryAddress?: PostalAddress;
  lines: LineDraft[];
  /** Non-personal facts kept with the record and shown in the dashboard. */
  summary: OrderSummary;
}

export interface OrderSummary {
  marketplaceId: string;
  amazonStatus: string;
  fulfilledBy: string;
  currency?: string;
  total?: number;
  lines: number;
  payment: { method?: string; d365Method?: string; amount?: number }[];
  /** Tax Amazon collected as marketplace facilitator (kept, not booked). */
  marketplaceFacilitatorTax?: number;
  deliveryMode?: string;
  /** First seen already (partly) shipped (shipped outside D365 or during downtime). */
  shippedBeforeImport?: boolean;
  fulfilledByAmazon?: boolean;
  business?: boolean;
}

/** What the planner decided for one staged order. */
export type OrderDecision =
  | { kind: 'create'; draft: SalesOrderDraft; notes: string[] }
  /** Not importable yet (Pending, unpaid): stays staged, looked at again when Amazon updates it. */
  | { kind: 'wait'; reason: string }
  /** Never imported (filtered out by settings, or cancelled before it was imported). */
  | { kind: 'skip'; reason: string }
  /** A person must act: every problem found, each saying what to fix and where. */
  | { kind: 'attention'; problems: string[] };

/** What the D365 writers (customers.ts, salesOrderWriter.ts, followUps.ts) need of a run. */
export interface D365WriteContext {
  d365: import('../../d365/index.ts').D365Client;
  /** performOnce's store and lease-guarded commit (a RunContext has both). */
  once: import('../../engine/performOnce.ts').OnceContext;
  connectionId: string;
  flow: string;
  /**
   * Aborts reads and waits only: the executor leaves it out of writes, since a write cut off mid-flight
   * may still land (its outcome unknown) and would be checked for before it could be sent again.
   */
  signal?: AbortSignal;
  /** performOnce's settle time for writes whose earlier attempt may still be landing (ms). */
  settleMs?: number;
}

/** What happens to an order already imported when Amazon reports a change (planFollowUps.ts). */
export type FollowUp =
  | {
      kind: 'cancel';
      /** `order`: every line; `lines`: the lines of these order items (and their bundle components). */
      scope: 'order' | 'lines';
      orderItemIds: string[];
      /** A buyer's request: acknowledged on Amazon later by the fulfilment flow. */
      requestedByBuyer: boolean;
      /** Who cancelled on Amazon (`cancelledBy`: AMAZON, MERCHANT, BUYER), when not a buyer's request. */
      cancelledBy?: string;
      reason?: string;
    }
  | { kind: 'address'; address: PostalAddress; addressHash: string };

/** The outcome of carrying out one follow-up in D365. */
export type FollowUpOutcome =
  | { kind: 'done'; message: string }
  /** F&O does not allow it any more (something shipped or invoiced): a person decides. */
  | { kind: 'attention'; message: string };
