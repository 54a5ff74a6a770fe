/**
 * The facts of an Amazon order the import works from (orderFacts.ts reads them from the Orders API
 * 2026-01-01 payload): status, money as numbers, items, buyer, addresses, and the problems found while
 * reading. Personal data (names, addresses, e-mail, phone) lives only in `buyer`, `deliveryAddress` and
 * `taxRegistration`: never in a summary or description (they reach the live feed and the console).
 */

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
