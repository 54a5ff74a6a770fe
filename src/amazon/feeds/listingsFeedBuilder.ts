/**
 * Builds JSON_LISTINGS_FEED documents (listings-feed-schema-v2.json): header version "2.0", an optional
 * `report` (both `includedData` and `apiVersion`, as the schema requires), and one message per change —
 * UPDATE, PARTIAL_UPDATE, PATCH or DELETE. Messages are numbered from 1 in each document, and each
 * document keeps the map from its messageIds back to the caller's records: the processing report names
 * messages only by id. Changes are split into as many documents as needed, each within 25,000 messages
 * and 10 MiB, whichever comes first (Amazon's limits; a bigger document is refused whole).
 *
 * A message that cannot be sent at all (no SKU, empty attributes, or larger alone than a document) is
 * not thrown: it comes back in `refused` with its reason, and the rest is built (DESIGN §4.4).
 */
import type { ListingIncludedData, PatchOperation, Requirements } from '../listings/schemasListings.ts';

export const FEED_VERSION = '2.0';
export const MAX_MESSAGES = 25_000;
export const MAX_BYTES = 10 * 1024 * 1024;

export type ListingsFeedMessage =
  | {
      operationType: 'UPDATE';
      sku: string;
      productType: string;
      requirements?: Requirements;
      attributes: Record<string, unknown>;
    }
  | { operationType: 'PARTIAL_UPDATE'; sku: string; productType: string; attributes: Record<string, unknown> }
  | { operationType: 'PATCH'; sku: string; productType: string; patches: PatchOperation[] }
  | { operationType: 'DELETE'; sku: string };

export interface ListingsFeedHeader {
  sellerId: string;
  issueLocale?: string;
  /** Listings items in the processing report (e.g. ['issues'] for problems found after acceptance). */
  report?: { includedData: [ListingIncludedData, ...ListingIncludedData[]] };
}

export interface ListingsFeedEntry<R> {
  /** The caller's record (its key, say): what the report's per-message outcome maps back to. */
  record: R;
  message: ListingsFeedMessage;
}

export interface ListingsFeedDocument<R> {
  /** The document, as uploaded (`application/json; charset=UTF-8`). */
  content: string;
  /** Its size in UTF-8 bytes. */
  bytes: number;
  /** messageId → the caller's record and the message's SKU, for messageIds 1…n. */
  messages: Map<number, { record: R; sku: string }>;
}

export interface BuiltListingsFeeds<R> {
  documents: ListingsFeedDocument<R>[];
  refused: { record: R; sku: string; reason: string }[];
}

export interface SplitLimits {
  maxMessages?: number;
  maxBytes?: number;
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Why a message cannot be sent, in the schema's terms (TypeScript already keeps its shape). */
function problemOf(message: ListingsFeedMessage): string | undefined {
  if (!message.sku) return 'the SKU is empty';
  if ('productType' in message && !message.productType) return 'the product type is empty';
  if ('attributes' in message && Object.keys(message.attributes).length === 0)
    return `an ${message.operationType} message needs at least one attribute`;
  if ('patches' in message && message.patches.length === 0) return 'a PATCH message needs at least one patch';
  return undefined;
}

/** The message as the schema has it: messageId first, only the fields its operation allows. */
function serialise(messageId: number, m: ListingsFeedMessage): string {
  switch (m.operationType) {
    case 'DELETE':
      return JSON.stringify({ messageId, sku: m.sku, operationType: m.operationType });
    case 'PATCH':
      return JSON.stringify({
        messageId,
        sku: m.sku,
        operationType: m.operationType,
        productType: m.productType,
        patches: m.patches,
      });
    case 'PARTIAL_UPDATE':
      return JSON.stringify({
        messageId,
        sku: m.sku,
        operationType: m.operationType,
        productType: m.productType,
        attributes: m.attributes,
      });
    case 'UPDATE':
      return JSON.stringify({
        messageId,
        sku: m.sku,
        operationType: m.operationType,
        productType: m.productType,
        ...(m.requirements && { requirements: m.requirements }),
        attributes: m.attributes,
      });
  }
}

function headerJson(header: ListingsFeedHeader): string {
  return JSON.stringify({
    sellerId: header.sellerId,
    version: FEED_VERSION,
    ...(header.issueLocale && { issueLocale: header.issueLocale }),
    ...(header.report && { report: { includedData: header.report.includedData, apiVersion: '2021-08-01' } }),
  });
}

export function buildListingsFeeds<R>(
  header: ListingsFeedHeader,
  entries: Iterable<ListingsFeedEntry<R>>,
  limits: SplitLimits = {},
): BuiltListingsFeeds<R> {
  const maxMessages = Math.min(limits.maxMessages ?? MAX_MESSAGES, MAX_MESSAGES);
  const maxBytes = Math.min(limits.maxBytes ?? MAX_BYTES, MAX_BYTES);
  const opening = `{"header":${headerJson(header)},"messages":[`;
  const closing = ']}';
  const frame = utf8Bytes(opening) + utf8Bytes(closing);
  const documents: ListingsFeedDocument<R>[] = [];
  const refused: BuiltListingsFeeds<R>['refused'] = [];
  let parts: string[] = [];
  let messages = new Map<number, { record: R; sku: string }>();
  let bytes = frame;

  const close = () => {
    if (parts.length === 0) return;
    documents.push({ content: opening + parts.join(',') + closing, bytes, messages });
    parts = [];
    messages = new Map();
    bytes = frame;
  };

  for (const { record, message } of entries) {
    const problem = problemOf(message);
    if (problem) {
      refused.push({ record, sku: message.sku, reason: problem });
      continue;
    }
    // The id is the message's place in its document; a message moved to the next document is renumbered.
    let text = serialise(parts.length + 1, message);
    let size = utf8Bytes(text) + (parts.length ? 1 : 0);
    if (parts.length === maxMessages || bytes + size > maxBytes) {
      close();
      text = serialise(1, message);
      size = utf8Bytes(text);
    }
    if (frame + size > maxBytes) {
      refused.push({
        record,
        sku: message.sku,
        reason: `the message alone is ${size} bytes, more than a feed document may hold (${maxBytes})`,
      });
      continue;
    }
    parts.push(text);
    messages.set(parts.length, { record, sku: message.sku });
    bytes += size;
  }
  close();
  return { documents, refused };
}
