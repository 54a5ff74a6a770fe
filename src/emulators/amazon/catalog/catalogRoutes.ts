// Catalog Items API 2022-04-01: searchCatalogItems — by identifiers (≤ 20, of one type; EAN / UPC / GTIN /
// ISBN / JAN compared as GTIN-14, as Amazon's GTIN-based index does; SKU needs the sellerId) or by
// keywords, never both — and getCatalogItem. One marketplace per call. Items carry the datasets asked for
// in `includedData` (default `summaries`).
import type { Hono } from 'hono';
import type { ListingsEngine } from '../listings/listingsEngine.ts';
import { checkAgainstModel, csv } from '../model/checkAgainstModel.ts';
import { invalidInput, INVALID_INPUT_MESSAGE, notFound } from '../spApiErrors.ts';
import type { CatalogRecord, CatalogStore } from './catalogStore.ts';
import { renderCatalogItem } from './catalogView.ts';

const MODEL = 'catalogItems_2022-04-01';

export function mountCatalogRoutes(app: Hono, catalog: CatalogStore, listings: ListingsEngine): void {
  app.get('/catalog/2022-04-01/items', (c) => {
    checkAgainstModel(c, `${MODEL}:searchCatalogItems`, {});
    const q = new URL(c.req.url).searchParams;
    const marketplaceId = csv(q, 'marketplaceIds')![0]!;
    const identifiers = csv(q, 'identifiers');
    const keywords = csv(q, 'keywords');
    const type = q.get('identifiersType');
    const problems: string[] = [];
    if (identifiers && keywords) problems.push('identifiers and keywords cannot be used together.');
    if (!identifiers && !keywords) problems.push('Either identifiers or keywords must be provided.');
    if (identifiers && !type) problems.push('identifiersType is required when identifiers is provided.');
    if (type === 'SKU' && !q.get('sellerId'))
      problems.push('sellerId is required when identifiersType is SKU.');
    if (problems.length > 0)
      throw invalidInput(...problems.map((details) => ({ message: INVALID_INPUT_MESSAGE, details })));

    let found: CatalogRecord[];
    if (identifiers) {
      found = identifiers.flatMap((id) => lookup(catalog, listings, type!, id, q.get('sellerId')));
    } else {
      const words = keywords!.map((k) => k.toLowerCase());
      const brands = csv(q, 'brandNames')?.map((b) => b.toLowerCase());
      found = catalog
        .all()
        .filter((r) => words.every((w) => `${r.itemName} ${r.brand}`.toLowerCase().includes(w)))
        .filter((r) => !brands || brands.includes(r.brand.toLowerCase()));
    }
    found = [
      ...new Map(
        found.filter((r) => r.marketplaceIds.includes(marketplaceId)).map((r) => [r.asin, r]),
      ).values(),
    ];
    const pageSize = Number(q.get('pageSize') ?? 10);
    const offset = decodeToken(q.get('pageToken'));
    const page = found.slice(offset, offset + pageSize);
    const included = csv(q, 'includedData') ?? ['summaries'];
    const next = offset + pageSize < found.length ? encodeToken(offset + pageSize) : undefined;
    const previous = offset > 0 ? encodeToken(Math.max(0, offset - pageSize)) : undefined;
    return c.json({
      numberOfResults: found.length,
      pagination: { ...(next && { nextToken: next }), ...(previous && { previousToken: previous }) },
      refinements: keywords ? refinements(found) : { brands: [], classifications: [] },
      items: page.map((r) => renderCatalogItem(r, catalog, marketplaceId, included)),
    });
  });

  app.get('/catalog/2022-04-01/items/:asin', (c) => {
    const asin = c.req.param('asin');
    checkAgainstModel(c, `${MODEL}:getCatalogItem`, { asin });
    const q = new URL(c.req.url).searchParams;
    const marketplaceId = csv(q, 'marketplaceIds')![0]!;
    const record = catalog.get(asin);
    if (!record || !record.marketplaceIds.includes(marketplaceId))
      throw notFound(`Requested item '${asin}' not found in marketplace '${marketplaceId}'.`);
    return c.json(renderCatalogItem(record, catalog, marketplaceId, csv(q, 'includedData') ?? ['summaries']));
  });
}

function lookup(
  catalog: CatalogStore,
  listings: ListingsEngine,
  type: string,
  id: string,
  sellerId: string | null,
): CatalogRecord[] {
  if (type === 'ASIN') return [catalog.get(id)].filter((r): r is CatalogRecord => !!r);
  if (type === 'SKU') {
    const asins = listings.asinsOf(sellerId ?? '', id);
    return asins.map((a) => catalog.get(a)).filter((r): r is CatalogRecord => !!r);
  }
  if (type === 'MINSAN') return [];
  return catalog.byIdentifier(id);
}

function refinements(found: CatalogRecord[]) {
  const brands = new Map<string, number>();
  for (const r of found) brands.set(r.brand, (brands.get(r.brand) ?? 0) + 1);
  return {
    brands: [...brands].map(([brandName, numberOfResults]) => ({ brandName, numberOfResults })),
    classifications: [],
  };
}

const encodeToken = (offset: number) => Buffer.from(`catalog:${offset}`).toString('base64url');
function decodeToken(token: string | null): number {
  if (!token) return 0;
  const match = /^catalog:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw invalidInput({ message: INVALID_INPUT_MESSAGE, details: 'Invalid pageToken.' });
  return Number(match[1]);
}
