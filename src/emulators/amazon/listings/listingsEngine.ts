// The emulator's one listings engine: every change to a listing — a Listings Items PUT / PATCH / DELETE,
// a JSON_LISTINGS_FEED message (feeds/listingsFeed.ts, in batches: `submitMany`), the seed, a `/_sim/`
// edit — goes through `submit`. A submission is checked at once (INVALID with its issues, or VALID for
// VALIDATION_PREVIEW, storing nothing) and, once ACCEPTED, applies only after a time-scaled delay: until
// then reads show the old listing ("ACCEPTED ≠ live"). Applying runs the asynchronous part — ASIN
// matching (asinMatching.ts), a new ASIN after a further delay, the price checks — whose issues appear on
// the listing later.
import { randomUUID } from 'node:crypto';
import type { CatalogStore } from '../catalog/catalogStore.ts';
import type { EmulatorContext } from '../options.ts';
import { createAsin } from './asinCreation.ts';
import { matchAsin } from './asinMatching.ts';
import {
  FULFILLMENT,
  type Attributes,
  type ListingIssue,
  type PatchOperation,
  type Requirements,
  type StoredListing,
  type Submission,
} from './listingTypes.ts';
import { priceIssues } from './offerState.ts';
import { applyPatches, sliceFor } from './patchOperations.ts';
import type { ProductTypeDefinitions } from './productTypes/definitions.ts';
import { productTypeIssues, schemaIssues, selectorsReader } from './submissionChecks.ts';

const LISTINGS = 'listingItems';
const SUBMISSIONS = 'listingSubmissions';
const META = 'meta';
const SEQ_KEY = 'listingSubmissionSeq';

export interface EngineTiming {
  /** Amazon time from ACCEPTED to visible (scaled by the time scale). */
  applyDelayMs: number;
  /** Amazon time from applying to a new ASIN. */
  asinCreationDelayMs: number;
}

export const DEFAULT_TIMING: EngineTiming = { applyDelayMs: 5 * 60_000, asinCreationDelayMs: 30 * 60_000 };

export type SubmitRequest =
  | { kind: 'put'; productType: string; requirements?: Requirements; attributes: Attributes }
  | { kind: 'patch'; productType: string; patches: PatchOperation[] }
  | { kind: 'delete' };

export interface SubmitOptions {
  preview?: boolean;
  /** Apply at once (the seed and `/_sim/` edits, which stand for changes made long ago or in Seller Central). */
  immediate?: boolean;
  /**
   * Skip the schema check: the seed's listings, known to pass it (seedListings.test.ts checks them), so
   * starting an emulator does not compile a dozen product type schemas.
   */
  trusted?: boolean;
  /**
   * When the submission was made (default now): a feed processed late by the lazy clock still applies its
   * messages the apply delay after its processing started, not after the request that noticed it.
   */
  at?: number;
}

export interface BatchEntry {
  sku: string;
  marketplaceIds: string[];
  request: SubmitRequest;
}

export interface SubmissionResult {
  sku: string;
  status: 'ACCEPTED' | 'INVALID' | 'VALID';
  submissionId: string;
  issues: (ListingIssue & { marketplaceIds?: string[] })[];
  identifiers: { marketplaceId: string; asin?: string }[];
}

const key = (sellerId: string, sku: string) => `${sellerId}|${sku}`;

export class ListingsEngine {
  constructor(
    private readonly ctx: EmulatorContext,
    readonly definitions: ProductTypeDefinitions,
    readonly catalog: CatalogStore,
    readonly timing: EngineTiming = DEFAULT_TIMING,
  ) {}

  /** The visible listing (joins the caller's change set: due submissions are applied first). */
  get(sellerId: string, sku: string): StoredListing | undefined {
    this.settle();
    return this.tables.get(LISTINGS, key(sellerId, sku)) as StoredListing | undefined;
  }

  all(sellerId?: string): StoredListing[] {
    this.settle();
    const rows = this.tables.rows(LISTINGS) as StoredListing[];
    return sellerId ? rows.filter((l) => l.sellerId === sellerId) : rows;
  }

  asinsOf(sellerId: string, sku: string): string[] {
    const listing = this.get(sellerId, sku);
    return [...new Set(Object.values(listing?.marketplaces ?? {}).flatMap((m) => (m.asin ? [m.asin] : [])))];
  }

  /** Stores a listing as it is (internal bookkeeping: checkout's quantity, `/_sim/` suppressions). */
  save(listing: StoredListing): void {
    this.tables.put(LISTINGS, key(listing.sellerId, listing.sku), listing);
  }

  deleteAll(): void {
    for (const table of [LISTINGS, SUBMISSIONS])
      for (const row of this.tables.rows(table) as { sellerId?: string; sku?: string; id?: string }[])
        this.tables.delete(table, table === LISTINGS ? key(row.sellerId!, row.sku!) : row.id!);
  }

  submit(
    sellerId: string,
    sku: string,
    marketplaceIds: string[],
    request: SubmitRequest,
    options: SubmitOptions = {},
  ): SubmissionResult {
    return this.submitMany(sellerId, [{ sku, marketplaceIds, request }], options)[0]!;
  }

  /**
   * Submits several changes in order, as one submission each. The pending submissions are indexed once
   * per batch, and each SKU's projection (its listing once its pending submissions apply) is built once
   * and then carried from message to message — one more submission folded in each time, as `latest`
   * would replay it — so a feed costs no more per message than a single PATCH, however many of its
   * messages are for one SKU.
   */
  submitMany(sellerId: string, entries: BatchEntry[], options: SubmitOptions = {}): SubmissionResult[] {
    this.settle();
    const pending = new Map<string, Submission[]>();
    for (const s of this.tables.rows(SUBMISSIONS) as Submission[]) {
      if (s.sellerId !== sellerId) continue;
      const queued = pending.get(s.sku);
      if (queued) queued.push(s);
      else pending.set(s.sku, [s]);
    }
    const projected = new Map<string, StoredListing | undefined>();
    return entries.map((entry) => {
      if (!projected.has(entry.sku))
        projected.set(entry.sku, this.latest(sellerId, entry.sku, pending.get(entry.sku) ?? []));
      const latest = projected.get(entry.sku);
      const { result, submission } = this.submitOne(sellerId, entry, latest, options);
      // A new submission has the highest seq so far: replaying the queue with it is folding it in last.
      if (submission) projected.set(entry.sku, this.project(latest, submission));
      // Applied at once: the stored listing changed under the queue, so the next message replays it.
      else if (result.status === 'ACCEPTED') projected.delete(entry.sku);
      return result;
    });
  }

  private submitOne(
    sellerId: string,
    { sku, marketplaceIds, request }: BatchEntry,
    latest: StoredListing | undefined,
    options: SubmitOptions,
  ): { result: SubmissionResult; submission?: Submission } {
    const submissionId = randomUUID().replace(/-/g, '');
    const issues = options.trusted ? [] : this.check(sellerId, marketplaceIds, request, latest);
    const identifiers = marketplaceIds.map((marketplaceId) => {
      const asin = latest?.marketplaces[marketplaceId]?.asin;
      return { marketplaceId, ...(asin && { asin }) };
    });
    const errors = issues.some((i) => i.severity === 'ERROR');
    if (errors || options.preview)
      return { result: { sku, status: errors ? 'INVALID' : 'VALID', submissionId, issues, identifiers } };

    const seq = ((this.tables.get(META, SEQ_KEY) as number | undefined) ?? 0) + 1;
    this.tables.put(META, SEQ_KEY, seq);
    const at = options.at ?? this.ctx.now();
    const submission: Submission = {
      id: submissionId,
      seq,
      sellerId,
      sku,
      applyAt: options.immediate ? at : at + this.ctx.scaled(this.timing.applyDelayMs),
      kind: request.kind,
      marketplaceIds,
      ...(request.kind !== 'delete' && { productType: request.productType }),
      ...(request.kind === 'put' && {
        requirements: request.requirements ?? 'LISTING',
        attributes: request.attributes,
      }),
      ...(request.kind === 'patch' && { patches: request.patches }),
    };
    const result: SubmissionResult = { sku, status: 'ACCEPTED', submissionId, issues, identifiers };
    if (options.immediate) {
      this.apply(submission);
      return { result };
    }
    this.tables.put(SUBMISSIONS, submission.id, submission);
    return { result, submission };
  }

  /** Applies the submissions whose time has come, then finishes the ASINs being created. */
  settle(): void {
    const now = this.ctx.now();
    const due = (this.tables.rows(SUBMISSIONS) as Submission[])
      .filter((s) => s.applyAt <= now)
      .sort((a, b) => a.seq - b.seq);
    for (const submission of due) {
      this.tables.delete(SUBMISSIONS, submission.id);
      this.apply(submission);
    }
    for (const listing of this.tables.rows(LISTINGS) as StoredListing[])
      if (listing.pendingAsin && listing.pendingAsin.at <= now)
        this.save(
          createAsin(
            listing,
            this.catalog,
            (sku) => this.tables.get(LISTINGS, key(listing.sellerId, sku)) as StoredListing | undefined,
          ),
        );
  }

  /** Pending submissions (for `/_sim/listings`). */
  pending(sellerId: string, sku: string): Submission[] {
    return (this.tables.rows(SUBMISSIONS) as Submission[]).filter(
      (s) => s.sellerId === sellerId && s.sku === sku,
    );
  }

  private get tables() {
    return this.ctx.tables;
  }

  /** The listing as it will be once its pending submissions have applied (what a new one builds on). */
  private latest(sellerId: string, sku: string, queued: Submission[]): StoredListing | undefined {
    let listing = this.tables.get(LISTINGS, key(sellerId, sku)) as StoredListing | undefined;
    for (const s of [...queued].sort((a, b) => a.seq - b.seq)) listing = this.project(listing, s);
    return listing;
  }

  private check(
    sellerId: string,
    marketplaceIds: string[],
    request: SubmitRequest,
    current: StoredListing | undefined,
  ) {
    if (request.kind === 'delete') return [];
    const requirements = request.kind === 'put' ? (request.requirements ?? 'LISTING') : 'LISTING_OFFER_ONLY';
    const typeIssues = productTypeIssues(this.definitions, request.productType, requirements);
    if (typeIssues.length > 0) return typeIssues;
    const issues: SubmissionResult['issues'] = [];
    for (const marketplaceId of marketplaceIds) {
      let attributes: Attributes;
      if (request.kind === 'put') attributes = sliceFor(request.attributes, marketplaceId);
      else {
        const base = this.attributesOf(current, marketplaceId);
        const selectors = selectorsReader(this.definitions, request.productType, marketplaceId);
        const patched = applyPatches(base, request.patches, selectors);
        if (patched.issues.length > 0) {
          issues.push(...patched.issues.map((i) => ({ ...i, marketplaceIds: [marketplaceId] })));
          continue;
        }
        attributes = sliceFor(patched.attributes, marketplaceId);
      }
      issues.push(
        ...schemaIssues(this.definitions, {
          productType: request.productType,
          marketplaceId,
          sellerId,
          requirements: request.kind === 'put' ? requirements : 'LISTING',
          enforced: request.kind === 'put',
          attributes,
        }),
      );
    }
    return issues;
  }

  /** One marketplace's attributes with the SKU's fulfillment_availability among them. */
  private attributesOf(listing: StoredListing | undefined, marketplaceId: string): Attributes {
    const slice = listing?.marketplaces[marketplaceId]?.attributes ?? {};
    return listing && listing.fulfillment.length > 0
      ? { ...slice, [FULFILLMENT]: listing.fulfillment }
      : { ...slice };
  }

  /** The listing after a submission, attributes only (no matching, no price checks). */
  private project(listing: StoredListing | undefined, s: Submission): StoredListing | undefined {
    const now = s.applyAt;
    if (s.kind === 'delete') {
      if (!listing) return undefined;
      const marketplaces = { ...listing.marketplaces };
      for (const m of s.marketplaceIds) delete marketplaces[m];
      if (Object.keys(marketplaces).length === 0) return undefined;
      return {
        ...listing,
        marketplaces,
        issues: listing.issues.filter((i) => !i.marketplaceIds.every((m) => s.marketplaceIds.includes(m))),
        updatedAt: now,
      };
    }
    const next: StoredListing = listing
      ? { ...listing, marketplaces: { ...listing.marketplaces }, updatedAt: now }
      : {
          sellerId: s.sellerId,
          sku: s.sku,
          productType: s.productType!,
          requirements: s.requirements ?? 'LISTING_OFFER_ONLY',
          marketplaces: {},
          fulfillment: [],
          issues: [],
          createdAt: now,
          updatedAt: now,
        };
    next.productType = s.productType!;
    if (s.kind === 'put') next.requirements = s.requirements!;
    let fulfillment = s.kind === 'put' ? [] : next.fulfillment;
    for (const m of s.marketplaceIds) {
      let attributes: Attributes;
      if (s.kind === 'put') attributes = sliceFor(s.attributes!, m);
      else {
        const selectors = selectorsReader(this.definitions, s.productType!, m);
        attributes = applyPatches(this.attributesOf(listing, m), s.patches!, selectors).attributes;
        attributes = sliceFor(attributes, m);
      }
      if (attributes[FULFILLMENT]) fulfillment = attributes[FULFILLMENT];
      else if (s.kind === 'patch') fulfillment = [];
      const { [FULFILLMENT]: _regional, ...own } = attributes;
      const old = listing?.marketplaces[m];
      next.marketplaces[m] = { ...old, attributes: own, createdAt: old?.createdAt ?? now, updatedAt: now };
    }
    next.fulfillment = fulfillment;
    return next;
  }

  private apply(s: Submission): void {
    const before = this.tables.get(LISTINGS, key(s.sellerId, s.sku)) as StoredListing | undefined;
    const next = this.project(before, s);
    if (!next) {
      if (before) this.tables.delete(LISTINGS, key(s.sellerId, s.sku));
      return;
    }
    if (s.kind !== 'delete') for (const m of s.marketplaceIds) this.afterChange(next, m, s.applyAt);
    this.save(next);
  }

  /** The asynchronous part for one marketplace: ASIN matching, then the price checks. */
  private afterChange(listing: StoredListing, marketplaceId: string, at: number): void {
    const slice = listing.marketplaces[marketplaceId]!;
    const others = (source: string) => (i: StoredListing['issues'][number]) =>
      !(i.source === source && i.marketplaceIds.includes(marketplaceId));
    if (!slice.asin && !listing.pendingAsin?.marketplaceIds.includes(marketplaceId)) {
      listing.issues = listing.issues.filter(others('matching'));
      const outcome = matchAsin({
        attributes: slice.attributes,
        requirements: listing.requirements,
        productType: listing.productType,
        sellerBrands: this.ctx.catalogue.seller.brands,
        find: (asin) => this.catalog.get(asin),
        findByIdentifier: (code) => this.catalog.byIdentifier(code),
      });
      if (outcome.kind === 'matched') slice.asin = outcome.asin;
      else if (outcome.kind === 'refused')
        listing.issues.push({ ...outcome.issue, marketplaceIds: [marketplaceId], source: 'matching' });
      else {
        const pending = listing.pendingAsin ?? {
          at: at + this.ctx.scaled(this.timing.asinCreationDelayMs),
          marketplaceIds: [],
        };
        listing.pendingAsin = { ...pending, marketplaceIds: [...pending.marketplaceIds, marketplaceId] };
      }
    }
    listing.issues = listing.issues.filter(others('pricing'));
    const reference = slice.asin ? this.catalog.get(slice.asin)?.referencePrice[marketplaceId] : undefined;
    for (const issue of priceIssues(slice.attributes, marketplaceId, reference))
      listing.issues.push({ ...issue, marketplaceIds: [marketplaceId], source: 'pricing' });
  }
}
