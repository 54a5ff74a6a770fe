// The Product Type Definitions the emulator serves: a definition's meta (property groups, version, the
// link to its schema document and that document's checksum — Base64 MD5, as Amazon's) and the documents
// themselves, kept by checksum for the download route. A product type's version is durable and moves
// when a test bumps it (`/_sim/productTypes/{name}/version`): the documents then change, and so do their
// checksums, as when Amazon releases a new version.
import { createHash } from 'node:crypto';
import type { EmulatorContext } from '../../options.ts';
import type { MarketplaceFacts } from './attributeSchemas.ts';
import { PRODUCT_TYPES, productTypeSpec, type ProductTypeSpec } from './productTypeCatalogue.ts';
import {
  buildSchemaDocument,
  type ParentageLevel,
  type PropertyGroup,
  type Requirements,
} from './schemaDocument.ts';

const VERSIONS = 'productTypeVersions';
export const SCHEMA_PATH = '/_definitions/schemas/';

export interface DefinitionQuery {
  productType: string;
  marketplaceId: string;
  sellerId?: string;
  requirements: Requirements;
  enforced: boolean;
  parentage?: ParentageLevel;
  locale?: string;
}

export interface RenderedSchema {
  text: string;
  checksum: string;
  version: string;
  groups: Record<string, PropertyGroup>;
}

const LANGUAGES: Record<string, string[]> = { US: ['en_US', 'es_US'], CA: ['en_CA', 'fr_CA'] };

export class ProductTypeDefinitions {
  /** Documents by the hex form of their checksum (what the download link names). */
  private readonly documents = new Map<string, string>();
  private readonly rendered = new Map<string, RenderedSchema>();

  constructor(private readonly ctx: EmulatorContext) {}

  marketplaces(): MarketplaceFacts[] {
    return this.ctx.catalogue.marketplaces.map((m) => ({
      id: m.id,
      name: m.name,
      currency: m.currency,
      languageTags: LANGUAGES[m.countryCode] ?? ['en_US'],
    }));
  }

  spec(name: string): ProductTypeSpec | undefined {
    return productTypeSpec(name);
  }

  search(keywords: string[] | undefined, itemName: string | undefined): ProductTypeSpec[] {
    const words = [...(keywords ?? []), ...(itemName ? itemName.split(/\s+/) : [])]
      .map((w) => w.toLowerCase())
      .filter((w) => w.length > 1);
    if (words.length === 0) return [...PRODUCT_TYPES];
    return PRODUCT_TYPES.filter((t) =>
      words.some((w) => t.keywords.some((k) => k.includes(w) || w.includes(k)) || t.name.toLowerCase() === w),
    );
  }

  /** The product type's current version, e.g. `U5A1C3E00000001`. */
  version(name: string): string {
    const n = (this.ctx.tables.get(VERSIONS, name) as number | undefined) ?? 1;
    const hash = createHash('sha1').update(name).digest('hex').slice(0, 6).toUpperCase();
    return `U${hash}${String(n).padStart(8, '0')}`;
  }

  /** Moves the product type to a new version (joins the caller's change set). */
  bump(name: string): string {
    const n = (this.ctx.tables.get(VERSIONS, name) as number | undefined) ?? 1;
    this.ctx.tables.put(VERSIONS, name, n + 1);
    return this.version(name);
  }

  render(query: DefinitionQuery): RenderedSchema {
    const spec = productTypeSpec(query.productType)!;
    const version = this.version(spec.name);
    const key = JSON.stringify([
      query.productType,
      query.marketplaceId,
      query.sellerId ?? '',
      query.requirements,
      query.enforced,
      query.parentage ?? '',
      version,
    ]);
    const cached = this.rendered.get(key);
    if (cached) return cached;
    const marketplaces = this.marketplaces();
    const marketplace = marketplaces.find((m) => m.id === query.marketplaceId) ?? marketplaces[0]!;
    const { document, groups } = buildSchemaDocument({
      spec,
      version,
      requirements: query.requirements,
      enforced: query.enforced,
      parentage: query.parentage,
      marketplace,
      marketplaces,
      sellerId: query.sellerId,
    });
    const text = JSON.stringify(document, null, 2);
    const md5 = createHash('md5').update(text, 'utf8').digest();
    const result = { text, checksum: md5.toString('base64'), version, groups };
    this.documents.set(md5.toString('hex'), text);
    this.rendered.set(key, result);
    return result;
  }

  /** A document by the hex checksum its link names; undefined when never rendered by this process. */
  document(hex: string): string | undefined {
    return this.documents.get(hex);
  }

  linkFor(origin: string, checksum: string): string {
    return `${origin}${SCHEMA_PATH}${Buffer.from(checksum, 'base64').toString('hex')}.json`;
  }
}
