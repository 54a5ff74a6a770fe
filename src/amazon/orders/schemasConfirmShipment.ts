/**
 * The Orders v0 confirmShipment request body (ConfirmShipmentRequest in ordersV0.json). Unlike the
 * rest of v0 it is camelCase. `packageReferenceId` is a *string* holding a positive number: Amazon has
 * rejected a JSON number there since January 2026 (models issue #5094), so a number given by the caller
 * is turned into its string. The body is checked before it is sent, because a write that Amazon refuses
 * costs a token of a slow bucket and tells the operator less than this check does.
 */
import { z } from 'zod';

export const confirmShipmentOrderItem = z.strictObject({
  orderItemId: z.string().min(1),
  quantity: z.int().positive(),
  transparencyCodes: z.array(z.string()).optional(),
});

export const packageDetail = z.strictObject({
  packageReferenceId: z
    .union([z.string(), z.int()])
    .transform(String)
    .pipe(z.string().regex(/^[1-9]\d*$/, 'must be a positive whole number (sent as a string)')),
  carrierCode: z.string().min(1),
  carrierName: z.string().optional(),
  shippingMethod: z.string().optional(),
  trackingNumber: z.string().min(1),
  shipDate: z
    .union([z.date(), z.iso.datetime({ offset: true })])
    .transform((d) => (d instanceof Date ? d.toISOString() : d)),
  shipFromSupplySourceId: z.string().optional(),
  orderItems: z.array(confirmShipmentOrderItem),
});

export const confirmShipmentRequest = z
  .strictObject({
    marketplaceId: z.string().min(1),
    codCollectionMethod: z.enum(['DirectPayment']).optional(),
    packageDetail,
  })
  .superRefine((request, ctx) => {
    // Amazon: carrierCode "Other" needs the carrier's name.
    if (request.packageDetail.carrierCode === 'Other' && !request.packageDetail.carrierName)
      ctx.addIssue({
        code: 'custom',
        path: ['packageDetail', 'carrierName'],
        message: 'is required when carrierCode is "Other"',
      });
  });

/** What a caller passes (packageReferenceId may be a number, shipDate a Date). */
export type ConfirmShipmentInput = z.input<typeof confirmShipmentRequest>;
/** What goes on the wire. */
export type ConfirmShipmentBody = z.output<typeof confirmShipmentRequest>;
