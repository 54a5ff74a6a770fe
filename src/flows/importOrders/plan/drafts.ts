/**
 * The D365 side of a planned order, as the planner drafts it for the writers: the customer it goes to
 * (an account, or one to ensure), its lines keyed by `OrderLineReference`, the header, and the summary
 * kept with the record. Money is rounded to what the D365 fields keep; personal data only in the
 * delivery address and customer drafts (sealed at rest, never logged).
 */
import type { ResolvedItem } from '../../domain/items.ts';
import type { PostalAddress } from '../intake/facts.ts';

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
  /** A bundle component's quantity in one bundle (D365 units per Amazon unit). */
  perAmazonUnit?: number;
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
