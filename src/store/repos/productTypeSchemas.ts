/**
 * The database implementation of the `ProductTypeSchemaStore` port (amazon/productTypes/
 * productTypeSchemaStore.ts): product type schema documents by checksum, shared by every process of a
 * deployment and kept across restarts. A document is immutable under its checksum, so a second `put` of
 * the same checksum changes nothing.
 */
import type { Queryable } from '../db.ts';

export interface StoredProductTypeSchema {
  checksum: string;
  productType: string;
  version: string;
  document: string;
}

export interface ProductTypeSchemaRepo {
  get(checksum: string): Promise<StoredProductTypeSchema | undefined>;
  put(schema: StoredProductTypeSchema): Promise<void>;
}

export function createDbProductTypeSchemaStore(q: Queryable): ProductTypeSchemaRepo {
  return {
    async get(checksum) {
      const { rows } = await q.query<{
        checksum: string;
        product_type: string;
        version: string;
        document: string;
      }>('SELECT checksum, product_type, version, document FROM product_type_schemas WHERE checksum = $1', [
        checksum,
      ]);
      const row = rows[0];
      return (
        row && {
          checksum: row.checksum,
          productType: row.product_type,
          version: row.version,
          document: row.document,
        }
      );
    },
    async put(schema) {
      await q.query(
        `INSERT INTO product_type_schemas (checksum, product_type, version, document) VALUES ($1, $2, $3, $4)
         ON CONFLICT (checksum) DO NOTHING`,
        [schema.checksum, schema.productType, schema.version, schema.document],
      );
    },
  };
}
