/**
 * OrderItem of the Orders API 2026-01-01 and its parts, field for field as in the model
 * (orders_2026-01-01.json). Note `product.price.unitPrice` is the price of *one* unit (v0's ItemPrice
 * was the line total).
 */
import { z } from 'zod';
import { dateTimeRange, measurement, money, openEnum } from './schemasCommon.ts';

export const itemCondition = z.object({
  conditionType: z.string().optional(),
  conditionSubtype: z.string().optional(),
  conditionNote: z.string().optional(),
});

export const itemPrice = z.object({ unitPrice: money.optional(), priceDesignation: z.string().optional() });

export const itemProduct = z.object({
  asin: z.string().optional(),
  title: z.string().optional(),
  sellerSku: z.string().optional(),
  condition: itemCondition.optional(),
  price: itemPrice.optional(),
  serialNumbers: z.array(z.string()).optional(),
  customization: z.object({ customizedUrl: z.string().optional() }).optional(),
});

export const itemProceedsBreakdown = z.object({
  type: z.string(),
  subtotal: money,
  detailedBreakdowns: z
    .array(z.object({ subtype: z.string().optional(), value: money.optional() }))
    .optional(),
});

export const itemProceeds = z.object({
  proceedsTotal: money.optional(),
  breakdowns: z.array(itemProceedsBreakdown).optional(),
});

export const pointsGranted = z.object({
  pointsNumber: z.int().optional(),
  pointsMonetaryValue: money.optional(),
});
export const itemExpense = z.object({
  pointsCost: z.object({ pointsGranted: pointsGranted.optional() }).optional(),
});

export const itemPromotion = z.object({
  breakdowns: z.array(z.object({ promotionId: z.string().optional() })).optional(),
});

export const itemCancellationRequest = z.object({
  requester: z.string().optional(),
  cancelReason: z.string().optional(),
});
export const itemCancellationExecution = z.object({
  cancelledBy: z.string().optional(),
  cancelReason: z.string().optional(),
});
export const itemCancellation = z.object({
  cancellationRequest: itemCancellationRequest.optional(),
  cancellationExecution: itemCancellationExecution.optional(),
});

export const itemSubstitutionOption = z.object({
  asin: z.string().optional(),
  quantityOrdered: z.int().optional(),
  sellerSku: z.string().optional(),
  title: z.string().optional(),
  measurement: measurement.optional(),
});
export const itemSubstitutionPreference = z.object({
  substitutionType: openEnum(['CUSTOMER_PREFERENCE', 'AMAZON_RECOMMENDED', 'DO_NOT_SUBSTITUTE']),
  substitutionOptions: z.array(itemSubstitutionOption).optional(),
});

const constraint = openEnum(['MANDATORY']).optional();
export const itemShippingConstraints = z.object({
  palletDelivery: constraint,
  cashOnDelivery: constraint,
  signatureConfirmation: constraint,
  recipientIdentityVerification: constraint,
  recipientAgeVerification: constraint,
});

export const itemPacking = z.object({
  giftOption: z
    .object({ giftMessage: z.string().optional(), giftWrapLevel: z.string().optional() })
    .optional(),
  serialNumberRequirement: z.object({ requirementType: z.string().optional() }).optional(),
});

export const itemShipping = z.object({
  scheduledDeliveryWindow: dateTimeRange.optional(),
  shippingConstraints: itemShippingConstraints.optional(),
  internationalShipping: z.object({ iossNumber: z.string().optional() }).optional(),
});

export const itemFulfillment = z.object({
  quantityFulfilled: z.int().optional(),
  quantityUnfulfilled: z.int().optional(),
  picking: z.object({ substitutionPreference: itemSubstitutionPreference.optional() }).optional(),
  packing: itemPacking.optional(),
  shipping: itemShipping.optional(),
});

export const itemTax = z.object({
  taxCalculationBreakdowns: z.array(z.object({ reportingScheme: z.string().optional() })).optional(),
  taxCollections: z
    .array(z.object({ model: z.string().optional(), responsibleParty: z.string().optional() }))
    .optional(),
});

export const associatedOrderItem = z.object({
  orderId: z.string().optional(),
  orderItemId: z.string().optional(),
  associationType: z.string().optional(),
});

export const orderItem = z.object({
  orderItemId: z.string(),
  quantityOrdered: z.int(),
  measurement: measurement.optional(),
  associatedOrderItems: z.array(associatedOrderItem).optional(),
  programs: z.array(z.string()).optional(),
  product: itemProduct,
  proceeds: itemProceeds.optional(),
  expense: itemExpense.optional(),
  promotion: itemPromotion.optional(),
  cancellation: itemCancellation.optional(),
  fulfillment: itemFulfillment.optional(),
  tax: itemTax.optional(),
});
export type OrderItem = z.infer<typeof orderItem>;
