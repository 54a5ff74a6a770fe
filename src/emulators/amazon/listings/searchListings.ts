// searchListingsItems: the seller's listings in the requested marketplaces, filtered by identifiers (SKU,
// ASIN, FNSKU or a barcode of the listing's external product id — at most 20, one type), by variation
// parent, by created / updated time, status and issue severity; sorted (default lastUpdatedDate DESC) and
// paged (pageSize ≤ 20). As on Amazon, only the first 1,000 results can be paged to: `numberOfResults`
// tells the true count, the pagination ends at 1,000.
import type { EmulatorContext } from '../options.ts';
import { invalidInput, INVALID_INPUT_MESSAGE } from '../spApiErrors.ts';
import { gtin14 } from '../catalog/catalogStore.ts';
import { csv } from '../model/checkAgainstModel.ts';
import { marketplaceState } from './listingState.ts';
import type { ListingsEngine } from './listingsEngine.ts';
import type { StoredListing } from './listingTypes.ts';
import { childrenOf, renderListing } from './listingView.ts';

export const SEARCH_CEILING = 1000;

export function searchListings(
  ctx: EmulatorContext,
  engine: ListingsEngine,
  sellerId: string,
  q: URLSearchParams,
) {
  const marketplaceIds = csv(q, 'marketplaceIds')!;
  const identifiers = csv(q, 'identifiers');
  const type = q.get('identifiersType');
  const problems: string[] = [];
  if (identifiers && !type) problems.push('identifiersType is required when identifiers are provided.');
  if (identifiers && (q.get('variationParentSku') || q.get('packageHierarchySku')))
    problems.push('identifiers cannot be combined with variationParentSku or packageHierarchySku.');
  if (problems.length > 0)
    throw invalidInput(...problems.map((details) => ({ message: INVALID_INPUT_MESSAGE, details })));

  const time = (name: string) => (q.get(name) ? Date.parse(q.get(name)!) : undefined);
  const [createdAfter, createdBefore, updatedAfter, updatedBefore] = [
    time('createdAfter'),
    time('createdBefore'),
    time('lastUpdatedAfter'),
    time('lastUpdatedBefore'),
  ];
  const withStatus = csv(q, 'withStatus');
  const withoutStatus = csv(q, 'withoutStatus');
  const severities = csv(q, 'withIssueSeverity');
  const parentSku = q.get('variationParentSku');

  const matches = (l: StoredListing): boolean => {
    if (!marketplaceIds.some((m) => l.marketplaces[m])) return false;
    const states = marketplaceIds.map((m) => marketplaceState(ctx, l, m)).filter((s) => !!s);
    if (
      identifiers &&
      !identifiers.some((id) =>
        identifies(
          l,
          type!,
          id,
          states.map((s) => s.asin),
        ),
      )
    )
      return false;
    if (parentSku && !states.some((s) => s.parentSku === parentSku)) return false;
    if (createdAfter !== undefined && l.createdAt < createdAfter) return false;
    if (createdBefore !== undefined && l.createdAt >= createdBefore) return false;
    if (updatedAfter !== undefined && l.updatedAt < updatedAfter) return false;
    if (updatedBefore !== undefined && l.updatedAt >= updatedBefore) return false;
    if (withStatus && !states.some((s) => withStatus.every((w) => s.status.includes(w as 'BUYABLE'))))
      return false;
    if (withoutStatus && states.some((s) => withoutStatus.some((w) => s.status.includes(w as 'BUYABLE'))))
      return false;
    if (severities && !l.issues.some((i) => severities.includes(i.severity))) return false;
    return true;
  };

  const sortBy = q.get('sortBy') ?? 'lastUpdatedDate';
  const direction = (q.get('sortOrder') ?? 'DESC') === 'ASC' ? 1 : -1;
  const value = (l: StoredListing) =>
    sortBy === 'sku' ? l.sku : sortBy === 'createdDate' ? l.createdAt : l.updatedAt;
  const found = engine
    .all(sellerId)
    .filter(matches)
    .sort((a, b) =>
      value(a) < value(b) ? -direction : value(a) > value(b) ? direction : a.sku < b.sku ? -1 : 1,
    );

  const pageSize = Number(q.get('pageSize') ?? 10);
  const offset = decodeToken(q.get('pageToken'));
  const reachable = found.slice(0, SEARCH_CEILING);
  const page = reachable.slice(offset, offset + pageSize);
  const next = offset + pageSize < reachable.length ? encodeToken(offset + pageSize) : undefined;
  const previous = offset > 0 ? encodeToken(Math.max(0, offset - pageSize)) : undefined;
  const included = csv(q, 'includedData') ?? ['summaries'];
  return {
    numberOfResults: found.length,
    pagination: { ...(next && { nextToken: next }), ...(previous && { previousToken: previous }) },
    items: page.map((l) => renderListing(ctx, l, marketplaceIds, included, childrenOf(engine, sellerId))),
  };
}

function identifies(l: StoredListing, type: string, id: string, asins: (string | undefined)[]): boolean {
  if (type === 'SKU') return l.sku === id;
  if (type === 'ASIN') return asins.includes(id);
  if (type === 'FNSKU') return false;
  return Object.values(l.marketplaces).some((m) =>
    (m.attributes.externally_assigned_product_identifier ?? []).some(
      (v) => gtin14(String(v.value)) === gtin14(id),
    ),
  );
}

const encodeToken = (offset: number) => Buffer.from(`listings:${offset}`).toString('base64url');
function decodeToken(token: string | null): number {
  if (!token) return 0;
  const match = /^listings:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw invalidInput({ message: INVALID_INPUT_MESSAGE, details: 'Invalid pageToken.' });
  return Number(match[1]);
}
