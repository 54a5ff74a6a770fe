/**
 * A product type's JSON Schema, ready to validate listing attributes: the definition is read (its
 * checksum names the current document), the document is taken from the cache when its checksum is there
 * and downloaded from the definition's link otherwise — then checked against the checksum (Base64 MD5)
 * before it is cached (in the client's `productTypeSchemas` store: the database in production), so a
 * truncated or altered document never becomes the reference.
 */
import { createHash } from 'node:crypto';
import { ConnectorError } from '../../errors.ts';
import type { AmazonClient, CallOptions } from '../client.ts';
import { getDefinitionsProductType, type GetProductTypeParams } from './productTypeDefinitions.ts';
import type { ProductTypeDefinition } from './schemasProductTypes.ts';

export interface ProductTypeSchema {
  definition: ProductTypeDefinition;
  checksum: string;
  /** The parsed JSON Schema document. */
  schema: Record<string, unknown>;
  /** Whether this call downloaded it (false: from the cache). */
  downloaded: boolean;
}

export const md5Base64 = (text: string) => createHash('md5').update(text, 'utf8').digest('base64');

export async function getProductTypeSchema(
  client: AmazonClient,
  productType: string,
  params: GetProductTypeParams = {},
  options: CallOptions = {},
): Promise<ProductTypeSchema> {
  const definition = await getDefinitionsProductType(client, productType, params, options);
  const { checksum } = definition.schema;
  const store = client.productTypeSchemas;
  const cached = await store.get(checksum);
  if (cached) return { definition, checksum, schema: parse(cached.document, productType), downloaded: false };
  const document = await client.download(definition.schema.link.resource, options);
  const actual = md5Base64(document);
  if (actual !== checksum)
    throw new ConnectorError(
      'transient',
      `The schema of product type ${productType} does not match its checksum (expected ${checksum}, got ${actual}): not cached, try again`,
      { context: { productType, checksum, actual } },
    );
  const schema = parse(document, productType);
  await store.put({ checksum, productType, version: definition.productTypeVersion.version, document });
  return { definition, checksum, schema, downloaded: true };
}

function parse(document: string, productType: string): Record<string, unknown> {
  try {
    return JSON.parse(document) as Record<string, unknown>;
  } catch (error) {
    throw new ConnectorError('remote', `The schema of product type ${productType} is not JSON`, {
      cause: error,
    });
  }
}
