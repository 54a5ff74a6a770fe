// Presigned-style URLs for documents on the emulator itself (`/_documents/{kind}/{id}?…`), standing for
// Amazon's S3 URLs: signed with a key of this process (HMAC over the method, the document and the expiry),
// valid 5 minutes as Amazon's are. The life is not shortened by the time scale: it bounds a transfer, and
// a transfer takes real time however fast the emulator's clock runs.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DocumentKind } from './documentStore.ts';

export const DOCUMENTS_PATH = '/_documents/';
export const URL_LIFE_MS = 5 * 60_000;

export interface SignedRequest {
  method: 'GET' | 'PUT';
  kind: DocumentKind;
  documentId: string;
  /** `gzip`: the download answers `Content-Encoding: gzip` (getFeedDocument's enableContentEncodingUrlHeader). */
  contentEncoding?: 'gzip';
}

export type Verdict = 'ok' | 'expired' | 'bad-signature';

export class UrlSigner {
  private readonly key = randomBytes(32);

  sign(origin: string, req: SignedRequest, expires: number): string {
    const query = new URLSearchParams({
      'X-Amz-Expires': String(expires),
      ...(req.contentEncoding && { 'response-content-encoding': req.contentEncoding }),
    });
    query.set('X-Amz-Signature', this.mac(req, expires));
    return `${origin}${DOCUMENTS_PATH}${req.kind}/${encodeURIComponent(req.documentId)}?${query}`;
  }

  verify(req: SignedRequest, query: URLSearchParams, now: number): Verdict {
    const expires = Number(query.get('X-Amz-Expires'));
    const given = Buffer.from(query.get('X-Amz-Signature') ?? '', 'hex');
    const wanted = Buffer.from(this.mac(req, expires), 'hex');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return 'bad-signature';
    return now > expires ? 'expired' : 'ok';
  }

  private mac(req: SignedRequest, expires: number): string {
    return createHmac('sha256', this.key)
      .update([req.method, req.kind, req.documentId, req.contentEncoding ?? '', expires].join('\n'))
      .digest('hex');
  }
}
