/**
 * The multipart/mixed format of OData `$batch`: writing a batch of change sets, reading the answer.
 * Each operation is an `application/http` part holding a whole HTTP request (absolute URL, as real F&O
 * integrations send it); the answer nests one `multipart/mixed` part per change set holding whole HTTP
 * responses — or, for a failed change set, often a single `application/http` part with the error.
 * Lines end in CRLF when written; both CRLF and LF are accepted when read.
 */
import type { PreparedWrite } from '../writeRequests.ts';

const CRLF = '\r\n';

export interface EncodedBatch {
  body: string;
  contentType: string;
  /** Content-ID → [change set index, operation index]. */
  operations: Map<string, [number, number]>;
}

function requestPart(op: PreparedWrite, contentId: number): string {
  const headerLines = Object.entries({ accept: 'application/json', ...op.headers }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  return [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    `Content-ID: ${contentId}`,
    '',
    `${op.method} ${op.url} HTTP/1.1`,
    ...headerLines,
    '',
    op.body ?? '',
  ].join(CRLF);
}

export function encodeBatch(changeSets: readonly (readonly PreparedWrite[])[], id: string): EncodedBatch {
  const batchBoundary = `batch_${id}`;
  const operations = new Map<string, [number, number]>();
  let contentId = 0;
  const parts = changeSets.map((ops, setIndex) => {
    const boundary = `changeset_${id}_${setIndex}`;
    const inner = ops.map((op, opIndex) => {
      contentId += 1;
      operations.set(String(contentId), [setIndex, opIndex]);
      return `--${boundary}${CRLF}${requestPart(op, contentId)}${CRLF}`;
    });
    return `Content-Type: multipart/mixed; boundary=${boundary}${CRLF}${CRLF}${inner.join('')}--${boundary}--`;
  });
  const body =
    parts.map((part) => `--${batchBoundary}${CRLF}${part}${CRLF}`).join('') + `--${batchBoundary}--${CRLF}`;
  return { body, contentType: `multipart/mixed; boundary=${batchBoundary}`, operations };
}

export interface MimePart {
  headers: Map<string, string>;
  body: string;
}

export interface HttpMessage extends MimePart {
  status: number;
}

/** The `boundary` parameter of a multipart content type. */
export function boundaryOf(contentType: string | null | undefined): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return match?.[1] ?? match?.[2];
}

function splitHead(text: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { head: text, body: '' };
  return { head: text.slice(0, match.index), body: text.slice(match.index + match[0].length) };
}

function parseHeaders(lines: string[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

export interface MultipartRead {
  /** The parts followed by a delimiter: each one arrived whole. */
  parts: MimePart[];
  /**
   * Whether the closing delimiter (`--boundary--`) was seen. When it was not, the text was cut off: a
   * part after the last delimiter is incomplete (not returned) and parts after it never arrived.
   */
  closed: boolean;
}

/** Splits a multipart body, and says whether it arrived whole (see `MultipartRead.closed`). */
export function readMultipart(text: string, boundary: string): MultipartRead {
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const parts: MimePart[] = [];
  let start: number | undefined;
  for (let match = delimiter.exec(text); match; match = delimiter.exec(text)) {
    if (start !== undefined) {
      const { head, body } = splitHead(text.slice(start, match.index));
      parts.push({ headers: parseHeaders(head.split(/\r?\n/)), body });
    }
    if (match[1]) return { parts, closed: true };
    start = match.index + match[0].length;
  }
  return { parts, closed: false };
}

/** The whole parts of a multipart body (an incomplete last part is left out: see `readMultipart`). */
export function splitMultipart(text: string, boundary: string): MimePart[] {
  return readMultipart(text, boundary).parts;
}

/** An `application/http` part's content: status line, headers, body. */
export function parseHttpResponse(text: string): HttpMessage {
  const { head, body } = splitHead(text.replace(/^\s+/, ''));
  const [statusLine = '', ...headerLines] = head.split(/\r?\n/);
  const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine)?.[1] ?? NaN);
  return { status, headers: parseHeaders(headerLines), body: body.replace(/\r?\n$/, '') };
}
