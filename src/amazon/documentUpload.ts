/**
 * The upload of a feed's content to the presigned URL `createFeedDocument` answered: a PUT with a
 * `Content-Type` identical to the one declared for the document (Amazon refuses or misreads the feed
 * otherwise) and the raw bytes, never compressed — Feeds 2021-06-30 declares no compression for inputs.
 */
import { documentRequest, type DownloadDeps } from './documentDownload.ts';

export type UploadBody = string | Uint8Array;

export interface UploadRequest {
  url: string;
  contentType: string;
  body: UploadBody;
}

export async function uploadDocument(
  deps: DownloadDeps,
  upload: UploadRequest,
  signal?: AbortSignal,
): Promise<void> {
  // Bytes, so the length and the encoding are what the content type declares (UTF-8 for our feeds).
  const body = typeof upload.body === 'string' ? new TextEncoder().encode(upload.body) : upload.body;
  await documentRequest(
    deps,
    {
      operation: 'documents.upload',
      method: 'PUT',
      url: upload.url,
      headers: { 'content-type': upload.contentType },
      body,
      read: async (res) => {
        await res.arrayBuffer(); // drained, so the connection goes back to the pool
      },
    },
    signal,
  );
}
