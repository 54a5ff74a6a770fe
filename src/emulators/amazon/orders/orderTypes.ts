// The stored shape of an emulated order. It holds facts (what was bought, at what price, what happened
// since) rather than the API's view of them: `orderView.ts` derives the Orders API 2026-01-01 body from
// it, so searchOrders and getOrder always agree. Amounts are integer minor units (cents) of the order's
// currency, times are epoch milliseconds on whole seconds (Amazon's timestamps have second precision).

export const FULFILLMENT_STATUSES = [
  'PENDING_AVAILABILITY',
  'PENDING',
  'UNSHIPPED',
  'PARTIALLY_SHIPPED',
  'SHIPPED',
  'CANCELLED',
  'UNFULFILLABLE',
] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];
/** The statuses the emulator's lifecycle reaches (pre-orders and unfulfillable orders are not simulated). */
export type OrderStatus = Extract<
  FulfillmentStatus,
  'PENDING' | 'UNSHIPPED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'CANCELLED'
>;

export const FULFILLED_BY = ['MERCHANT', 'AMAZON'] as const;
export type FulfilledBy = (typeof FULFILLED_BY)[number];

export const SERVICE_LEVELS = [
  'EXPEDITED',
  'FREE_ECONOMY',
  'NEXT_DAY',
  'PRIORITY',
  'SAME_DAY',
  'SECOND_DAY',
  'SCHEDULED',
  'STANDARD',
] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];

export const TAX_REGISTRATION_TYPES = ['BUSINESS', 'VAT', 'CST', 'CPF', 'CNPJ'] as const;

/** The model's CustomerAddress fields. */
export interface Address {
  name?: string;
  companyName?: string;
  addressLine1?: string;
  addressLine2?: string;
  addressLine3?: string;
  city?: string;
  districtOrCounty?: string;
  stateOrRegion?: string;
  municipality?: string;
  postalCode?: string;
  countryCode?: string;
  phone?: string;
  addressType?: 'RESIDENTIAL' | 'COMMERCIAL' | 'PICKUP_POINT';
}

export interface StoredItem {
  orderItemId: string;
  sku: string;
  asin: string;
  title: string;
  quantityOrdered: number;
  quantityShipped: number;
  /** Price of one unit (the business price on a business order). */
  unitPrice: number;
  businessPrice: boolean;
  shipping: number;
  giftWrap: number;
  /** Promotion discount on this line (positive; shown negative in the proceeds). */
  discount: number;
  itemTax: number;
  shippingTax: number;
  giftWrapTax: number;
  /** An open buyer cancellation request (closed when the order ships or is cancelled). */
  cancelRequest?: { reason: string; time: number };
  /** Units the seller cancelled (order acknowledgement with Failure); no reason when the feed gave none. */
  cancelled?: { quantity: number; reason?: string; time: number };
}

export interface StoredPackage {
  packageReferenceId: string;
  carrierCode: string;
  carrierName?: string;
  shippingMethod?: string;
  trackingNumber: string;
  shipTime: number;
  createdTime: number;
  shipFromSupplySourceId?: string;
  items: { orderItemId: string; quantity: number; transparencyCodes?: string[] }[];
}

export interface BusinessInfo {
  companyName: string;
  purchaseOrderNumber?: string;
  taxRegistration?: { type: (typeof TAX_REGISTRATION_TYPES)[number]; number: string; address?: Address };
}

export interface StoredOrder {
  orderId: string;
  /** Creation sequence: the tie-breaker that makes search order total. */
  seq: number;
  sellerId: string;
  marketplaceId: string;
  currency: string;
  createdTime: number;
  lastUpdatedTime: number;
  status: OrderStatus;
  fulfilledBy: FulfilledBy;
  serviceLevel: ServiceLevel;
  prime: boolean;
  sellerOrderId?: string;
  buyer: { name: string; email: string };
  deliveryAddress: Address;
  business?: BusinessInfo;
  paymentMethod: string;
  /** When payment was authorised; absent while Pending (Amazon withholds prices until then). */
  paidTime?: number;
  promotionId?: string;
  giftWrap?: { level: string; message?: string };
  items: StoredItem[];
  packages: StoredPackage[];
  cancellation?: { by: 'AMAZON' | 'BUYER' | 'MERCHANT'; reason: string; time: number };
  /**
   * The whole order refunded to the buyer: what Amazon does when the seller cancels (order acknowledgement
   * with Failure) after part of the order shipped. Minor units; the shipment state is left as it was.
   */
  refund?: { amount: number; reason?: string; time: number };
}
