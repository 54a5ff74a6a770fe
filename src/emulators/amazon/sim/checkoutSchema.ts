// What a simulated buyer's checkout (`POST /_sim/orders`) and the bulk generator accept. Everything but
// the items has a demo default, so `{"items":[{"sku":"DEMO-HP"}]}` is a complete order.
import { z } from 'zod';
import { FULFILLED_BY, SERVICE_LEVELS, TAX_REGISTRATION_TYPES } from '../orders/orderTypes.ts';

export const addressSchema = z.strictObject({
  name: z.string().min(1),
  companyName: z.string().min(1).optional(),
  addressLine1: z.string().min(1),
  addressLine2: z.string().optional(),
  addressLine3: z.string().optional(),
  city: z.string().min(1),
  districtOrCounty: z.string().optional(),
  stateOrRegion: z.string().optional(),
  municipality: z.string().optional(),
  postalCode: z.string().min(1),
  countryCode: z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO 3166-1 country code'),
  phone: z.string().optional(),
  addressType: z.enum(['RESIDENTIAL', 'COMMERCIAL', 'PICKUP_POINT']).optional(),
});

/** Payment methods as the model's PaymentExecution names them. */
export const PAYMENT_METHODS = [
  'CreditCard',
  'Invoice',
  'GiftCard',
  'PointsAccount',
  'CashOnDelivery',
  'Other',
] as const;

export const checkoutSchema = z.strictObject({
  /** Default: the catalogue's first marketplace. */
  marketplaceId: z.string().min(1).optional(),
  items: z
    .array(z.strictObject({ sku: z.string().min(1), quantity: z.int().min(1).max(999).default(1) }))
    .min(1),
  buyer: z.strictObject({ name: z.string().min(1), email: z.email().optional() }).optional(),
  deliveryAddress: addressSchema.optional(),
  paymentMethod: z.enum(PAYMENT_METHODS).optional(),
  serviceLevel: z.enum(SERVICE_LEVELS).default('STANDARD'),
  giftWrap: z
    .union([
      z.boolean(),
      z.strictObject({ message: z.string().max(500).optional(), level: z.string().min(1).optional() }),
    ])
    .optional(),
  promotion: z.strictObject({ id: z.string().min(1), discount: z.number().positive() }).optional(),
  business: z
    .strictObject({
      companyName: z.string().min(1),
      purchaseOrderNumber: z.string().min(1).optional(),
      taxRegistration: z
        .strictObject({
          type: z.enum(TAX_REGISTRATION_TYPES),
          number: z.string().min(1),
          address: addressSchema.optional(),
        })
        .optional(),
    })
    .optional(),
  fulfilledBy: z.enum(FULFILLED_BY).default('MERCHANT'),
  /** Unpaid orders stay Pending (prices withheld) until `POST /_sim/orders/:id/pay`. */
  paid: z.boolean().default(true),
  /** Default: Amazon-fulfilled orders are Prime, merchant-fulfilled ones are not. */
  prime: z.boolean().optional(),
  sellerOrderId: z.string().min(1).optional(),
  /** Backdate the order (ISO 8601, not in the future); default: now. */
  createdAt: z.iso.datetime({ offset: true }).optional(),
});
export type CheckoutSpec = z.infer<typeof checkoutSchema>;

export const bulkSchema = z.strictObject({
  count: z.int().min(1).max(100_000),
  marketplaceId: z.string().min(1).optional(),
  paid: z.boolean().default(true),
  createdAt: z.iso.datetime({ offset: true }).optional(),
});

export const cancelRequestSchema = z.strictObject({
  reason: z.string().min(1).default('Order placed by mistake'),
  /** Default: every item with units left to ship. */
  orderItemIds: z.array(z.string().min(1)).min(1).optional(),
});

export const cancelSchema = z.strictObject({
  reason: z.string().min(1).default('Payment could not be verified'),
});

export const listingUpdateSchema = z
  .strictObject({
    marketplaceId: z.string().min(1),
    sku: z.string().min(1),
    quantity: z.int().min(0).optional(),
    price: z.number().positive().optional(),
  })
  .refine((v) => v.quantity !== undefined || v.price !== undefined, 'give quantity, price or both');
