/**
 * Settings of the order import (`services.import-orders` in the configuration), with their defaults.
 * docs/flows/orders.md documents every key; docs/configuration.md points there. Per-marketplace settings
 * are keyed by Amazon marketplace id; a key for a marketplace the connection does not sell on is
 * reported by `connector check`, not refused here (one settings block serves every connection).
 */
import { z } from 'zod';
import type { FlowContext } from '../domain/remotes.ts';
import { SKU_STRATEGIES } from '../domain/items.ts';

const itemCode = z.string().min(1).max(20);

export const IMPORTABLE_STATUSES = ['UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED'] as const;

/** Keys that moved to the connection's marketplace profile (`amazon.marketplaces[]`), shared by every flow. */
const MOVED_TO_PROFILE = ['customerAccount', 'site', 'warehouse', 'pricesIncludeTax'] as const;

const marketplaceSettings = z
  .strictObject({
    /** D365 method of payment when Amazon reports none (or one without a mapping row). */
    defaultPaymentMethod: z.string().min(1).max(10).optional(),
    /**
     * `marketplaceFacilitator`: Amazon collects and remits the tax; orders get `exemptTaxGroup` and the
     * collected amount is kept with the record, not booked. `seller`: D365 computes tax from its own setup.
     */
    taxMode: z.enum(['marketplaceFacilitator', 'seller']).default('marketplaceFacilitator'),
    exemptTaxGroup: z.string().min(1).max(10).optional(),
    ...Object.fromEntries(MOVED_TO_PROFILE.map((key) => [key, z.unknown().optional()])),
  })
  .superRefine((value, ctx) => {
    for (const key of MOVED_TO_PROFILE) {
      if ((value as Record<string, unknown>)[key] === undefined) continue;
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `moved: set ${key} on the connection's marketplace instead (connections[].amazon.marketplaces[] with this id), where every service reads it`,
      });
    }
  })
  .transform(({ defaultPaymentMethod, taxMode, exemptTaxGroup }) => ({
    ...(defaultPaymentMethod !== undefined && { defaultPaymentMethod }),
    taxMode,
    ...(exemptTaxGroup !== undefined && { exemptTaxGroup }),
  }));
export type MarketplaceSettings = z.infer<typeof marketplaceSettings>;

export const importOrdersSettings = z.strictObject({
  /** First run: import orders updated in the last N days. */
  startDaysBack: z.number().min(0).max(365).default(7),
  /** Each search starts this far before the cursor, so orders Amazon records late are not missed. */
  overlapSeconds: z.int().min(0).max(86_400).default(600),
  /** Orders per searchOrders page (Amazon: 1–100). */
  pageSize: z.int().min(1).max(100).default(100),
  /** Staged orders imported per page of a run. */
  importBatch: z.int().min(1).max(500).default(50),
  /** Amazon statuses that import; Pending orders always wait until paid. */
  statuses: z
    .array(z.enum(IMPORTABLE_STATUSES))
    .min(1)
    .default(['UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED']),
  /** Amazon-fulfilled orders: off, or imported from this warehouse and marked as fulfilled by Amazon. */
  fba: z
    .strictObject({
      import: z.boolean().default(false),
      site: z.string().min(1).max(10).optional(),
      warehouse: z.string().min(1).max(10).optional(),
      /** Mode of delivery that marks an order as fulfilled by Amazon (nobody ships it). */
      deliveryMode: z.string().min(1).max(10).optional(),
    })
    .prefault({}),
  customers: z
    .strictObject({
      /**
       * `marketplace`: one customer per marketplace (and per business buyer), delivery address on the
       * order — the least personal data. `buyer`: one customer per buyer, keyed by a hash of Amazon's
       * relay e-mail; orders without one fall back to the marketplace customer.
       */
      strategy: z.enum(['marketplace', 'buyer']).default('marketplace'),
      /** Customers per business buyer (Amazon Business orders with a company or tax id). */
      businessCustomers: z.boolean().default(true),
      /** Customer group of customers the connector creates. */
      customerGroup: z.string().min(1).max(10).optional(),
    })
    .prefault({}),
  orderNumbers: z
    .strictObject({
      /**
       * `sequence`: F&O's number sequence allocates the number; header first, lines next, and a header
       * left without lines is completed or removed. `manual`: the connector assigns `prefix` + the
       * Amazon order id (the sequence must allow manual numbers), so header and lines go in one change set.
       */
      mode: z.enum(['sequence', 'manual']).default('sequence'),
      /** At most one character: F&O's sales order number holds 20, an Amazon order id has 19. */
      prefix: z.string().max(1).default('A'),
    })
    .prefault({}),
  skuStrategies: z
    .array(z.enum(SKU_STRATEGIES))
    .min(1)
    .default(['mapping', 'itemNumber', 'externalItemNumber', 'barcode']),
  /**
   * D365 sales order pool given to orders first seen already (partly) shipped — shipped outside D365 or
   * while the connector was down — so the warehouse can keep them out of picking. Unset: only flagged.
   */
  shippedOrderPool: z.string().min(1).max(10).optional(),
  /** Non-stock items whose lines carry Amazon's shipping and gift-wrap amounts. */
  chargeItems: z.strictObject({ shipping: itemCode.optional(), giftWrap: itemCode.optional() }).prefault({}),
  /** `explode`: a bundle SKU becomes its component lines; `single`: one line of the bundle's own item. */
  bundles: z.enum(['explode', 'single']).default('explode'),
  /** How an Amazon cancellation cancels an unshipped D365 order: delete its lines, or set them to zero. */
  cancellation: z.enum(['delete', 'zero']).default('delete'),
  /**
   * A D365 write whose outcome is unknown (the process died, the answer was lost) and that D365 does not
   * show yet is not sent again for this long, in case it is still being processed. Other orders go on.
   */
  writeSettleSeconds: z.int().min(0).max(3600).default(120),
  /** Personal data of an order is purged this many days after it ships or is cancelled. */
  personalDataDays: z.int().min(1).max(3650).default(30),
  marketplaces: z.record(z.string(), marketplaceSettings).default({}),
});
export type ImportOrdersSettings = z.infer<typeof importOrdersSettings>;

export function marketplaceSettingsOf(settings: ImportOrdersSettings, marketplaceId: string) {
  return marketplaceSettings.parse(settings.marketplaces[marketplaceId] ?? {});
}

/** The run context of the order import: both remote clients, and these settings parsed once per run. */
export type ImportContext = FlowContext<ImportOrdersSettings>;
