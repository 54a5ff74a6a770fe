/**
 * Building blocks shared by the Orders API 2026-01-01 schemas, named after the model's definitions
 * (orders_2026-01-01.json). Unknown fields are tolerated (zod strips them: Amazon adds fields without a
 * new version); required fields are required. Enums in answers are open (`openEnum`): Amazon adds
 * values without a new version too, and one unknown value must not fail a whole page of orders.
 * Enums in requests (filters, confirmShipment) stay closed and are checked before sending.
 * schemas.test.ts checks every object's field names, required set and enum values against the model.
 */
import { z } from 'zod';

/**
 * An enum in an answer: the model's values, typed for autocompletion and exhaustive `case`s, plus any
 * other string, passed through unchanged (`Known | (string & {})` keeps the known values visible
 * where a bare `string` would swallow them). A consumer branching on it needs a default branch.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const other = z.string() as unknown as z.ZodType<string & {}, string>;
  return z.union([z.enum(values), other]);
}
/** Whether `value` is one of the model's `values` (narrows an open enum's value). */
export function isKnown<const T extends readonly string[]>(values: T, value: string): value is T[number] {
  return values.includes(value);
}

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
/** A status a search can filter on (closed: an unknown one is refused before sending). */
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];
/**
 * `fulfillment.fulfillmentStatus` of an order. Flows branch on it, but an order with a status Amazon
 * added after this model is still parsed, its status passed through as it came: failing instead would
 * stop the import of every order on the same page. Code that acts on the status must therefore treat a
 * value outside FULFILLMENT_STATUSES (see `isKnown`) as "not understood" — leave the order alone and
 * say so — rather than as any of the known ones.
 */
export const fulfillmentStatus = openEnum(FULFILLMENT_STATUSES);

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

/** searchOrders' `fulfilledBy` filter. */
export const FULFILLED_BY = ['MERCHANT', 'AMAZON'] as const;
export type FulfilledBy = (typeof FULFILLED_BY)[number];

const closedList = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .array(
      z.enum(values, {
        error: (issue) => `unknown value ${JSON.stringify(issue.input)} (one of ${values.join(', ')})`,
      }),
    )
    .optional();

/**
 * The enums a searchOrders or getOrder request carries, closed: a value the model does not list is
 * refused before sending — Amazon would answer 400, having cost a token of a slow bucket.
 */
export const orderRequestLists = z.object({
  fulfillmentStatuses: closedList(FULFILLMENT_STATUSES),
  fulfilledBy: closedList(FULFILLED_BY),
  includedData: closedList(INCLUDED_DATA),
});

/** What is wrong with a request's lists (`orderRequestLists`), or undefined when nothing is. */
export function unknownRequestValues(params: object): string | undefined {
  const result = orderRequestLists.safeParse(params);
  if (result.success) return undefined;
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

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
export const measurement = z.object({ unit: openEnum(MEASUREMENT_UNITS), value: z.number() });

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
