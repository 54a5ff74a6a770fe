/**
 * The marketplace profile of a connection: for each Amazon marketplace it sells on, the D365 side of it —
 * the legal entity its orders and listings belong to, the customer account that stands for the
 * marketplace (its orders, its trade-agreement prices, its external item numbers), the site and
 * warehouse it ships from, its currency and whether its prices include tax. Every flow that crosses
 * between a marketplace and D365 reads it here (routing), so they all agree. It comes from the
 * connection's `amazon.marketplaces[]` in the configuration; currency and tax default from what is fixed
 * about the marketplace (amazonMarketplaces.ts).
 */
import type { ConnectionConfig } from '../../config/schema.ts';
import { AMAZON_MARKETPLACES } from './amazonMarketplaces.ts';

export interface MarketplaceProfile {
  marketplaceId: string;
  /** The D365 legal entity (dataAreaId, lower case). */
  legalEntity: string;
  /** Where it is set, for messages: `connection demo: amazon.marketplaces[1]`. */
  configPath: string;
  customerAccount?: string;
  site?: string;
  warehouse?: string;
  /** ISO 4217; undefined for a marketplace this version does not know, when the configuration gives none. */
  currency?: string;
  pricesIncludeTax: boolean;
  /** ISO 3166 alpha-2, for a marketplace this version knows. */
  country?: string;
}

/** Every marketplace of the connection, in the order configured. */
export function marketplaceProfiles(connection: ConnectionConfig): MarketplaceProfile[] {
  return connection.amazon.marketplaces.map((m, index) => {
    const known = AMAZON_MARKETPLACES[m.id];
    return {
      marketplaceId: m.id,
      legalEntity: m.legalEntity,
      configPath: `connection ${connection.id}: amazon.marketplaces[${index}]`,
      ...(m.customerAccount !== undefined && { customerAccount: m.customerAccount }),
      ...(m.site !== undefined && { site: m.site }),
      ...(m.warehouse !== undefined && { warehouse: m.warehouse }),
      ...((m.currency ?? known?.currency) !== undefined && { currency: m.currency ?? known?.currency }),
      pricesIncludeTax: m.pricesIncludeTax ?? known?.pricesIncludeTax ?? false,
      ...(known && { country: known.country }),
    };
  });
}

/** The profile of one marketplace; undefined when the connection does not sell there. */
export function profileOf(
  connection: ConnectionConfig | undefined,
  marketplaceId: string,
): MarketplaceProfile | undefined {
  return connection && marketplaceProfiles(connection).find((p) => p.marketplaceId === marketplaceId);
}

/** The legal entity a marketplace's orders and listings go to (routing). */
export function legalEntityOf(connection: ConnectionConfig | undefined, marketplaceId: string) {
  return profileOf(connection, marketplaceId)?.legalEntity;
}
