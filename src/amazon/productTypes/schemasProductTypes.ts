/**
 * Product Type Definitions API 2020-09-01 schemas (definitionsProductTypes_2020-09-01.json), walked
 * against the model by the schema tests. A definition carries the link to the product type's JSON Schema
 * and its checksum (Base64 MD5): the cache key of productTypeSchemas.ts.
 */
import { z } from 'zod';
import { openEnum } from '../orders/schemasCommon.ts';

export const REQUIREMENTS = ['LISTING', 'LISTING_PRODUCT_ONLY', 'LISTING_OFFER_ONLY'] as const;
export const REQUIREMENTS_ENFORCED = ['ENFORCED', 'NOT_ENFORCED'] as const;
export const PARENTAGE_LEVELS = ['NONE', 'CHILD', 'PARENT'] as const;

const schemaLink = z.object({
  link: z.object({ resource: z.string(), verb: openEnum(['GET']) }),
  checksum: z.string(),
});

export const productTypeDefinition = z.object({
  metaSchema: schemaLink.optional(),
  schema: schemaLink,
  requirements: openEnum(REQUIREMENTS),
  requirementsEnforced: openEnum(REQUIREMENTS_ENFORCED),
  propertyGroups: z.record(
    z.string(),
    z.object({
      title: z.string().optional(),
      description: z.string().optional(),
      propertyNames: z.array(z.string()).optional(),
    }),
  ),
  locale: z.string(),
  marketplaceIds: z.array(z.string()),
  productType: z.string(),
  displayName: z.string(),
  productTypeVersion: z.object({
    version: z.string(),
    latest: z.boolean(),
    releaseCandidate: z.boolean().optional(),
  }),
});
export type ProductTypeDefinition = z.infer<typeof productTypeDefinition>;

export const productTypeList = z.object({
  productTypes: z.array(
    z.object({ name: z.string(), displayName: z.string(), marketplaceIds: z.array(z.string()) }),
  ),
  productTypeVersion: z.string(),
});
export type ProductTypeList = z.infer<typeof productTypeList>;
