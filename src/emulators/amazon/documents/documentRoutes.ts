// The storage side of feeds and reports, outside the SP-API (no access token, no usage plan), as Amazon
// serves it from presigned S3 URLs: `PUT` fills an input feed document once, with exactly the content
// type declared to createFeedDocument; `GET` downloads a document as stored (gzip bytes when it was
// compressed, `Content-Encoding: gzip` only when the URL asked for it). Refusals are S3's XML errors.
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { XMLBuilder } from 'fast-xml-parser';
import type { EmulatorContext } from '../options.ts';
import type { DocumentKind, DocumentStore } from './documentStore.ts';
import { DOCUMENTS_PATH, type SignedRequest, type UrlSigner } from './presignedUrls.ts';

const xml = new XMLBuilder({ ignoreAttributes: false });

function s3Error(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  const body = xml.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    Error: { Code: code, Message: message },
  });
  return c.body(body, status, { 'content-type': 'application/xml' });
}

/** Content types compared as S3 compares a signed header: exactly, but case and spaces after `;` aside. */
const sameType = (a: string, b: string) =>
  a.replace(/;\s*/g, ';').toLowerCase() === b.replace(/;\s*/g, ';').toLowerCase();

export function mountDocumentRoutes(
  app: Hono,
  deps: { ctx: EmulatorContext; documents: DocumentStore; signer: UrlSigner },
): void {
  const { ctx, documents, signer } = deps;
  const request = (c: Context, method: 'GET' | 'PUT'): SignedRequest => {
    const encoding = c.req.query('response-content-encoding');
    return {
      method,
      kind: c.req.param('kind') as DocumentKind,
      documentId: c.req.param('id')!,
      ...(encoding === 'gzip' && { contentEncoding: 'gzip' as const }),
    };
  };
  const refusal = (c: Context, req: SignedRequest): Response | undefined => {
    const verdict = signer.verify(req, new URL(c.req.url).searchParams, ctx.now());
    if (verdict === 'expired') return s3Error(c, 403, 'AccessDenied', 'Request has expired');
    if (verdict === 'bad-signature')
      return s3Error(
        c,
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    return undefined;
  };

  app.put(`${DOCUMENTS_PATH}:kind/:id`, async (c) => {
    const req = request(c, 'PUT');
    const refused = refusal(c, req);
    if (refused) return refused;
    const doc = documents.get(req.documentId);
    if (!doc) return s3Error(c, 404, 'NoSuchKey', 'The specified key does not exist.');
    // The content type is part of what Amazon signed: another one breaks the signature.
    if (!sameType(c.req.header('content-type') ?? '', doc.contentType))
      return s3Error(
        c,
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    const bytes = Buffer.from(await c.req.arrayBuffer());
    ctx.tables.atomically(() => documents.upload(req.documentId, bytes, ctx.now()));
    return c.body(null, 200);
  });

  app.get(`${DOCUMENTS_PATH}:kind/:id`, (c) => {
    const req = request(c, 'GET');
    const refused = refusal(c, req);
    if (refused) return refused;
    const doc = documents.get(req.documentId);
    const bytes = doc && documents.bytes(doc);
    if (!doc || !bytes) return s3Error(c, 404, 'NoSuchKey', 'The specified key does not exist.');
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': doc.contentType,
      ...(doc.compressed && req.contentEncoding === 'gzip' && { 'content-encoding': 'gzip' }),
    });
  });
}
