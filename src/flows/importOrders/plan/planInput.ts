/**
 * What the pure planner needs besides an order's facts: the settings, the mapping tables, the
 * marketplace's profile and what the executor looked up in D365 before planning.
 */
import type { Mappings } from '../../domain/mappings.ts';
import type { ResolvedItem } from '../../domain/items.ts';
import type { MarketplaceProfile } from '../../domain/marketplaceProfile.ts';
import type { ImportOrdersSettings } from '../settings.ts';

/** What the executor looked up in D365 before planning (the planner itself never does I/O). */
export interface OrderLookups {
  /** Seller SKU → D365 product, per marketplace; absent: no strategy found it. */
  item(sku: string, marketplaceId: string): ResolvedItem | undefined;
  /** Keyed hash (HMAC with the installation's key) of a text, 16 hex digits: customer keys, address hashes. */
  keyOf(text: string): string;
}

/** Everything planOrder needs besides the facts. */
export interface PlanInput {
  settings: ImportOrdersSettings;
  mappings: Mappings;
  lookups: OrderLookups;
  /**
   * The connection's profile of the order's marketplace (legal entity, customer account, site and
   * warehouse, tax); undefined: the connection does not sell there.
   */
  profile: MarketplaceProfile | undefined;
}
