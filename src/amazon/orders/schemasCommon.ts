/**
 * Building blocks shared by the Orders API 2026-01-01 schemas, named after the model's definitions
 * (orders_2026-01-01.json). Unknown fields are tolerated (zod strips them: Amazon adds fields without a
 * new version); required fields are required; enums are the model's own. schemas.test.ts checks every
 * object's field names and required set against the model file.
 */
import { z } from 'zod';

/** `format: date-time` in the model: ISO 8601 with a zone (Amazon sends `Z`). */
export const dateTime = z.iso.datetime({ offset: true });

/** Money: `amount` is a decimal *string* ("11.01"), never a float. */
export const money = z.object({ amount: z.string(), currencyCode: z.string() });
export type Money = z.infer<typeof money>;

export const dateTimeRange = z.object({
  earliestDateTime: dateTime.optional(),
  latestDateTime: dateTime.optional(),
});

export const FULFILLMENT_STATUSES = [
  'PENDING_AVAILABILITY',
  'PENDING',
  'UNSHIPPED',
  'PARTIALLY_SHIPPED',
  'SHIPPED',
  'CANCELLED',
  'UNFULFILLABLE',
] as const;
export const fulfillmentStatus = z.enum(FULFILLMENT_STATUSES);
export type FulfillmentStatus = z.infer<typeof fulfillmentStatus>;

/** The datasets `includedData` can ask for; without them an order carries only its core fields. */
export const INCLUDED_DATA = [
  'BUYER',
  'RECIPIENT',
  'PROCEEDS',
  'EXPENSE',
  'PROMOTION',
  'CANCELLATION',
  'FULFILLMENT',
  'PACKAGES',
  'TAX',
  'PAYMENT',
  'FULFILLMENT_ORDERS',
] as const;
export type IncludedData = (typeof INCLUDED_DATA)[number];

export const MEASUREMENT_UNITS = [
  'OUNCES',
  'POUNDS',
  'KILOGRAMS',
  'GRAMS',
  'MILLIGRAMS',
  'INCHES',
  'FEET',
  'METERS',
  'CENTIMETERS',
  'MILLIMETERS',
  'SQUARE_METERS',
  'SQUARE_CENTIMETERS',
  'SQUARE_FEET',
  'SQUARE_INCHES',
  'GALLONS',
  'PINTS',
  'QUARTS',
  'FLUID_OUNCES',
  'LITERS',
  'CUBIC_METERS',
  'CUBIC_FEET',
  'CUBIC_INCHES',
  'CUBIC_CENTIMETERS',
  'COUNT',
] as const;
export const measurement = z.object({ unit: z.enum(MEASUREMENT_UNITS), value: z.number() });

export const addressExtendedFields = z.object({
  streetName: z.string().optional(),
  streetNumber: z.string().optional(),
  complement: z.string().optional(),
  neighborhood: z.string().optional(),
});

/** A buyer's or recipient's address: personal data, sealed wherever it is stored. */
export const customerAddress = z.object({
  name: z.string().optional(),
  companyName: z.string().optional(),
  addressLine1: z.string().optional(),
  addressLine2: z.string().optional(),
  addressLine3: z.string().optional(),
  city: z.string().optional(),
  districtOrCounty: z.string().optional(),
  stateOrRegion: z.string().optional(),
  municipality: z.string().optional(),
  postalCode: z.string().optional(),
  countryCode: z.string().optional(),
  phone: z.string().optional(),
  extendedFields: addressExtendedFields.optional(),
  addressType: z.string().optional(),
});
export type CustomerAddress = z.infer<typeof customerAddress>;

export const merchantAddress = z.object({
  name: z.string().optional(),
  addressLine1: z.string().optional(),
  addressLine2: z.string().optional(),
  addressLine3: z.string().optional(),
  city: z.string().optional(),
  districtOrCounty: z.string().optional(),
  stateOrRegion: z.string().optional(),
  municipality: z.string().optional(),
  postalCode: z.string().optional(),
  countryCode: z.string().optional(),
});
