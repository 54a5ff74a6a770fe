/**
 * The `load` step of the order import: one page of Amazon's search (if discovery has not finished in
 * this run), the orders staged earlier that wait to be imported or followed up, and the D365 lookups
 * their lines need (SKU → item, resolved in batches and cached). Reads only; nothing is written here.
 */
import { describeError, isConnectorError } from '../../../errors.ts';
import { deferred } from '../runMemory.ts';
import { getCursor } from '../../../store/repos/cursors.ts';
import type { ImportContext } from '../settings.ts';
import {
  BACKFILL_SCOPE,
  fetchPage,
  initialCursor,
  isRateLimitPause,
  MAIN_SCOPE,
  parseCursor,
  type FetchedPage,
  type SearchCursor,
} from './discovery.ts';
import { createItemResolver, itemLookup } from '../../domain/itemResolver.ts';
import type { Mappings } from '../../domain/mappings.ts';
import { readImportedOrders, type ImportedOrder } from '../../domain/importedOrders.ts';
import { orderFacts, parseOrderPayload } from './orderFacts.ts';
import type { ImportOrdersSettings } from '../settings.ts';
import { legalEntityOf, profileOf } from '../../domain/marketplaceProfile.ts';
import { findIntents } from '../../../store/repos/intents.ts';
import { CREATE_OPERATION, createIntentKey } from '../write/salesOrderWriter.ts';
import { FLOW_ID, isNewer, nextStaged, stagedVersions, type OrderToStage } from './staging.ts';
import type { OrderFacts } from './facts.ts';
import type { OrderLookups } from '../plan/planInput.ts';
import { runInputs } from '../inputs.ts';

/** One order to decide about: staged earlier, or found in this page. */
export interface WorkItem {
  externalId: string;
  /** Undefined for an order found in this page and not staged yet. */
  recordId?: number;
  facts?: OrderFacts;
  /** Why the payload cannot be read (each a needs_attention reason). */
  problems: string[];
  imported?: ImportedOrder;
  /**
   * Not imported as far as the read model knows, but an earlier attempt may have created its D365 order
   * (a create intent not refused): apply looks in D365 before skipping it or setting it aside.
   */
  earlierAttempt?: boolean;
  attempts: number;
  /** A person resolved the order's record (handled it by hand, `connector resolve`): who. */
  resolvedBy?: string;
}

export interface ImportSnapshot {
  settings: ImportOrdersSettings;
  mappings: Mappings;
  lookups: OrderLookups;
  /**
   * The page found on Amazon in this step, with what to stage and where the cursor goes; `expected`:
   * the cursor as read (it moves only if nobody changed it meanwhile); `more`: a search has more pages.
   */
  discovery?: {
    scope: string;
    page: FetchedPage;
    expected: string | undefined;
    more: boolean;
    toStage: OrderToStage[];
    repeats: number;
  };
  /** Discovery stopped for this run (rate limit): said in the feed once. */
  discoveryPaused?: string;
  work: WorkItem[];
  /** Whether an earlier run left staged orders beyond this batch. */
  moreStaged: boolean;
}

/** Per-run memory: each search runs until it has no more pages, once per run. */
const discoveryProgress = new WeakMap<ImportContext, DiscoveryProgress>();
const resolvers = new WeakMap<object, ReturnType<typeof createItemResolver>>();

const NOTHING_TO_SEARCH = Symbol('nothing to search');

export function keyOf(ctx: Pick<ImportContext, 'store'>) {
  return (text: string) => ctx.store.sealer.digest(text).slice(0, 16);
}

export function factsOf(raw: unknown): { facts?: OrderFacts; problems: string[] } {
  const parsed = parseOrderPayload(raw);
  if (!parsed.order) return { problems: parsed.problems };
  const facts = orderFacts(parsed.order);
  return { facts, problems: [...parsed.problems, ...facts.problems] };
}

export function externalIdOf(raw: unknown, digest: (t: string) => string): string {
  const id = raw && typeof raw === 'object' ? (raw as { orderId?: unknown }).orderId : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 64
    ? id
    : `unidentified-${digest(JSON.stringify(raw)).slice(0, 12)}`;
}

interface DiscoveryProgress {
  mainDone: boolean;
  backfillDone: boolean;
}

/**
 * Which search this step pages: the main one first in every run — new orders must not wait behind a long
 * backfill — then the backfill, if one was asked for, with whatever rate budget is left.
 */
async function discover(ctx: ImportContext, settings: ImportOrdersSettings, progress: DiscoveryProgress) {
  const key = { connectionId: ctx.connectionId, flow: FLOW_ID };
  const backfillValue = await getCursor(ctx.store.db, { ...key, scope: BACKFILL_SCOPE });
  const backfill = parseCursor(backfillValue);
  if (progress.mainDone && (progress.backfillDone || !backfill)) return undefined;
  const scope = progress.mainDone ? BACKFILL_SCOPE : MAIN_SCOPE;
  const expected = scope === MAIN_SCOPE ? await getCursor(ctx.store.db, key) : backfillValue;
  const cursor: SearchCursor = parseCursor(expected) ?? initialCursor(settings, ctx.now());
  const page = await fetchPage(ctx.remotes().amazon, cursor, settings, ctx.signal);
  if (!page.more) progress[scope === MAIN_SCOPE ? 'mainDone' : 'backfillDone'] = true;
  const more = page.more || (scope === MAIN_SCOPE && backfill !== undefined);
  return { scope, page, expected, more };
}

export async function loadSnapshot(ctx: ImportContext): Promise<ImportSnapshot> {
  const { settings, mappings } = runInputs(ctx);
  const digest = keyOf(ctx);
  const snapshot: Omit<ImportSnapshot, 'lookups'> = { settings, mappings, work: [], moreStaged: false };

  const progress = discoveryProgress.get(ctx) ?? { mainDone: false, backfillDone: false };
  discoveryProgress.set(ctx, progress);
  {
    try {
      const found = await discover(ctx, settings, progress);
      if (!found) throw NOTHING_TO_SEARCH;
      const { scope, page } = found;
      const held = await stagedVersions(
        ctx.store.db,
        ctx.connectionId,
        page.orders.map((o) => externalIdOf(o, digest)),
      );
      const latest = new Map<string, OrderToStage>();
      let repeats = 0;
      for (const raw of page.orders) {
        // Anything may come in a page (null, a number…): it is staged and set aside, never read blindly.
        const o = (raw !== null && typeof raw === 'object' ? raw : {}) as {
          lastUpdatedTime?: string;
          salesChannel?: { marketplaceId?: string };
          fulfillment?: { fulfillmentStatus?: string };
        };
        const externalId = externalIdOf(raw, digest);
        // A time that is not one would make the purge date an invalid timestamp, failing the page's staging.
        const amazonUpdated =
          typeof o.lastUpdatedTime === 'string' && !Number.isNaN(Date.parse(o.lastUpdatedTime))
            ? o.lastUpdatedTime
            : undefined;
        const previous = latest.get(externalId);
        if (
          !isNewer(amazonUpdated, held.get(externalId)) ||
          (previous &&
            !isNewer(amazonUpdated, { recordId: 0, state: 'pending', amazonUpdated: previous.amazonUpdated }))
        ) {
          repeats++;
          continue;
        }
        const status = o.fulfillment?.fulfillmentStatus;
        latest.set(externalId, {
          externalId,
          raw,
          amazonUpdated,
          amazonStatus: status,
          marketplaceId: o.salesChannel?.marketplaceId,
          purgeAfter:
            (status === 'SHIPPED' || status === 'CANCELLED') && amazonUpdated
              ? new Date(Date.parse(amazonUpdated) + settings.personalDataDays * 86_400_000)
              : undefined,
        });
      }
      snapshot.discovery = {
        scope,
        page,
        expected: found.expected,
        more: found.more,
        toStage: [...latest.values()],
        repeats,
      };
      for (const o of latest.values()) {
        const h = held.get(o.externalId);
        snapshot.work.push({
          externalId: o.externalId,
          recordId: h?.recordId,
          ...factsOf(o.raw),
          attempts: 0,
          ...(h?.resolvedBy && { resolvedBy: h.resolvedBy }),
        });
      }
    } catch (error) {
      if (error !== NOTHING_TO_SEARCH) {
        // Amazon out of reach (or its rate used up) must not hold up the orders already staged: the search
        // goes on in a later run. Errors a person must fix (credentials, configuration) end the run.
        if (!isRateLimitPause(error) && !(isConnectorError(error) && error.retryable)) throw error;
        progress.mainDone = progress.backfillDone = true;
        snapshot.discoveryPaused = isRateLimitPause(error)
          ? `Amazon's searchOrders rate limit is used up; the search goes on in a later run`
          : `Amazon could not be searched now (${describeError(error)}); the search goes on in a later run`;
      }
    }
  }

  const inPage = new Set(snapshot.work.map((w) => w.externalId));
  const staged = await nextStaged(
    ctx.store.db,
    ctx.store.sealer,
    ctx.connectionId,
    settings.importBatch + 1,
    deferred(ctx),
  );
  snapshot.moreStaged = staged.length > settings.importBatch;
  for (const s of staged.slice(0, settings.importBatch)) {
    if (inPage.has(s.record.externalId)) continue; // the newer version from this page wins
    snapshot.work.push({
      externalId: s.record.externalId,
      recordId: s.record.id,
      ...(s.raw === undefined
        ? { problems: ['the stored Amazon payload is gone (purged): the order can only be imported by hand'] }
        : factsOf(s.raw)),
      attempts: s.record.attempts,
      ...(typeof s.record.summary.resolvedBy === 'string' && { resolvedBy: s.record.summary.resolvedBy }),
    });
  }

  await withImported(ctx, snapshot.work);
  return { ...snapshot, lookups: await resolveItems(ctx, settings, mappings, snapshot.work) };
}

/**
 * Gives each work item the D365 order it became, when it was imported already, and marks those an
 * earlier attempt may have created without recording it (two queries for the page).
 */
export async function withImported(ctx: ImportContext, work: WorkItem[]): Promise<void> {
  const imported = await readImportedOrders(
    ctx.store.db,
    ctx.connectionId,
    work.map((w) => w.externalId),
  );
  for (const w of work) {
    const order = imported.get(w.externalId);
    if (order) w.imported = order;
  }
  // An order created by an attempt whose process died before recording it is in D365 all the same.
  const keyOf = (w: WorkItem) => {
    const company = w.facts && legalEntityOf(ctx.connection, w.facts.marketplaceId);
    return company && createIntentKey(company, w.facts!.orderId);
  };
  const open = work.filter((w) => !w.imported && keyOf(w));
  const intents = await findIntents(
    ctx.store.db,
    ctx.connectionId,
    CREATE_OPERATION,
    open.map((w) => keyOf(w)!),
  );
  for (const w of open) {
    const intent = intents.get(keyOf(w)!);
    if (intent && intent.state !== 'rejected') w.earlierAttempt = true;
  }
}

export async function resolveItems(
  ctx: ImportContext,
  settings: ImportOrdersSettings,
  mappings: Mappings,
  work: WorkItem[],
): Promise<OrderLookups> {
  const { d365 } = ctx.remotes();
  let resolver = resolvers.get(d365);
  if (!resolver) {
    resolver = createItemResolver(d365, { strategies: settings.skuStrategies, mappings });
    resolvers.set(d365, resolver);
  }
  const requests = work.flatMap((w) => {
    const f = w.facts;
    const profile = f && profileOf(ctx.connection, f.marketplaceId);
    if (!f || !profile || w.imported) return [];
    const { legalEntity: company, customerAccount } = profile;
    return f.items.flatMap((i) =>
      i.sku ? [{ sku: i.sku, marketplaceId: f.marketplaceId, company, customerAccount }] : [],
    );
  });
  const found = await resolver.resolve(requests, ctx.signal);
  return { item: itemLookup(found), keyOf: keyOf(ctx) };
}

/** Forgets cached SKU lookups (after the operator fixed a mapping: `connector retry`). */
export function forgetLookups(ctx: ImportContext): void {
  resolvers.get(ctx.remotes().d365)?.forget();
}
