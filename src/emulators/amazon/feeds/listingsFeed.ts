// Processing a JSON_LISTINGS_FEED document: read it, check its header and each message against Amazon's
// schemas, and hand the valid messages to the listings engine in one batch — the same checks, issues and
// eventual consistency as putListingsItem / patchListingsItem / deleteListingsItem. What it cannot read at
// all (not JSON, no header or messages, a header of another version) makes the feed FATAL; a message
// breaking the message schema is INVALID on its own (quirk `listings-feed-message-schema`, docs).
import type { BatchEntry, ListingsEngine, SubmitRequest } from '../listings/listingsEngine.ts';
import type { Attributes, PatchOperation } from '../listings/listingTypes.ts';
import type { FeedOutcome, MessageResult } from './feedTypes.ts';
import { headerProblems, MAX_MESSAGES, messageProblems } from './listingsFeedSchemas.ts';

export interface ListingsFeedInput {
  feedId: string;
  sellerId: string;
  marketplaceIds: string[];
  content: Buffer | undefined;
  /** When processing started: accepted messages apply the engine's delay after it. */
  at: number;
}

type Issue = MessageResult['issues'][number];
type Json = Record<string, unknown>;

const fatal = (feedId: string, ...issues: Issue[]): FeedOutcome => ({
  feedId,
  fatal: true,
  feedIssues: issues,
  messages: [],
});

/** Counts the messages of a document without processing it (the feed's processing time depends on it). */
export function countListingsMessages(content: Buffer | undefined): number {
  const doc = read(content);
  return Array.isArray(doc?.messages) ? doc.messages.length : 0;
}

export function processListingsFeed(input: ListingsFeedInput, engine: ListingsEngine): FeedOutcome {
  const doc = read(input.content);
  if (!doc || typeof doc.header !== 'object' || !Array.isArray(doc.messages))
    return fatal(input.feedId, {
      severity: 'ERROR',
      message: 'The feed document could not be read: a JSON object with "header" and "messages" is expected.',
    });
  const header = doc.header as Json;
  if (header.version !== '2.0')
    return fatal(input.feedId, {
      code: '4002006',
      severity: 'ERROR',
      message: `The feed header version '${String(header.version)}' does not match the supported version '2.0'.`,
    });
  const headerIssues = headerProblems(header);
  if (headerIssues.length > 0)
    return fatal(input.feedId, ...headerIssues.map((message) => ({ severity: 'ERROR' as const, message })));
  if (header.sellerId !== input.sellerId)
    return fatal(input.feedId, {
      severity: 'ERROR',
      message: `The sellerId '${String(header.sellerId)}' of the feed header is not the seller submitting the feed.`,
    });
  const messages = doc.messages as unknown[];
  if (messages.length === 0 || messages.length > MAX_MESSAGES)
    return fatal(input.feedId, {
      severity: 'ERROR',
      message: `A feed holds 1 to ${MAX_MESSAGES} messages; this one holds ${messages.length}.`,
    });

  const results: (MessageResult | undefined)[] = [];
  const entries: BatchEntry[] = [];
  const positions: number[] = [];
  const seen = new Set<number>();
  messages.forEach((raw, i) => {
    const message = raw as Json;
    const problems = messageProblems(message);
    const messageId = Number(message?.messageId);
    if (problems.length === 0 && seen.has(messageId))
      problems.push(`/messageId: ${messageId} is used by an earlier message of the feed`);
    if (problems.length > 0) {
      results[i] = invalid(message, problems);
      return;
    }
    seen.add(messageId);
    entries.push({
      sku: String(message.sku),
      marketplaceIds: input.marketplaceIds,
      request: submitRequest(message),
    });
    positions.push(i);
  });

  const submitted = engine.submitMany(input.sellerId, entries, { at: input.at });
  submitted.forEach((result, n) => {
    const message = messages[positions[n]!] as Json;
    results[positions[n]!] = {
      messageId: Number(message.messageId),
      key: result.sku,
      status: result.status === 'ACCEPTED' ? 'ACCEPTED' : 'INVALID',
      issues: result.issues.map((issue) => ({
        code: issue.code,
        severity: issue.severity,
        message: issue.message,
        ...(issue.attributeNames?.[0] && { attributeName: issue.attributeNames[0] }),
      })),
    };
  });
  const report = header.report as FeedOutcome['report'];
  return { feedId: input.feedId, fatal: false, feedIssues: [], messages: results.map((r) => r!), report };
}

function read(content: Buffer | undefined): Json | undefined {
  if (!content) return undefined;
  try {
    const doc = JSON.parse(content.toString('utf8')) as unknown;
    return doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Json) : undefined;
  } catch {
    return undefined;
  }
}

function invalid(message: Json, problems: string[]): MessageResult {
  const messageId = Number(message?.messageId);
  const sku = typeof message?.sku === 'string' && message.sku ? message.sku : undefined;
  return {
    messageId: Number.isInteger(messageId) && messageId >= 1 ? messageId : 0,
    ...(sku && { key: sku }),
    status: 'INVALID',
    // One issue per message, as one failed schema check: Ajv's branches of `oneOf` would be noise.
    issues: [
      {
        code: '4002008',
        severity: 'ERROR',
        message: `The message does not satisfy the listings feed message schema: ${[...new Set(problems)].join('; ')}`,
      },
    ],
  };
}

/** A message as the engine's request: PARTIAL_UPDATE is a PATCH replacing each attribute given. */
function submitRequest(message: Json): SubmitRequest {
  const productType = String(message.productType ?? '');
  switch (message.operationType) {
    case 'UPDATE':
      return {
        kind: 'put',
        productType,
        requirements: message.requirements as 'LISTING' | undefined,
        attributes: message.attributes as Attributes,
      };
    case 'PARTIAL_UPDATE':
      return {
        kind: 'patch',
        productType,
        patches: Object.entries(message.attributes as Attributes).map(([name, value]) => ({
          op: 'replace' as const,
          path: `/attributes/${name}`,
          value,
        })),
      };
    case 'PATCH':
      return { kind: 'patch', productType, patches: message.patches as PatchOperation[] };
    default:
      return { kind: 'delete' };
  }
}
