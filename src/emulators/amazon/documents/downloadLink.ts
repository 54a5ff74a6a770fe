// What getFeedDocument and getReportDocument answer besides the document's id, alike for both: a
// presigned download URL (5 minutes) on the emulator, `compressionAlgorithm: GZIP` when the document is
// stored compressed, and — when the request asked `enableContentEncodingUrlHeader=true` of a compressed
// document — a URL whose download says `Content-Encoding: gzip`, so an HTTP client gunzips on its own.
import type { Context } from 'hono';
import type { StoredDocument } from './documentStore.ts';
import { URL_LIFE_MS, type UrlSigner } from './presignedUrls.ts';

export function downloadLink(
  c: Context,
  signer: UrlSigner,
  doc: StoredDocument,
  now: number,
): { url: string; compressionAlgorithm?: 'GZIP' } {
  const gzipHeader = c.req.query('enableContentEncodingUrlHeader') === 'true' && doc.compressed;
  const url = signer.sign(
    new URL(c.req.url).origin,
    {
      method: 'GET',
      kind: doc.kind,
      documentId: doc.documentId,
      ...(gzipHeader && { contentEncoding: 'gzip' as const }),
    },
    now + URL_LIFE_MS,
  );
  return { url, ...(doc.compressed && { compressionAlgorithm: 'GZIP' as const }) };
}
