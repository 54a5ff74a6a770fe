/**
 * Order of the Orders API 2026-01-01 and the searchOrders / getOrder answers, field for field as in
 * the model (orders_2026-01-01.json). Buyer and recipient data come back when the app holds the role
 * and `includedData` asks for them: no Restricted Data Token in this version.
 */
import { z } from 'zod';
import {
  customerAddress,
  dateTime,
  dateTimeRange,
  fulfillmentStatus,
  merchantAddress,
  money,
  openEnum,
} from './schemasCommon.ts';
import { orderItem } from './schemasItem.ts';

export const alias = z.object({ aliasId: z.string(), aliasType: z.string() });
export const associatedOrder = z.object({
  orderId: z.string().optional(),
  associationType: z.string().optional(),
});

export const salesChannel = z.object({
  channelName: z.string(),
  marketplaceId: z.string().optional(),
  marketplaceName: z.string().optional(),
});

export const buyer = z.object({
  buyerName: z.string().optional(),
  buyerEmail: z.string().optional(),
  buyerCompanyName: z.string().optional(),
  buyerPurchaseOrderNumber: z.string().optional(),
});

const hourMinute = z.object({ hour: z.int().optional(), minute: z.int().optional() });
const timeWindow = z.object({ startTime: hourMinute.optional(), endTime: hourMinute.optional() });
export const businessHour = z.object({
  dayOfWeek: openEnum(['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']).optional(),
  timeWindows: z.array(timeWindow).optional(),
});
export const exceptionDate = z.object({
  exceptionDate: z.iso.date().optional(),
  exceptionDateType: openEnum(['CLOSED', 'OPEN']).optional(),
  timeWindows: z.array(timeWindow).optional(),
});
export const preferredDeliveryTime = z.object({
  businessHours: z.array(businessHour).optional(),
  exceptionDates: z.array(exceptionDate).optional(),
});
export const deliveryPreference = z.object({
  dropOffLocation: z.string().optional(),
  addressInstruction: z.string().optional(),
  deliveryTime: preferredDeliveryTime.optional(),
  deliveryCapabilities: z.array(z.string()).optional(),
});

export const recipient = z.object({
  deliveryAddress: customerAddress.optional(),
  deliveryPreference: deliveryPreference.optional(),
});

export const orderProceedsBreakdown = z.object({
  type: z.string(),
  status: z.string().optional(),
  subtotal: money,
});
export const orderProceeds = z.object({
  grandTotal: money.optional(),
  breakdowns: z.array(orderProceedsBreakdown).optional(),
});

export const paymentExecution = z.object({
  paymentMethod: z.string().optional(),
  paymentAmount: money.optional(),
  acquirerId: z.string().optional(),
  cardBrand: z.string().optional(),
  authorizationCode: z.string().optional(),
});
export const orderPayment = z.object({ paymentExecutions: z.array(paymentExecution).optional() });

export const orderTaxRegistration = z.object({
  entityType: z.string().optional(),
  legalName: z.string().optional(),
  taxRegistrationType: z.string().optional(),
  taxRegistrationNumber: z.string().optional(),
  taxRegistrationAddress: customerAddress.optional(),
  taxRegistrationAttributes: z
    .array(z.object({ key: z.string().optional(), value: z.string().optional() }))
    .optional(),
});
export const orderTax = z.object({
  taxRegistrations: z.array(orderTaxRegistration).optional(),
  taxInvoicing: z
    .object({ buyerInvoicePreference: z.string().optional(), invoiceStatus: z.string().optional() })
    .optional(),
});

export const orderFulfillment = z.object({
  fulfillmentStatus,
  fulfilledBy: z.string().optional(),
  fulfillmentServiceLevel: z.string().optional(),
  shipByWindow: dateTimeRange.optional(),
  deliverByWindow: dateTimeRange.optional(),
  labelPrintingWindow: dateTimeRange.optional(),
});

export const packageItem = z.object({
  orderItemId: z.string(),
  quantity: z.int(),
  transparencyCodes: z.array(z.string()).optional(),
});
export const packageStatus = z.object({
  status: openEnum(['PENDING', 'IN_TRANSIT', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'UNDELIVERABLE']),
  detailedStatus: z.string().optional(),
});
export const orderPackage = z.object({
  packageReferenceId: z.string(),
  createdTime: dateTime.optional(),
  packageStatus: packageStatus.optional(),
  carrier: z.string().optional(),
  shipTime: dateTime.optional(),
  shippingService: z.string().optional(),
  trackingNumber: z.string().optional(),
  shipFromAddress: merchantAddress.optional(),
  packageItems: z.array(packageItem).optional(),
});
export type OrderPackage = z.infer<typeof orderPackage>;

export const order = z.object({
  orderId: z.string(),
  orderAliases: z.array(alias).optional(),
  createdTime: dateTime,
  lastUpdatedTime: dateTime,
  programs: z.array(z.string()).optional(),
  associatedOrders: z.array(associatedOrder).optional(),
  salesChannel,
  buyer: buyer.optional(),
  recipient: recipient.optional(),
  proceeds: orderProceeds.optional(),
  payment: orderPayment.optional(),
  tax: orderTax.optional(),
  fulfillment: orderFulfillment.optional(),
  orderItems: z.array(orderItem),
  packages: z.array(orderPackage).optional(),
  fulfillmentOrders: z.array(z.object({ fulfillmentOrderId: z.string() })).optional(),
});
export type Order = z.infer<typeof order>;

export const searchOrdersResponse = z.object({
  orders: z.array(order),
  pagination: z.object({ nextToken: z.string().optional() }).optional(),
  lastUpdatedBefore: dateTime.optional(),
  createdBefore: dateTime.optional(),
});
export type SearchOrdersResponse = z.infer<typeof searchOrdersResponse>;

export const getOrderResponse = z.object({ order });
export type GetOrderResponse = z.infer<typeof getOrderResponse>;
