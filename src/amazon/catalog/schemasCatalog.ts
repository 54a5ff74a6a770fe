/**
 * Catalog Items API 2022-04-01 schemas (catalogItems_2022-04-01.json), walked against the model by the
 * schema tests: every dataset an item can carry, typed; enums open in answers.
 */
import { z } from 'zod';
import { openEnum } from '../orders/schemasCommon.ts';

const byMarketplace = <T extends z.ZodRawShape>(shape: T) =>
  z.array(z.object({ marketplaceId: z.string(), ...shape }));

type Classification = { displayName: string; classificationId: string; parent?: Classification };
const browseClassification: z.ZodType<Classification> = z.lazy(() =>
  z.object({
    displayName: z.string(),
    classificationId: z.string(),
    parent: browseClassification.optional(),
  }),
);

const dimension = z.object({ unit: z.string().optional(), value: z.number().optional() });
const dimensions = z.object({
  height: dimension.optional(),
  length: dimension.optional(),
  weight: dimension.optional(),
  width: dimension.optional(),
});

export const IMAGE_VARIANTS = [
  'MAIN',
  'PT01',
  'PT02',
  'PT03',
  'PT04',
  'PT05',
  'PT06',
  'PT07',
  'PT08',
  'SWCH',
] as const;
export const ITEM_CLASSIFICATIONS = ['BASE_PRODUCT', 'OTHER', 'PRODUCT_BUNDLE', 'VARIATION_PARENT'] as const;

export const catalogItemSummary = z.object({
  marketplaceId: z.string(),
  adultProduct: z.boolean().optional(),
  autographed: z.boolean().optional(),
  brand: z.string().optional(),
  browseClassification: browseClassification.optional(),
  color: z.string().optional(),
  contributors: z
    .array(
      z.object({
        role: z.object({ displayName: z.string().optional(), value: z.string() }),
        value: z.string(),
      }),
    )
    .optional(),
  itemClassification: openEnum(ITEM_CLASSIFICATIONS).optional(),
  itemName: z.string().optional(),
  manufacturer: z.string().optional(),
  memorabilia: z.boolean().optional(),
  modelNumber: z.string().optional(),
  packageQuantity: z.int().optional(),
  partNumber: z.string().optional(),
  releaseDate: z.iso.date().optional(),
  size: z.string().optional(),
  style: z.string().optional(),
  tradeInEligible: z.boolean().optional(),
  websiteDisplayGroup: z.string().optional(),
  websiteDisplayGroupName: z.string().optional(),
});

const rank = { title: z.string(), link: z.string().optional(), rank: z.int() };
const vendorCategory = z.object({ displayName: z.string().optional(), value: z.string().optional() });

export const catalogItem = z.object({
  asin: z.string(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  classifications: byMarketplace({ classifications: z.array(browseClassification).optional() }).optional(),
  dimensions: byMarketplace({ item: dimensions.optional(), package: dimensions.optional() }).optional(),
  identifiers: byMarketplace({
    identifiers: z.array(z.object({ identifierType: z.string(), identifier: z.string() })),
  }).optional(),
  images: byMarketplace({
    images: z.array(
      z.object({ variant: openEnum(IMAGE_VARIANTS), link: z.string(), height: z.int(), width: z.int() }),
    ),
  }).optional(),
  productTypes: z
    .array(z.object({ marketplaceId: z.string().optional(), productType: z.string().optional() }))
    .optional(),
  relationships: byMarketplace({
    relationships: z.array(
      z.object({
        childAsins: z.array(z.string()).optional(),
        parentAsins: z.array(z.string()).optional(),
        variationTheme: z
          .object({ attributes: z.array(z.string()).optional(), theme: z.string().optional() })
          .optional(),
        type: openEnum(['VARIATION', 'PACKAGE_HIERARCHY']),
      }),
    ),
  }).optional(),
  salesRanks: byMarketplace({
    classificationRanks: z.array(z.object({ classificationId: z.string(), ...rank })).optional(),
    displayGroupRanks: z.array(z.object({ websiteDisplayGroup: z.string(), ...rank })).optional(),
  }).optional(),
  summaries: z.array(catalogItemSummary).optional(),
  vendorDetails: byMarketplace({
    brandCode: z.string().optional(),
    manufacturerCode: z.string().optional(),
    manufacturerCodeParent: z.string().optional(),
    productCategory: vendorCategory.optional(),
    productGroup: z.string().optional(),
    productSubcategory: vendorCategory.optional(),
    replenishmentCategory: openEnum([
      'ALLOCATED',
      'BASIC_REPLENISHMENT',
      'IN_SEASON',
      'LIMITED_REPLENISHMENT',
      'MANUFACTURER_OUT_OF_STOCK',
      'NEW_PRODUCT',
      'NON_REPLENISHABLE',
      'NON_STOCKUPABLE',
      'OBSOLETE',
      'PLANNED_REPLENISHMENT',
    ]).optional(),
  }).optional(),
});
export type CatalogItem = z.infer<typeof catalogItem>;

export const catalogSearchResults = z.object({
  numberOfResults: z.int(),
  pagination: z.object({ nextToken: z.string().optional(), previousToken: z.string().optional() }).optional(),
  refinements: z
    .object({
      brands: z.array(z.object({ numberOfResults: z.int(), brandName: z.string() })),
      classifications: z.array(
        z.object({ numberOfResults: z.int(), displayName: z.string(), classificationId: z.string() }),
      ),
    })
    .optional(),
  items: z.array(catalogItem),
});
