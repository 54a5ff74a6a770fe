/**
 * The port through which product type schemas are cached (beside the client, like http/bucketStore.ts):
 * documents keyed by their checksum, so a schema is downloaded once and reused until Amazon's definition
 * names a new checksum. The in-memory implementation serves tests and single runs; the database one
 * (store/repos/productTypeSchemas.ts) keeps them across runs and processes.
 */
export interface CachedProductTypeSchema {
  checksum: string;
  productType: string;
  version: string;
  /** The JSON Schema document as downloaded. */
  document: string;
}

export interface ProductTypeSchemaStore {
  get(checksum: string): Promise<CachedProductTypeSchema | undefined>;
  put(schema: CachedProductTypeSchema): Promise<void>;
}

export function createMemoryProductTypeSchemaStore(): ProductTypeSchemaStore {
  const schemas = new Map<string, CachedProductTypeSchema>();
  return {
    get: (checksum) => Promise.resolve(schemas.get(checksum)),
    put: (schema) => {
      schemas.set(schema.checksum, schema);
      return Promise.resolve();
    },
  };
}
