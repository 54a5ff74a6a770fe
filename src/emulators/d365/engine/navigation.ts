// Navigation properties between served entity sets and how to join them for `$expand`. The extract lists
// each navigation's name, target and multiplicity but not its referential constraint, so the join is
// derived: the "one" side's key fields, found by the same names on the other side. Where names differ
// (a customer's account is `CustomerAccount` on CustomersV3 and `CustomerAccountNumber` elsewhere) the
// table below says so; a navigation with neither is still declared in $metadata but cannot be expanded.
import type { EntitySetModel, NavigationModel } from './metadataModel.ts';

interface RawNavigation {
  name: string;
  targetEntitySet: string;
  multiplicity: 'one' | 'many';
}

/** `Set.Navigation` → source field → target field pairs, where field names do not line up. */
const EXPLICIT_JOINS: Record<string, [string, string][]> = {
  'CustomerProductDescriptionsV2.Customer': [
    ['dataAreaId', 'dataAreaId'],
    ['CustomerAccountNumber', 'CustomerAccount'],
  ],
  'CustomersV3.CustomerProductDescriptionsV2': [
    ['dataAreaId', 'dataAreaId'],
    ['CustomerAccount', 'CustomerAccountNumber'],
  ],
  'OpenSalesPriceJournalLinesV2.CustomerV3': [
    ['dataAreaId', 'dataAreaId'],
    ['CustomerAccountNumber', 'CustomerAccount'],
  ],
  'OpenSalesPriceJournalLinesV2.Warehouse': [
    ['dataAreaId', 'dataAreaId'],
    ['PriceWarehouseId', 'WarehouseId'],
  ],
  'OpenSalesPriceJournalLinesV2.OperationalSiteV2': [
    ['dataAreaId', 'dataAreaId'],
    ['PriceSiteId', 'SiteId'],
  ],
  // A product master's number is `ProductNumber` on the master and `ProductMasterNumber` on what hangs off it.
  ...Object.fromEntries(
    [
      'ProductMasterColors',
      'ProductMasterSizes',
      'ProductMasterStyles',
      'ProductMasterConfigurations',
      'ProductVariantV2',
      'ReleasedProductVariantV2',
    ].map((nav) => [`ProductMasters.${nav}`, [['ProductNumber', 'ProductMasterNumber']]]),
  ),
  ...Object.fromEntries(
    [
      'ProductMasterColors',
      'ProductMasterSizes',
      'ProductMasterStyles',
      'ProductMasterConfigurations',
      'ProductVariantsV2',
      'ReleasedProductVariantsV2',
    ].map((set) => [`${set}.ProductMaster`, [['ProductMasterNumber', 'ProductNumber']]]),
  ),
};

export function deriveNavigation(
  source: EntitySetModel,
  raw: RawNavigation[],
  sets: Map<string, EntitySetModel>,
): NavigationModel[] {
  const result: NavigationModel[] = [];
  for (const nav of raw) {
    const target = sets.get(nav.targetEntitySet);
    if (!target) continue; // the target is not served: $metadata could not declare its type
    const many = nav.multiplicity === 'many';
    result.push({ name: nav.name, target: target.name, many, join: joinFor(source, nav.name, target, many) });
  }
  return result;
}

function joinFor(
  source: EntitySetModel,
  navName: string,
  target: EntitySetModel,
  many: boolean,
): [string, string][] | undefined {
  const explicit = EXPLICIT_JOINS[`${source.name}.${navName}`];
  if (explicit) {
    for (const [from, to] of explicit)
      if (!source.field(from) || !target.field(to))
        throw new Error(
          `navigation join ${source.name}.${navName}: ${from} → ${target.name}.${to} is not in the extract`,
        );
    return explicit;
  }
  // A set navigating to itself (alternative item, refilling warehouse) joins on differently named fields.
  if (source === target) return undefined;
  const one = many ? source : target;
  const other = many ? target : source;
  if (!one.keys.every((k) => other.field(k))) return undefined;
  return one.keys.map((k) => [k, k]);
}
