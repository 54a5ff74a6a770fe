/**
 * Feed documents: `createFeedDocument` (an upload URL for content of a declared type) with the upload
 * itself, and `getFeedDocument` with the download of a result document (gunzipped when Amazon says
 * GZIP). createFeedDocument is repeated freely: an unused document costs nothing and expires.
 */
import type { AmazonClient, CallOptions } from '../client.ts';
import { documentText } from '../documentStream.ts';
import {
  createFeedDocumentResponse,
  createFeedDocumentSpecification,
  feedDocument,
  type CreateFeedDocumentResponse,
  type FeedDocument,
} from './schemasFeeds.ts';

/** The content types our feeds are uploaded with (the upload must repeat it exactly). */
export const CONTENT_TYPES = {
  json: 'application/json; charset=UTF-8',
  xml: 'text/xml; charset=UTF-8',
} as const;

export async function createFeedDocument(
  client: AmazonClient,
  contentType: string,
  options: CallOptions = {},
): Promise<CreateFeedDocumentResponse> {
  const body = createFeedDocumentSpecification.parse({ contentType });
  const { data } = await client.call(
    {
      operation: 'feeds.createFeedDocument',
      path: '/feeds/2021-06-30/documents',
      body,
      schema: createFeedDocumentResponse,
      idempotent: true,
    },
    options,
  );
  return data;
}

/** createFeedDocument + the upload of `content`: answers the id to submit with createFeed. */
export async function uploadFeedContent(
  client: AmazonClient,
  content: string | Uint8Array,
  contentType: string,
  options: CallOptions = {},
): Promise<string> {
  const document = await createFeedDocument(client, contentType, options);
  await client.upload(document.url, contentType, content, options);
  return document.feedDocumentId;
}

export async function getFeedDocument(
  client: AmazonClient,
  feedDocumentId: string,
  options: CallOptions = {},
): Promise<FeedDocument> {
  const { data } = await client.call(
    {
      operation: 'feeds.getFeedDocument',
      path: `/feeds/2021-06-30/documents/${encodeURIComponent(feedDocumentId)}`,
      schema: feedDocument,
    },
    options,
  );
  return data;
}

/** A result document's content as text (a processing report: small, read whole). */
export async function downloadFeedDocument(
  client: AmazonClient,
  feedDocumentId: string,
  options: CallOptions = {},
): Promise<string> {
  const document = await getFeedDocument(client, feedDocumentId, options);
  const res = await client.openDownload(document.url, options);
  return documentText(res, { compressionAlgorithm: document.compressionAlgorithm });
}
