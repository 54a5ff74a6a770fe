// The sales-terms attributes of a product type's schema: `purchasable_offer` (prices with their
// schedules, the B2B offer with quantity tiers, the seller's minimum and maximum allowed prices; selectors
// marketplace_id / currency / audience), `fulfillment_availability` (one record per fulfilment channel:
// DEFAULT = merchant-fulfilled with a quantity, AMAZON_NA = Amazon's, carrying no quantity) and
// `merchant_shipping_group`, whose enum lists *this seller's* shipping templates when the definition was
// asked for with a `sellerId` (reference §1.3, §3.1, §4).
import type { MarketplaceFacts } from './attributeSchemas.ts';

type Json = Record<string, unknown>;

const MP = { $ref: '#/$defs/marketplace_id' };

const price = (extra: Json = {}, required = ['value_with_tax']) => ({
  type: 'array',
  minItems: 1,
  maxItems: 1,
  items: {
    type: 'object',
    required: ['schedule'],
    additionalProperties: false,
    properties: {
      schedule: {
        type: 'array',
        minItems: 1,
        maxItems: 1,
        items: {
          type: 'object',
          required,
          additionalProperties: false,
          properties: { value_with_tax: { type: 'number', minimum: 0, maximum: 10_000_000 }, ...extra },
        },
      },
    },
  },
});

const date = { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] };

const quantityDiscountPlan = {
  type: 'array',
  minItems: 1,
  maxItems: 1,
  items: {
    type: 'object',
    required: ['schedule'],
    additionalProperties: false,
    properties: {
      schedule: {
        type: 'array',
        minItems: 1,
        maxItems: 1,
        items: {
          type: 'object',
          required: ['discount_type', 'levels'],
          additionalProperties: false,
          properties: {
            discount_type: { type: 'string', enum: ['fixed', 'percent'], enumNames: ['Fixed', 'Percent'] },
            levels: {
              type: 'array',
              minItems: 1,
              maxItems: 5,
              items: {
                type: 'object',
                required: ['lower_bound', 'value'],
                additionalProperties: false,
                properties: {
                  lower_bound: { type: 'integer', minimum: 0 },
                  value: { type: 'number', minimum: 0 },
                },
              },
            },
          },
          // A percentage off the business price cannot reach 100.
          if: { properties: { discount_type: { const: 'percent' } } },
          then: { properties: { levels: { items: { properties: { value: { maximum: 99 } } } } } },
        },
      },
    },
  },
};

export function purchasableOffer(marketplace: MarketplaceFacts): Json {
  return {
    title: 'Purchasable Offer',
    description:
      'The price of the offer, per marketplace, currency and audience (ALL = consumers, B2B = Amazon Business).',
    type: 'array',
    minItems: 1,
    minUniqueItems: 1,
    maxUniqueItems: 2,
    selectors: ['marketplace_id', 'currency', 'audience'],
    items: {
      type: 'object',
      required: [],
      additionalProperties: false,
      properties: {
        marketplace_id: MP,
        currency: {
          type: 'string',
          default: marketplace.currency,
          editable: false,
          hidden: true,
          anyOf: [
            { type: 'string' },
            { type: 'string', enum: [marketplace.currency], enumNames: [marketplace.currency] },
          ],
        },
        audience: {
          type: 'string',
          default: 'ALL',
          editable: false,
          hidden: true,
          enum: ['ALL', 'B2B'],
          enumNames: ['Sell on Amazon', 'Amazon Business (B2B)'],
        },
        our_price: price(),
        discounted_price: price({ start_at: date, end_at: date }, ['start_at', 'end_at', 'value_with_tax']),
        minimum_seller_allowed_price: price(),
        maximum_seller_allowed_price: price(),
        map_price: price(),
        quantity_discount_plan: quantityDiscountPlan,
        start_at: {
          type: 'object',
          required: ['value'],
          additionalProperties: false,
          properties: { value: date },
        },
        end_at: {
          type: 'object',
          required: ['value'],
          additionalProperties: false,
          properties: { value: date },
        },
      },
      allOf: [
        // A sale price needs the standard price it reduces.
        { dependentRequired: { discounted_price: ['our_price'] } },
        // Business offers have no sale or MAP price.
        {
          if: { required: ['audience'], properties: { audience: { const: 'B2B' } } },
          then: { not: { anyOf: [{ required: ['discounted_price'] }, { required: ['map_price'] }] } },
        },
      ],
    },
  };
}

export function fulfillmentAvailability(channels: string[]): Json {
  return {
    title: 'Fulfillment Availability',
    description:
      'Where the offer is fulfilled from and, for DEFAULT (merchant-fulfilled), how many units. Specifying a ' +
      'value other than DEFAULT will cancel the merchant-fulfilled offering.',
    type: 'array',
    minItems: 1,
    minUniqueItems: 1,
    maxUniqueItems: 1,
    selectors: ['fulfillment_channel_code'],
    items: {
      type: 'object',
      required: ['fulfillment_channel_code'],
      additionalProperties: false,
      properties: {
        fulfillment_channel_code: { type: 'string', enum: channels, enumNames: channels },
        quantity: { type: 'integer', minimum: 0 },
        lead_time_to_ship_max_days: { type: 'integer', minimum: 0, maximum: 30 },
        restock_date: date,
        is_inventory_available: { type: 'boolean' },
      },
      allOf: [
        {
          if: {
            properties: { fulfillment_channel_code: { const: 'DEFAULT' } },
            not: { required: ['is_inventory_available'] },
          },
          then: { required: ['quantity'] },
        },
        {
          if: { properties: { fulfillment_channel_code: { not: { const: 'DEFAULT' } } } },
          then: {
            not: {
              anyOf: [
                { required: ['quantity'] },
                { required: ['lead_time_to_ship_max_days'] },
                { required: ['restock_date'] },
                { required: ['is_inventory_available'] },
              ],
            },
          },
        },
      ],
    },
  };
}

export interface ShippingTemplate {
  id: string;
  name: string;
}

/** The demo seller's shipping templates (Seller Central's "Shipping settings"). */
export const SHIPPING_TEMPLATES: Record<string, ShippingTemplate[]> = {
  A3DEMOSELLER01: [
    { id: 'legacy-template-id', name: 'Migrated Template' },
    { id: '5b1e2f3a-8c9d-4e0f-a1b2-c3d4e5f60718', name: 'Free Economy' },
  ],
};

export function merchantShippingGroup(sellerId?: string): Json {
  const templates = sellerId ? (SHIPPING_TEMPLATES[sellerId] ?? []) : undefined;
  return {
    title: 'Merchant Shipping Group',
    description: "The seller's shipping template (its id) that applies to a merchant-fulfilled offer.",
    type: 'array',
    minItems: 1,
    minUniqueItems: 1,
    maxUniqueItems: 1,
    selectors: ['marketplace_id'],
    items: {
      type: 'object',
      required: ['value'],
      additionalProperties: false,
      properties: {
        value: templates
          ? { type: 'string', enum: templates.map((t) => t.id), enumNames: templates.map((t) => t.name) }
          : { type: 'string', minLength: 1 },
        marketplace_id: MP,
      },
    },
  };
}
