// One catalogue item as Catalog Items 2022-04-01 renders it for one marketplace: the datasets asked for
// in `includedData`. The emulator models identifiers, summaries, product types, relationships and the
// item-name / brand attributes; images, sales ranks, classifications, dimensions and vendor details come
// back empty for the marketplace (the connector reads none of them).
import type { CatalogRecord, CatalogStore } from './catalogStore.ts';

type Json = Record<string, unknown>;

export function renderCatalogItem(
  r: CatalogRecord,
  catalog: CatalogStore,
  marketplaceId: string,
  included: string[],
): Json {
  const item: Json = { asin: r.asin };
  for (const data of included) {
    switch (data) {
      case 'summaries':
        item.summaries = [
          {
            marketplaceId,
            brand: r.brand,
            itemClassification: r.classification,
            itemName: r.itemName,
            ...(r.manufacturer && { manufacturer: r.manufacturer }),
            ...(r.color && { color: r.color }),
            ...(r.size && { size: r.size }),
            packageQuantity: 1,
          },
        ];
        break;
      case 'identifiers':
        item.identifiers = [{ marketplaceId, identifiers: r.identifiers.map((i) => ({ ...i })) }];
        break;
      case 'productTypes':
        item.productTypes = [{ marketplaceId, productType: r.productType }];
        break;
      case 'relationships':
        item.relationships = [{ marketplaceId, relationships: relationships(r, catalog) }];
        break;
      case 'attributes':
        item.attributes = {
          item_name: [{ value: r.itemName, language_tag: 'en_US', marketplace_id: marketplaceId }],
          brand: [{ value: r.brand, language_tag: 'en_US', marketplace_id: marketplaceId }],
        };
        break;
      case 'images':
        item.images = [{ marketplaceId, images: [] }];
        break;
      case 'salesRanks':
        item.salesRanks = [{ marketplaceId, classificationRanks: [], displayGroupRanks: [] }];
        break;
      case 'classifications':
        item.classifications = [{ marketplaceId, classifications: [] }];
        break;
      case 'dimensions':
        item.dimensions = [{ marketplaceId }];
        break;
      case 'vendorDetails':
        item.vendorDetails = [{ marketplaceId }];
        break;
    }
  }
  return item;
}

function relationships(r: CatalogRecord, catalog: CatalogStore): Json[] {
  const theme = r.variationTheme
    ? { variationTheme: { attributes: themeAttributes(r.variationTheme), theme: r.variationTheme } }
    : {};
  if (r.classification === 'VARIATION_PARENT')
    return [{ type: 'VARIATION', childAsins: catalog.children(r.asin).map((c) => c.asin), ...theme }];
  if (r.parentAsin) return [{ type: 'VARIATION', parentAsins: [r.parentAsin], ...theme }];
  return [];
}

const themeAttributes = (theme: string) =>
  theme
    .split('/')
    .map((part) => part.replace(/_NAME$/, '').toLowerCase() + (part.endsWith('_NAME') ? '_name' : ''));
