// Feed and report documents, as Amazon keeps them in its storage behind presigned URLs: an input feed
// document is a slot with a declared content type that the seller fills with one PUT; a result or report
// document is written by the emulator, gzip-compressed when it is large (`compressionAlgorithm: GZIP`).
// Contents live in the durable tables (base64), so a restarted emulator still serves them.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { DurableTables } from '../../shared/durableTables.ts';

const DOCUMENTS = 'documents';

export type DocumentKind = 'feeds' | 'reports';

export interface StoredDocument {
  documentId: string;
  kind: DocumentKind;
  contentType: string;
  /** Base64 of the stored bytes (gzip when `compressed`); absent until an input document is uploaded. */
  content?: string;
  compressed: boolean;
  /** An input feed document accepts uploads until this time; result documents are never uploaded. */
  uploadUntil?: number;
  createdAt: number;
  uploadedAt?: number;
}

/** Amazon's document ids: `amzn1.tortuga.…` for feeds, `amzn1.spdoc.…` for reports. */
function newId(kind: DocumentKind, region: string): string {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 14).toUpperCase();
  return kind === 'feeds'
    ? `amzn1.tortuga.4.${region}.${randomUUID()}.T${suffix}`
    : `amzn1.spdoc.1.4.${region}.${randomUUID()}.T${suffix}`;
}

export class DocumentStore {
  constructor(
    private readonly tables: DurableTables,
    private readonly region: string,
  ) {}

  get(documentId: string): StoredDocument | undefined {
    return this.tables.get(DOCUMENTS, documentId) as StoredDocument | undefined;
  }

  /** An empty input document awaiting its upload (createFeedDocument). */
  createSlot(contentType: string, now: number, uploadUntil: number): StoredDocument {
    const doc: StoredDocument = {
      documentId: newId('feeds', this.region),
      kind: 'feeds',
      contentType,
      compressed: false,
      uploadUntil,
      createdAt: now,
    };
    this.tables.put(DOCUMENTS, doc.documentId, doc);
    return doc;
  }

  upload(documentId: string, bytes: Buffer, now: number): void {
    const doc = this.get(documentId)!;
    this.tables.put(DOCUMENTS, documentId, { ...doc, content: bytes.toString('base64'), uploadedAt: now });
  }

  /** A document the emulator writes (a processing report, a report), compressed above `gzipAbove` bytes. */
  write(
    kind: DocumentKind,
    contentType: string,
    bytes: Buffer,
    now: number,
    gzipAbove: number,
  ): StoredDocument {
    const compressed = bytes.length > gzipAbove;
    const doc: StoredDocument = {
      documentId: newId(kind, this.region),
      kind,
      contentType,
      content: (compressed ? gzipSync(bytes) : bytes).toString('base64'),
      compressed,
      createdAt: now,
      uploadedAt: now,
    };
    this.tables.put(DOCUMENTS, doc.documentId, doc);
    return doc;
  }

  /** The stored bytes as they are served (still gzip when compressed). */
  bytes(doc: StoredDocument): Buffer | undefined {
    return doc.content === undefined ? undefined : Buffer.from(doc.content, 'base64');
  }

  deleteAll(): void {
    for (const doc of this.tables.rows(DOCUMENTS) as StoredDocument[])
      this.tables.delete(DOCUMENTS, doc.documentId);
  }
}
