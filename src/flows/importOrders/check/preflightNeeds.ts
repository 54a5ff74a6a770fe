/**
 * What the order import's pre-flight must find in each legal entity, worked out from the connection,
 * the settings and the mappings alone (pure): the codes each setup table must hold — each with the
 * places in the configuration that name it, so a failed item says what to correct — the marketplace
 * customers, sites and warehouses, exempt tax groups, and every item the SKU and bundle mappings name.
 * A mapping row limited to a marketplace counts for that marketplace's legal entity only; a row for a
 * marketplace the connection does not sell on counts for none.
 */
import { marketplaceSettingsOf, type ImportOrdersSettings } from '../settings.ts';
import type { MarketplaceProfile } from '../../domain/marketplaceProfile.ts';
import type { Mappings } from '../../domain/mappings.ts';
import type { ResolvedItem } from '../../domain/items.ts';

export const SETTINGS = 'services.import-orders';

type Item = Omit<ResolvedItem, 'via'>;

/** A D365 code → the places in the configuration that name it. */
export type Places = Map<string, string[]>;

/** A released variant as read back (its master's item number and its dimensions). */
export interface VariantRow {
  ProductMasterNumber: string;
  ProductColorId: string;
  ProductSizeId: string;
  ProductStyleId: string;
  ProductConfigurationId: string;
}

export interface VariantNeed {
  item: Item;
  where: string[];
  /** e.g. "color Black, size M". */
  describe: string;
  matches(row: VariantRow): boolean;
}

export interface PlaceNeed {
  /** Whose orders ship from here, e.g. "marketplace ATVPDKIKX0DER". */
  label: string;
  /** The settings key holding `site` and `warehouse`. */
  setting: string;
  site?: string;
  warehouse?: string;
}

export interface CompanyNeeds {
  company: string;
  /** The connection's marketplaces whose orders go to this legal entity. */
  marketplaces: string[];
  places: PlaceNeed[];
  /** `setting`: where the account is configured (the marketplace profile). */
  customerAccounts: { marketplaceId: string; account?: string; setting: string }[];
  deliveryModes: Places;
  paymentMethods: Places;
  /** Marketplaces where Amazon collects the tax (marketplace facilitator), with their exempt group. */
  taxGroups: { marketplaceId: string; group?: string }[];
  /** Item numbers named by mappings.skus and mappings.bundles. */
  items: Places;
  variants: Map<string, VariantNeed>;
  /** Items named without variant dimensions (a product master there is a mistake). */
  mastersWithoutDims: Places;
}

const DIMENSIONS = [
  ['color', 'ProductColorId'],
  ['size', 'ProductSizeId'],
  ['style', 'ProductStyleId'],
  ['configuration', 'ProductConfigurationId'],
] as const;

/** At most three places, then how many more: an item may be named by hundreds of rows. */
export function named(where: string[]): string {
  return where.length <= 3
    ? where.join(', ')
    : `${where.slice(0, 3).join(', ')} and ${where.length - 3} more`;
}

function note(places: Places, code: string, where: string): void {
  const list = places.get(code) ?? [];
  if (!list.includes(where)) list.push(where);
  places.set(code, list);
}

const same = (a: string | undefined, b: string | undefined) =>
  (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

function noteItem(need: CompanyNeeds, item: Item, where: string): void {
  note(need.items, item.itemNumber, where);
  const dims = DIMENSIONS.filter(([d]) => item[d]);
  if (dims.length === 0) return note(need.mastersWithoutDims, item.itemNumber, where);
  const key = [item.itemNumber, ...DIMENSIONS.map(([d]) => item[d] ?? '')].join('\u0000');
  const variant = need.variants.get(key) ?? {
    item,
    where: [],
    describe: dims.map(([d]) => `${d} ${item[d]}`).join(', '),
    matches: (row: VariantRow) =>
      same(row.ProductMasterNumber, item.itemNumber) &&
      DIMENSIONS.every(([d, field]) => same(row[field], item[d])),
  };
  if (!variant.where.includes(where)) variant.where.push(where);
  need.variants.set(key, variant);
}

export function companyNeeds(
  settings: ImportOrdersSettings,
  mappings: Mappings,
  profiles: readonly MarketplaceProfile[],
): CompanyNeeds[] {
  const byCompany = new Map<string, CompanyNeeds>();
  for (const route of profiles) {
    const company = route.legalEntity.toLowerCase();
    const need: CompanyNeeds = byCompany.get(company) ?? {
      company,
      marketplaces: [],
      places: [],
      customerAccounts: [],
      deliveryModes: new Map(),
      paymentMethods: new Map(),
      taxGroups: [],
      items: new Map(),
      variants: new Map(),
      mastersWithoutDims: new Map(),
    };
    byCompany.set(company, need);
    const id = route.marketplaceId;
    need.marketplaces.push(id);
    const m = marketplaceSettingsOf(settings, id);
    const at = `${SETTINGS}.marketplaces.${id}`;
    need.places.push({
      label: `marketplace ${id}`,
      setting: route.configPath,
      site: route.site,
      warehouse: route.warehouse,
    });
    need.customerAccounts.push({
      marketplaceId: id,
      account: route.customerAccount,
      setting: route.configPath,
    });
    if (m.defaultPaymentMethod)
      note(need.paymentMethods, m.defaultPaymentMethod, `${at}.defaultPaymentMethod`);
    if (m.taxMode === 'marketplaceFacilitator')
      need.taxGroups.push({ marketplaceId: id, group: m.exemptTaxGroup });
  }
  const all = [...byCompany.values()];
  const companiesOf = (marketplaceId?: string) =>
    marketplaceId ? all.filter((n) => n.marketplaces.includes(marketplaceId)) : all;
  const scoped = (marketplaceId?: string) => (marketplaceId ? ` for ${marketplaceId}` : '');

  const { fba } = settings;
  for (const need of all) {
    if (fba.import)
      need.places.push({ label: 'Amazon-fulfilled orders', setting: `${SETTINGS}.fba`, ...fba });
    if (fba.deliveryMode) note(need.deliveryModes, fba.deliveryMode, `${SETTINGS}.fba.deliveryMode`);
  }
  for (const row of mappings.deliveryModes) {
    const where = `mappings.deliveryModes (${row.serviceLevel}${scoped(row.marketplaceId)})`;
    for (const need of companiesOf(row.marketplaceId)) note(need.deliveryModes, row.mode, where);
  }
  for (const row of mappings.paymentMethods) {
    const where = `mappings.paymentMethods (${row.amazon}${scoped(row.marketplaceId)})`;
    for (const need of companiesOf(row.marketplaceId)) note(need.paymentMethods, row.d365, where);
  }
  for (const row of mappings.skus) {
    const where = `mappings.skus (SKU ${row.sku}${scoped(row.marketplaceId)})`;
    for (const need of companiesOf(row.marketplaceId)) noteItem(need, row.item, where);
  }
  for (const bundle of mappings.bundles) {
    const where = `mappings.bundles (SKU ${bundle.sku}${scoped(bundle.marketplaceId)})`;
    for (const need of companiesOf(bundle.marketplaceId)) {
      for (const component of bundle.components) noteItem(need, component.item, where);
    }
  }
  return all;
}
