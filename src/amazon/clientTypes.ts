/**
 * The Amazon client's shape: its options, a request and its answer, per-call options and the client's
 * methods (implemented in client.ts, the one chokepoint to the Selling Partner API).
 */
import type { z } from 'zod';
import type { BucketLimit, BucketStore } from '../http/bucketStore.ts';
import type { ExchangeObserver } from '../http/exchangeObserver.ts';
import type { Sleep } from '../http/rateLimiter.ts';
import type { RetryPolicy } from '../http/retryPolicy.ts';
import type { Logger } from '../log/logger.ts';
import type { AmazonConnection, AmazonRegion } from './connection.ts';
import type { UploadBody } from './documentUpload.ts';
import type { QueryParams } from './exchangeLog.ts';
import type { ProductTypeSchemaStore } from './productTypes/productTypeSchemaStore.ts';
import type { Slot } from './quotaSlots.ts';
import type { AmazonOperation } from './rateTable.ts';

export interface AmazonClientOptions {
  /** The connection's `amazon` side, secrets resolved to strings by the caller. */
  connection: AmazonConnection;
  /** ≥ 1: multiplies the table's rates (demo, tests, benchmarks against the emulator). */
  timeScale?: number;
  bucketStore: BucketStore;
  /** Where product type schemas are cached by checksum (default: in memory, for this client's life). */
  productTypeSchemas?: ProductTypeSchemaStore;
  log: Logger;
  /** Told of every exchange and of every feed-type quota place (the metrics seam, issue 20). */
  observer?: ExchangeObserver;
  fetch?: typeof fetch;
  userAgent?: string;
  retryPolicy?: RetryPolicy;
  sleep?: Sleep;
  /** Jitter source for backoff, in [0, 1). */
  random?: () => number;
  /** Clock for token expiry (tests move it). */
  now?: () => number;
  requestTimeoutMs?: number;
  /**
   * The longest a call is parked waiting for its rate limit (default 60 s, a call may lower it): a longer
   * wait ends the call with a `RateLimitDeferral` carrying the next free slot, and its places go back.
   */
  maxRateLimitWaitMs?: number;
}

/**
 * A quota that is not an operation's usage plan, per selling partner and region: a feed type's
 * submissions (feeds/feedBudget.ts). `limit` is Amazon's; the client applies its time scale. The sandbox
 * has one plan for everything and no such quotas.
 */
export interface ExtraQuota {
  name: string;
  limit: BucketLimit;
}

export interface AmazonRequest<T> {
  operation: AmazonOperation;
  /** The concrete path, path parameters already encoded. */
  path: string;
  query?: QueryParams;
  body?: unknown;
  /** Parses a success body; without it the answer must be empty (204) and `data` is undefined. */
  schema?: z.ZodType<T>;
  /** Default: true for GET, false otherwise (a write is assumed unsafe to repeat unless it says so). */
  idempotent?: boolean;
  /** A grantless operation: an LWA client-credentials token for this scope instead of the seller's. */
  grantlessScope?: string;
  /** Quotas the request counts against besides its operation's (a feed type's submissions). */
  quotas?: readonly ExtraQuota[];
}

export interface AmazonResponse<T> {
  data: T;
  status: number;
  requestId?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** This call's cap on its rate-limit wait (at most the client's `maxRateLimitWaitMs`); 0 = never park. */
  maxWaitMs?: number;
  /** A slot reserved earlier with `reserveSlot` for this request: its first attempt uses it. */
  slot?: Slot;
}

export interface AmazonClientStats {
  /** HTTP attempts sent to the API (token requests not included). */
  requests: number;
  /** 429 answers: each one is a defect, since the client waits for its bucket before sending. */
  throttled: number;
  retries: number;
  tokenRequests: number;
  rateLimitWaitMs: number;
}

export interface AmazonClient {
  readonly sellingPartnerId: string;
  readonly region: AmazonRegion;
  /** The connection's marketplaces, in configuration order. */
  readonly marketplaceIds: readonly string[];
  /** The product type schema cache (productTypes/productTypeSchemas.ts). */
  readonly productTypeSchemas: ProductTypeSchemaStore;
  call<T = undefined>(request: AmazonRequest<T>, options?: CallOptions): Promise<AmazonResponse<T>>;
  /** The limit the bucket of `operation` currently uses (the table's, or the rate Amazon reported). */
  rateLimit(operation: AmazonOperation): BucketLimit;
  /**
   * Reserves the next place in every quota of `operation` (and `quotas`) without waiting: a flow keeps
   * the slot, reschedules its run for `slot.readyAt` and passes it to the call then (`CallOptions.slot`).
   */
  reserveSlot(operation: AmazonOperation, quotas?: readonly ExtraQuota[]): Promise<Slot>;
  /** Gives an unused slot's places back (the flow's run found nothing to send). */
  releaseSlot(slot: Slot, quotas?: readonly ExtraQuota[]): Promise<void>;
  /** When a request of `operation` (counting against `quotas`) reserved now could go; reserves nothing. */
  nextFreeSlot(operation: AmazonOperation, quotas?: readonly ExtraQuota[]): Promise<Date>;
  /** A document Amazon links to (a presigned URL: no token, no usage plan), as text. */
  download(url: string, options?: CallOptions): Promise<string>;
  /** The same, answered as soon as its headers arrive, for the caller to stream the body. */
  openDownload(url: string, options?: CallOptions): Promise<Response>;
  /** PUTs a feed document's content to its presigned URL with the declared content type. */
  upload(url: string, contentType: string, body: UploadBody, options?: CallOptions): Promise<void>;
  stats(): AmazonClientStats;
}
